"""``check``, ``recs`` and ``new`` in parallel processes: no crash, no corrupt index, true answers.

Three worker processes each run the command line in-process (Typer's CliRunner), so 50
rounds of three concurrent commands cost seconds, not a minute of interpreter start-ups.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from typer.testing import CliRunner

from scrutiny.cli import app

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 50


def invoke(ws: str, args: list[str]) -> tuple[int, str, str, str]:
    """Run one command in this worker process; report any exception as text."""
    result = CliRunner().invoke(app, ["-w", ws, *args], env={"SCRUTINY_WORKSPACE": None})
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = f"{type(result.exception).__name__}: {result.exception}"
    return result.exit_code, result.stdout, result.stderr, crash


def _copy(target: Path, evidence: Path) -> Path:
    target.mkdir()
    shutil.copy(REPO / "scrutiny.toml", target / "scrutiny.toml")
    shutil.copytree(evidence, target / "evidence")
    return target


def test_check_recs_and_new_in_parallel_agree_with_a_fresh_index(tmp_path: Path) -> None:
    ws = _copy(tmp_path / "ws", REPO / "evidence")
    before = len(list((ws / "evidence").rglob("*.md")))
    jobs = []
    for n in range(ROUNDS):
        jobs += [
            ["check"],
            ["recs", "--format", "json"],
            [
                "new", "activity", "--title", f"Parallel meeting {n}", "--area", "core-partners",
                "--source", "meeting", "--date", "2025-02-01", "--body", f"Round {n}.",
            ],
        ]  # fmt: skip
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(3, mp_context=context) as pool:
        results = list(pool.map(invoke, [str(ws)] * len(jobs), jobs))
    crashes = [(args, r) for args, r in zip(jobs, results, strict=True) if r[3] or r[0] != 0]
    assert not crashes, crashes[:3]
    assert not any("Traceback" in r[1] + r[2] for r in results)
    recs = {r[1] for args, r in zip(jobs, results, strict=True) if args[0] == "recs"}
    assert len(recs) == 1  # `new activity` never changes the recommendations
    made = {r[1].strip() for args, r in zip(jobs, results, strict=True) if args[0] == "new"}
    assert len(made) == ROUNDS
    assert len(list((ws / "evidence").rglob("*.md"))) == before + ROUNDS

    db = sqlite3.connect(ws / ".scrutiny" / "index.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()

    fresh = _copy(tmp_path / "fresh", ws / "evidence")
    for args in (["recs", "--format", "json"], ["notes", "--all", "--format", "json"], ["check"]):
        here, there = invoke(str(ws), args), invoke(str(fresh), args)
        assert here[0] == there[0] == 0, (args, here[2], there[2])
        assert json.loads(here[1] or "null") == json.loads(there[1] or "null"), args
    assert recs == {invoke(str(fresh), ["recs", "--format", "json"])[1]}
