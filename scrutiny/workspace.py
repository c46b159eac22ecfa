"""Find and load a workspace: its settings, its framework and its note files."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scrutiny import walk
from scrutiny.frameworks import Framework, FrameworkError
from scrutiny.periods import Period
from scrutiny.problems import Problem, did_you_mean
from scrutiny.walk import ENV_WORKSPACE as ENV_WORKSPACE  # re-exported
from scrutiny.walk import SETTINGS_FILE as SETTINGS_FILE

EVIDENCE_DIR = "evidence"
INDEX_DIR = ".scrutiny"


class ReportSettings(BaseModel):
    """``[report]``: section numbers, what a printed recommendation shows, the Word page."""

    model_config = ConfigDict(extra="forbid")

    commentary_section: int = Field(default=6, ge=1)
    risks_section: int = Field(default=7, ge=1)
    #: Print each recommendation's id (``REC-04:``) in section 6.
    recommendation_ids: bool = True
    #: Open section 6 with a table of the period's findings by area and lens (judgements).
    judgement_table: bool = False
    #: Page size of the Word file (when no --reference-docx gives one).
    paper: Literal["A4", "letter"] = "A4"
    #: Language of the text, for spelling in Word and ``lang`` in HTML.
    language: str = Field(default="en-GB", pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


class ClockSettings(BaseModel):
    """``[clocks]``: the statutory times of case reviews (Working Together 2023)."""

    model_config = ConfigDict(extra="forbid")

    #: A rapid review within this many working days of the notification.
    rapid_review_working_days: int = Field(default=15, ge=1, le=250)
    #: A local child safeguarding practice review published within this many months of
    #: the decision to hold one.
    practice_review_months: int = Field(default=6, ge=1, le=60)
    #: The yearly report published within this many months of its period's end.
    yearly_report_months: int = Field(default=3, ge=1, le=24)


class Settings(BaseModel):
    """``scrutiny.toml``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    framework: str = "six-steps"
    period_start_month: int = Field(default=10, ge=1, le=12)
    partnerships: dict[str, str] = {}
    report: ReportSettings = ReportSettings()
    clocks: ClockSettings = ClockSettings()


class WorkspaceError(Exception):
    """A workspace that cannot be opened; the message says what to do."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def find_root(start: Path | None = None, explicit: Path | str | None = None) -> Path:
    """The workspace root: ``explicit``, else ``$SCRUTINY_WORKSPACE``, else walk up like git."""
    try:
        return walk.find_root(start, explicit)
    except walk.NotAWorkspace as exc:
        raise WorkspaceError(str(exc)) from None


def _key_line(text: str, key: str) -> int:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, flags=re.MULTILINE)
    if match is None:
        match = re.search(rf"^\s*\[{re.escape(key)}\]", text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def load_settings(path: Path, rel: str = SETTINGS_FILE) -> Settings:
    """Read and validate ``scrutiny.toml``; errors name the file, line and key."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 has no lineno/colno on the exception: read them from its message.
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = getattr(exc, "lineno", None) or (int(where.group(1)) if where else 1)
        column = getattr(exc, "colno", None) or (int(where.group(2)) if where else 1)
        message = str(exc).split(" (at line")[0]
        problem = Problem(rel, line, column, "error", f"invalid TOML: {message}")
        raise WorkspaceError(str(problem), [problem]) from None
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(rel, 1, 1, "error", f"cannot read settings: {exc}")
        raise WorkspaceError(str(problem), [problem]) from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = [_settings_problem(error, text, rel) for error in exc.errors()]
        raise WorkspaceError("\n".join(map(str, problems)), problems) from None


def _settings_problem(error: Any, text: str, rel: str) -> Problem:
    loc = [str(p) for p in error["loc"]]
    key = ".".join(loc) or "settings"
    line = _key_line(text, loc[-1]) if loc else 1
    if error["type"] == "extra_forbidden":
        tables = {"report": ReportSettings.model_fields, "clocks": ClockSettings.model_fields}
        known = Settings.model_fields if len(loc) == 1 else tables.get(loc[0], {})
        message = f"unknown setting {key!r}{did_you_mean(loc[-1], known)}"
    elif error["type"] == "missing":
        message = f"missing setting {key!r}"
        if key == "name":
            message += ' (the partnership\'s name, e.g. name = "Northfield Safeguarding Children Partnership")'
    elif key == "period_start_month":
        message = f"{key} must be a month number from 1 to 12, not {error.get('input')!r}"
    else:
        message = f"{key}: {error['msg']}"
    return Problem(rel, line, 1, "error", message)


@dataclass
class Workspace:
    """An open workspace folder."""

    root: Path
    settings: Settings

    @classmethod
    def open(cls, explicit: Path | str | None = None, start: Path | None = None) -> Workspace:
        """Find the workspace (see :func:`find_root`) and read its settings."""
        root = find_root(start, explicit)
        return cls(root, load_settings(root / SETTINGS_FILE))

    @property
    def evidence_dir(self) -> Path:
        return self.root / EVIDENCE_DIR

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX_DIR

    @property
    def start_month(self) -> int:
        return self.settings.period_start_month

    @cached_property
    def framework(self) -> Framework:
        """The workspace's framework, resolved; :class:`WorkspaceError` if it cannot be."""
        from scrutiny import frameworks

        try:
            return frameworks.load(self.settings.framework, self.root / "frameworks", self.root)
        except FrameworkError as exc:
            text = (self.root / SETTINGS_FILE).read_text(encoding="utf-8-sig")
            line = _key_line(text, "framework")
            problems = [
                dataclasses.replace(p, line=line) if p.path == SETTINGS_FILE else p
                for p in exc.problems
            ]
            raise WorkspaceError("\n".join(map(str, problems)), problems) from None

    def period_of(self, day: date) -> Period:
        return Period.of(day, self.start_month)

    def parse_period(self, label: str) -> Period:
        return Period.parse(label, self.start_month)

    def relative(self, path: Path) -> str:
        """``path`` as written in problems: relative to the root, with forward slashes."""
        return walk.relative(self.root, path)

    def note_files(self) -> Iterator[Path]:
        """Every note file under ``evidence/``, sorted, skipping what no person wrote as a note.

        Hidden files and folders, editor swap and backup files, symlinks that point
        outside the workspace (or nowhere), and anything not a regular file (FIFOs,
        devices) are skipped by design. A folder that cannot be read is listed itself,
        so that reading it reports the problem.
        """
        for path, _rel, _size, _mtime in self.note_stats():
            yield Path(path)

    def note_stats(self) -> list[tuple[str, str, int, int]]:
        """(path, relative path, size, mtime_ns) of every note file, as :meth:`note_files`
        (see :func:`scrutiny.walk.note_stats`)."""
        return walk.note_stats(self.root, self.evidence_dir)
