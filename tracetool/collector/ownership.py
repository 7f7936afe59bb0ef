"""Whose an id is: the rule every writer of the collector's rows, API or page, goes through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracetool.collector.storage_base import Scope


def refusal(scope: Scope, held: Sequence[Any], row: Sequence[Any]) -> str | None:
    """Why ``row`` may not replace the stored ``held`` (both wire order, municipality and unit
    second and third) under ``scope``, or None.

    An id belongs to the scope that first stored it: the *stored* row must be inside the
    writer's scope (the incoming row's own claim proves nothing, since ids are no secret), and
    no correction moves a row to another municipality or unit.
    """
    if not scope.holds(held[1], held[2]):
        return (
            "this id is held for another municipality or unit than this token's; nothing"
            " was changed / dette id tilhører en anden kommune eller enhed end nøglens;"
            " intet er ændret"
        )
    if (row[1], row[2]) != (held[1], held[2]):
        return (
            "a correction may not move a row to another municipality or unit (stored:"
            f" municipality {held[1]}, unit {held[2] or '-'}) / en rettelse må ikke flytte en"
            f" række til en anden kommune eller enhed (gemt: kommune {held[1]},"
            f" enhed {held[2] or '-'})"
        )
    return None
