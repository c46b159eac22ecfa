"""Several processes refreshing one index at once never corrupt it or disagree."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _demo(tmp_path: Path) -> Path:
    ws = tmp_path / "demo"
    ws.mkdir()
    shutil.copy(REPO / "scrutiny.toml", ws / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", ws / "evidence")
    return ws


def _run(ws: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scrutiny.cli", "-w", str(ws), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_parallel_first_index_gives_one_answer(tmp_path: Path) -> None:
    ws = _demo(tmp_path)
    procs = [_run(ws, "recs", "--format", "json") for _ in range(6)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    outputs = {out for out, _ in results}
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) == 10
    assert not any("Traceback" in err for _, err in results)


def test_database_url_puts_the_index_elsewhere(tmp_path: Path) -> None:
    ws = _demo(tmp_path)
    other = tmp_path / "elsewhere.db"
    proc = _run(ws, "--database-url", f"sqlite:///{other}", "recs", "--format", "json")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert other.is_file()
    assert not (ws / ".scrutiny" / "index.db").exists()
    default = _run(ws, "recs", "--format", "json")
    out2, _ = default.communicate(timeout=120)
    assert json.loads(out) == json.loads(out2)
