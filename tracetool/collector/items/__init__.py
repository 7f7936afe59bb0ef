"""Checking what a desk sent: shapes and types first, then the codebook's rules.

Everything here is per item: a bad item is answered ``invalid`` with its reason and the rest of
the batch goes on, because one odd registration must not keep a desk's other work from the
collector. The codebook rules are ``validation.check_registration`` with the ``history`` rules
(the server has no desk's plan); its answer depends only on the coded fields, so it is computed
once per distinct combination, which keeps a 100,000-row sync cheap.
"""

from tracetool.collector.items.columns import normalize_batch
from tracetool.collector.items.fields import ItemError, item_id
from tracetool.collector.items.registrations import (
    normalize_registration,
    registration_problem,
    registration_values,
)
from tracetool.collector.items.totals import normalize_total, overlap_problem, total_problem

__all__ = [
    "ItemError",
    "item_id",
    "normalize_batch",
    "normalize_registration",
    "normalize_total",
    "overlap_problem",
    "registration_problem",
    "registration_values",
    "total_problem",
]
