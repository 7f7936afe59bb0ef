"""The plan's tables for the analyst: ``[groups]`` (departments: name → unit logins) and
``[channel_costs]`` (kroner per inquiry, per channel code).

Both are read by the plan reader; each bad item is reported where it stands and left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tracetool.codes.codebook import Codebook
from tracetool.locale import translator
from tracetool.plan.model import Group

_ = translator("core")

Report = Callable[[str, object, str], None]


def read_groups(data: dict[str, Any], problem: Report) -> tuple[Group, ...]:
    """``[groups]``: a unit may stand in one group only, or its inquiries would count twice."""
    value = data.get("groups", {})
    if not isinstance(value, dict):
        problem("groups", value, _('skal være en tabel: [groups] med "Navn" = ["login", ...]'))
        return ()
    owner: dict[str, str] = {}
    groups: list[Group] = []
    for name, logins in value.items():
        where = f"groups.{name}"
        if not name.strip():
            problem(where, name, _("gruppens navn må ikke være tomt"))
            continue
        if not isinstance(logins, list):
            problem(where, logins, _('skal være en liste af enheders login, som ["259besk"]'))
            continue
        members: list[str] = []
        for i, login in enumerate(logins, start=1):
            if not isinstance(login, str) or not login.strip():
                problem(f"{where}[{i}]", login, _("skal være en enheds login i anførselstegn"))
                continue
            login = login.strip()
            if login in owner:
                same = owner[login] == name
                problem(
                    f"{where}[{i}]",
                    login,
                    _("står der allerede")
                    if same
                    else _(
                        "enheden står også i gruppen {owner!r}; en enhed hører til højst én "
                        "gruppe, ellers tæller dens henvendelser to gange"
                    ).format(owner=owner[login]),
                )
                continue
            owner[login] = name
            members.append(login)
        groups.append(Group(name=name.strip(), units=tuple(members)))
    return tuple(groups)


def read_channel_costs(
    data: dict[str, Any], problem: Report, codebook: Codebook
) -> dict[str, float]:
    """``[channel_costs]``: no defaults; the coordinator enters the municipality's own prices."""
    value = data.get("channel_costs", {})
    if not isinstance(value, dict):
        problem("channel_costs", value, _("skal være en tabel: [channel_costs] med KANAL = kroner"))
        return {}
    costs: dict[str, float] = {}
    for code, price in value.items():
        where = f"channel_costs.{code}"
        if codebook.channel(code) is None:
            known = ", ".join(c.code for c in codebook.channels)
            problem(where, code, _("ukendt kanalkode; kendte: {known}").format(known=known))
            continue
        if isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
            problem(where, price, _("skal være kroner pr. henvendelse, et tal fra 0 og op"))
            continue
        costs[code] = float(price)
    return costs


def dump_tables(groups: tuple[Group, ...], costs: dict[str, float]) -> list[str]:
    """The two tables as TOML lines (nothing when the plan has neither)."""
    lines: list[str] = []
    if groups:
        lines += ["", "[groups]"]
        for g in groups:
            members = ", ".join(_q(u) for u in g.units)
            lines.append(f"{_q(g.name)} = [{members}]")
    if costs:
        lines += ["", "[channel_costs]"]
        lines += [f"{code} = {price:g}" for code, price in costs.items()]
    return lines


def _q(text: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)
