"""The publication check: restricted text and personal data in what a report would publish."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scrutiny.corpus import Corpus
from scrutiny.notes import Note
from scrutiny.problems import Problem
from scrutiny.reader import MISSPELT_KEY, decode, split_front_matter
from scrutiny.report.model import Document

#: A restricted line shorter than this is too common to prove a leak.
MIN_DISTINCTIVE = 24
#: A restricted title is distinctive from this length (titles are short by nature).
MIN_TITLE = 12

#: The patterns of personal data, each with a positive and a negative test in
#: tests/test_personal_data.py. Phone numbers are found by Google's libphonenumber
#: (the ``phonenumbers`` package), which knows every UK range and the ways they are written.
_NHS = re.compile(r"(?<![\d.-])(\d{3})([ .-]?)(\d{3})\2(\d{4})(?![\d-]|\.\d)")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?"
    r"[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
#: A line needs this many digits before it can hold a phone number worth parsing.
_PHONE_DIGITS = 7
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_DOB = re.compile(
    rf"\b(?:date\s+of\s+birth|D\.?O\.?B\b\.?|born\s+(?:on\s+)?{_DATE}"
    rf"|born\s+(?:in\s+)?{_MONTHS}\s+\d{{4}})",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Hit:
    """One thing that must not be published, where it is written."""

    path: str
    line: int
    column: int
    what: str
    note: str

    def __str__(self) -> str:
        return str(self.problem())

    def problem(self) -> Problem:
        """The hit as a warning, printed ``path:line:col: warning: <what> in <note>``."""
        return Problem(self.path, self.line, self.column, "warning", f"{self.what} in {self.note}")


def nhs_number_valid(digits: str) -> bool:
    """Whether a 10-digit string has a valid NHS mod-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def personal_data(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, what)`` for every personal-data pattern in ``text``."""
    for match in _NHS.finditer(text):
        if nhs_number_valid(match.group(1) + match.group(3) + match.group(4)):
            yield match.start(), "NHS number"
    for match in _POSTCODE.finditer(text):
        yield match.start(), "postcode"
    for offset in phone_numbers(text):
        yield offset, "phone number"
    for match in _EMAIL.finditer(text):
        yield match.start(), "e-mail address"
    for match in _DOB.finditer(text):
        yield match.start(), "date of birth"


def phone_numbers(text: str) -> Iterator[int]:
    """Offsets of the personal phone numbers in ``text`` (UK, or international with +/00).

    Public service lines (0800/0808 freephone, 03 non-geographic, 084/087/09) are not
    personal data and are left alone. Numbers shaped like a UK landline or mobile that
    are in no allocated range (Ofcom's drama ranges among them) are still flagged: a
    scrutineer who wrote one down meant a person's number.
    """
    if sum(c.isdigit() for c in text) < _PHONE_DIGITS:
        return
    import phonenumbers
    from phonenumbers import PhoneNumberType as Type

    service = (Type.TOLL_FREE, Type.PREMIUM_RATE, Type.SHARED_COST, Type.UAN, Type.VOICEMAIL)
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        kind = phonenumbers.number_type(match.number)
        if kind in service:
            continue
        national = str(match.number.national_number)
        if kind == Type.UNKNOWN:
            # Not in any allocated range: flag it only when shaped like a UK landline or
            # mobile (10 digits after the 0, starting 1, 2 or 7), not a year or a count.
            written = match.raw_string.lstrip("(")
            uk = match.number.country_code == 44 and written.startswith(("0", "+", "00"))
            if not (uk and len(national) == 10 and national[0] in "127"):
                continue
        yield match.start


def published_lines(note: Note, root: Path) -> list[tuple[int, str]]:
    """The note's title and body lines, numbered as in its file."""
    lines: list[tuple[int, str]] = [(note.origin.where("title")[0], note.title)]
    try:
        text, _ = decode((root / note.path).read_bytes(), note.path)
    except OSError:
        text = None
    split = split_front_matter(text, note.path) if text is not None else None
    if isinstance(split, tuple):
        _, body, body_line = split
        lines += [(body_line + n, line) for n, line in enumerate(body.split("\n"))]
    else:
        lines += [(note.origin.body_line + n, line) for n, line in enumerate(note.body.split("\n"))]
    return lines


def scan_notes(notes: Iterable[Note], root: Path) -> list[Hit]:
    """Personal-data hits in the published text of ``notes``."""
    hits = set()
    for note in notes:
        for line_no, line in published_lines(note, root):
            for offset, what in personal_data(line):
                hits.add(Hit(note.path, line_no, offset + 1, what, note.id))
    return sorted(hits)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def restricted_leaks(corpus: Corpus, rendered: str) -> list[Hit]:
    """Restricted notes whose title or a distinctive line appears in ``rendered``."""
    haystack = _normal(rendered)
    hits = []
    for note in corpus.notes:
        if not note.restricted:
            continue
        for line_no, line in published_lines(note, corpus.workspace.root):
            needle = _normal(line)
            long_enough = len(needle) >= (MIN_TITLE if line is note.title else MIN_DISTINCTIVE)
            if needle and long_enough and needle in haystack:
                hits.append(Hit(note.path, line_no, 1, "restricted text", note.id))
    return sorted(set(hits))


def misspelt_keys(corpus: Corpus) -> list[Hit]:
    """Notes left out for a misspelt key: one may be a misspelt ``confidentiality``, and
    the scrutineer must decide what it was meant to say before anything is published."""
    return sorted(
        Hit(p.path, p.line, p.column, p.message.split("?")[0] + "?", Path(p.path).stem)
        for p in corpus.errors
        if p.message.startswith(MISSPELT_KEY)
    )


def check(corpus: Corpus, doc: Document) -> list[Hit]:
    """Every reason not to publish ``doc``: restricted text, personal data in its notes,
    and notes left out because a key is misspelt."""
    used = [corpus.by_id[i] for i in doc.source_ids() if i in corpus.by_id]
    root = corpus.workspace.root
    return sorted(
        {
            *restricted_leaks(corpus, doc.plain_text()),
            *scan_notes(used, root),
            *misspelt_keys(corpus),
        }
    )
