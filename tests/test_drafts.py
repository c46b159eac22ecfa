"""Drafts of unsaved forms: kept for their owner, read back as data, never a crash."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from scrutiny.drafts import DraftStore, draft_payload, read_draft
from scrutiny.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "w"
    (root / "evidence").mkdir(parents=True)
    (root / "scrutiny.toml").write_text('name = "P"\nframework = "six-steps"\n')
    return Workspace.open(root)


def test_a_draft_reads_back_as_written(workspace: Workspace) -> None:
    store = DraftStore(workspace)
    fields = {"f-title": "Met the nurses", "f-areas": ["training", "case-reviews"]}
    path = store.save("note-1.json", draft_payload("note", "activity", "Met", None, fields))
    assert path.parent == workspace.index_dir / "drafts"
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    assert (workspace.index_dir / ".gitignore").read_text() == "*\n"
    (draft,), notices = store.load()
    assert notices == []
    assert (draft.form, draft.kind, draft.title) == ("note", "activity", "Met")
    assert draft.fields == fields
    assert draft.age(draft.saved + 125) == "2 minutes ago"
    store.remove(path)
    assert store.load() == ([], [])


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"{oops", "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[" * 50_000, "nested too deeply"),
        (b"[]", "not a scrutiny draft"),
        (json.dumps({"scrutiny_draft": 1, "form": "sql"}).encode(), "unknown form"),
        (json.dumps({"scrutiny_draft": 1, "form": "note", "kind": 3}).encode(), "must be text"),
        (
            json.dumps(
                {"scrutiny_draft": 1, "form": "note", "kind": "x", "title": "", "fields": {"a": 1}}
            ).encode(),
            "neither text nor a list",
        ),
    ],
)
def test_what_is_not_a_draft_is_refused_with_a_reason(data: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        read_draft(Path("x.json"), data)


def test_a_workspace_that_cannot_take_drafts_keeps_them_in_the_cache(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.index_dir.write_text("not a folder")
    store = DraftStore(workspace)
    path = store.save("note-1.json", draft_payload("note", "activity", "t", None, {}))
    assert tmp_path / "cache" in path.parents
    assert [d.path for d in store.load()[0]] == [path]


def test_nowhere_to_keep_a_draft_is_one_error_for_people(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.index_dir.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(workspace.root / "scrutiny.toml"))
    with pytest.raises(OSError, match="typing is not kept") as caught:
        DraftStore(workspace).save("n.json", "{}")
    assert "typing is not kept" in (caught.value.strerror or "")


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown")
def test_another_users_drafts_are_not_offered(workspace: Workspace) -> None:
    store = DraftStore(workspace)
    path = store.save("note-1.json", draft_payload("note", "activity", "theirs", None, {}))
    os.chown(path, 65534, -1)
    assert store.load() == ([], [])
