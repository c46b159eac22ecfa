"""Atomic writes: everything the program writes goes through ``files.write_atomic``."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pytest

from scrutiny import files
from scrutiny.workspace import Workspace

PACKAGE = Path(__file__).resolve().parents[1] / "scrutiny"
#: Calls that write a file in place: a crash half-way leaves half a file.
IN_PLACE = {"write_text", "write_bytes"}


def _writes_in_place(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in IN_PLACE:
            lines.append(node.lineno)
        elif name in ("open", "fdopen"):
            modes = [a for a in node.args[1:2]] + [
                k.value for k in node.keywords if k.arg == "mode"
            ]
            for mode in modes:
                if isinstance(mode, ast.Constant) and any(c in str(mode.value) for c in "wax+"):
                    lines.append(node.lineno)
    return lines


def test_no_module_writes_a_file_in_place() -> None:
    # files.py is the one place that writes (to a temporary file, then renames); the
    # index's lock file is opened for locking, never written.
    allowed = {("files.py", "fdopen"), ("base.py", "index.lock"), ("capture.py", "capture.lock")}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for line in _writes_in_place(ast.parse(source)):
            text = source.splitlines()[line - 1]
            if not any(path.name == name and word in text for name, word in allowed):
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text.strip()}")
    assert not found, "write through scrutiny.files.write_atomic instead:\n" + "\n".join(found)


def test_write_atomic_never_overwrites_when_asked_not_to(tmp_path: Path) -> None:
    target = tmp_path / "note.md"
    target.write_text("the user's words")
    with pytest.raises(files.FileExists):
        files.write_atomic(target, "the program's words", overwrite=False)
    assert target.read_text() == "the user's words"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.md"]


def test_create_unique_takes_the_next_free_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("first")
    made = files.create_unique(tmp_path, "a", ".md", "second")
    assert made.name == "a-2.md" and made.read_text() == "second"
    assert (tmp_path / "a.md").read_text() == "first"


def test_created_files_are_0644_minus_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        made = files.write_atomic(tmp_path / "x.md", "text")
    finally:
        os.umask(old)
    assert stat.S_IMODE(made.stat().st_mode) == 0o640
    made = files.write_atomic(tmp_path / "y.md", b"bytes")
    assert stat.S_IMODE(made.stat().st_mode) == 0o644 & ~old


def test_temporary_files_are_hidden_and_never_read_as_notes(make_workspace, minimal_notes) -> None:
    root = make_workspace({"evidence/a.md": minimal_notes["activity"]})
    # What a writer killed between creating and renaming its temporary file leaves behind.
    (root / "evidence" / ".b.md.x1y2z3.tmp").write_text("---\nkind: half")
    (root / "evidence" / ".c.md.abc.md").write_text("---\nkind: half")
    names = [p.name for p in Workspace.open(root).note_files()]
    assert names == ["a.md"]


def test_new_and_respond_write_complete_files_with_the_usual_mode(
    make_workspace, minimal_notes, run
) -> None:
    root = make_workspace(
        {"evidence/rec.md": minimal_notes["recommendation"]},
    )
    code, out, err = run(
        root,
        "new",
        "activity",
        "--title",
        "T",
        "--area",
        "core-partners",
        "--source",
        "meeting",
        "--date",
        "2021-01-20",
    )
    assert code == 0, err
    made = root / out.strip()
    code, out, err = run(root, "respond", "REC-01", "--status", "accepted", "--date", "2021-02-01")
    assert code == 0, err
    for path in (made, root / out.strip()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644 & ~_umask()
        assert path.read_text().startswith("---\n")
    assert not [p for p in (root / "evidence").rglob("*") if p.name.endswith(".tmp")]


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old
