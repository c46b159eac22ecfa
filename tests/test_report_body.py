"""Note bodies read as Markdown: the quick path for plain text agrees with the parser."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scrutiny.report import body
from scrutiny.report.model import BulletList, Paragraph

TEXT = st.text(alphabet=st.sampled_from(list("ab c.,'-1\n\t*_#>[]()<&")), max_size=80)


def _slow(text: str) -> list[str]:
    """What the parser makes of ``text``: each block's plain text (the quick path skipped)."""
    marker = "`x` "  # a backtick is markup, so the parser always runs; then drop it again
    blocks = body.parse(marker + text, "n")
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, BulletList):
            out.extend(i.text for i in b.items)
    if out and out[0].startswith("x"):
        out[0] = out[0][1:].strip()
    return [t for t in out if t]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_plain_text_reads_the_same_with_or_without_the_parser(text: str) -> None:
    quick = body.parse(text, "n")
    if all(isinstance(b, Paragraph) and not b.spans for b in quick) and quick:
        assert [b.text for b in quick] == _slow(text)


def test_a_link_to_a_refused_target_keeps_its_text_only() -> None:
    [para] = body.parse("See [the plan](javascript:alert(1)) and [ours](https://x.org).", "n")
    assert isinstance(para, Paragraph)
    assert para.text == "See the plan and ours."
    assert [s.link for s in para.spans if s.link] == ["https://x.org"]


def test_raw_html_is_text() -> None:
    [para] = body.parse("A <script>alert(1)</script> and <b>bold</b>.", "n")
    assert isinstance(para, Paragraph)
    assert para.text == "A <script>alert(1)</script> and <b>bold</b>."
    assert not any(s.bold for s in para.spans)


def test_nested_lists_and_item_paragraphs_lose_nothing() -> None:
    [lst] = body.parse("- one\n\n  more of one\n- two\n  - two a\n- three", "n")
    assert isinstance(lst, BulletList)
    assert [i.text for i in lst.items] == ["one more of one", "two", "two a", "three"]
