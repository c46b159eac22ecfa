"""Draw the small charts of board packs and comparisons as PNG bytes (matplotlib, no display).

A chart is asked for by a *spec*: plain JSON-ready data (labels and counts, never note
text), so the same spec can be drawn here or in a helper process (``python -m
scrutiny.meetings.draw``, see :mod:`scrutiny.meetings.painter`). This module imports
nothing else from scrutiny, which keeps that helper's start-up to matplotlib's own.

Readable in black and white: bars are told apart by hatching and shades of grey as well as
colour, every bar is labelled by its axis, and text is never smaller than 8 points.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from collections.abc import Callable
from typing import Any

#: Status groups of a recommendation, with a fill and a hatch each (dark to light).
STATUS_GROUPS = (
    ("Open", ("open",), "#1f3b57", ""),
    ("Accepted or in progress", ("accepted", "in-progress"), "#5b7fa3", "//"),
    ("Implemented", ("implemented",), "#a9bfd6", ".."),
    ("Closed", ("closed",), "#e3e9f0", ""),
    ("Not accepted or superseded", ("not-accepted", "superseded"), "#ffffff", "xx"),
)

#: Dots per inch: sharp when printed at the text width of an A4 page.
DPI = 130

Spec = dict[str, Any]


def _figure(width: float, height: float) -> tuple[Any, Any]:
    """A figure and its axes drawn by Agg, without pyplot (no display, no global state,
    and a third of pyplot's import time)."""
    from matplotlib import rcParams
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rcParams.update(
        {
            "font.size": 8,
            "hatch.linewidth": 0.6,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    # Margins set here rather than measured (bbox_inches="tight" draws everything twice).
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def status_bars(labels: list[str], counts: list[list[int]]) -> bytes:
    """Stacked bars: for each label (a month end), recommendations in each status group."""
    figure, axes = _figure(6.2, 2.6)
    bottom = [0] * len(labels)
    for index, (name, _, colour, hatch) in enumerate(STATUS_GROUPS):
        values = [row[index] for row in counts]
        axes.bar(
            labels,
            values,
            bottom=bottom,
            label=name,
            color=colour,
            hatch=hatch,
            edgecolor="#000000",
            linewidth=0.5,
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel("Recommendations")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    figure.subplots_adjust(left=0.08, right=0.66, top=0.95, bottom=0.2)
    return _png(figure)


def area_bars(areas: list[str], first: list[int], second: list[int], labels: list[str]) -> bytes:
    """Grouped bars: scrutiny activity per area in two periods (grey, then hatched black)."""
    figure, axes = _figure(6.2, 2.6)
    positions = list(range(len(areas)))
    width = 0.38
    axes.bar(
        [p - width / 2 for p in positions],
        first,
        width,
        label=labels[0],
        color="#bfbfbf",
        edgecolor="#000000",
        linewidth=0.5,
    )
    axes.bar(
        [p + width / 2 for p in positions],
        second,
        width,
        label=labels[1],
        color="#ffffff",
        hatch="////",
        edgecolor="#000000",
        linewidth=0.5,
    )
    axes.set_xticks(positions, [a.replace("-", "-\n", 1) for a in areas])
    axes.set_ylabel("Scrutiny activities")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False)
    figure.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.2)
    return _png(figure)


CHARTS: dict[str, Callable[..., bytes]] = {"status": status_bars, "areas": area_bars}


def draw(spec: Spec) -> bytes:
    """The chart ``spec`` asks for, as PNG bytes."""
    arguments = {k: v for k, v in spec.items() if k != "chart"}
    return CHARTS[spec["chart"]](**arguments)


def serve() -> None:
    """The helper process: load matplotlib and its fonts at once (while the caller reads
    its workspace), then answer one spec per line of stdin with one line of base64 PNG,
    or ``!`` and the error; end when stdin closes."""
    draw({"chart": "areas", "areas": ["a"], "first": [1], "second": [2], "labels": ["x", "y"]})
    for line in sys.stdin:
        try:
            answer = base64.b64encode(draw(json.loads(line))).decode("ascii")
        except Exception as exc:  # the caller draws it again itself, and sees the error
            answer = "!" + " ".join(str(exc).split())
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
