"""Shared fixtures: small workspaces written in the test, and a CLI runner.

Every workspace here is built under ``tmp_path`` from a ``scrutiny.toml`` and a handful of
notes given as ``{relative path: text}``; nothing depends on the demo workspace.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrutiny.cli import app

DEFAULT_NAME = "Northfield Safeguarding Children Partnership"


@pytest.fixture(autouse=True)
def _no_watching(monkeypatch: pytest.MonkeyPatch) -> None:
    """The TUI neither watches nor polls for outside changes unless a test asks it to
    (``SCRUTINY_WATCH``): a test's app then changes only when the test changes it, and a
    watcher (a worker that runs until the app exits) never keeps ``wait_for_complete``
    from returning."""
    monkeypatch.setenv("SCRUTINY_WATCH", "off")


# The smallest valid note of each kind, used by many tests.
MINIMAL_NOTES: dict[str, str] = {
    "activity": """\
        ---
        kind: activity
        date: 2021-01-10
        title: Attended the partnership board
        areas: [core-partners]
        source: meeting
        ---
        Attended the board.
        """,
    "finding": """\
        ---
        kind: finding
        date: 2021-01-11
        title: Partners attend consistently
        areas: [core-partners]
        ---
        A finding.
        """,
    "recommendation": """\
        ---
        kind: recommendation
        id: REC-01
        date: 2021-01-12
        title: Share the cost of the business unit fairly
        areas: [core-partners]
        ---
        The partners should agree a funding formula.
        """,
    "risk": """\
        ---
        kind: risk
        id: RISK-01
        date: 2021-01-13
        title: Health restructuring
        category: strategic
        ---
        A risk.
        """,
    "response": """\
        ---
        kind: response
        date: 2021-02-01
        title: Board accepts REC-01
        responds_to: [REC-01]
        status: accepted
        ---
        Accepted at the board.
        """,
    "action": """\
        ---
        kind: action
        id: ACT-01
        date: 2021-01-14
        title: Publish the arrangements
        ---
        An action.
        """,
}


def dedent(text: str) -> str:
    return textwrap.dedent(text)


def _write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        # newline="" keeps the text's own line endings (CRLF tests depend on it).
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(dedent(text))
    return path


def settings_text(
    name: str | None = DEFAULT_NAME,
    framework: str = "six-steps",
    start_month: int = 10,
    partnerships: Mapping[str, str] | None = None,
) -> str:
    lines = []
    if name is not None:
        lines.append(f'name = "{name}"')
    lines.append(f'framework = "{framework}"')
    lines.append(f"period_start_month = {start_month}")
    if partnerships:
        lines.append("")
        lines.append("[partnerships]")
        lines.extend(f'{key} = "{value}"' for key, value in partnerships.items())
    return "\n".join(lines) + "\n"


@pytest.fixture
def make_workspace(tmp_path: Path) -> Callable[..., Path]:
    """Factory: ``make_workspace({"evidence/a.md": text}, name=..., partnerships=...)``.

    Note texts are dedented; bytes are written as they are. Keys are paths relative to
    the workspace root. Returns the workspace root.
    """
    counter = {"n": 0}

    def make(
        notes: Mapping[str, str | bytes] | None = None,
        *,
        name: str | None = DEFAULT_NAME,
        framework: str = "six-steps",
        start_month: int = 10,
        partnerships: Mapping[str, str] | None = None,
        settings: str | None = None,
        folder: str | None = None,
    ) -> Path:
        counter["n"] += 1
        root = tmp_path / (folder or f"ws{counter['n']}")
        root.mkdir(parents=True)
        toml = (
            settings
            if settings is not None
            else settings_text(name, framework, start_month, partnerships)
        )
        (root / "scrutiny.toml").write_text(toml, encoding="utf-8")
        (root / "evidence").mkdir()
        for rel, text in (notes or {}).items():
            _write(root, rel, text)
        return root

    return make


@pytest.fixture
def write_note() -> Callable[[Path, str, str | bytes], Path]:
    """``write_note(workspace, "evidence/x.md", text)``: write (dedented) text, return the path."""
    return _write


@pytest.fixture
def minimal_notes() -> dict[str, str]:
    """The smallest valid note of each kind, dedented, keyed by kind."""
    return {kind: dedent(text) for kind, text in MINIMAL_NOTES.items()}


@pytest.fixture
def run() -> Callable[..., tuple[int, str, str]]:
    """``run(workspace, *args, input=None, env=None)`` -> ``(exit_code, stdout, stderr)``.

    ``workspace`` may be None to run without ``-w``. ``SCRUTINY_WORKSPACE`` is cleared and
    the terminal is 80 columns wide unless ``env`` says otherwise. An exception other than
    the command's own exit is re-raised, so a crash fails the test with its traceback.
    """

    def invoke(
        workspace: Path | None,
        *args: str,
        input: str | bytes | None = None,
        env: Mapping[str, str | None] | None = None,
    ) -> tuple[int, str, str]:
        runner = CliRunner()
        full_env: dict[str, str | None] = {
            "SCRUTINY_WORKSPACE": None,
            "COLUMNS": "80",
            "LINES": "24",
            "NO_COLOR": "1",
            "TERM": "dumb",
        }
        full_env.update(env or {})
        argv = (["-w", str(workspace)] if workspace is not None else []) + list(args)
        result = runner.invoke(app, argv, input=input, env=full_env, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return invoke
