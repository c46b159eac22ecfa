"""Environments that are not a happy laptop (issue 17): read-only, full disk, unreadable.

Each case runs the real command line in a process. Read-only and full-disk workspaces
are made for real where the machine allows: permissions for an ordinary user; as root
(where permissions do not restrict) a read-only bind mount, a small tmpfs, or the same
process without the capabilities that let root ignore permissions. A case skips only
when the machine can make none of these.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REC = """\
---
kind: recommendation
id: REC-01
date: 2025-01-12
title: Share the cost of the business unit fairly
areas: [core-partners]
---
The partners should agree a funding formula.
"""

ROOT = os.geteuid() == 0
#: As root, run the command without the capabilities that bypass file permissions.
NO_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-all"]


def _run(
    root: Path, *args: str, cache: Path | None = None, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    env.pop("SCRUTINY_WORKSPACE", None)
    env.pop("SCRUTINY_DATABASE_URL", None)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    done = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "scrutiny.cli", "-w", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` seen read-only: without write permission, or (as root) through a bind mount."""
    if not ROOT:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path in modes:
            path.chmod(modes[path] & ~0o222)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    view = folder.parent / f"{folder.name}-ro"
    view.mkdir()
    if not _mount("--bind", str(folder), str(view)):
        pytest.skip("cannot make a read-only workspace here (no bind mount)")
    try:
        if not _mount("-o", "remount,bind,ro", str(view)):
            pytest.skip("cannot make a read-only workspace here (no read-only remount)")
        yield view
    finally:
        _mount("-l", "-u", str(view)) or subprocess.run(["umount", "-l", str(view)], check=False)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """A workspace folder on a 64 KB tmpfs; call the fixture's value to fill it up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not ROOT or not _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)):
        pytest.skip("cannot mount a small tmpfs here (needs root)")

    def fill() -> None:
        with contextlib.suppress(OSError), open(disk / "filler", "wb") as handle:
            while True:
                handle.write(b"\0" * 1024)
                handle.flush()

    try:
        yield fill
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _unreadable_prefix() -> list[str]:
    """How to run a command for which mode 000 means unreadable (skip if there is none)."""
    if not ROOT:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, without setpriv to give up reading everything")
    probe = subprocess.run([*NO_DAC, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("running as root, and cannot give up the capability to read everything")
    return NO_DAC


def _workspace(make_workspace: Callable[..., Path], **kw: object) -> Path:
    return make_workspace({"evidence/2024-25/rec-01.md": REC}, **kw)


# -- read-only ---------------------------------------------------------------------------


def test_read_commands_work_in_a_read_only_workspace(
    make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = _workspace(make_workspace)
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    out.mkdir()
    with read_only(root) as ro:
        for args in (
            ("check",),
            ("notes", "--all"),
            ("recs",),
            ("risks",),
            ("trace", "REC-01"),
            ("coverage",),
            ("report",),
            ("report", "-o", str(out / "report.md")),
            ("export", "recs", "-o", str(out / "recs.xlsx")),
        ):
            done = _run(ro, *args, cache=cache)
            assert done.returncode == 0, (args, done.stderr)
            notice = [line for line in done.stderr.splitlines() if "read-only" in line]
            assert len(notice) == 1 and str(cache / "scrutiny") in notice[0], done.stderr
        assert "REC-01" in _run(ro, "recs", cache=cache).stdout
        assert not (ro / ".scrutiny").exists()
    assert list((cache / "scrutiny").glob("*/index.db"))
    assert (out / "report.md").is_file() and (out / "recs.xlsx").is_file()


def test_without_a_writable_cache_the_index_is_kept_in_memory(
    make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = _workspace(make_workspace)
    with read_only(root) as ro:
        done = _run(ro, "recs", cache=ro / "cache")
    assert done.returncode == 0 and "REC-01" in done.stdout
    assert "the index is kept in memory" in done.stderr


def test_write_commands_refuse_a_read_only_workspace_in_one_line(
    make_workspace: Callable[..., Path], tmp_path: Path
) -> None:
    root = _workspace(make_workspace)
    plan = tmp_path / "plan.csv"
    plan.write_text("No.,Action,By Whom,By When\n1.1,Publish it,Board,31/03/2026\n")
    with read_only(root) as ro:
        before = sorted(p.name for p in ro.rglob("*"))
        for args in (
            ("new", "finding", "--title", "A finding", "--area", "core-partners", "--body", "x"),
            ("respond", "REC-01", "--status", "accepted", "--body", "Agreed."),
            ("import-plan", str(plan)),
        ):
            done = _run(ro, *args, cache=tmp_path / "cache")
            assert done.returncode == 1, (args, done.stderr)
            assert done.stderr.count("\n") == 1 and "read-only" in done.stderr, done.stderr
        done = _run(ro, "init", str(ro / "inner"))
        assert done.returncode == 1 and done.stderr.count("\n") == 1
        assert "cannot write" in done.stderr and "no workspace was created" in done.stderr
        assert sorted(p.name for p in ro.rglob("*")) == before


# -- full disk ---------------------------------------------------------------------------


def test_a_full_disk_never_shows_a_traceback_or_leaves_a_partial_file(
    make_workspace: Callable[..., Path], full_disk: Callable[[], None], tmp_path: Path
) -> None:
    disk = tmp_path / "disk"
    root = make_workspace({"evidence/2024-25/rec-01.md": REC}, folder="disk/ws")
    full_disk()
    for args in (("check",), ("recs",), ("report",)):
        done = _run(root, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "cannot write the index .scrutiny/index.db" in done.stderr
        assert "kept in memory" in done.stderr
    assert "REC-01" in _run(root, "recs").stdout
    notes_before = sorted((root / "evidence").rglob("*"))
    for args, what in (
        (
            ("new", "finding", "--title", "Found", "--area", "core-partners", "--body", "x"),
            "evidence/",
        ),
        (("respond", "REC-01", "--status", "accepted", "--body", "Agreed."), "evidence/"),
        (("report", "-o", str(disk / "report.md")), "report.md"),
        (("export", "recs", "-o", str(disk / "recs.xlsx")), "recs.xlsx"),
    ):
        done = _run(root, *args)
        assert done.returncode == 1, (args, done.stderr)
        last = done.stderr.splitlines()[-1]
        assert last.startswith("scrutiny: cannot write") and what in last, done.stderr
        assert "the disk is full; nothing was written" in last
    assert sorted((root / "evidence").rglob("*")) == notes_before
    leftovers = [p for p in disk.rglob("*") if p.name.endswith((".tmp", ".md", ".xlsx"))]
    assert [p for p in leftovers if p.parent.name != "2024-25"] == []


# -- unreadable ---------------------------------------------------------------------------


def test_an_unreadable_folder_or_file_is_a_problem_not_a_silence(
    make_workspace: Callable[..., Path],
) -> None:
    prefix = _unreadable_prefix()
    root = make_workspace(
        {"evidence/2024-25/rec-01.md": REC, "evidence/2025-26/rec-02.md": REC.replace("01", "02")}
    )
    hidden_folder = root / "evidence" / "2024-25"
    hidden_file = root / "evidence" / "2025-26" / "rec-02.md"
    hidden_folder.chmod(0)
    hidden_file.chmod(0)
    try:
        done = _run(root, "check", prefix=prefix)
        assert done.returncode == 1
        assert "evidence/2024-25:1:1: error: cannot read folder" in done.stdout
        assert "chmod" in done.stdout
        assert "evidence/2025-26/rec-02.md:1:1: error: cannot read file" in done.stdout
        listed = _run(root, "recs", prefix=prefix)
        assert "2 notes have errors" in listed.stderr
    finally:
        hidden_folder.chmod(0o755)
        hidden_file.chmod(0o644)
    assert _run(root, "check", prefix=prefix).stdout == ""


@pytest.mark.parametrize("odd", ["scrutiny-file", "index-folder"])
def test_an_index_place_of_the_wrong_type_is_one_line(
    make_workspace: Callable[..., Path], odd: str
) -> None:
    root = _workspace(make_workspace)
    if odd == "scrutiny-file":
        (root / ".scrutiny").write_text("not a folder")
    else:
        (root / ".scrutiny" / "index.db").mkdir(parents=True)
    done = _run(root, "recs")
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "is not a " in done.stderr and "move it aside" in done.stderr


# -- killed during a first index -----------------------------------------------------------


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found |= {int(x) for x in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_a_killed_first_index_leaves_no_helper_behind(tmp_path: Path, sig: str) -> None:
    import signal
    import time

    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc to find child processes")
    root = tmp_path / "big"
    (root / "evidence" / "2024-25").mkdir(parents=True)
    (root / "scrutiny.toml").write_text('name = "Big Partnership"\n')
    body = "Attended the board and heard about the year. " * 40
    for n in range(2500):
        (root / "evidence" / "2024-25" / f"a{n}.md").write_text(
            f"---\nkind: activity\ndate: 2025-01-10\ntitle: Meeting {n}\n"
            f"areas: [core-partners]\nsource: meeting\n---\n{body}\n"
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrutiny.cli", "-w", str(root), "check"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    helpers: set[int] = set()
    deadline = time.monotonic() + 60
    while not helpers and proc.poll() is None and time.monotonic() < deadline:
        helpers = _children(proc.pid)
        time.sleep(0.01)
    if not helpers:
        proc.kill()
        pytest.skip("the first index finished before a helper process was seen")
    time.sleep(0.3)  # let the helper start parsing
    helpers |= {g for h in helpers for g in _children(h)}
    proc.send_signal(getattr(signal, sig))
    _, stderr = proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(h) for h in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [h for h in helpers if _alive(h)]
    for h in left:
        os.kill(h, signal.SIGKILL)
    assert left == [], f"helper processes left behind after {sig}"
    assert "Traceback" not in stderr
    # Nothing half-built: the index is built aside and swapped in whole.
    index = root / ".scrutiny" / "index.db"
    if index.exists():
        with contextlib.closing(sqlite3.connect(index)) as db:
            assert db.execute("SELECT COUNT(*) FROM files").fetchone() == (0,)
    again = _run(root, "notes", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert len(json.loads(again.stdout)) == 2500
    left_aside = [p.name for p in index.parent.iterdir() if ".new" in p.name]
    assert left_aside == [], "the killed build's side file was not cleared"


# -- a library caller ------------------------------------------------------------------------

UNGUARDED = """\
import sys
from scrutiny.api import Scrutiny

