"""Tasks as the method counts them."""

from __future__ import annotations

import re
from functools import cache

_GROUP_LEVEL = re.compile(r"^\d\d\.\d\d$")


@cache
def method_task(code: str) -> str:
    """A group-level KLE code written with or without its ``.00`` (``15.20``, ``15.20.00``)
    is one task, reported as ``NN.NN.00``. Only reports fold it; the stored code stays as
    imported, so an export gives back what came in."""
    return f"{code}.00" if _GROUP_LEVEL.match(code) else code
