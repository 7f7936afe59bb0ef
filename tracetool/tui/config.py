"""The desk's own settings for the app: language, key remapping and theme (config.toml).

lang = "en"
theme = "textual-light"
[keys]
save = "enter"
undo = "ctrl+z,ctrl+u"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tracetool import paths

# Action id → default keys (Textual key names, comma-separated alternatives).
DEFAULT_KEYS: dict[str, str] = {
    "save": "enter",
    "add_task": "plus",
    "search": "slash",
    "next_field": "tab,right",
    "prev_field": "shift+tab,left",
    "backspace": "backspace",
    "reset": "escape",
    "undo": "ctrl+z",
    "today": "f2",
    "paper": "f3",
    "help": "f1,question_mark",
}

_KEY_NAMES = {
    "plus": "+",
    "slash": "/",
    "question_mark": "?",
    "minus": "-",
    "asterisk": "*",
    "enter": "Enter",
    "escape": "Esc",
    "backspace": "Tilbage/Backspace",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "delete": "Delete",
    "space": "Mellemrum/Space",
}


def key_label(keys: str, *, first_only: bool = False, compact: bool = False) -> str:
    """``"tab,right"`` → ``"Tab / →"``: keys as people read them (``^Z`` when compact)."""
    shown: list[str] = []
    for key in (k.strip() for k in keys.split(",") if k.strip()):
        if compact and key.startswith("ctrl+") and len(key) == 6:
            shown.append("^" + key[-1].upper())
        elif key in _KEY_NAMES:
            shown.append(_KEY_NAMES[key])
        else:
            shown.append("+".join(p.upper() if len(p) <= 3 else p.title() for p in key.split("+")))
        if first_only:
            break
    return " / ".join(shown)


@dataclass
class Config:
    lang: str = "da"
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))
    problem: str | None = None

    def keys_for(self, action: str) -> str:
        return self.keys.get(action, DEFAULT_KEYS.get(action, ""))


def load_config(path: Path | None = None) -> Config:
    """The settings; a broken file gives the defaults and a problem to show, never a crash."""
    target = path or paths.config_path()
    config = Config()
    if not target.exists():
        return config
    try:
        with target.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        config.problem = str(exc)
        return config
    lang = data.get("lang")
    if isinstance(lang, str) and lang in ("da", "en"):
        config.lang = lang
    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        config.theme = theme
    keys = data.get("keys", {})
    if isinstance(keys, dict):
        for action, value in keys.items():
            if action in DEFAULT_KEYS and isinstance(value, str) and value.strip():
                config.keys[action] = value.replace(" ", "")
    return config
