"""``scrutiny import-report``: last year's published report becomes recommendation and risk notes.

The Havering annual report 2020-21 (a copy of the seed in ``tests/fixtures/import/``)
is read as text, as a Word file built here from its sections 6 and 7, and as a PDF made
from that Word file by LibreOffice (committed as a fixture, so CI without LibreOffice
reads a PDF too; made afresh when LibreOffice is installed). Reports scrutiny generated
from the demo read back as the notes they were made from.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scrutiny import imports
from scrutiny.corpus import load
from scrutiny.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SEED = FIXTURES / "havering-annual-report-2020-21.txt"
PDF = FIXTURES / "havering-2020-21-sections-6-7.pdf"
Run = Callable[..., tuple[int, str, str]]

LOCAL = """\
id: local-six-steps
title: Six steps, with our overall area first
extends: six-steps
areas:
  - id: overall
    title: Overall business plan and response to the pandemic
    before: core-partners
"""


def workspace(root: Path, framework: str = "local-six-steps") -> Path:
    (root / "evidence").mkdir(parents=True)
    (root / "frameworks").mkdir()
    (root / "frameworks" / "local-six-steps.yaml").write_text(LOCAL, "utf-8")
    (root / "scrutiny.toml").write_text(
        f'name = "Havering Safeguarding Children Partnership"\nframework = "{framework}"\n'
        "period_start_month = 10\n",
        "utf-8",
    )
    return root


def sections_6_and_7() -> list[str]:
    lines = SEED.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("6. Independent scrutiny"))
    start = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("6. Independent"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Appendix:"))
    return lines[start:end]


def build_docx(path: Path) -> Path:
    """Sections 6 and 7 as Word: Heading styles, List Bullet, a running header and page
    numbers in the footer (for the PDF made from it)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph(
        "Havering Safeguarding Children Partnership Annual Report October 2020 – September 2021",
        style="Title",
    )
    for line in sections_6_and_7():
        text = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", line.strip())
        if not text:
            continue
        if re.match(r"^\d+\. ", text):
            document.add_paragraph(text, style="Heading 1")
        elif re.match(r"^\d+\.\d+\. ", text):
            document.add_paragraph(text, style="Heading 2")
        elif text.startswith("- "):
            document.add_paragraph(text[2:], style="List Bullet")
        elif len(text) < 100 and not text.endswith((".", ":", ",")) and text[0].isupper():
            document.add_paragraph(text, style="Heading 3")
        else:
            document.add_paragraph(text)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Havering Safeguarding Children Partnership: Annual Report"
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    run = footer.add_run()
    for tag, kind in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        element = OxmlElement(tag)
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = "PAGE"
        run._r.append(element)
    document.save(str(path))
    return path


def notes_of(root: Path) -> list[dict[str, object]]:
    """The imported notes as comparable values (links as their text), in id order."""
    corpus = load(Workspace.open(root))
    assert corpus.problems == []
    out = []
    for note in sorted(corpus.notes, key=lambda n: (n.kind, n.id)):
        out.append(
            {
                "id": note.id,
                "kind": note.kind,
                "title": note.title,
                "text": re.sub(r"\[([^\]]+)\]\(#\)", r"\1", " ".join(note.body.split())),
                "areas": note.areas,
                "for": getattr(note, "for_", None),
                "category": getattr(note, "category", None),
            }
        )
    return out


def test_the_havering_report_gives_its_22_recommendations_and_6_risks(
    tmp_path: Path, run: Run
) -> None:
    root = workspace(tmp_path / "ws")
    code, out, err = run(root, "import-report", str(SEED), "--dry-run")
    assert code == 0, err
    assert not list((root / "evidence").rglob("*.md"))
    assert "would be created   REC-01   recommendation, overall, for partnership:" in out
    assert (
        "havering-annual-report-2020-21.txt, 6.7 Recommendations for ongoing scrutiny, line 902"
        in out
    )
    assert out.endswith("dry run, nothing written: 28 created, 0 unchanged, 0 skipped\n")

    code, out, err = run(root, "import-report", str(SEED))
    assert code == 0, err
    assert out.endswith("28 created, 0 unchanged, 0 skipped\n")
    assert run(root, "check", "--strict")[:2] == (0, "")
    notes = notes_of(root)
    recs = [n for n in notes if n["kind"] == "recommendation"]
    by_area: dict[tuple[str, object], int] = {}
    for rec in recs:
        key = (rec["areas"][0], rec["for"])  # type: ignore[index]
        by_area[key] = by_area.get(key, 0) + 1
    assert by_area == {
        ("overall", "partnership"): 3,
        ("wider-partners", "scrutiny"): 4,
        ("children-families", "scrutiny"): 7,
        ("case-reviews", "scrutiny"): 1,
        ("training", "scrutiny"): 7,
    }
    assert [r["id"] for r in recs] == [f"REC-{n:02d}" for n in range(1, 23)]
    # Each is a whole bullet of the published text, the three after the page break too.
    seed = SEED.read_text("utf-8").splitlines()
    for rec in recs:
        assert f"- {rec['text']}" in seed
    assert recs[-3]["text"].startswith("Assessing whether the training information")
    risks = [n for n in notes if n["kind"] == "risk"]
    assert [(r["id"], r["category"]) for r in risks] == [
        ("RISK-01", "strategic"),
        ("RISK-02", "strategic"),
        ("RISK-03", "strategic"),
        ("RISK-04", "operational"),
        ("RISK-05", "operational"),
        ("RISK-06", "operational"),
    ]
    assert risks[2]["title"] == "NHS reorganisation"
    assert str(risks[2]["text"]).endswith("leaders in partnership working.")
    assert risks[3]["text"] == (
        "Full engagement of member agencies in the implementation of the Adolescent "
        "Safeguarding Strategy and its work."
    )
    # Dated the last day of the period in the report's title; the source is recorded.
    note = (root / "evidence" / "2020-21").glob("2021-09-30-rec-04-*.md")
    text = next(note).read_text("utf-8")
    assert (
        "source_ref: havering-annual-report-2020-21.txt, 6.3 Recommendations for ongoing scrutiny, line 774"
        in text
    )

    # A second import creates nothing.
    code, out, _ = run(root, "import-report", str(SEED), "--format", "json")
    assert code == 0
    assert {row["what"] for row in json.loads(out)} == {"unchanged"}
    code, out, _ = run(root, "import-report", str(SEED))
    assert out.count("unchanged ") == 28 and out.endswith("0 created, 28 unchanged, 0 skipped\n")


