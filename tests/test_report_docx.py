"""Word output: real heading, list and table styles, and a reference document's styles kept."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from test_report_helpers import copy_demo
from typer.testing import CliRunner

from scrutiny.cli import app


def invoke(ws: Path, *args: str) -> int:
    result = CliRunner().invoke(app, ["-w", str(ws), "report", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


def test_docx_uses_real_styles(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert invoke(demo, "--period", "2025-26", "--format", "docx", "-o", str(out)) == 0
    word = docx.Document(str(out))
    styles = {p.style.name for p in word.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "List Bullet"} <= styles
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("6. Independent scrutiny of Northfield")
    assert headings[1].startswith("7. Potential risks")
    assert len(word.tables) == 2  # progress on recommendations (6.7) and on risks (7.3)
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "ID",
        "Recommendation",
        "Status",
        "Latest response",
    ]
    assert [c.text for c in word.tables[1].rows[0].cells][:2] == ["ID", "Risk"]
    assert table.style is not None and table.style.name in ("Light Grid Accent 1", "Table Grid")
    assert len(list(word.comments)) == 0


def test_draft_docx_has_source_comments(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    assert invoke(demo, "--period", "2024-25", "--format", "docx", "--draft", "-o", str(out)) == 0
    word = docx.Document(str(out))
    texts = [c.text for c in word.comments]
    assert any("REC-01: evidence/2024-25/2025-03-18-rec-01-broaden-dataset.md" in t for t in texts)
    assert not any("No evidence" in p.text for p in word.paragraphs)  # every area has evidence


def test_reference_docx_styles_are_kept(demo: Path, tmp_path: Path) -> None:
    reference = tmp_path / "house-style.docx"
    base = docx.Document()
    heading = base.styles["Heading 1"]
    heading.font.name = "Courier New"
    heading.font.size = Pt(20)
    base.add_paragraph("Template boilerplate that must not survive", style="Normal")
    base.save(str(reference))

    out = tmp_path / "r.docx"
    code = invoke(
        demo,
        "--period",
        "2024-25",
        "--format",
        "docx",
        "--reference-docx",
        str(reference),
        "-o",
        str(out),
    )
    assert code == 0
    word = docx.Document(str(out))
    assert word.styles["Heading 1"].font.name == "Courier New"
    assert word.styles["Heading 1"].font.size == Pt(20)
    assert all("boilerplate" not in p.text for p in word.paragraphs)
    assert word.paragraphs[0].style.name == "Heading 1"


def test_reference_docx_only_for_docx(demo: Path, tmp_path: Path) -> None:
    reference = tmp_path / "house.docx"
    docx.Document().save(str(reference))
    assert invoke(demo, "--format", "md", "--reference-docx", str(reference)) == 2
