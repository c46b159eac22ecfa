"""Is the yearly report ready? The four things statutory guidance says it should include,
each with the notes that support it, and what would make it fall short.

Working Together (2018, carried into 2023) asks the partners' yearly report for evidence
of the impact of the arrangements (training included), an analysis of priorities with
little or no evidence of progress, a record of decisions and actions on case review
recommendations, and how the partners sought and used feedback from children and
families; and the report must be published. Each becomes a line here, ✓ or ✗, with the
notes behind it, so a scrutineer can see in September what the report will be able to say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scrutiny.clocks import add_months
from scrutiny.corpus import Corpus
from scrutiny.coverage import coverage
from scrutiny.ledger import fold
from scrutiny.notes import Finding, Note, Review, Voice
from scrutiny.periods import Period
from scrutiny.priorities import progress
from scrutiny.queries import Audience, visible
from scrutiny.reviews import register

SIGNED_OFF, PUBLISHED = "yearly-report-signed-off", "yearly-report-published"


@dataclass
class Check:
    """One thing the yearly report should show."""

    key: str
    label: str
    ok: bool
    detail: str
    notes: list[str] = field(default_factory=list)
    required: bool = True

    def as_row(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "ok": self.ok,
            "required": self.required,
            "detail": self.detail,
            "notes": self.notes,
        }


def readiness(corpus: Corpus, period: Period, today: dt.date | None = None) -> list[Check]:
    """Every check for ``period``'s yearly report, as of ``today``."""
    today = today or dt.date.today()
    public = [n for n in visible(corpus.notes, Audience.PUBLISHED) if n.date <= today]
    in_period = [n for n in public if period.contains(n.date)]
    return [
        *_impact(corpus, period, in_period),
        _priorities(corpus, period, today),
        _reviews(corpus, public, period, today),
        _voices(corpus, public, in_period, period),
        _publication(public, period, today, corpus.workspace.settings.clocks.yearly_report_months),
    ]


def _difference(notes: list[Note], area: str | None = None) -> list[str]:
    return [
        n.id
        for n in notes
        if isinstance(n, Finding) and n.shows == "difference" and (area is None or area in n.areas)
    ]


def _impact(corpus: Corpus, period: Period, in_period: list[Note]) -> list[Check]:
    found = _difference(in_period)
    only_activity = [r.area for r in coverage(corpus, period).rows if not r.impact]
    detail = (
        f"findings of the difference made: {len(found)}"
        + (f"; activity only in {', '.join(only_activity)}" if only_activity else "")
        if found
        else "no finding says what difference the arrangements made (add 'shows: difference')"
    )
    checks = [
        Check(
            "impact",
            "Evidence of impact on outcomes for children and families",
            bool(found),
            detail,
            found,
        )
    ]
    if "training" in corpus.workspace.framework.area_ids:
        training = _difference(in_period, "training")
        checks.append(
            Check(
                "training-impact",
                "Evidence of the impact of training",
                bool(training),
                f"{len(training)} finding(s) on training show the difference made"
                if training
                else "no finding on the training area shows the difference made",
                training,
            )
        )
    return checks


def _priorities(corpus: Corpus, period: Period, today: dt.date) -> Check:
    found = progress(corpus, period, today)
    flagged = [p for p in found if p.flagged]
    if not found:
        return Check(
            "priorities",
            "Analysis of priorities with little or no evidence of progress",
            False,
            "no priority is recorded for the period (add 'priority' notes)",
        )
    detail = (
        "little or no evidence of progress on "
        + "; ".join(f"{p.priority.id} ({p.why})" for p in flagged)
        if flagged
        else f"all {len(found)} priorities show evidence of progress"
    )
    return Check(
        "priorities",
        "Analysis of priorities with little or no evidence of progress",
        True,
        detail,
        [p.priority.id for p in found],
    )


