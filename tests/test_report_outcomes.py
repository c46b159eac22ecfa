"""The report says what the partnership did, the way a partnership publishes it.

One workspace, written here, exercises every point: responses recorded with ``scrutiny
respond`` (automatic titles), a recommendation not accepted with a reason, one superseded,
a mitigated and a realised risk, a finding on three areas, and bodies with bold, a link,
a numbered list, a quote and raw HTML. The Markdown, HTML and Word outputs are parsed
and each point is asserted in each.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook
from test_report_helpers import parse_markdown

NAME = "Riverside Safeguarding Children Partnership"
ONCE = "Practitioners across agencies described ONCE-MARKER the same referral delays"

NOTES = {
    "evidence/2023/rec-01.md": """\
        ---
        kind: recommendation
        id: REC-01
        date: 2023-06-01
        title: Publish a neglect strategy
        areas: [core-partners]
        owner: Neglect subgroup
        ---
        The partnership should publish a neglect strategy.
        """,
    "evidence/2023/rec-03.md": """\
        ---
        kind: recommendation
        id: REC-03
        date: 2023-07-01
        title: Review the front door
        areas: [quality-assurance]
        ---
        The partnership should review how referrals are handled at the front door.
        """,
    "evidence/2023/risk-01.md": """\
        ---
        kind: risk
        id: RISK-01
        date: 2023-08-01
        title: Police restructure
        category: strategic
        ---
        The police are restructuring their safeguarding teams.
        """,
    "evidence/2024/workshop.md": """\
        ---
        kind: activity
        date: 2024-05-10
        title: Joint workshop on referrals
        areas: [core-partners, wider-partners, training]
        source: meeting
        ---
        The scrutineer attended a **joint workshop** on referrals, described in
        [the partnership plan](https://example.org/plan) and *well attended*. Nobody may
        follow [this link](javascript:alert(1)) or see <b>raw</b> markup.

        The workshop agreed three steps:

        1. Map the referral routes.
        2. Agree a shared form.
        3. Report back in the autumn.

        > It felt like the first time we were all in one room.

        A closing paragraph with `inline code`.
        """,
    "evidence/2024/finding.md": f"""\
        ---
        kind: finding
        date: 2024-06-01
        title: Referral delays are shared
        areas: [core-partners, wider-partners, training]
        judgement: concern
        ---
        {ONCE}.
        """,
    "evidence/2024/rec-02.md": """\
        ---
        kind: recommendation
        id: REC-02
        date: 2024-07-01
        title: Fund a second designated nurse
        areas: [core-partners]
        ---
        The ICB should fund a second designated nurse post.
        """,
    "evidence/2024/rec-04.md": """\
        ---
        kind: recommendation
        id: REC-04
        date: 2024-07-02
        title: Redesign the front door
        areas: [quality-assurance, wider-partners]
        owner: Director of Children's Services
        due: 2025-12-31
        evidence: [REC-03]
        ---
        The partnership should redesign the front door with **all** partners.
        """,
    "evidence/2024/risk-02.md": """\
        ---
        kind: risk
        id: RISK-02
        date: 2024-08-01
        title: Waiting lists for speech and language therapy
        category: operational
        ---
        Children wait too long for speech and language therapy.
        """,
    "evidence/2024/risk-03.md": """\
        ---
        kind: risk
        id: RISK-03
        date: 2024-09-01
        title: Funding of the business unit
        category: strategic
        ---
        The business unit's funding for next year is not agreed.
        """,
}

RESPONSES = [
    ("REC-01", "in-progress", "2024-08-14", "Business Unit", "Draft policy out for consultation."),
    (
        "REC-02",
        "not-accepted",
        "2024-09-10",
        "Riverside ICB",
        "The board cannot fund a second post this year.",
    ),
    ("REC-03", "superseded", "2024-09-11", "", "Replaced by the front door redesign."),
    ("RISK-01", "realised", "2024-10-01", "Police", "Two safeguarding teams were merged."),
    (
        "RISK-02",
        "mitigated",
        "2024-11-01",
        "Health trust",
        "A new clinic cleared the waiting list.",
    ),
]


@pytest.fixture
def riverside(
    make_workspace: Callable[..., Path], run: Callable[..., tuple[int, str, str]]
) -> Path:
    """The workspace, responses recorded through the command line as a scrutineer would."""
    root = make_workspace(NOTES, name=NAME, start_month=4)
    for item, status, day, by, body in RESPONSES:
        args = ["respond", item, "--status", status, "--date", day, "--body", body]
        if by:
            args += ["--by", by]
        code, _, err = run(root, *args)
        assert code == 0, err
    code, out, err = run(root, "check")
    assert (code, out, err) == (0, "", "")
    return root


def report(run: Callable[..., tuple[int, str, str]], root: Path, *args: str) -> str:
    code, out, err = run(root, "report", "--period", "2024-25", *args)
    assert code == 0, err
    return out


class _Text(HTMLParser):
    """The text of an HTML page and the elements it used."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_html(text: str) -> _Text:
    parser = _Text()
    parser.feed(text)
    return parser


def docx_text(word: docx.document.Document) -> str:
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts.extend(c.text for row in table.rows for c in row.cells)
    return "\n".join(parts)


@pytest.fixture
def outputs(riverside: Path, run: Callable[..., tuple[int, str, str]], tmp_path: Path) -> dict:
    md = report(run, riverside)
    html = report(run, riverside, "--format", "html")
    target = tmp_path / "report.docx"
    report(run, riverside, "--format", "docx", "-o", str(target))
    return {"md": md, "html": html, "docx": docx.Document(str(target)), "path": target}


# -- 1. responses in their own words ----------------------------------------------------------


def test_the_progress_table_says_what_the_partnership_said(outputs: dict) -> None:
    rows = {
        r[0]: r
        for r in parse_markdown(outputs["md"]).tables["6.7. Progress on previous recommendations"]
    }
    assert rows["REC-01"][2] == "In progress"
    assert rows["REC-01"][3] == "14 August 2024, Business Unit: Draft policy out for consultation."
    assert "REC-01: in-progress" not in outputs["md"]  # the automatic title is not printed
    assert "Draft policy out for consultation." in "".join(read_html(outputs["html"]).text)
    word = outputs["docx"]
    cells = [c.text for c in word.tables[0].rows[1].cells]
    assert cells[0] == "REC-01" and cells[3].endswith(
        "Business Unit: Draft policy out for consultation."
    )


def test_trace_and_trackers_carry_the_response_text_and_who(
    riverside: Path, run: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    code, out, _ = run(riverside, "trace", "REC-01", "--format", "json")
    events = json.loads(out)["events"]
    said = next(e for e in events if e["type"] == "status")
    assert said["text"] == "Draft policy out for consultation."
    assert said["by"] == "Business Unit"
    code, table, _ = run(riverside, "trace", "REC-01")
    assert code == 0
    assert "Business Unit: Draft policy out" in table and "for consultation." in table
    target = tmp_path / "recs.xlsx"
    code, _, err = run(riverside, "export", "recs", "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    sheet = load_workbook(target)["Recommendations"]
    header = [c.value for c in sheet[1]]
    row = {
        header[i]: c.value
        for i, c in enumerate(next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "REC-01"))
    }
    assert row["What the response said"] == "Draft policy out for consultation."
    assert row["Response by"] == "Business Unit"


def test_a_response_with_no_body_falls_back_to_its_title(
    riverside: Path, run: Callable[..., tuple[int, str, str]], write_note: Callable[..., Path]
) -> None:
    write_note(
        riverside,
        "evidence/2024/bare.md",
        """\
        ---
        kind: response
        date: 2024-12-01
        title: Strategy approved by the Executive
        responds_to: [REC-01]
        status: implemented
        ---
        """,
    )
    rows = {
        r[0]: r
        for r in parse_markdown(report(run, riverside)).tables[
            "6.7. Progress on previous recommendations"
        ]
    }
    assert rows["REC-01"][3] == "1 December 2024: Strategy approved by the Executive"


# -- 2. recommendations identifiable in print ---------------------------------------------------


def test_recommendations_print_their_id_owner_and_due_date(
    riverside: Path, run: Callable[..., tuple[int, str, str]], outputs: dict
) -> None:
    bullets = parse_markdown(outputs["md"]).bullets
    qa = bullets[
        (
            "6.4. Appropriate quality assurance procedures are in place for data collection, audit and information sharing",
            "Recommendation",
        )
    ]
    assert qa == [
        "**REC-04:** The partnership should redesign the front door with **all** partners. "
        "*Owner: Director of Children's Services. Due by 31 December 2025.*"
    ]
    html = outputs["html"]
    assert (
        "<strong>REC-04:</strong> The partnership should redesign the front door with <strong>all</strong>"
        in html
    )
    word_items = [p for p in outputs["docx"].paragraphs if p.text.startswith("REC-04:")]
    assert word_items and word_items[0].runs[0].bold
    settings = riverside / "scrutiny.toml"
    settings.write_text(settings.read_text() + "\n[report]\nrecommendation_ids = false\n")
    md = report(run, riverside, "--section", "6")
    section6 = md.split("## 6.7.")[0]
    assert "REC-04" not in section6
    assert "- The partnership should redesign the front door with **all** partners." in section6
    assert "- Redesign the front door (see 6.4)." in section6


# -- 3. every outcome reported -------------------------------------------------------------------


def test_every_recommendation_outcome_is_in_the_progress_table(outputs: dict) -> None:
    rows = {
        r[0]: r
        for r in parse_markdown(outputs["md"]).tables["6.7. Progress on previous recommendations"]
    }
    assert list(rows) == ["ID", "REC-01", "REC-03", "REC-02"]
    intro = parse_markdown(outputs["md"]).paragraphs[
        ("6.7. Progress on previous recommendations", "")
    ][0]
    assert intro.startswith(
        "Two recommendations made before April 2024 were still open at the start of the period."
        " Of those made during the period, one was not accepted by the end of March 2025."
    )
    assert rows["REC-02"][2] == "Not accepted"
    assert rows["REC-02"][3] == (
        "10 September 2024, Riverside ICB: The board cannot fund a second post this year."
    )
    assert rows["REC-03"][2] == "Superseded by REC-04"
    # The not-accepted recommendation is printed where it was made, and says so.
    assert "*Not accepted: see 6.7.*" in outputs["md"]


def test_section_7_lists_only_open_risks_and_reports_the_others(outputs: dict) -> None:
    doc = parse_markdown(outputs["md"])
    section7 = [h for h in doc.h2 if h.startswith("7.")]
    assert section7 == [
        "7.1. Funding of the business unit",
        "7.2. Operational activity",
        "7.3. Progress on risks monitored during the period",
    ]
    assert doc.bullets.get(("7.2. Operational activity", "")) is None  # RISK-02 was mitigated
    rows = {r[0]: r for r in doc.tables["7.3. Progress on risks monitored during the period"]}
    assert rows["RISK-01"][2:] == [
        "Realised",
        "1 October 2024, Police: Two safeguarding teams were merged.",
    ]
    assert rows["RISK-02"][2] == "Mitigated"
    assert "RISK-03" not in rows
    html = read_html(outputs["html"])
    assert "Progress on risks monitored during the period" in "".join(html.text)


# -- 4. said once ------------------------------------------------------------------------------------


def test_a_note_on_three_areas_is_printed_once(outputs: dict) -> None:
    assert outputs["md"].count("ONCE-MARKER") == 1
    assert "".join(read_html(outputs["html"]).text).count("ONCE-MARKER") == 1
    assert docx_text(outputs["docx"]).count("ONCE-MARKER") == 1
    assert outputs["md"].count("joint workshop") == 1
    md = parse_markdown(outputs["md"])
    wider = md.paragraphs[
        (
            "6.2. The wider safeguarding partners (including relevant agencies) are actively involved in safeguarding children",
            "Findings",
        )
    ]
    assert wider == [
        "Also relevant to this area, and described under 6.1: Referral delays are shared (1 June 2024)."
    ]
    # A recommendation on two areas: in full under the first, referred to under the second.
    assert outputs["md"].count("redesign the front door with") == 1
    assert "- **REC-04:** Redesign the front door (see 6.4)." in outputs["md"]


def test_the_draft_shows_where_a_cross_reference_points(
    riverside: Path, run: Callable[..., tuple[int, str, str]]
) -> None:
    md = report(run, riverside, "--draft")
    assert "described under 6.1: Referral delays are shared (1 June 2024). [^finding]" in md
    assert "[^finding]: evidence/2024/finding.md" in md


# -- 5. Markdown in bodies ---------------------------------------------------------------------------


def test_markdown_bodies_render_in_html(outputs: dict) -> None:
    html = outputs["html"]
    page = read_html(html)
    tags = [t for t, _ in page.tags]
    assert "<strong>joint workshop</strong>" in html and "<em>well attended</em>" in html
    assert ("a", {"href": "https://example.org/plan"}) in page.tags
    assert "<code>inline code</code>" in html
    assert "ol" in tags and "blockquote" in tags
    assert [t for t, _ in page.tags[tags.index("ol") :]][:4] == ["ol", "li", "li", "li"]
    assert "javascript" not in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html and "<b>" not in html
    assert "**" not in "".join(page.text)


def test_markdown_bodies_render_in_word(outputs: dict) -> None:
    word = outputs["docx"]
    runs = [r for p in word.paragraphs for r in p.runs]
    assert any(r.text == "joint workshop" and r.bold for r in runs)
    assert any(r.text == "well attended" and r.italic for r in runs)
    assert any(r.text == "inline code" and r.font.name == "Consolas" for r in runs)
    links = word.element.body.findall(".//" + qn("w:hyperlink"))
    assert len(links) == 1
    rel = word.part.rels[links[0].get(qn("r:id"))]
    assert rel.target_ref == "https://example.org/plan" and rel.is_external
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == [
        "Map the referral routes.",
        "Agree a shared form.",
        "Report back in the autumn.",
    ]
    quotes = [p.text for p in word.paragraphs if p.style.name == "Quote"]
    assert quotes == ["It felt like the first time we were all in one room."]
    text = docx_text(word)
    assert "**" not in text and "javascript" not in text and "<b>raw</b>" in text


def test_markdown_output_keeps_the_emphasis_and_escapes_the_rest(outputs: dict) -> None:
    md = outputs["md"]
    assert "**joint workshop**" in md and "[the partnership plan](https://example.org/plan)" in md
    assert "1. Map the referral routes.\n2. Agree a shared form." in md
    assert "> It felt like the first time" in md
    assert "\\<b\\>raw\\</b\\>" in md and "javascript" not in md


# -- 6. a Word file a business manager can paste from -------------------------------------------------


def test_word_file_is_a4_british_english_and_names_the_partnership(outputs: dict) -> None:
    word = outputs["docx"]
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    lang = word.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    props = word.core_properties
    assert props.author == NAME and props.title.startswith("Independent scrutiny of " + NAME)
    assert props.created.year == dt.datetime.now().year
    assert props.created.date() >= dt.date.today() - dt.timedelta(days=1)
    # Headings carry their numbers as text, so they keep them when pasted elsewhere.
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert headings[0].startswith("6.1. ")
    # The progress table does not part from its heading and introduction.
    body = list(word.element.body)
    table = word.tables[0]._tbl
    before = body[body.index(table) - 1]
    assert before.find(".//" + qn("w:keepNext")) is not None


def test_paper_and_language_are_settings(
    riverside: Path, run: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    settings = riverside / "scrutiny.toml"
    settings.write_text(settings.read_text() + '\n[report]\npaper = "letter"\nlanguage = "en-US"\n')
    target = tmp_path / "letter.docx"
    report(run, riverside, "--format", "docx", "-o", str(target))
    word = docx.Document(str(target))
    assert abs(word.sections[0].page_width - Mm(215.9)) < Mm(1)
    lang = word.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-US"
    assert '<html lang="en-US">' in report(run, riverside, "--format", "html")


def test_a_reference_that_is_not_a_word_file_is_one_line(
    riverside: Path, run: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    fake = tmp_path / "styles.docx"
    fake.write_text("not a word file")
    code, out, err = run(
        riverside,
        "report",
        "--format",
        "docx",
        "-o",
        str(tmp_path / "x.docx"),
        "--reference-docx",
        str(fake),
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "not a Word document" in err
    assert "Traceback" not in out + err and not (tmp_path / "x.docx").exists()


# -- 7. honest edges -----------------------------------------------------------------------------------


def test_a_period_with_no_notes_warns_and_says_so(
    riverside: Path, run: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, err = run(riverside, "report", "--period", "2019-20")
    assert code == 0
    assert "warning: no notes are dated in 2019-20" in err
    assert "No independent scrutiny of Riverside Safeguarding Children Partnership's" in out


def test_a_period_not_yet_over_speaks_from_the_date_of_the_report(
    riverside: Path, run: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, err = run(riverside, "report", "--period", "2024-25", "--as-of", "2024-10-15")
    assert code == 0
    assert "warning: 2024-25 runs to 2025-03-31: the report describes it as at 2024-10-15" in err
    assert "between April 2024 and 15 October 2024" in out
    assert "at the date of this report (15 October 2024)" in out
    assert "March 2025" not in out.split("# 7.")[0]
    # Notes after the report's date are not used: RISK-02 was mitigated on 1 November.
    assert "Waiting lists for speech and language therapy" in out.split("## 7.3.")[0]


# -- 8. house style -------------------------------------------------------------------------------------


def test_counts_below_ten_are_words(outputs: dict) -> None:
    assert "the scrutineers attended one meeting relating to this area" in outputs["md"]
    assert re.search(r"\b1 (meeting|risks|recommendations)\b", outputs["md"]) is None
    assert "Two recommendations made before April 2024 were still open" in outputs["md"]
