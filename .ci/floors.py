"""Print the floors of pyproject.toml's runtime dependencies as exact pins, for pip -c."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
wanted = [*project["dependencies"], *project["optional-dependencies"]["postgres"]]
for requirement in wanted:
    match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?>=([^,;\s]+)", requirement)
    if match:
        print(f"{match.group(1)}=={match.group(2)}")
