"""schemathesis hooks for tests/collector/test_fuzz.py (loaded through SCHEMATHESIS_HOOKS).

- ``komhen-plan``: the plan body's format; valid plans for the token's municipality and for
  another one (a plan cannot be described by JSON Schema, so its generator is named here);
- a check that no answer is over the limits: an error or an item answer is small, whatever
  was sent (exports are files and may be large).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import strategies as st

from tests.helpers import PLAN
from tracetool.plan import writing

_PLAN = writing.dump_plan(PLAN)
schemathesis.openapi.format(
    "komhen-plan",
    st.sampled_from([_PLAN, _PLAN.replace("municipality = 259", "municipality = 260", 1)]),
)

MAX_ANSWER = 256 * 1024


@schemathesis.check
def answers_within_the_limits(ctx: Any, response: Any, case: Any) -> None:
    if case.path.endswith("/export"):
        return
    size = len(response.content or b"")
    if size > MAX_ANSWER:
        raise AssertionError(f"{size} bytes answered to {case.method} {case.path}")
