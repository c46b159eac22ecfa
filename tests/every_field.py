"""Every field of every kind, as `scrutiny new` options and as the fields they write.

Shared by the CLI test (``tests/test_new_fields.py``) and the TUI form test
(``tests/tui/test_every_field.py``), so both front ends are tried with the same values.
"""

from __future__ import annotations

import datetime as dt

#: Options every kind takes, and the fields they write.
COMMON_ARGS = [
    "--date", "2021-03-01",
    "--lens", "children-families", "--lens", "practitioners",
    "--agencies", "Police", "--agencies", "ICB, Local authority",
    "--scrutineers", "J. Smith",
    "--tags", "training", "--tags", "annual",
    "--evidence", "2021-01-10-board",
    "--actions", "ACT-01",
    "--priorities", "PRI-09",
    "--partnership", "northfield",
    "--restricted",
    "--body", "What was seen.",
]  # fmt: skip
COMMON_FIELDS = {
    "date": dt.date(2021, 3, 1),
    "lens": ["children-families", "practitioners"],
    "agencies": ["Police", "ICB", "Local authority"],
    "scrutineers": ["J. Smith"],
    "tags": ["training", "annual"],
    "evidence": ["2021-01-10-board"],
    "actions": ["ACT-01"],
    "priorities": ["PRI-09"],
    "partnership": ["northfield"],
    "confidentiality": "restricted",
}

#: Per kind: the kind's own options, and the fields they write.
PER_KIND: dict[str, tuple[list[str], dict[str, object]]] = {
    "activity": (
        ["--title", "Visited the front door", "--area", "core-partners", "--source", "visit"],
        {"title": "Visited the front door", "areas": ["core-partners"], "source": "visit"},
    ),
    "finding": (
        ["--title", "Partners attend", "--area", "training", "--judgement", "concern",
         "--impact", "Children wait longer", "--shows", "difference"],
        {"areas": ["training"], "judgement": "concern", "impact": "Children wait longer",
         "shows": "difference"},
    ),
    "recommendation": (
        ["--title", "Fund the unit", "--area", "core-partners", "--id", "REC-07",
         "--for", "scrutiny", "--owner", "Executive", "--due", "2021-09-30", "--review", "REV-09"],
        {"id": "REC-07", "for": "scrutiny", "owner": "Executive", "due": dt.date(2021, 9, 30),
         "review": "REV-09"},
    ),
    "risk": (
        ["--title", "Health restructure", "--area", "core-partners", "--category", "operational",
         "--owner", "ICB", "--monitor-until", "2022-03-31"],
        {"id": "RISK-02", "category": "operational", "owner": "ICB",
         "monitor_until": dt.date(2022, 3, 31), "areas": ["core-partners"]},
    ),
    "response": (
        ["--title", "Board accepts", "--responds-to", "REC-01", "--status", "in-progress",
         "--by", "Board", "--due", "2021-12-31"],
        {"responds_to": ["REC-01"], "status": "in-progress", "by": "Board",
         "due": dt.date(2021, 12, 31)},
    ),
    "action": (
        ["--title", "Publish the plan", "--objective", "Openness", "--number", "2.1",
         "--owner", "Business unit", "--due", "2021-06-30", "--status", "in-progress"],
        {"id": "ACT-02", "objective": "Openness", "number": "2.1", "owner": "Business unit",
         "due": dt.date(2021, 6, 30), "status": "in-progress"},
    ),
    "priority": (
        ["--title", "Hear children", "--area", "children-families", "--until", "2022-09-30",
         "--lead", "Chair of the Executive"],
        {"id": "PRI-10", "until": dt.date(2022, 9, 30), "lead": "Chair of the Executive"},
    ),
    "review": (
        ["--title", "Rapid review", "--notified", "2021-02-01", "--rapid-review", "2021-02-19",
         "--decision", "local", "--decided", "2021-02-26", "--published", "2021-08-20"],
        {"id": "REV-10", "notified": dt.date(2021, 2, 1), "rapid_review": dt.date(2021, 2, 19),
         "decision": "local", "decided": dt.date(2021, 2, 26), "published": dt.date(2021, 8, 20),
         "areas": ["case-reviews"]},
    ),
    "voice": (
        ["--title", "Young carers", "--area", "children-families", "--consent", "anonymised",
         "--group", "young carers", "--collected", "a forum", "--withdraws", "2021-01-20-carers"],
        {"consent": "anonymised", "group": ["young carers"], "collected": "a forum",
         "withdraws": ["2021-01-20-carers"]},
    ),
}  # fmt: skip


#: The partnerships the workspace declares (so ``--partnership`` has one to name).
PARTNERSHIPS = {"northfield": "Northfield"}


def every_field_notes(minimal_notes: dict[str, str]) -> dict[str, str]:
    """The notes the tables' values refer to: the minimal notes, a priority, a review, a voice."""
    notes = {f"evidence/2020-21/{kind}.md": text for kind, text in minimal_notes.items()}
    notes["evidence/2020-21/2021-01-10-board.md"] = notes.pop("evidence/2020-21/activity.md")
    notes["evidence/2020-21/pri.md"] = (
        "---\nkind: priority\nid: PRI-09\ndate: 2020-10-01\ntitle: A priority\n---\nText.\n"
    )
    notes["evidence/2020-21/rev.md"] = (
        "---\nkind: review\nid: REV-09\ndate: 2020-11-02\ntitle: A review\n"
        "rapid_review: 2020-11-10\ndecision: none\ndecided: 2020-11-20\n---\nText.\n"
    )
    notes["evidence/2020-21/2021-01-20-carers.md"] = (
        "---\nkind: voice\ndate: 2021-01-20\ntitle: Carers said\nareas: [children-families]\n"
        "consent: publish\n---\nText.\n"
    )
    return notes