def _reviews(corpus: Corpus, public: list[Note], period: Period, today: dt.date) -> Check:
    label = "Decisions and actions on the recommendations of case reviews"
    ledger = fold(public, today, corpus.workspace.start_month)
    entries = [
        e
        for e in register(public, ledger, corpus.workspace.settings.clocks)
        if period.contains(e.review.notified_on)
        or (e.review.notified_on < period.start and _still_open(e.review))
    ]
    if not entries:
        return Check(
            "reviews",
            label,
            True,
            "no case review was notified or open in the period",
            required=False,
        )
    gaps = []
    for entry in entries:
        review: Review = entry.review
        if review.rapid_review is not None and review.decision is None:
            gaps.append(f"{review.id} has no decision recorded")
        for rec_id, _status in entry.recommendations:
            item = ledger.items.get(rec_id)
            if item is not None and item.last_response is None:
                gaps.append(f"{rec_id} (from {review.id}) has no response")
        for clock in (entry.rapid, entry.publication):
            if clock.state == "missed":
                gaps.append(f"{review.id}: {clock.name} missed its date ({clock.due})")
    recs = [r for e in entries for r, _ in e.recommendations]
    ok = not any("no decision" in g or "no response" in g for g in gaps)
    detail = (
        "; ".join(gaps) if gaps else f"{len(entries)} review(s), decisions and responses recorded"
    )
    return Check("reviews", label, ok, detail, [e.review.id for e in entries] + recs)


def _still_open(review: Review) -> bool:
    """No decision yet, or a local review not yet published."""
    return review.decision is None or (review.decision == "local" and review.published is None)


def _voices(corpus: Corpus, public: list[Note], in_period: list[Note], period: Period) -> Check:
    label = "How the partners sought and used feedback from children and families"
    voices = [n for n in in_period if isinstance(n, Voice)]
    answered = {
        v
        for n in public
        if n.kind in ("response", "action", "recommendation")
        for v in n.evidence
        if v in {x.id for x in voices}
    }
    heard = {
        a
        for n in in_period
        if isinstance(n, Voice) or "children-families" in n.lens
        for a in n.areas
    }
    silent = [a for a in corpus.workspace.framework.area_ids if a not in heard]
    where = f"; no children's or families' evidence in {', '.join(silent)}" if silent else ""
    if not voices:
        return Check(
            "voices", label, False, "no consented voice of a child or family is recorded" + where
        )
    if not answered:
        return Check(
            "voices",
            label,
            False,
            f"{len(voices)} voice(s) recorded, but no response or action cites one: say what "
            "was done about what they said" + where,
            [v.id for v in voices],
        )
    return Check(
        "voices",
        label,
        True,
        f"{len(voices)} voice(s); {len(answered)} answered by a response or action" + where,
        [v.id for v in voices],
    )


def _publication(public: list[Note], period: Period, today: dt.date, months: int) -> Check:
    label = "The report signed off and published"
    deadline = add_months(period.end + dt.timedelta(days=1), months) - dt.timedelta(days=1)
    tagged = {
        tag: [n for n in public if tag in n.tags and n.date > period.start]
        for tag in (SIGNED_OFF, PUBLISHED)
    }
    published = min((n.date for n in tagged[PUBLISHED]), default=None)
    signed = min((n.date for n in tagged[SIGNED_OFF]), default=None)
    ids = [n.id for t in tagged.values() for n in t]
    said = f"signed off {signed}" if signed else "not signed off"
    if published is not None:
        on_time = published <= deadline
        return Check(
            "publication",
            label,
            on_time,
            f"{said}; published {published} (deadline {deadline})",
            ids,
        )
    if today <= deadline:
        return Check(
            "publication",
            label,
            True,
            f"{said}; not yet published, due by {deadline}",
            ids,
            required=False,
        )
    return Check(
        "publication",
        label,
        False,
        f"{said}; not published by the deadline, {deadline} (tag a note '{PUBLISHED}' when it is)",
        ids,
    )