scrutiny = Scrutiny.open(sys.argv[1] if len(sys.argv) > 1 else {root!r})
stats = scrutiny.refresh()
print(stats.parsed, len(scrutiny.read().corpus.notes))
"""


@pytest.mark.parametrize("how", ["script", "stdin"])
def test_a_plain_script_without_a_main_guard_gets_a_complete_first_index(
    tmp_path: Path, how: str
) -> None:
    # The first index parses in a helper process from PARALLEL_FROM files; a helper
    # started by multiprocessing's spawn would run the caller's script again (no
    # ``if __name__ == "__main__"`` guard here), once leaving an empty index, once hanging.
    from scrutiny.store.refresh import PARALLEL_FROM

    n = max(2000, PARALLEL_FROM)
    root = tmp_path / "ws"
    (root / "evidence" / "2024-25").mkdir(parents=True)
    (root / "scrutiny.toml").write_text('name = "Script Partnership"\n')
    body = "Heard from the designated nurse about the year's audits. " * 20
    for i in range(n):
        (root / "evidence" / "2024-25" / f"a{i:04d}.md").write_text(
            f"---\nkind: activity\ndate: 2025-01-10\ntitle: Meeting {i}\n"
            f"areas: [core-partners]\nsource: meeting\n---\n{body}\n"
        )
    code = UNGUARDED.format(root=str(root))
    if how == "script":
        script = tmp_path / "index_it.py"
        script.write_text(code)
        command, given = [sys.executable, str(script), str(root)], None
    else:  # as a notebook or ``python -`` runs it: no file to import again
        command, given = [sys.executable, "-"], code
    done = subprocess.run(
        command, input=given, capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(n), str(n)], done.stdout + done.stderr
    listed = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrutiny.cli",
            "-w",
            str(root),
            "notes",
            "--all",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == n
