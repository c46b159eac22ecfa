"""Writing new notes: templates per kind, next free ids, file names, validation before writing."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from scrutiny import checking, files
from scrutiny.corpus import Corpus
from scrutiny.notes import KINDS, RESERVED_KEYS, STATUSES, Note, Parsed
from scrutiny.problems import Problem, did_you_mean, one_of
from scrutiny.reader import parse_text
from scrutiny.workspace import Workspace

#: Id prefixes proposed for the kinds that need an id.
ID_PREFIX = {
    "recommendation": "REC-",
    "risk": "RISK-",
    "action": "ACT-",
    "priority": "PRI-",
    "review": "REV-",
}

#: Front-matter keys in the order a person expects to read them.
KEY_ORDER = (
    "kind",
    "id",
    "date",
    "title",
    "areas",
    "source",
    "for",
    "category",
    "responds_to",
    "status",
    "by",
    "owner",
    "due",
    "monitor_until",
    "judgement",
    "impact",
    "objective",
    "number",
    "lens",
    "agencies",
    "scrutineers",
    "partnership",
    "evidence",
    "actions",
    "tags",
    "source_ref",
    "confidentiality",
)

#: What each kind's body is for, offered as a comment when the note opens in an editor.
GUIDANCE = {
    "activity": "What scrutiny did: the meeting, document or conversation, who was involved, what was tested.",
    "finding": "What scrutiny found, and the difference it makes to children and families.",
    "recommendation": "The recommendation as it will be printed in the annual report.",
    "risk": "The risk, why it matters, and what scrutiny will look for next year.",
    "response": "What the partnership said or did. If you revise the due date, say why.",
    "action": "The business-plan action and how progress will be known.",
}


class CaptureError(ValueError):
    """A note that would not be valid; carries the problems.

    ``usage`` marks a mistake in what was asked (a status the item cannot take), as
    opposed to a note that fails the workspace's checks.
    """

    def __init__(self, problems: list[Problem], *, usage: bool = False) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
        self.usage = usage


def _refuse(message: str, *, field: str | None = None, usage: bool = False) -> CaptureError:
    return CaptureError([Problem("<new>", 1, 1, "error", message, field)], usage=usage)


def fields_of(kind: str) -> tuple[str, ...]:
    """The front-matter fields a note of ``kind`` has, as written (``for``, not ``for_``)."""
    from scrutiny.notes import MODELS

    model = MODELS[kind]
    return tuple(
        f.alias or name for name, f in model.model_fields.items() if name not in RESERVED_KEYS
    )


def split_items(values: Iterable[str] | None) -> list[str]:
    """List entries as typed: each value may hold several, separated by commas."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _foreign_fields(kind: str, fields: dict[str, Any]) -> list[Problem]:
    """Fields given for a kind that does not have them (a judgement on an activity)."""
    from scrutiny.notes import with_article

    known = fields_of(kind)
    problems = []
    for key, value in fields.items():
        if key in known or value in (None, [], ""):
            continue
        owners = [k for k in KINDS if key in fields_of(k)]
        where = f" (it belongs to {one_of(owners)} notes)" if owners else ""
        message = f"{with_article(kind)} has no {key!r} field{where}"
        problems.append(Problem("<new>", 1, 1, "error", message, key))
    return problems


