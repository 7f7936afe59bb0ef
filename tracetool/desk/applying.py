"""Applying a count plan file on this desk: the checked file becomes the desk's plan."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tracetool import paths
from tracetool.errors import TracetoolError
from tracetool.locale import translator
from tracetool.plan.model import Plan
from tracetool.plan.planfile import decode_plan, parse_plan, read_plan_bytes
from tracetool.store import settings
from tracetool.store.db import open_database

_ = translator("core")


def apply_plan(path: Path) -> Plan:
    """Check the file and make it this desk's plan; nothing changes when it is not valid."""
    data = read_plan_bytes(path)
    plan = parse_plan(decode_plan(data, path), str(path))
    db = open_database()
    try:
        _write_atomically(paths.plan_path(), data)
        settings.set_test_mode(db, plan.test_mode)
        current = settings.get(db, "current_unit")
        if current and plan.unit(current) is None:
            settings.put(db, "current_unit", "")
    finally:
        db.close()
    return plan


def _write_atomically(target: Path, data: bytes) -> None:
    """A desk reading the plan mid-write must see the old file or the new, never half of one."""
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".plan-", suffix=".toml")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise TracetoolError(
            _("{target}: planen kan ikke gemmes: {strerror}").format(
                target=target, strerror=exc.strerror
            )
        ) from exc
