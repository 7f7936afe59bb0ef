"""The desk's own settings for the app: language, key remapping and theme (config.toml).

lang = "en"
theme = "textual-light"
[keys]
save = "enter"
undo = "ctrl+z,ctrl+u"

The theme is also written here when staff choose one in the app, so it holds on the next start.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tracetool import paths
from tracetool.errors import TracetoolError
from tracetool.tui.texts import Texts

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
    # A theme value that is not a theme name, as the file writes it: the app says so and uses
    # its default instead (whether a name is a known theme only the app can tell).
    bad_theme: str | None = None
    # Where the settings were read from; None means the user's config file.
    path: Path | None = None
    # Settings the file gives but the app cannot use: (setting, value as written, reason id).
    ignored: list[tuple[str, str, str]] = field(default_factory=list)

    def keys_for(self, action: str) -> str:
        return self.keys.get(action, DEFAULT_KEYS.get(action, ""))

    @property
    def file(self) -> Path:
        return self.path or paths.config_path()


def toml_value(value: object) -> str:
    """``value`` as config.toml writes it (``"mørk"``, ``5``, ``true``), for messages."""
    return json.dumps(value, ensure_ascii=False, default=str)


def load_config(path: Path | None = None) -> Config:
    """The settings; a broken file gives the defaults and a problem to show, never a crash."""
    target = path or paths.config_path()
    config = Config(path=target)
    if not target.exists():
        return config
    try:
        with target.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        config.problem = str(exc)
        return config
    if "lang" in data:
        lang = data["lang"]
        if isinstance(lang, str) and lang in ("da", "en"):
            config.lang = lang
        else:
            config.ignored.append(("lang", toml_value(lang), "lang"))
    if "theme" in data:
        theme = data["theme"]
        if isinstance(theme, str) and theme:
            config.theme = theme
        else:
            config.bad_theme = toml_value(theme)
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        config.ignored.append(("keys", toml_value(keys), "table"))
        return config
    for action, value in keys.items():
        if action not in DEFAULT_KEYS:
            config.ignored.append((f"keys.{action}", toml_value(value), "action"))
        elif not isinstance(value, str) or not value.strip(" ,"):
            config.ignored.append((f"keys.{action}", toml_value(value), "keys"))
        elif problem := key_problem(value.replace(" ", "")):
            config.ignored.append((f"keys.{action}", toml_value(value), problem))
        else:
            config.keys[action] = value.replace(" ", "")
    return config


_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}


def key_problem(keys: str) -> str | None:
    """Why ``keys`` (Textual key names, comma-separated) cannot be used: "keyname:<key>" for a
    name no terminal key has, "hotkey:<key>" for a bare letter or digit (it picks a value on
    the line); None when all are usable."""
    # Imported here: the command line reads config.toml (for lang) without loading Textual.
    from textual.keys import REPLACED_KEYS, Keys, key_to_character

    terminal_keys = {k.value for k in Keys}
    for key in (k for k in keys.split(",") if k):
        *mods, base = key.split("+")
        if not base or not set(mods) <= _MODIFIERS:
            return f"keyname:{key}"
        char = key_to_character(REPLACED_KEYS.get(base, base))
        if base not in terminal_keys and char is None:
            return f"keyname:{key}"
        if not mods and char is not None and char.isalnum():
            return f"hotkey:{key}"
    return None


_TABLE = re.compile(r"^\s*\[")
_THEME_LINE = re.compile(r"^\s*theme\s*=")


def save_theme(theme: str, path: Path | None = None, *, lang: str = "da") -> Path:
    """Write ``theme = "…"`` into config.toml, keeping every other line as it was.

    A top-level key must stand before the first table ([keys], [sync] ...), so the line replaces
    the earlier top-level ``theme`` line, else it goes after the other top-level settings. The
    file may hold the sync token, so it is replaced atomically and keeps its permissions
    (owner-only when new). Why it cannot be written is said in ``lang``, the app's language.
    """
    target = path or paths.config_path()
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Rewriting lines of a file we cannot parse could make it worse.
        raise TracetoolError(Texts(lang)("config_unparsable", path=target, error=exc)) from exc
    lines = text.splitlines()
    line = f"theme = {json.dumps(theme, ensure_ascii=False)}"
    tables = next((i for i, t in enumerate(lines) if _TABLE.match(t)), len(lines))
    earlier = [i for i in range(tables) if _THEME_LINE.match(lines[i])]
    if earlier:
        lines[earlier[0]] = line
    else:
        settings = [i for i in range(tables) if lines[i].strip() and lines[i].strip()[0] != "#"]
        lines.insert(settings[-1] + 1 if settings else 0, line)
    new_text = "\n".join(lines) + "\n"
    try:
        written = tomllib.loads(new_text).get("theme")
    except tomllib.TOMLDecodeError:
        written = None
    if written != theme:  # a layout the line-wise edit does not understand: leave the file
        raise TracetoolError(Texts(lang)("config_theme_unwritable", path=target))
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o600
    # A name of its own: `tracetool sync` replaces the same file through "config.toml.tmp".
    tmp = target.with_name(target.name + ".theme.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