def slugify(text: str, limit: int = 36) -> str:
    """A lower-case, hyphenated ASCII file-name fragment of ``text``, at most ``limit`` long.

    A long title is cut after a whole word (``…-leads-from``, never ``…-leads-fr``): the
    slug becomes the id of an activity or finding, which people read, copy and type. Only
    a single word longer than half the limit is cut inside itself.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]  # a hyphen just after the limit is a boundary too
        head = cut.rsplit("-", 1)[0] if "-" in cut else ""
        slug = head if len(head) > limit // 2 else slug[:limit].rstrip("-")
    return slug or "note"


#: An ``id:`` line of front matter, as written (quoted or not).
_ID_LINE = re.compile(r"^id:[ \t]*['\"]?([^'\"\s#]+)", re.MULTILINE)


def ids_on_disk(workspace: Workspace) -> set[str]:
    """Every id written in a note file's front matter, broken notes included.

    Read from the files themselves (their first 8 KB), not the index: a note another
    process has just written, or one that does not parse, still holds its id.
    """
    found: set[str] = set()
    for path, _rel, _size, _mtime in workspace.note_stats():
        try:
            with open(path, "rb") as handle:
                head = handle.read(8192).decode("utf-8", errors="replace")
        except OSError:
            continue
        if not head.lstrip("\ufeff").startswith("---"):
            continue
        end = head.find("\n---", 3)
        found.update(_ID_LINE.findall(head if end < 0 else head[:end]))
    return found


@contextlib.contextmanager
def capture_lock(workspace: Workspace) -> Iterator[None]:
    """Serialise choosing an id and creating the note among processes on one workspace.

    Twenty ``scrutiny new recommendation`` at once (or the TUI form beside a plan
    import) each see the ids the others took: the id is chosen, and the file created,
    while the lock is held. The kernel releases it if its holder dies.
    """
    import fcntl

    folder = workspace.index_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / "capture.lock", "a+")  # noqa: SIM115 - held for the block
    except OSError:
        yield  # a read-only index folder: nothing else can be writing through it either
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def next_id(kind: str, taken: Iterable[str]) -> str:
    """The next free id for ``kind`` (``REC-07`` after ``REC-06``), keeping the digits' width."""
    prefix = ID_PREFIX.get(kind, kind[:3].upper() + "-")
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [(int(m.group(1)), len(m.group(1))) for t in taken if (m := pattern.match(t))]
    top, width = max(numbers, default=(0, 2))
    return f"{prefix}{top + 1:0{width}d}"


def render(fields: dict[str, Any], body: str, *, guidance: str | None = None) -> str:
    """A note's text: ordered front matter, then the body (with optional guidance comment)."""
    ordered = {k: fields[k] for k in KEY_ORDER if fields.get(k) not in (None, [], "")}
    ordered.update(
        {k: v for k, v in fields.items() if k not in ordered and v not in (None, [], "")}
    )
    lines = ["---"]
    for key, value in ordered.items():
        # Lists read best inline ([a, b]); a scalar alone would be dumped as {key: value}.
        dumped = yaml.safe_dump(
            {key: value},
            default_flow_style=None if isinstance(value, list) else False,
            sort_keys=False,
            allow_unicode=True,
            width=10_000,
        )
        lines.append(dumped.rstrip("\n"))
    lines.append("---")
    text = "\n".join(lines) + "\n"
    if guidance:
        text += f"<!-- {guidance} -->\n"
    body = body.strip("\n")
    return text + (body + "\n" if body else "")


def note_path(workspace: Workspace, day: date, title: str) -> tuple[Path, str]:
    """The folder (``evidence/<period>/``) and file stem (``<date>-<slug>``) for a new note."""
    folder = workspace.evidence_dir / workspace.period_of(day).label
    return folder, f"{day.isoformat()}-{slugify(title)}"


def validate(text: str, path: str, stem: str, corpus: Corpus) -> Note:
    """Parse ``text`` as a note at ``path`` and check it against the workspace; raise on errors."""
    parsed = parse_text(text, path, stem)
    if parsed.note is None:
        raise CaptureError(parsed.problems)
    others = [Parsed(n.path, n, []) for n in corpus.notes]
    _, problems = checking.validate(
        [*others, parsed], corpus.workspace.framework, corpus.workspace.settings
    )
    errors = [p for p in problems if p.is_error and p.path == path]
    if errors:
        raise CaptureError(errors)
    return parsed.note


