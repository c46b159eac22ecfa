"""`--help` for people: choices listed, flags without a value, no source markup."""

from __future__ import annotations

import re

import pytest
import typer.main

from scrutiny.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_clean(run, command):
    code, out, err = run(None, *([command] if command else []), "--help")
    assert code == 0, err
    assert "<bool>" not in out  # a flag takes no value
    # reStructuredText or Sphinx markup from a docstring
    assert not re.search(r"``|:(func|class|meth|mod):", out), out


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["recs"], "open, accepted, in-progress, implemented, closed, not-accepted or superseded"),
        (["risks"], "open, monitoring, escalated, realised, mitigated or closed"),
        (["risks"], "strategic or operational"),
        (
            ["notes"],
            "activity, finding, recommendation, risk, response, action, priority, review or voice",
        ),
        (["respond"], "not-accepted"),
        (["new"], "meeting, document, discussion, observation, training, audit, review"),
    ],
)
def test_enumerated_options_list_their_choices(run, command, words):
    code, out, _ = run(None, *command, "--help", env={"COLUMNS": "250"})
    assert code == 0
    assert words in " ".join(out.split())
