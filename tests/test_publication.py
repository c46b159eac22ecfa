"""The publication check: personal data and restricted text stop a non-draft export."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report_helpers import copy_demo
from typer.testing import CliRunner

from scrutiny.cli import app
from scrutiny.report.publication import nhs_number_valid, personal_data


def invoke(ws: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["-w", str(ws), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def finding(body: str, date: str = "2025-06-01") -> str:
    return f"""---
kind: finding
date: {date}
title: A finding with personal data in it
areas: [training]
---
First line of the finding.

{body}
"""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


def plant(ws: Path, body: str, date: str = "2025-06-01") -> Path:
    path = ws / "evidence" / "2024-25" / "planted.md"
    path.write_text(finding(body, date), encoding="utf-8")
    return path


def test_nhs_check_digit() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("943476591")
    # A check digit of 10 makes a number invalid whatever its last digit.
    assert not any(nhs_number_valid(f"000000006{d}") for d in "0123456789")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("NHS number 943 476 5919 recorded", "NHS number"),
        ("NHS number 9434765919 recorded", "NHS number"),
        ("lives at NF1 4QZ now", "postcode"),
        ("the office in SW1A 1AA", "postcode"),
        ("call 020 7946 0958 today", "phone number"),
        ("mobile 07700 900123", "phone number"),
        ("ring +44 7700 900123", "phone number"),
        ("write to jo.bloggs@example.org.uk", "e-mail address"),
        ("her date of birth is known", "date of birth"),
        ("DOB: 01/02/2015", "date of birth"),
        ("born on 3 March 2014 in", "date of birth"),
        # Written the ways the first check missed (each failed before phonenumbers):
        ("NHS number 943.476.5919 recorded", "NHS number"),
        ("NHS number 943-476-5919 recorded", "NHS number"),
        ("lives at sw1a 1aa now", "postcode"),
        ("lives at nf1 4qz", "postcode"),
        ("call (0191) 496 0000 after six", "phone number"),
        ("ring 0044 20 7946 0958 from abroad", "phone number"),
        ("mobile +44 (0)7911 123456.", "phone number"),
        ("mobile 07911123456", "phone number"),
        ("on 020-7946-0958", "phone number"),
        ("a French number, +33 1 23 45 67 89", "phone number"),
        ("born 3 March 2015 in the borough", "date of birth"),
        ("born 12/03/2019", "date of birth"),
        ("born in March 2016", "date of birth"),
    ],
)
def test_personal_data_patterns(text: str, what: str) -> None:
    assert what in [w for _, w in personal_data(text)]


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5918 recorded",
        "Between October 2024 and September 2025 the scrutineers attended 9 meetings.",
        "REC-01 was raised on 2025-03-18 and is due 2025-12-31.",
        "Action 1.1 of the 2025-27 business plan; Years 9 and 10; 200 practitioners.",
        "The child was born in the borough.",
        # Public service lines are not personal data.
        "Childline on 0800 1111, the NSPCC helpline on 0808 800 5000.",
        "The council's contact centre, 0300 123 4567, takes referrals.",
        "The old 0845 600 3000 line was closed.",
        # Numbers that are not phone numbers, NHS numbers or postcodes.
        "Referrals rose from 1234 to 5678 between 2021-22 and 2022-23.",
        "Version 1.2.3 of the dataset, 12,345 contacts, 9.434.765.919 in total.",
        "NHS number 943.476.5918 has a wrong check digit.",
        "as the sw1 team and the a1 road; flat 4b",
        "Born out of the review, the protocol is new.",
    ],
)
def test_no_false_alarms(text: str) -> None:
    assert list(personal_data(text)) == []


def test_valid_nhs_number_refuses_export(demo: Path, tmp_path: Path) -> None:
    path = plant(demo, "The child's NHS number, 943 476 5919, was on the form.")
    target = tmp_path / "r.md"
    code, _, err = invoke(demo, "report", "--period", "2024-25", "-o", str(target))
    assert code == 1
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index("The child's NHS number, 943 476 5919, was on the form.")
        + 1
    )
    column = "The child's NHS number, 943 476 5919".index("943") + 1
    assert f"evidence/2024-25/planted.md:{line}:{column}: warning: NHS number in planted" in err
    assert "nothing was written" in err
    assert not target.exists()
    assert list(tmp_path.glob(".r.md*")) == []


def test_invalid_check_digit_is_not_flagged(demo: Path, tmp_path: Path) -> None:
    plant(demo, "A reference, 943 476 5918, was on the form.")
    target = tmp_path / "r.md"
    code, _, err = invoke(demo, "report", "--period", "2024-25", "-o", str(target))
    assert code == 0, err
    assert target.exists()


def test_allow_flagged_writes_anyway(demo: Path, tmp_path: Path) -> None:
    plant(demo, "The child's NHS number, 943 476 5919, was on the form.")
    target = tmp_path / "r.docx"
    code, _, err = invoke(
        demo, "report", "--period", "2024-25", "-f", "docx", "-o", str(target), "--allow-flagged"
    )
    assert code == 0
    assert "NHS number in planted" in err
    assert target.exists()


def test_draft_is_not_refused(demo: Path) -> None:
    plant(demo, "The child's NHS number, 943 476 5919, was on the form.")
    code, out, _ = invoke(demo, "report", "--period", "2024-25", "--draft")
    assert code == 0
    assert "[^planted]" in out


def test_notes_outside_the_report_are_not_checked(demo: Path) -> None:
    plant(demo, "Contact jo@example.org about it.", date="2024-06-01")  # before both periods
    code, _, _ = invoke(demo, "report", "--period", "2024-25")
    assert code == 0


def test_check_publication_clean_demo(demo: Path) -> None:
    code, out, _ = invoke(demo, "check", "--publication")
    assert code == 0
    assert out == ""
    code, _, _ = invoke(demo, "check", "--publication", "--period", "2024-25")
    assert code == 0


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("Family moved to NF1 4QZ last year.", "postcode"),
        ("E-mail a.parent@example.com.", "e-mail address"),
    ],
)
def test_check_publication_flags_planted_data(demo: Path, body: str, what: str) -> None:
    plant(demo, body, date="2026-01-10")  # newest period, the default
    code, out, _ = invoke(demo, "check", "--publication")
    assert code == 1
    assert f"warning: {what} in planted" in out
    assert invoke(demo, "check")[0] == 0


def test_restricted_text_in_a_public_note_is_caught(demo: Path, tmp_path: Path) -> None:
    secret = "The circumstances of this family would be recognised by neighbours."
    (demo / "evidence" / "2024-25" / "secret.md").write_text(
        f"---\nkind: finding\ndate: 2025-02-01\ntitle: Restricted detail\nareas: [training]\n"
        f"confidentiality: restricted\n---\n{secret}\n",
        encoding="utf-8",
    )
    plant(demo, f"Copied by mistake: {secret}")
    target = tmp_path / "r.html"
    code, _, err = invoke(demo, "report", "-p", "2024-25", "-f", "html", "-o", str(target))
    assert code == 1
    assert "evidence/2024-25/secret.md:8:1: warning: restricted text in secret" in err
    assert not target.exists()
