"""Links to business-plan actions: ``check`` resolves them; ``trace`` shows their progress."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]

ACTION = """\
---
kind: action
id: ACT-1.1
date: 2021-01-05
title: Develop an integrated referral pathway
owner: Pippa Ward
due: 2021-06-30
---
The action.
"""
OTHER_ACTION = """\
---
kind: action
id: ACT-2.4
date: 2021-01-05
title: New neglect strategy and toolkit
due: 2021-03-31
---
The action.
"""
REC = """\
---
kind: recommendation
id: REC-01
date: 2021-01-12
title: Simplify referrals between agencies
areas: [core-partners]
actions: [ACT-1.1]
---
Text.
"""
RESPONSE = """\
---
kind: response
date: 2021-02-01
title: Neglect work will carry this
responds_to: [REC-01]
status: accepted
actions: [ACT-2.4]
---
Accepted.
"""
ACTION_DONE = """\
---
kind: response
date: 2021-05-20
title: Pathway live
responds_to: [ACT-1.1]
status: completed
---
Done.
"""


def workspace(make_workspace: Callable[..., Path], **extra: str) -> Path:
    notes = {
        "evidence/act-1-1.md": ACTION,
        "evidence/act-2-4.md": OTHER_ACTION,
        "evidence/rec-01.md": REC,
        "evidence/resp.md": RESPONSE,
        "evidence/done.md": ACTION_DONE,
    }
    notes.update(extra)
    return make_workspace(notes)


def test_check_resolves_action_links(make_workspace: Callable[..., Path], run: Run) -> None:
    ws = workspace(make_workspace)
    assert run(ws, "check") == (0, "", "")


def test_check_reports_an_unknown_or_wrong_kind_of_action(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    ws = workspace(
        make_workspace,
        **{
            "evidence/bad.md": REC.replace("REC-01", "REC-02").replace("[ACT-1.1]", "[ACT-1.2]"),
            "evidence/wrong.md": REC.replace("REC-01", "REC-03").replace("[ACT-1.1]", "[REC-01]"),
        },
    )
    code, out, _ = run(ws, "check")
    assert code == 1
    assert "evidence/bad.md:7:" in out and "ACT-1.2" in out
    assert "evidence/wrong.md:7:" in out and "not an action" in out


def test_trace_json_lists_linked_actions_with_progress(
    make_workspace: Callable[..., Path], run: Run
) -> None:
    ws = workspace(make_workspace)
    code, out, _ = run(ws, "trace", "REC-01", "--format", "json", "--as-of", "2021-07-01")
    assert code == 0
    actions = json.loads(out)["actions"]
    assert actions == [
        {
            "id": "ACT-1.1",
            "title": "Develop an integrated referral pathway",
            "status": "completed",
            "due": "2021-06-30",
            "overdue": False,
            "last_response": "2021-05-20",
        },
        {
            "id": "ACT-2.4",
            "title": "New neglect strategy and toolkit",
            "status": "planned",
            "due": "2021-03-31",
            "overdue": True,
            "last_response": None,
        },
    ]


def test_trace_table_shows_linked_actions(make_workspace: Callable[..., Path], run: Run) -> None:
    ws = workspace(make_workspace)
    code, out, _ = run(ws, "trace", "REC-01", "--as-of", "2021-07-01")
    assert code == 0
    assert "linked action ACT-1.1: completed (2021-05-20), due 2021-06-30" in out
    assert "linked action ACT-2.4: planned, due 2021-03-31 overdue" in out


def test_trace_links_follow_the_as_of_date(make_workspace: Callable[..., Path], run: Run) -> None:
    ws = workspace(make_workspace)
    early = json.loads(run(ws, "trace", "REC-01", "--format", "json", "--as-of", "2021-01-20")[1])
    # Before the response naming ACT-2.4, and before ACT-1.1 was completed.
    assert [(a["id"], a["status"]) for a in early["actions"]] == [("ACT-1.1", "planned")]
    plain = make_workspace({"evidence/rec.md": REC.replace("actions: [ACT-1.1]\n", "")})
    assert json.loads(run(plain, "trace", "REC-01", "--format", "json")[1])["actions"] == []
