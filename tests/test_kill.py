"""Writers killed with SIGKILL at random moments leave no partial file and an intact original."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from scrutiny.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
KILLS = 30
#: A payload big enough that writing it takes a while: 4 MB.
SIZE = 4 * 1024 * 1024

# Writes version 1, 2, 3... of one file forever, each complete and self-describing:
# a header line "v<n> <length>" and then the same byte repeated.
WRITER = """
import sys
from pathlib import Path
from scrutiny import files
target, size = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    body = bytes([65 + n % 26]) * size
    files.write_atomic(target, f"v{n} {size}\\n".encode() + body, overwrite=sys.argv[3] == "1")
    if sys.argv[3] == "0":
        target.unlink()
"""


def _complete(data: bytes) -> bool:
    header, _, body = data.partition(b"\n")
    version, length = header.split()
    n = int(version[1:])
    return len(body) == int(length) and body == bytes([65 + n % 26]) * int(length)


def _kill_writer(target: Path, overwrite: bool, rng: random.Random) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), str(SIZE), "1" if overwrite else "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0, 0.05))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def test_a_killed_overwrite_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    rng = random.Random(7)
    target = tmp_path / "evidence" / "report.md"
    target.parent.mkdir()
    target.write_bytes(f"v0 {SIZE}\n".encode() + b"A" * SIZE)
    for _ in range(KILLS):
        _kill_writer(target, True, rng)
        assert _complete(target.read_bytes())
    leftovers = [p.name for p in target.parent.iterdir() if p.name != "report.md"]
    assert all(name.startswith(".") and name.endswith(".tmp") for name in leftovers)


def test_a_killed_create_leaves_no_file_or_a_whole_one(tmp_path: Path) -> None:
    rng = random.Random(11)
    target = tmp_path / "new.md"
    for _ in range(KILLS):
        _kill_writer(target, False, rng)
        if target.exists():
            assert _complete(target.read_bytes())
            target.unlink()
    assert all(p.name.startswith(".") for p in tmp_path.iterdir())


def _demo(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(REPO / "scrutiny.toml", ws / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", ws / "evidence")
    return ws


def _new(ws: Path, n: int) -> subprocess.Popen[str]:
    env = {**os.environ}
    env.pop("SCRUTINY_WORKSPACE", None)
    body = ws.parent / "body.txt"
    if not body.exists():
        body.write_text("A finding. " * 50_000)
    args = ["new", "finding", "--title", f"Killed writer {n}: partners' attendance"]
    args += ["--area", "core-partners", "--date", "2025-03-01", "--body", "-"]
    with body.open() as stdin:
        return subprocess.Popen(
            [sys.executable, "-m", "scrutiny.cli", "-w", str(ws), *args],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )


def test_scrutiny_new_killed_at_random_points_leaves_only_whole_notes(tmp_path: Path) -> None:
    ws = _demo(tmp_path)
    started = time.monotonic()
    out, err = _new(ws, 0).communicate(timeout=60)
    duration = time.monotonic() - started
    assert out.strip(), err
    rng = random.Random(3)
    rounds = 12
    for n in range(1, rounds + 1):
        proc = _new(ws, n)
        time.sleep(rng.uniform(duration * 0.5, duration * 1.1))
        proc.kill()
        proc.communicate(timeout=30)
    check = subprocess.run(
        [sys.executable, "-m", "scrutiny.cli", "-w", str(ws), "check", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert json.loads(check.stdout) == []
    written = [p for p in Workspace.open(ws).note_files() if "killed-writer" in p.name]
    assert 1 <= len(written) <= rounds + 1
    for path in written:
        assert path.read_text(encoding="utf-8").rstrip().endswith("A finding.")


# Holds the index lock and an exclusive write transaction with uncommitted pages in the
# WAL, then waits to be killed.
HOLDER = """
import fcntl, sqlite3, sys, time
from pathlib import Path
folder = Path(sys.argv[1])
lock = open(folder / "index.lock", "a+")
fcntl.flock(lock, fcntl.LOCK_EX)
db = sqlite3.connect(folder / "index.db", isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("BEGIN EXCLUSIVE")
db.execute("DELETE FROM files")
db.execute("CREATE TABLE junk (x)")
db.executemany("INSERT INTO junk VALUES (?)", [("x" * 1000,)] * 5000)
print("ready", flush=True)
time.sleep(600)
"""


def _cli(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrutiny.cli", "-w", str(ws), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_index_locked_by_a_killed_process_recovers(tmp_path: Path) -> None:
    import sqlite3

    ws = _demo(tmp_path)
    expected = _cli(ws, "recs", "--format", "json")
    assert expected.returncode == 0, expected.stderr
    folder = ws / ".scrutiny"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "ready"
    assert Path(f"{folder / 'index.db'}-wal").stat().st_size > 0
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    # The flock died with its process; the half-written WAL is rolled back on opening.
    started = time.monotonic()
    after = _cli(ws, "recs", "--format", "json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(expected.stdout)
    assert time.monotonic() - started < 30
    assert _cli(ws, "check").returncode == 0
    db = sqlite3.connect(folder / "index.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'junk'").fetchall() == []
    finally:
        db.close()
