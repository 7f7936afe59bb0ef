"""The remembered collector address and token: the ``[sync]`` table of config.toml.

The token is a secret, so the file is written owner-only (0600) and replaced atomically; other
tables in the file (other parts of tracetool may keep settings there) are left as they were.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tracetool import paths
from tracetool.errors import TracetoolError
from tracetool.locale import translator

_ = translator("core")

DEFAULT_GIVE_UP_AFTER = 30.0
_TABLE = re.compile(r"^\s*\[")


@dataclass(frozen=True)
class SyncConfig:
    server: str | None = None
    token: str | None = None
    give_up_after: float = DEFAULT_GIVE_UP_AFTER


def _read(path: Path) -> dict[str, object]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TracetoolError(_("{path}: ugyldig TOML: {exc}").format(path=path, exc=exc)) from exc


def load(path: Path | None = None) -> SyncConfig:
    section = _read(path or paths.config_path()).get("sync", {})
    if not isinstance(section, dict):
        return SyncConfig()
    server = section.get("server")
    token = section.get("token")
    give_up = section.get("give_up_after", DEFAULT_GIVE_UP_AFTER)
    return SyncConfig(
        server=server if isinstance(server, str) and server else None,
        token=token if isinstance(token, str) and token else None,
        give_up_after=float(give_up) if isinstance(give_up, int | float) else DEFAULT_GIVE_UP_AFTER,
    )


def save(server: str, token: str, path: Path | None = None) -> Path:
    """Write server and token into [sync], keeping every other line of the file."""
    target = path or paths.config_path()
    _read(target)  # refuse to rewrite a file we could not parse
    lines = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
    kept: list[str] = []
    extra: list[str] = []
    in_sync = False
    for line in lines:
        if _TABLE.match(line):
            in_sync = line.strip() == "[sync]"
            if in_sync:
                continue
        if in_sync:
            key = line.split("=", 1)[0].strip()
            if key not in ("server", "token") and line.strip():
                extra.append(line)
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    block = [
        "[sync]",
        f"server = {json.dumps(server, ensure_ascii=False)}",
        f"token = {json.dumps(token, ensure_ascii=False)}",
        *extra,
    ]
    text = "\n".join([*kept, "", *block] if kept else block) + "\n"
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
    return target
