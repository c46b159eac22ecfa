"""Leaks: a canary in restricted notes never reaches a report, in any format, draft or not."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_report_helpers import copy_demo
from typer.testing import CliRunner

from scrutiny.cli import app

CANARY = "CANARY-7f3a"

RESTRICTED = {
    "evidence/2024-25/restricted-finding.md": f"""---
kind: finding
date: 2025-01-15
title: {CANARY} restricted finding title
areas: [core-partners]
confidentiality: restricted
---
The {CANARY} detail of a case that must never be published anywhere at all.
""",
    "evidence/2024-25/restricted-activity.md": f"""---
kind: activity
date: 2025-01-16
title: {CANARY} restricted meeting
areas: [case-reviews]
source: meeting
confidentiality: restricted
---
Body of the restricted meeting {CANARY}.
""",
    "evidence/2024-25/restricted-rec.md": f"""---
kind: recommendation
id: REC-SECRET
date: 2025-01-17
title: {CANARY} restricted recommendation
areas: [training]
confidentiality: restricted
---
Recommendation text {CANARY} that is restricted.
""",
    "evidence/2024-25/restricted-risk.md": f"""---
kind: risk
id: RISK-SECRET
date: 2025-01-18
title: {CANARY} restricted risk
category: operational
confidentiality: restricted
---
Risk body {CANARY}.
""",
    "evidence/2025-26/restricted-response.md": f"""---
kind: response
date: 2026-05-01
title: {CANARY} restricted response
responds_to: [REC-01]
status: in-progress
confidentiality: restricted
---
Response body {CANARY}.
""",
}


#: Voices that may never be published: one the family did not consent to publish, and one
#: whose consent a later note withdrew (both carry the canary).
UNCONSENTED = {
    "evidence/2025-26/2026-01-05-voice-internal.md": f"""---
kind: voice
id: VOICE-SECRET
date: 2026-01-05
title: A father on the front door
areas: [children-families]
consent: internal
group: [fathers]
---
"Nobody asked me anything," {CANARY} said.
""",
    "evidence/2025-26/2026-01-06-voice-withdrawn.md": f"""---
kind: voice
id: VOICE-WITHDRAWN
date: 2026-01-06
title: A young carer on school
areas: [children-families]
consent: publish
group: [young carers]
---
School did not know I was a carer. {CANARY}
""",
    "evidence/2025-26/2026-02-01-voice-withdrawal.md": """---
kind: voice
id: VOICE-WITHDRAWAL
date: 2026-02-01
title: Consent withdrawn for the young carer's words
areas: [children-families]
consent: internal
withdraws: [VOICE-WITHDRAWN]
---
The young carer asked that their words not be used.
""",
}


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = copy_demo(tmp_path / "demo")
    for rel, text in {**RESTRICTED, **UNCONSENTED}.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("draft", [False, True])
@pytest.mark.parametrize("period", ["2024-25", "2025-26"])
def test_canary_never_appears(ws: Path, tmp_path: Path, fmt: str, draft: bool, period: str) -> None:
    out = tmp_path / f"report.{fmt}"
    args = ["-w", str(ws), "report", "--period", period, "--format", fmt, "-o", str(out)]
    result = CliRunner().invoke(app, args + (["--draft"] if draft else []))
    assert result.exit_code == 0, result.stderr
    text = docx_text(out) if fmt == "docx" else out.read_text(encoding="utf-8")
    assert "Independent scrutiny of Northfield" in text
    assert CANARY not in text
    assert "REC-SECRET" not in text and "RISK-SECRET" not in text
    assert CANARY not in result.stdout + result.stderr


def test_restricted_response_does_not_change_the_table(ws: Path) -> None:
    result = CliRunner().invoke(app, ["-w", str(ws), "report", "--period", "2025-26"])
    row = next(line for line in result.stdout.splitlines() if line.startswith("| REC-01 "))
    assert "| Closed |" in row
