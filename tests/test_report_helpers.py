"""Helpers shared by the report tests (no tests here): a copy of the demo and a Markdown reader."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]


def copy_demo(target: Path) -> Path:
    """The demo workspace (scrutiny.toml and evidence/) copied into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "scrutiny.toml", target / "scrutiny.toml")
    shutil.copytree(REPO / "evidence", target / "evidence")
    return target


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """A note's front matter (read with plain PyYAML, not scrutiny's parser) and body."""
    text = path.read_text(encoding="utf-8-sig")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.strip()


def demo_notes(root: Path) -> list[dict[str, Any]]:
    """Every note under ``root/evidence`` as its front matter plus ``_body`` and ``_path``."""
    notes = []
    for path in sorted((root / "evidence").rglob("*.md")):
        data, body = read_front_matter(path)
        data.setdefault("id", path.stem)
        data["_body"] = body
        data["_path"] = path
        notes.append(data)
    return notes


@dataclass
class Parsed:
    """A generated Markdown report, read back: headings, bullets by place, table rows."""

    h1: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)
    bullets: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    paragraphs: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def parse_markdown(text: str) -> Parsed:
    out = Parsed()
    h2 = h3 = ""
    for line in text.splitlines():
        if line.startswith("# "):
            out.h1.append(line[2:])
            h2 = h3 = ""
        elif line.startswith("## "):
            h2, h3 = line[3:], ""
            out.h2.append(h2)
        elif line.startswith("### "):
            h3 = line[4:]
        elif line.startswith("- "):
            out.bullets.setdefault((h2, h3), []).append(line[2:])
        elif line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not all(set(c) <= {"-"} for c in cells):
                out.tables.setdefault(h2, []).append(cells)
        elif line.strip():
            out.paragraphs.setdefault((h2, h3), []).append(line)
    return out


def collapse(text: str) -> str:
    return " ".join(text.split())
