"""The words of the domain, once: kinds, sources, lenses, judgements, statuses and their lifecycles."""

from __future__ import annotations

import re
from typing import Literal, get_args

Kind = Literal[
    "activity",
    "finding",
    "recommendation",
    "risk",
    "response",
    "action",
    "priority",
    "review",
    "voice",
]


KINDS: tuple[str, ...] = get_args(Kind)


Source = Literal[
    "meeting",
    "document",
    "discussion",
    "observation",
    "training",
    "audit",
    "review",
    "data",
    "consultation",
    "visit",
    "other",
]


SOURCES: tuple[str, ...] = get_args(Source)


Lens = Literal["children-families", "practitioners", "leadership"]


LENSES: tuple[str, ...] = get_args(Lens)


Confidentiality = Literal["public", "restricted"]


Judgement = Literal["strength", "concern", "mixed", "neutral"]


#: What a finding is evidence of, in the questions of outcomes-based accountability: how
#: much was done, how well it was done, or what difference it made to children and families.
Shows = Literal["how-much", "how-well", "difference"]


SHOWS: tuple[str, ...] = get_args(Shows)


Audience = Literal["partnership", "scrutiny"]


Category = Literal["strategic", "operational"]


JUDGEMENTS: tuple[str, ...] = get_args(Judgement)
AUDIENCES: tuple[str, ...] = get_args(Audience)
CATEGORIES: tuple[str, ...] = get_args(Category)
CONFIDENTIALITIES: tuple[str, ...] = get_args(Confidentiality)


#: Whether what a child or family said may be published: by name of their group
#: (``publish``), without anything that identifies them (``anonymised``), or not at all.
Consent = Literal["publish", "anonymised", "internal"]


#: What the safeguarding partners decided after a rapid review.
ReviewDecision = Literal["local", "national", "none"]


CONSENTS: tuple[str, ...] = get_args(Consent)
DECISIONS: tuple[str, ...] = get_args(ReviewDecision)


RecommendationStatus = Literal[
    "open", "accepted", "in-progress", "implemented", "closed", "not-accepted", "superseded"
]


RiskStatus = Literal["monitoring", "escalated", "realised", "mitigated", "closed"]


ActionStatus = Literal["planned", "in-progress", "completed", "dropped"]


#: The statuses each trackable kind can take, in lifecycle order; the first is the initial one.
STATUSES: dict[str, tuple[str, ...]] = {
    "recommendation": get_args(RecommendationStatus),
    "risk": get_args(RiskStatus),
    "action": get_args(ActionStatus),
}


ALL_STATUSES: tuple[str, ...] = tuple(dict.fromkeys(s for v in STATUSES.values() for s in v))


Status = Literal[
    "open",
    "accepted",
    "in-progress",
    "implemented",
    "closed",
    "not-accepted",
    "superseded",
    "monitoring",
    "escalated",
    "realised",
    "mitigated",
    "planned",
    "completed",
    "dropped",
]


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


#: Largest note file read; bigger files are reported, not loaded.
MAX_NOTE_BYTES = 5 * 1024 * 1024


#: Keys the program uses for itself; a note may not set them.
RESERVED_KEYS = frozenset({"body", "origin"})
