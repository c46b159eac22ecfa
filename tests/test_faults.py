"""Faults and odd inputs: nothing lost, nothing written wrong with exit 0 (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]

REC = """\
---
kind: recommendation
id: {id}
date: 2025-01-12
title: {title}
areas: [core-partners]
---
The partners should act.
"""


def _scrutiny(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrutiny.cli", "-w", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_twenty_parallel_new_recommendations_get_twenty_ids(
    make_workspace: Callable[..., Path],
) -> None:
    root = make_workspace({"evidence/2024-25/rec.md": REC.format(id="REC-10", title="First")})
    _scrutiny(root, "check")  # the index exists, as in a workspace in use

    def one(n: int) -> subprocess.CompletedProcess[str]:
        return _scrutiny(
            root,
            "new",
            "recommendation",
            "--title",
            f"Parallel {n}",
            "--area",
            "core-partners",
            "--date",
            "2025-02-01",
            "--body",
            f"Recommendation number {n}.",
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        done = list(pool.map(one, range(20)))
    assert all(d.returncode == 0 for d in done), [d.stderr for d in done if d.returncode]
    assert all("Traceback" not in d.stderr for d in done)
    checked = _scrutiny(root, "check")
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    ids = [r["id"] for r in json.loads(_scrutiny(root, "recs", "--format", "json").stdout)]
    assert len(ids) == 21 and len(set(ids)) == 21
    assert sorted(ids) == [f"REC-{n}" for n in range(10, 31)]


def test_an_id_in_a_broken_note_is_not_proposed_again(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    broken = REC.format(id="REC-11", title="Broken").replace("areas: [core-partners]", "areas: [")
    root = make_workspace(
        {
            "evidence/2024-25/rec.md": REC.format(id="REC-10", title="First"),
            "evidence/2024-25/broken.md": broken,
        }
    )
    code, stdout, stderr = run(
        root,
        "new",
        "recommendation",
        "--title",
        "Next",
        "--area",
        "core-partners",
        "--date",
        "2025-02-01",
    )
    assert code == 0, stderr
    assert "rec-12" in stdout


def test_respond_with_nothing_to_say_writes_nothing(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    root = make_workspace({"evidence/2024-25/rec.md": REC.format(id="REC-10", title="First")})
    before = sorted(p.name for p in (root / "evidence").rglob("*.md"))
    code, _, stderr = run(root, "respond", "REC-10")
    assert code == 2
    assert "--status" in stderr and "--body" in stderr and "nothing was written" in stderr
    assert sorted(p.name for p in (root / "evidence").rglob("*.md")) == before


def test_the_library_refuses_an_empty_response_too(make_workspace: Callable[..., Path]) -> None:
    import pytest

    from scrutiny import capture, corpus
    from scrutiny.workspace import Workspace

    root = make_workspace({"evidence/2024-25/rec.md": REC.format(id="REC-10", title="First")})
    loaded = corpus.load(Workspace.open(root))
    with pytest.raises(capture.CaptureError) as caught:
        capture.write_response(loaded, "REC-10")
    assert "says something" in caught.value.problems[0].message


def test_a_period_far_outside_any_reporting_year_is_a_usage_error(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    root = make_workspace({"evidence/2024-25/rec.md": REC.format(id="REC-10", title="First")})
    for label in ("9998-99", "1800-01"):
        code, stdout, stderr = run(root, "report", "--period", label)
        assert code == 2 and stdout == ""
        assert "outside the years" in stderr and "Traceback" not in stderr


def test_a_far_future_date_is_an_error_and_coverage_and_report_still_work(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    far = REC.format(id="REC-11", title="Far").replace("date: 2025-01-12", "date: 9999-12-31")
    root = make_workspace(
        {
            "evidence/2024-25/rec.md": REC.format(id="REC-10", title="First"),
            "evidence/2024-25/far.md": far,
        }
    )
    code, stdout, _ = run(root, "check")
    assert code == 1 and "far.md:4:" in stdout and "outside any reporting year" in stdout
    for args in (("coverage",), ("report",), ("recs",)):
        code, _, stderr = run(root, *args)
        assert code == 0, (args, stderr)
