"""What belongs to the person, not the workspace: their settings (the theme).

Settings live in the user's config folder (``$XDG_CONFIG_HOME/scrutiny/settings.json``,
``~/.config/scrutiny`` by default), never in a workspace that others share. The file is
small, written atomically, and read as data: anything broken or unexpected in it is
ignored, and the program starts with its defaults.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from scrutiny.files import write_atomic

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