def write_note(
    corpus: Corpus,
    kind: str,
    fields: dict[str, Any],
    body: str = "",
    *,
    guidance: bool = False,
    check: bool = True,
) -> Path:
    """Write a new note for ``kind`` with ``fields``; never overwrites; returns its path.

    With ``check`` (the default) the note is validated against the workspace first and
    nothing is written when it has an error.
    """
    if kind not in KINDS:
        raise CaptureError(
            [
                Problem(
                    "<new>",
                    1,
                    1,
                    "error",
                    f"unknown kind {kind!r}{did_you_mean(kind, KINDS)}; expected {one_of(KINDS)}",
                    "kind",
                )
            ]
        )
    if foreign := _foreign_fields(kind, fields):
        raise CaptureError(foreign, usage=True)
    workspace = corpus.workspace
    day = fields.get("date") or date.today()
    if isinstance(day, str):
        day = date.fromisoformat(day)
    fields = {"kind": kind, **fields, "date": day}
    with capture_lock(workspace):
        return _create(corpus, kind, fields, body, guidance=guidance, check=check)


def _create(
    corpus: Corpus, kind: str, fields: dict[str, Any], body: str, *, guidance: bool, check: bool
) -> Path:
    """Choose the id and create the note (the caller holds :func:`capture_lock`)."""
    workspace = corpus.workspace
    day = fields["date"]
    if kind in ID_PREFIX and not fields.get("id"):
        # Every id written in a file counts, broken notes and ones just written included.
        fields["id"] = next_id(kind, {*corpus.by_id, *ids_on_disk(workspace)})
    folder, stem = note_path(workspace, day, str(fields.get("title") or kind))
    if fields.get("id") and kind in ID_PREFIX:
        stem = f"{day.isoformat()}-{slugify(str(fields['id']))}-{slugify(str(fields.get('title', '')), 32)}".rstrip(
            "-"
        )
    stem = free_stem(folder, stem, corpus.by_id)
    text = render(fields, body, guidance=GUIDANCE[kind] if guidance else None)
    if check:
        rel = workspace.relative(folder / f"{stem}.md")
        validate(text, rel, stem, corpus)
    return files.create_unique(folder, stem, ".md", text)


def free_stem(folder: Path, stem: str, taken: Iterable[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... : the first neither on disk nor used as an id."""
    used = set(taken)
    for n in range(1, 1000):
        candidate = stem if n == 1 else f"{stem}-{n}"
        if candidate not in used and not (folder / f"{candidate}.md").exists():
            return candidate
    raise files.FileExists(f"no free file name for {stem} in {folder}")


def write_response(
    corpus: Corpus,
    item_id: str,
    *,
    status: str | None = None,
    day: date | None = None,
    title: str | None = None,
    by: str | None = None,
    due: date | None = None,
    body: str = "",
    more: dict[str, Any] | None = None,
) -> Path:
    """Write a response note to the recommendation, risk or action ``item_id``.

    The status must be one the item's kind can take, and a revised due date needs its
    reason in ``body``; otherwise :class:`CaptureError` and nothing is written. ``more``
    gives the response's other fields (lens, evidence, agencies...) as ``write_note`` does.
    """
    from scrutiny.ledger import TRACKED_KINDS

    target = corpus.by_id.get(item_id)
    if target is None or target.kind not in TRACKED_KINDS:
        tracked = [n.id for n in corpus.notes if n.kind in TRACKED_KINDS]
        raise _refuse(
            f"no recommendation, risk or action has id {item_id!r}{did_you_mean(item_id, tracked)}"
        )
    allowed = STATUSES[target.kind]
    if status is not None and status not in allowed:
        raise _refuse(
            f"{status!r} is not a {target.kind} status{did_you_mean(status, allowed)}; "
            f"expected {one_of(allowed)}",
            field="status",
            usage=True,
        )
    if due is not None and not body.strip():
        raise _refuse(
            "a revised due date needs its reason: say why in the response's text",
            field="due",
            usage=True,
        )
    if status is None and due is None and not body.strip():
        raise _refuse(
            "a response says something: a new status, a revised due date with its reason, "
            "or what the partnership said",
            usage=True,
        )
    fields = {
        **(more or {}),
        "date": day or date.today(),
        "title": title or (f"{item_id}: {status}" if status else f"Response on {item_id}"),
        "responds_to": [item_id],
        "status": status,
        "by": by,
        "due": due,
    }
    return write_note(corpus, "response", fields, body)
