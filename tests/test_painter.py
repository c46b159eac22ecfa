"""Charts drawn in a helper process are the charts drawn here, and nothing is left behind."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from test_report_helpers import copy_demo

from scrutiny.api import Scrutiny
from scrutiny.meetings import painter as painting
from scrutiny.meetings.charts import areas_spec
from scrutiny.meetings.draw import draw
from scrutiny.meetings.pack import Pack
from scrutiny.meetings.painter import Painter
from scrutiny.report.markdown import render as markdown

AREAS = areas_spec(["core-partners", "training"], [3, 1], [2, 4], ("2024-25", "2025-26 so far"))
STATUS = {"chart": "status", "labels": ["Apr\n2025", "May\n2025"], "counts": [[1, 2, 0, 0, 1]] * 2}


def test_the_helper_draws_what_this_process_draws() -> None:
    with Painter() as painter:
        helper = painter.process
        assert helper is not None
        pictures = [painter.draw(AREAS), painter.draw(STATUS)]
        drawn = [p() for p in pictures]
    assert drawn == [draw(AREAS), draw(STATUS)]
    assert drawn[0][:4] == b"\x89PNG"
    assert helper.poll() is not None  # ended with the with-block: no process left behind


def test_without_a_helper_each_chart_is_drawn_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    with Painter() as painter:
        assert painter.process is None
        assert painter.draw(AREAS)() == draw(AREAS)


def test_a_helper_that_dies_is_replaced_by_drawing_here() -> None:
    with Painter() as painter:
        assert painter.process is not None
        painter.process.kill()
        painter.process.wait()
        first = painter.draw(AREAS)  # written to a dead helper, or failing to be
        second = painter.draw(STATUS)
        assert first() == draw(AREAS) and second() == draw(STATUS)


def test_a_chart_the_helper_cannot_draw_fails_as_it_would_here() -> None:
    with Painter() as painter:
        broken = painter.draw({"chart": "pie"})
        good = painter.draw(AREAS)
        with pytest.raises(KeyError):
            broken()
        assert good() == draw(AREAS)  # the next answer is still read in its turn


def test_markdown_never_draws_a_chart(tmp_path: Path) -> None:
    asked: list[str] = []

    def record(spec: painting.Spec) -> painting.Drawing:
        asked.append(spec["chart"])

        def refuse() -> bytes:
            raise AssertionError("Markdown drew a chart")

        return refuse

    corpus = Scrutiny.open(copy_demo(tmp_path / "demo")).read().corpus
    day = dt.date(2026, 6, 9)
    pack = Pack(corpus, day, dt.date(2026, 4, 1), dt.date(2026, 8, 4), painter=record)
    text = markdown(pack.build())
    assert asked == ["status", "areas"]
    assert "*Figure 1." in text and "*Figure 2." in text
