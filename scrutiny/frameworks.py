"""Scrutiny frameworks: YAML files of areas and prompts, with ``extends`` and lookups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scrutiny import yamlfile
from scrutiny.notes import ID_PATTERN
from scrutiny.problems import Problem, did_you_mean


class Area(BaseModel):
    """One area of a framework: what scrutiny judges, and the questions that help judge it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    prompts: list[str] = []
    before: str | None = None
    after: str | None = None

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"invalid area id {value!r}")
        return value


class FrameworkFile(BaseModel):
    """A framework file as written: its own areas, and possibly the framework it extends."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    description: str = ""
    extends: str | None = None
    areas: list[Area] = Field(default_factory=list)
    #: Line and column of each entry of ``areas``, for problems (set by the reader).
    area_positions: list[tuple[int, int]] = Field(default_factory=list, exclude=True)

    def where(self, index: int) -> tuple[int, int]:
        """The position of the ``index``-th area, or of the file's start."""
        positions = self.area_positions
        return positions[index] if 0 <= index < len(positions) else (1, 1)


@dataclass(frozen=True)
class Framework:
    """A resolved framework: every area in report order."""

    id: str
    title: str
    description: str
    areas: tuple[Area, ...]
    path: str = ""

    def area(self, area_id: str) -> Area | None:
        """The area with ``area_id``, if the framework has one."""
        return next((a for a in self.areas if a.id == area_id), None)

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.areas]

    def position(self, area_id: str) -> int:
        """The 0-based position of an area in report order (unknown areas sort last)."""
        ids = self.area_ids
        return ids.index(area_id) if area_id in ids else len(ids)


class FrameworkError(Exception):
    """A framework that cannot be used; carries the problems that say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def builtin_dirs() -> list[Path]:
    """Where the shipped framework files are: inside the package, or at the repo root."""
    here = Path(__file__).resolve().parent
    candidates = [here / "_data" / "frameworks", here.parent / "frameworks"]
    return [d for d in candidates if d.is_dir()][:1]


def _read(path: Path, rel: str) -> tuple[FrameworkFile | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(rel, 1, 1, "error", f"cannot read framework: {exc}")]
    try:
        located = yamlfile.load(text)
    except yamlfile.YamlError as exc:
        return None, [Problem(rel, exc.line, exc.column, "error", exc.message)]
    if not isinstance(located.data, dict):
        return None, [
            Problem(rel, 1, 1, "error", "a framework file is a mapping with id, title, areas")
        ]
    try:
        spec = FrameworkFile.model_validate(located.data)
        spec.area_positions = located.items.get("areas", [])
        return spec, []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else None
            line, column = located.keys.get(key or "", (1, 1))
            where = ".".join(str(p) for p in error["loc"])
            problems.append(Problem(rel, line, column, "error", f"{where}: {error['msg']}"))
        return None, problems


def discover(dirs: Iterable[tuple[Path, Path | None]]) -> dict[str, tuple[FrameworkFile, str]]:
    """Read every ``*.yaml``/``*.yml`` in ``dirs``; later directories override earlier ones.

    Each entry is ``(directory, root)``; problems name files relative to ``root``.
    Unreadable files are skipped here and reported by :func:`check_dirs`.
    """
    found: dict[str, tuple[FrameworkFile, str]] = {}
    for directory, root in dirs:
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            rel = str(path.relative_to(root)) if root else str(path)
            spec, _ = _read(path, rel)
            if spec is not None:
                found[spec.id] = (spec, rel)
    return found


def check_dirs(dirs: Iterable[tuple[Path, Path | None]]) -> list[Problem]:
    """Problems in the framework files of ``dirs`` (reading and resolving each one)."""
    problems: list[Problem] = []
    dirs = list(dirs)
    for directory, root in dirs:
        for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
            rel = str(path.relative_to(root)) if root else str(path)
            _, found = _read(path, rel)
            problems.extend(found)
    known = discover(dirs)
    for framework_id, (_, rel) in known.items():
        if not rel.startswith("/"):  # only the workspace's own files are the user's to fix
            try:
                resolve(framework_id, known)
            except FrameworkError as exc:
                problems.extend(exc.problems)
    return problems


def resolve(framework_id: str, known: dict[str, tuple[FrameworkFile, str]]) -> Framework:
    """The framework ``framework_id`` with its ``extends`` chain applied."""
    chain: list[tuple[FrameworkFile, str]] = []
    current: str | None = framework_id
    while current is not None:
        if current not in known:
            where = chain[-1][1] if chain else "scrutiny.toml"
            raise FrameworkError(
                [
                    Problem(
                        where,
                        1,
                        1,
                        "error",
                        f"unknown framework {current!r}{did_you_mean(current, known)}",
                    )
                ]
            )
        spec, rel = known[current]
        if any(s.id == spec.id for s, _ in chain):
            raise FrameworkError(
                [Problem(rel, 1, 1, "error", f"framework {spec.id!r} extends itself")]
            )
        chain.append((spec, rel))
        current = spec.extends
    areas: list[Area] = []
    problems: list[Problem] = []
    for spec, rel in reversed(chain):
        seen: set[str] = set()
        for i, area in enumerate(spec.areas):
            at = (rel, *spec.where(i))
            if area.id in seen:
                problems.append(Problem(*at, "error", f"duplicate area id {area.id!r}"))
                continue
            seen.add(area.id)
            areas = _place(area, areas, at, problems)
    if problems:
        raise FrameworkError(problems)
    top, rel = chain[0]
    return Framework(top.id, top.title, top.description.strip(), tuple(areas), rel)


def _place(
    area: Area, areas: list[Area], where: tuple[str, int, int], problems: list[Problem]
) -> list[Area]:
    ids = [a.id for a in areas]
    clean = area.model_copy(update={"before": None, "after": None})
    if area.id in ids:  # an extending framework rewords an inherited area in place
        return [clean if a.id == area.id else a for a in areas]
    if area.before and area.after:
        problems.append(Problem(*where, "error", f"area {area.id!r} sets both before and after"))
        return areas
    anchor = area.before or area.after
    if anchor is None:
        return [*areas, clean]
    if anchor not in ids:
        problems.append(
            Problem(
                *where,
                "error",
                f"area {area.id!r} is placed next to unknown area {anchor!r}{did_you_mean(anchor, ids)}",
            )
        )
        return areas
    at = ids.index(anchor) + (0 if area.before else 1)
    return [*areas[:at], clean, *areas[at:]]


def load(
    framework_id: str, workspace_dir: Path | None = None, root: Path | None = None
) -> Framework:
    """Load ``framework_id`` from the built-in set and a workspace's ``frameworks/`` folder."""
    return resolve(framework_id, discover(search_path(workspace_dir, root)))


def search_path(workspace_dir: Path | None, root: Path | None) -> list[tuple[Path, Path | None]]:
    """Built-in framework folders first, then the workspace's (which wins on a shared id)."""
    dirs: list[tuple[Path, Path | None]] = [(d, None) for d in builtin_dirs()]
    if workspace_dir is not None and workspace_dir.is_dir():
        if not any(d.resolve() == workspace_dir.resolve() for d, _ in dirs):
            dirs.append((workspace_dir, root))
        else:  # the repository root is itself a workspace: name its files relatively
            dirs = [(workspace_dir, root)]
    return dirs
