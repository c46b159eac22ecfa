"""What belongs to the person, not the workspace: their settings (the theme), and where
their screenshots go.

Settings live in the user's config folder (``$XDG_CONFIG_HOME/scrutiny/settings.json``,
``~/.config/scrutiny`` by default), never in a workspace that others share. The file is
small, written atomically, and read as data: anything broken or unexpected in it is
ignored, and the program starts with its defaults.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import platformdirs

from scrutiny.files import create_unique, output_refusal, writable_folder, write_atomic

SETTINGS_FILE = "settings.json"
#: A settings file is a few lines; anything larger is not ours.
MAX_BYTES = 64_000


def config_folder() -> Path:
    """``$XDG_CONFIG_HOME/scrutiny`` when that is set (on every system), else the platform's."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    if os.path.isabs(base):
        return Path(base) / "scrutiny"
    return Path(platformdirs.user_config_dir("scrutiny"))


def read_settings() -> dict[str, Any]:
    """The saved settings, or ``{}`` when there are none or the file is not readable JSON."""
    path = config_folder() / SETTINGS_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return {}
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return raw if isinstance(raw, dict) else {}


def saved_theme(available: set[str] | dict[str, Any]) -> str | None:
    """The theme the user chose last time, if it is one of ``available``."""
    theme = read_settings().get("theme")
    return theme if isinstance(theme, str) and theme in available else None


def save_setting(name: str, value: str) -> None:
    """Remember ``name = value``, keeping the other settings; raises ``OSError``."""
    settings = read_settings()
    if settings.get(name) == value:
        return
    settings[name] = value
    write_atomic(config_folder() / SETTINGS_FILE, json.dumps(settings, indent=1) + "\n")


def screenshot_folder(workspace_root: Path) -> Path:
    """Where a screenshot goes: the user's Downloads or Pictures folder when it exists, else
    the current folder, the home folder, or the temporary folder: the first that can be
    written (and is not inside the workspace's notes or index)."""
    candidates = [
        Path(platformdirs.user_downloads_dir()),
        Path(platformdirs.user_pictures_dir()),
        Path.cwd(),
        Path.home(),
        Path(tempfile.gettempdir()),
    ]
    for folder in candidates:
        if (
            folder.is_dir()
            and writable_folder(folder)
            and output_refusal(folder / "x.svg", workspace_root) is None
        ):
            return folder
    return Path(tempfile.gettempdir())


def save_screenshot(svg: str, workspace_root: Path, name: str) -> Path:
    """Write ``svg`` as ``scrutiny-<name>-<time>.svg`` (never over a file); raises ``OSError``."""
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S")
    return create_unique(screenshot_folder(workspace_root), f"scrutiny-{name}-{stamp}", ".svg", svg)
