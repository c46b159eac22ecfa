"""Readable ids: generated slugs end on a whole word; listings cut the title, never the id."""

from __future__ import annotations

import pytest

from scrutiny import capture

LONG_TITLE = "Discussion with designated safeguarding leads from schools about arrangements"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (LONG_TITLE, "discussion-with-designated"),
        (
            "Partnership executive reviews the multi-agency arrangements",
            "partnership-executive-reviews-the",
        ),
        ("Short title", "short-title"),
        # A hyphen just after the limit: the whole last word fits.
        ("exactly thirty six characters long x and more", "exactly-thirty-six-characters-long-x"),
        # One word longer than the limit can only be cut inside itself.
        ("Supercalifragilisticexpialidociousness and more", "supercalifragilisticexpialidociousne"),
    ],
)
def test_slugs_end_on_a_whole_word(title, slug):
    assert capture.slugify(title) == slug
    assert len(slug) <= 36


def test_a_new_notes_id_is_whole_words_and_listed_whole_at_80_columns(make_workspace, run):
    ws = make_workspace()
    code, out, err = run(
        ws, "new", "activity", "--title", LONG_TITLE, "--area", "training",
        "--source", "discussion", "--date", "2021-03-01",
    )  # fmt: skip
    assert code == 0, err
    note_id = out.strip().rsplit("/", 1)[1].removesuffix(".md")
    assert note_id == "2021-03-01-discussion-with-designated"

    code, listing, err = run(ws, "notes")

    assert code == 0, err
    assert max(map(len, listing.splitlines())) <= 80
    row = next(line for line in listing.splitlines() if note_id in line)
    assert "Discussion with designated" in row  # the title, cut with … if need be


def test_the_longest_ids_stay_whole_and_the_title_is_cut(make_workspace, run):
    long_id = "2025-11-04-icb-designated-professionals-discussion"  # 50, as in the demo
    ws = make_workspace(
        {
            f"evidence/2025-26/{long_id}.md": (
                "---\nkind: activity\ndate: 2025-11-04\ntitle: "
                + "Discussion with the designated professionals for the ICB " * 2
                + "\nareas: [core-partners]\nsource: discussion\n---\n"
            ),
            "evidence/2025-26/rec.md": (
                "---\nkind: recommendation\nid: REC-2025-26-001\ndate: 2025-11-05\n"
                "title: Protect designated professional capacity\nareas: [core-partners]\n---\n"
            ),
        }
    )

    code, listing, err = run(ws, "notes")

    assert code == 0, err
    lines = listing.splitlines()
    assert max(map(len, lines)) <= 80
    assert any(long_id in line and "Discussion with the" in line for line in lines)
    assert any("REC-2025-26-001" in line for line in lines)
    assert "…" in listing  # the long title is cut instead

    code, recs, err = run(ws, "recs")
    assert code == 0, err
    assert "REC-2025-26-001" in recs
