"""Core never imports the UI (SPEC §2.4): checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import scrutiny, scrutiny.cli, scrutiny.corpus, scrutiny.checks
    import scrutiny.notes, scrutiny.workspace, scrutiny.frameworks, scrutiny.periods
    import scrutiny.capture, scrutiny.problems, scrutiny.yamlfile

    ws = Path(sys.argv[1])
    code = None
    for args in (["check"], ["check", "--format", "json"], ["notes", "--all"]):
        try:
            scrutiny.cli.app(["-w", str(ws), *args], standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
    from scrutiny import corpus
    from scrutiny.workspace import Workspace
    loaded = corpus.load(Workspace.open(ws))
    assert len(loaded.notes) == 1, loaded.problems

    bad = sorted(
        name for name in sys.modules
        if name == "textual" or name.startswith("textual.")
        or name == "scrutiny.tui" or name.startswith("scrutiny.tui.")
    )
    print("OFFENDING:" + ",".join(bad))
    """
)


def test_core_and_cli_commands_do_not_import_the_ui(make_workspace):
    ws = make_workspace(
        {
            "evidence/f.md": (
                "---\nkind: finding\ndate: 2021-01-10\ntitle: T\nareas: [training]\n---\nB\n"
            ),
            "evidence/bad.md": "---\nkind: findng\n---\n",
        }
    )

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ws)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ws), "SCRUTINY_WORKSPACE": ""},
    )

    assert result.returncode == 0, result.stderr
    marker = [line for line in result.stdout.splitlines() if line.startswith("OFFENDING:")]
    assert marker, result.stdout + result.stderr
    offending = [m for m in marker[-1].removeprefix("OFFENDING:").split(",") if m]
    assert offending == [], f"UI modules imported by core/CLI: {offending}"