def test_the_seed_fixture_is_the_seed() -> None:
    seed = REPO.parent / "shared" / "seeds" / SEED.name
    if not seed.exists():
        pytest.skip("shared/seeds is not beside the repository")
    assert seed.read_bytes() == SEED.read_bytes()


def test_a_heading_matching_no_area_needs_one(tmp_path: Path, run: Run) -> None:
    root = workspace(tmp_path / "ws", framework="six-steps")  # no "overall" area
    code, out, _ = run(root, "import-report", str(SEED), "--dry-run")
    assert code == 0 and "needs an area" in out and "3 skipped" in out
    code, out, _ = run(root, "import-report", str(SEED), "--area", "core-partners")
    assert code == 0 and out.endswith("28 created, 0 unchanged, 0 skipped\n")
    assert run(root, "import-report", str(SEED), "--area", "nowhere")[0] == 2


@pytest.fixture(scope="module")
def from_text(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    root = workspace(tmp_path_factory.mktemp("text") / "ws")
    corpus = load(Workspace.open(root))
    found = imports.find(imports.read_document(SEED), corpus.workspace.framework, SEED.name)
    imports.import_report(corpus, found.proposals, found.period_end)  # type: ignore[arg-type]
    return notes_of(root)


def imported(root: Path, path: Path, run: Run) -> list[dict[str, object]]:
    code, out, err = run(root, "import-report", str(path))
    assert code == 0, err
    assert out.endswith("28 created, 0 unchanged, 0 skipped\n"), out
    assert run(root, "check")[:2] == (0, "")
    assert run(root, "import-report", str(path))[1].endswith("0 created, 28 unchanged, 0 skipped\n")
    return notes_of(root)


def test_the_report_as_word_imports_to_the_same_notes(
    tmp_path: Path, run: Run, from_text: list[dict[str, object]]
) -> None:
    path = build_docx(tmp_path / "havering.docx")
    assert imported(workspace(tmp_path / "ws"), path, run) == from_text


def test_the_report_as_pdf_imports_to_the_same_notes(
    tmp_path: Path, run: Run, from_text: list[dict[str, object]]
) -> None:
    # Made with build_docx and `libreoffice --headless --convert-to pdf`: a header,
    # page numbers, paragraphs and a list broken over pages.
    assert imported(workspace(tmp_path / "ws"), PDF, run) == from_text


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_a_pdf_made_now_by_libreoffice_imports_to_the_same_notes(
    tmp_path: Path, run: Run, from_text: list[dict[str, object]]
) -> None:
    source = build_docx(tmp_path / "havering.docx")
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert imported(workspace(tmp_path / "ws"), tmp_path / "havering.pdf", run) == from_text


@pytest.mark.parametrize("period", ["2024-25", "2025-26"])
def test_a_report_scrutiny_made_imports_back_as_its_notes(
    tmp_path: Path, run: Run, period: str
) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    shutil.copy(REPO / "scrutiny.toml", demo / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", demo / "evidence")
    original = load(Workspace.open(demo))
    span = Workspace.open(demo).parse_period(period)
    raised = {
        n.id: n
        for n in original.notes
        if n.kind == "recommendation" and span.contains(n.date) and not n.restricted
    }
    risks = {n.title: n for n in original.notes if n.kind == "risk"}
    for fmt in ("md", "docx", "html"):
        report = tmp_path / f"report-{period}.{fmt}"
        code, _, err = run(demo, "report", "-p", period, "--format", fmt, "-o", str(report))
        assert code == 0, err
        root = tmp_path / f"empty-{period}-{fmt}"
        workspace(root, framework="six-steps")
        code, _, err = run(root, "import-report", str(report))
        assert code == 0, err
        assert run(root, "check", "--strict")[:2] == (0, "")
        back = load(Workspace.open(root))
        recs = {n.id: n for n in back.notes if n.kind == "recommendation"}
        assert set(recs) == set(raised), fmt
        for rec_id, rec in recs.items():
            was = raised[rec_id]
            assert " ".join(rec.body.split()) == " ".join(was.body.split()), (fmt, rec_id)
            assert rec.areas[0] == was.areas[0] and set(rec.areas) == set(was.areas)
            assert rec.for_ == was.for_  # type: ignore[attr-defined]
            assert rec.owner == was.owner and rec.due == was.due  # type: ignore[attr-defined]
        imported_risks = [n for n in back.notes if n.kind == "risk"]
        assert imported_risks, fmt
        for risk in imported_risks:
            was = risks[risk.title]
            text = was.body.strip()
            if risk.category == "operational":  # the report prints its first paragraph
                text = text.split("\n\n")[0]
            assert " ".join(risk.body.split()) == " ".join(text.split()), (fmt, risk.title)
            assert risk.category == was.category  # type: ignore[attr-defined]
        again = run(root, "import-report", str(report))[1]
        assert "0 created" in again and " 0 skipped" in again, again
