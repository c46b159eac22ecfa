"""What the package says about itself is true: extras, licence, types, pinned installs."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
Run = Callable[..., tuple[int, str, str]]


def test_postgres_driver_is_an_extra_not_a_requirement() -> None:
    assert not any(d.startswith("psycopg") for d in PROJECT["dependencies"])
    assert any(d.startswith("psycopg") for d in PROJECT["optional-dependencies"]["postgres"])


def test_a_postgres_url_without_the_driver_says_how_to_install_it(
    make_workspace: Callable[..., Path], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace()
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    for url in ("postgresql://u@localhost/db", "postgresql+psycopg://u@localhost/db"):
        code, stdout, stderr = run(root, "--database-url", url, "check")
        assert code == 1
        assert "pip install 'scrutiny[postgres]'" in stderr
        assert "Traceback" not in stdout + stderr
    assert not (root / ".scrutiny" / "index.db").exists()


def test_an_unreachable_database_is_one_line(make_workspace: Callable[..., Path], run: Run) -> None:
    pytest.importorskip("psycopg")
    root = make_workspace()
    # Port 9 on localhost: nothing listens, the connection is refused at once.
    code, _, stderr = run(
        root, "--database-url", "postgresql://u@127.0.0.1:9/db?connect_timeout=2", "recs"
    )
    assert code == 1
    assert stderr.startswith("scrutiny: cannot use the index database:")
    assert len(stderr.strip().splitlines()) == 1


def test_front_matter_goes_through_our_own_loader_only() -> None:
    # python-frontmatter was declared and never used: front matter needs positions for
    # every key, refused tags and a depth limit, which yamlfile.py gives.
    assert not any("frontmatter" in d for d in PROJECT["dependencies"])
    sources = "\n".join(p.read_text("utf-8") for p in (REPO / "scrutiny").rglob("*.py"))
    assert not re.search(r"^\s*(import|from)\s+frontmatter\b", sources, re.MULTILINE)


def test_licence_file_matches_the_metadata() -> None:
    assert PROJECT["license"] == "MIT"
    assert (REPO / "LICENSE").read_text("utf-8").startswith("MIT License")
    assert PROJECT["license-files"] == ["LICENSE"]


def test_the_package_is_marked_typed() -> None:
    assert (REPO / "scrutiny" / "py.typed").is_file()
    assert "Typing :: Typed" in PROJECT["classifiers"]


def test_classifiers_name_only_pythons_the_floor_allows() -> None:
    floor = tuple(int(p) for p in PROJECT["requires-python"].removeprefix(">=").split("."))
    versions = [
        tuple(int(p) for p in c.rsplit(" ", 1)[1].split("."))
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert versions and min(versions) == floor


def test_every_dependency_is_pinned_in_the_lock() -> None:
    lock = (REPO / "constraints.txt").read_text("utf-8")
    pinned = {
        re.split(r"==", line)[0].lower().replace("_", "-")
        for line in lock.splitlines()
        if line and not line.startswith("#")
    }
    assert all("==" in line for line in lock.splitlines() if line and not line.startswith("#"))
    wanted = [
        *PROJECT["dependencies"],
        *PROJECT["optional-dependencies"]["postgres"],
        *PROJECT["optional-dependencies"]["dev"],
    ]
    for requirement in wanted:
        name = re.split(r"[<>=\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        assert name in pinned, f"{name} is not in constraints.txt: run .ci/lock"


def test_the_lock_satisfies_every_floor() -> None:
    from packaging.version import Version

    lock = (REPO / "constraints.txt").read_text("utf-8")
    pins = {
        name.lower().replace("_", "-"): Version(version)
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", lock, re.MULTILINE)
    }
    wanted = [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["postgres"]]
    for requirement in wanted:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?>=(\S+)", requirement)
        assert match, requirement
        name = match.group(1).lower().replace("_", "-")
        assert pins[name] >= Version(match.group(2)), f"{name} is locked below its floor"


def test_ci_and_the_readme_install_from_the_lock() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert "-c constraints.txt -e '.[dev,postgres]'" in ci
    readme = (REPO / "README.md").read_text("utf-8")
    assert "pip install -c constraints.txt -e '.[dev]'" in readme
