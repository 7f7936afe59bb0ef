"""Where tracetool keeps its data: platformdirs' user data dir, or $TRACETOOL_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def home() -> Path:
    override = os.environ.get("TRACETOOL_HOME")
    base = (
        Path(override) if override else Path(platformdirs.user_data_dir("tracetool", "tracetool"))
    )
    base.mkdir(parents=True, exist_ok=True)
    return base


def database_path() -> Path:
    return home() / "tracetool.db"


def config_path() -> Path:
    return home() / "config.toml"


def plan_path() -> Path:
    """The applied count plan, kept as the coordinator wrote it (comments included)."""
    return home() / "plan.toml"
