"""The benchmark's chart: seconds against notes, log-log, one line per stage measured at
more than one size (for the README, beside the table)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

#: A stage's series: its label without what changes from size to size (an id, a ratio,
#: a count offered).
_VARIABLE = re.compile(r"\s*\([^)]*(?:×|offered)[^)]*\)|\s+REC-\d+")


def series(stage: str) -> str:
    return _VARIABLE.sub("", stage).strip()


def draw(points: list[tuple[str, int, float]], target: Path) -> bool:
    """Write the chart of ``points`` (stage, notes, seconds) to ``target``; False when no
    stage was measured at two sizes (nothing to draw a line through)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lines: dict[str, dict[int, float]] = defaultdict(dict)
    for stage, n, seconds in points:
        if n > 100 and seconds > 0:
            lines[series(stage)][n] = seconds
    lines = {k: v for k, v in lines.items() if len(v) >= 2}
    if not lines:
        return False
    figure = Figure(figsize=(8, 5), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    markers = "os^vD<>ph*x+"
    for i, (name, found) in enumerate(sorted(lines.items())):
        sizes = sorted(found)
        axes.plot(
            sizes,
            [found[n] for n in sizes],
            marker=markers[i % len(markers)],
            linestyle="-" if i < 10 else "--",
            label=name,
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("notes in the workspace")
    axes.set_ylabel("seconds (wall, whole process where so named)")
    axes.grid(True, which="both", linewidth=0.3)
    axes.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    figure.subplots_adjust(left=0.08, right=0.58, top=0.97, bottom=0.1)
    figure.savefig(target, format="png")
    return True
