"""Run the benchmark: ``python -m bench [--sizes 1000,10000,50000]``.

Each stage runs in a fresh subprocess so that peak RSS and import costs are its own. The
floor for the index stages (read every file and parse its front matter with libyaml's
CSafeLoader) is measured in the same run, on the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STAGE = [sys.executable, "-m", "bench.stage"]
#: As an installed package runs: with compiled bytecode (some shells turn it off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_stage(name: str, ws: Path, *extra: str, repeat: int = 1) -> dict[str, float]:
    """Run one stage in a fresh subprocess (best of ``repeat``); return its JSON result."""
    best: dict[str, float] | None = None
    for _ in range(repeat):
        out = subprocess.run(
            [*STAGE, name, str(ws), *extra],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=ENV,
            check=False,
        )
        if out.returncode != 0:
            raise SystemExit(f"stage {name} failed:\n{out.stderr}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result.get("seconds", 0) < best.get("seconds", 0):
            best = result
    assert best is not None
    return best


def median_stage(name: str, ws: Path, runs: int = 3) -> dict[str, float]:
    """Run one stage ``runs`` times; the median of each measure (the TUI's vary most)."""
    results = [run_stage(name, ws) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


#: The installed entry point, as users run it (``python -m scrutiny.cli`` if there is none).
SCRUTINY = Path(sys.executable).with_name("scrutiny")


def whole_process(
    ws: Path, *args: str, repeat: int = 3, expect: Callable[[str], bool] | None = None
) -> tuple[float, float]:
    """Best wall time of a whole ``scrutiny`` process (warm index), and its peak RSS in MB.

    ``expect`` is given what the first (warming) run printed, stdout and stderr together,
    and says whether it is what the workspace holds: a stage that timed another workspace
    (as ``python -m scrutiny.cli`` once did, losing ``-w``) stops the benchmark.
    """
    command = [str(SCRUTINY)] if SCRUTINY.exists() else [sys.executable, "-m", "scrutiny.cli"]
    exe = [*command, "-w", str(ws), *args]
    warm = subprocess.run(
        exe, capture_output=True, text=True, env=ENV, check=False
    )  # warm the index
    if warm.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{warm.stderr}")
    if expect is not None and not expect(warm.stdout + warm.stderr):
        raise SystemExit(f"{' '.join(args)} did not run on {ws}:\n{warm.stderr[-2000:]}")
    best = float("inf")
    rss = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(exe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        best = min(best, time.perf_counter() - start)
        rss = max(rss, usage.ru_maxrss / 1024)
        if status != 0:
            raise SystemExit(f"{' '.join(args)} exited {status}")
    return best, rss


def tab(ws: Path, word: str, repeat: int = 5) -> tuple[float, float, list[str]]:
    """Best wall time and peak RSS of the shell's Tab after ``scrutiny trace WORD`` (bash),
    and what it offered. The slow answer (through the whole CLI, which also brings the
    index up to date) comes first and must equal the timed one."""
    command = [str(SCRUTINY)] if SCRUTINY.exists() else [sys.executable, "-m", "scrutiny.cli"]
    env = {
        **ENV,
        "SCRUTINY_WORKSPACE": str(ws),
        "_SCRUTINY_COMPLETE": "complete_bash",
        "COMP_WORDS": f"scrutiny trace {word}",
        "COMP_CWORD": "2",
    }
    slow = subprocess.run(
        command, env={**env, "SCRUTINY_SLOW_COMPLETE": "1"}, capture_output=True, text=True
    )
    best, rss, offered = float("inf"), 0.0, []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        assert proc.stdout is not None
        out = proc.stdout.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        best = min(best, time.perf_counter() - start)
        rss = max(rss, usage.ru_maxrss / 1024)
        offered = out.split()
        if status != 0 or out != slow.stdout or not offered:
            raise SystemExit(f"Tab on {ws} offered {out!r}, the CLI {slow.stdout!r}")
    return best, rss, offered


def add_tab(table: Table, ws: Path, n: int, word: str) -> None:
    seconds, rss, offered = tab(ws, word)
    table.add(
        f"Tab after `scrutiny trace {word}` ({len(offered)} offered; process, best of 5)",
        n,
        seconds,
        rss,
        target="≤ 0.2 s" if n <= 10_000 else "",
        passed=seconds <= 0.2 if n <= 10_000 else None,
        rate=False,
    )


def count_kind(ws: Path, kind: str, until: str | None = None) -> int:
    """How many notes of ``kind`` the workspace holds (read from the files, not the index),
    dated up to ``until`` (YYYY-MM-DD) if given: ``recs`` lists those raised by today."""
    line = f"\nkind: {kind}\n"
    found = 0
    for path in (ws / "evidence").rglob("*.md"):
        front = "\n" + path.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n"
        if line not in front:
            continue
        dated = front.split("\ndate: ", 1)[1][:10] if "\ndate: " in front else ""
        found += until is None or dated <= until
    return found


def json_rows(n: int) -> Callable[[str], bool]:
    """Output that is a JSON list of ``n`` rows (whatever follows it on stderr)."""

    def check(out: str) -> bool:
        try:
            rows, _ = json.JSONDecoder().raw_decode(out.lstrip())
        except ValueError:
            return False
        return isinstance(rows, list) and len(rows) == n

    return check


def docx_text(path: Path) -> str:
    """The body text of a .docx file (its XML, which holds it)."""
    import zipfile

    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def names(ws: Path) -> Callable[[str], bool]:
    """Output that names the workspace's partnership (from its scrutiny.toml)."""
    import tomllib

    name = tomllib.loads((ws / "scrutiny.toml").read_text(encoding="utf-8"))["name"]
    return lambda out: name in out


class Table:
    """Collects rows and prints them as a Markdown table (for the README)."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []
        #: (stage, notes, seconds) of every row, for the chart.
        self.points: list[tuple[str, int, float]] = []

    def add(
        self,
        stage: str,
        n: int,
        seconds: float,
        rss: float,
        floor: float | None = None,
        target: str = "",
        passed: bool | None = None,
        *,
        rate: bool = True,
    ) -> None:
        """One row; ``rate=False`` for a stage whose seconds are not spent on the notes."""
        per_second = f"{n / seconds:,.0f}" if rate and seconds > 0 and n else ""
        ratio = f"{seconds / floor:.2f}×" if floor else ""
        verdict = "" if passed is None else ("PASS" if passed else "MISS")
        self.points.append((stage, n, seconds))
        self.rows.append(
            (stage, f"{n:,}", f"{seconds:.3f}", per_second, f"{rss:.0f}", ratio, target, verdict)
        )
        print(" | ".join(self.rows[-1]), flush=True)

    def markdown(self) -> str:
        head = ("stage", "N", "seconds", "notes/s", "peak RSS MB", "× floor", "target", "")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines)


#: How the TUI notices outside changes in the idle stage: watching is measured against
#: the targets; polling (the fallback) is shown beside it for comparison.
IDLE_MODES = (("watch", "watching"), ("poll", "polling, for comparison"))


def bench_idle(table: Table, n: int, ws: Path, seconds: float) -> None:
    """The TUI left open with no input: RSS growth and CPU share (``--idle``), watching
    for outside changes and then polling for them."""
    minutes = f"{seconds / 60:g} min"
    for mode, said in IDLE_MODES:
        idle = run_stage("tui-idle", ws, str(seconds), mode)
        judged = mode == "watch"
        growth = idle["rss_growth_mb"]
        table.add(
            f"TUI idle {minutes}, {said}: RSS {idle['rss_start_mb']:.0f} →"
            f" {idle['rss_end_mb']:.0f} MB (+{growth:.1f} MB)",
            n,
            idle["seconds"],
            idle["rss_mb"],
            target="≤ 10 MB growth" if judged else "",
            passed=growth <= 10 if judged else None,
            rate=False,
        )
        share = idle["cpu_share"] * 100
        table.add(
            f"TUI idle {minutes}, {said}: CPU {share:.2f} % of a core",
            n,
            idle["seconds"],
            idle["rss_mb"],
            target="≤ 1 %" if judged else "",
            passed=share <= 1 if judged else None,
            rate=False,
        )


def bench_idle_only(table: Table, n: int, tmp: Path, seconds: float) -> None:
    """Only the idle stage (``--idle-only``), on a generated workspace with a warm index."""
    from bench.generate import generate

    ws = generate(tmp / f"ws{n}", n)
    run_stage("refresh", ws)  # the first index, so the app starts as it does every day
    bench_idle(table, n, ws, seconds)
    shutil.rmtree(ws)


#: Cold index targets above 10,000 notes: seconds and peak MB.
COLD_LIMITS = {50_000: (8, 150), 250_000: (45, 400)}
#: Warm whole-process targets of the everyday questions: seconds at 10,000 and 50,000.
WARM_LIMITS = {10_000: 0.3, 50_000: 0.6}


def bench_questions(table: Table, n: int, ws: Path) -> None:
    """check, a search, a trace and coverage, each a whole warm process."""
    first = json.loads(
        subprocess.run(
            [str(SCRUTINY), "-w", str(ws), "recs", "--format", "json"],
            capture_output=True,
            text=True,
            env=ENV,
            check=True,
        ).stdout
    )[0]["id"]
    limit = WARM_LIMITS.get(n)
    questions: list[tuple[str, tuple[str, ...], Callable[[str], bool], float | None]] = [
        ("scrutiny check (process)", ("check", "--format", "json"), _json_list, limit),
        (
            "scrutiny notes --search thresholds (process)",
            ("notes", "--search", "thresholds", "--format", "json"),
            lambda out: _json_list(out) and "-activity-" in out,
            limit,
        ),
        (f"scrutiny trace {first} (process)", ("trace", first), lambda out: first in out, limit),
        (
            "scrutiny coverage, one period (process)",
            ("coverage", "--format", "json"),
            lambda out: '"area": "core-partners"' in out,
            None,
        ),
    ]
    for label, args, expect, seconds_limit in questions:
        seconds, rss = whole_process(ws, *args, expect=expect)
        table.add(
            label,
            n,
            seconds,
            rss,
            target=f"≤ {seconds_limit} s" if seconds_limit else "",
            passed=seconds <= seconds_limit if seconds_limit else None,
        )


def _json_list(out: str) -> bool:
    try:
        found, _ = json.JSONDecoder().raw_decode(out.lstrip())
    except ValueError:
        return False
    return isinstance(found, list)


def bench_size(table: Table, n: int, tmp: Path, with_tui: bool, idle: float | None) -> None:
    from bench.generate import generate

    ws = generate(tmp / f"ws{n}", n)
    repeat = 3 if n <= 10_000 else 1  # this machine is shared: take the best of three
    floor = run_stage("floor", ws, repeat=repeat)
    table.add("floor: read + CSafeLoader", n, floor["seconds"], floor["rss_mb"])
    peer = run_stage("peer", ws, repeat=repeat)
    table.add(
        "peer: minimal indexer (walk, CSafeLoader, one table + FTS5)",
        n,
        peer["seconds"],
        peer["rss_mb"],
        floor["seconds"],
    )
    cold = run_stage("cold", ws, repeat=repeat)
    seconds, mb = cold["seconds"], cold["rss_mb"]
    if n == 10_000:
        target = "≤ 1.5× floor, ≤ 1.5× peer"
        ok = seconds <= 1.5 * floor["seconds"] and seconds <= 1.5 * peer["seconds"]
    elif n in COLD_LIMITS:
        limit, most = COLD_LIMITS[n]
        target, ok = f"≤ {limit} s, ≤ {most} MB", seconds <= limit and mb <= most
    else:
        target, ok = "", None
    table.add(
        f"cold index ({seconds / peer['seconds']:.1f}× peer)",
        n,
        seconds,
        mb,
        floor["seconds"],
        target,
        ok,
    )
    same = run_stage("refresh", ws)
    limit = 0.1 if n <= 10_000 else 0.5 if n <= 50_000 else 1.0
    table.add(
        "refresh, nothing changed",
        n,
        same["seconds"],
        same["rss_mb"],
        target=f"≤ {limit} s" if n >= 10_000 else "",
        passed=same["seconds"] <= limit if n >= 10_000 else None,
    )
    one = run_stage("refresh-one", ws)
    table.add(
        "refresh, one note changed",
        n,
        one["seconds"],
        one["rss_mb"],
        target="≤ 0.15 s" if n == 10_000 else "",
        passed=one["seconds"] <= 0.15 if n == 10_000 else None,
    )
    recs = count_kind(ws, "recommendation", time.strftime("%Y-%m-%d"))
    seconds, rss = whole_process(ws, "recs", "--format", "json", expect=json_rows(recs))
    table.add(
        "scrutiny recs --format json (process)",
        n,
        seconds,
        rss,
        target="≤ 0.6 s" if n in (10_000, 50_000) else "",
        passed=seconds <= 0.6 if n in (10_000, 50_000) else None,
    )
    add_tab(table, ws, n, "REC-000")
    bench_questions(table, n, ws)
    seconds, rss = whole_process(ws, "report", "--format", "md", "--draft", expect=names(ws))
    table.add(
        "scrutiny report, one period (process)",
        n,
        seconds,
        rss,
        target="≤ 1 s" if n == 10_000 else "",
        passed=seconds <= 1.0 if n == 10_000 else None,
    )
    meeting = time.strftime("%Y-%m-%d")
    seconds, rss = whole_process(
        ws,
        "pack",
        "--meeting",
        meeting,
        "--format",
        "docx",
        "-o",
        str(tmp / "pack.docx"),
        "--allow-flagged",
        expect=lambda _out: names(ws)(docx_text(tmp / "pack.docx")),
    )
    table.add(
        "scrutiny pack --format docx, charts (process)",
        n,
        seconds,
        rss,
        target="≤ 1.5 s" if n == 10_000 else "",
        passed=seconds <= 1.5 if n == 10_000 else None,
    )
    seconds, rss = whole_process(
        ws,
        "export",
        "recs",
        "--format",
        "xlsx",
        "-o",
        str(tmp / "recs.xlsx"),
        expect=lambda out: f"{recs} recommendations," in out,
    )
    table.add(
        "scrutiny export recs --format xlsx (process)",
        n,
        seconds,
        rss,
        target="≤ 1 s" if n == 10_000 else "",
        passed=seconds <= 1.0 if n == 10_000 else None,
    )
    if with_tui and n in (10_000, 50_000):
        tui = median_stage("tui", ws)
        table.add(
            "TUI first paint (from process start, median of 3)",
            n,
            tui["first_paint"],
            tui["rss_mb"],
            target="≤ 1.0 s",
            passed=tui["first_paint"] <= 1.0,
        )
        table.add(
            "TUI search keystroke → repaint (median key of 7, median of 3)",
            n,
            tui["keystroke_median"],
            tui["rss_mb"],
        )
        table.add(
            "TUI search keystroke → repaint (slowest key of 7, median of 3)",
            n,
            tui["keystroke"],
            tui["rss_mb"],
            target="≤ 0.1 s",
            passed=tui["keystroke"] <= 0.1,
        )
    if with_tui and idle is not None and n >= 10_000:
        bench_idle(table, n, ws, idle)
    shutil.rmtree(ws)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI stages")
    parser.add_argument(
        "--idle",
        type=float,
        nargs="?",
        const=180.0,
        metavar="SECONDS",
        help="also leave the TUI idle (3 minutes, or SECONDS) at 10,000 notes and more,"
        " watching for outside changes and then polling for them",
    )
    parser.add_argument(
        "--idle-seconds",
        type=float,
        metavar="SECONDS",
        help="how long the TUI is left idle (implies --idle; 180 unless given)",
    )
    parser.add_argument(
        "--idle-only", action="store_true", help="run only the idle stage (implies --idle)"
    )
    parser.add_argument(
        "--chart",
        type=Path,
        default=REPO / "bench" / "speed.png",
        help="where to draw seconds against notes, log-log (default: bench/speed.png)",
    )
    args = parser.parse_args()
    idle = args.idle_seconds or args.idle
    if idle is None and args.idle_only:
        idle = 180.0
    import compileall

    from scrutiny.yamlfile import LIBYAML

    compileall.compile_dir(REPO / "scrutiny", quiet=1)

    print(f"libyaml in use: {'yes' if LIBYAML else 'NO (install PyYAML with libyaml)'}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    table = Table()
    with tempfile.TemporaryDirectory(prefix="scrutiny-bench-") as tmp:
        if args.idle_only:
            assert idle is not None
            for n in (int(s) for s in args.sizes.split(",") if int(s) >= 10_000):
                bench_idle_only(table, n, Path(tmp), idle)
            print()
            print(table.markdown())
            return
        demo_seconds, demo_rss = whole_process(
            REPO, "recs", "--format", "json", expect=json_rows(count_kind(REPO, "recommendation"))
        )
        table.add(
            "scrutiny recs --format json, demo (process)",
            93,
            demo_seconds,
            demo_rss,
            target="≤ 0.35 s",
            passed=demo_seconds <= 0.35,
        )
        add_tab(table, REPO, 93, "REC")
        for n in (int(s) for s in args.sizes.split(",")):
            bench_size(table, n, Path(tmp), not args.no_tui, idle)
    print()
    print(table.markdown())
    from bench.chart import draw

    if draw(table.points, args.chart):
        print(f"\nchart: {args.chart}")


if __name__ == "__main__":
    main()
