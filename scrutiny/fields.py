"""The types of front-matter fields, and how each is checked as it is read."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from scrutiny.vocabulary import ID_PATTERN, Lens

#: The dates a note may carry: well beyond any partnership's records either way.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise PydanticCustomError(
                "bad_date", "invalid date '{value}' (expected YYYY-MM-DD)", {"value": value}
            )
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise PydanticCustomError(
                "bad_date", "invalid date '{value}': {why}", {"value": value, "why": str(exc)}
            ) from None
        if not EARLIEST <= day <= LATEST:
            # 9999-12-31 has no next reporting year; 0001-01-01 is surely a typo.
            raise PydanticCustomError(
                "bad_date",
                "date '{value}' is outside any reporting year this program handles "
                "({earliest} to {latest}); check the year",
                {"value": value, "earliest": EARLIEST.year, "latest": LATEST.year},
            )
        return day
    raise PydanticCustomError(
        "bad_date",
        "invalid date '{value}' (expected YYYY-MM-DD)",
        {"value": value},
    )


#: Characters no note text needs and that make text lie about itself: C0/C1 controls
#: (an escape sequence, a bell), bidirectional overrides and isolates, and the BOM.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def _text(value: Any) -> Any:
    # YAML reads `title: 2021` as a number; the writer meant text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and (found := _HIDDEN.search(value)):
        raise PydanticCustomError(
            "hidden_char",
            "holds an invisible control character (U+{code}) at character {at}; retype it "
            "(it can hide or reorder text, or drive a terminal)",
            {"code": f"{ord(found.group()):04X}", "at": found.start() + 1},
        )
    return value


def _one_line(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        value = value.strip()
        if "\n" in value:
            raise PydanticCustomError("one_line", "must be a single line", {})
        if not value:
            raise PydanticCustomError("empty_text", "must not be empty", {})
        if not any(unicodedata.category(c)[0] in "LNPS" for c in value):
            raise PydanticCustomError(
                "empty_text", "has no visible characters (only spaces or invisible ones)", {}
            )
    return value


def as_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [_text(value)]
    if isinstance(value, list):
        return [_text(item) for item in value]
    return value


def _note_id(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not ID_PATTERN.match(value):
        raise PydanticCustomError(
            "bad_id",
            "invalid id '{value}': use letters, digits, '.', '_' and '-', starting with a "
            "letter or digit",
            {"value": value},
        )
    return value


Date = Annotated[dt.date, BeforeValidator(_date)]


Text = Annotated[str, BeforeValidator(_text)]


OneLine = Annotated[str, BeforeValidator(_one_line)]


TextList = Annotated[list[Text], BeforeValidator(as_list)]


NoteId = Annotated[str, BeforeValidator(_note_id)]


IdList = Annotated[list[NoteId], BeforeValidator(as_list)]


LensList = Annotated[list[Lens], BeforeValidator(as_list)]
