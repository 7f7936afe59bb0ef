"""Validation of registrations against the codebook and the count plan.

Two rule sets: ``new`` for registrations made now (the app's rules: the unit's channels, the form
question only where it is asked, active tasks) and ``history`` for imported data, which must keep
what real extracts hold (group-level task numbers, expired subjects, units outside the plan, form
answers on any channel).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from tracetool import bounds
from tracetool.codes.codebook import Codebook
from tracetool.errors import Problem, ValidationError
from tracetool.locale import translator
from tracetool.model import Registration, Source
from tracetool.plan.model import Plan

_ = translator("core")

Rules = Literal["new", "history"]
TaskStatus = Literal["active", "expired", "unknown"]

KLE_NUMBER = re.compile(r"^\d\d\.\d\d(\.\d\d)?$")
POSTCODE = re.compile(r"^\d{4}$")

FIELD_LABELS = {
    "municipality": "kommune",
    "unit": "enhed",
    "direction": "retning",
    "channel": "kanal",
    "task": "opgave",
    "type": "type",
    "closing": "afslutning",
    "form": "blanket",
    "saved_at": "tidspunkt",
    "started_at": "starttidspunkt",
    "count": "antal",
    "source": "kilde",
}


def _p(field: str, value: object, reason: str) -> Problem:
    return Problem(FIELD_LABELS.get(field, field), value, reason)


def check_registration(
    reg: Registration,
    codebook: Codebook,
    plan: Plan | None = None,
    *,
    rules: Rules = "new",
    task_status: Callable[[str], TaskStatus] | None = None,
) -> list[Problem]:
    """Every problem with ``reg``, each naming the field and the value; empty when valid."""
    problems: list[Problem] = []
    if not bounds.MUNICIPALITY_MIN <= reg.municipality <= bounds.MUNICIPALITY_MAX:
        problems.append(
            _p("municipality", reg.municipality, _("kommunenummer skal have tre cifre"))
        )
    elif plan is not None and rules == "new" and reg.municipality != plan.municipality:
        problems.append(
            _p(
                "municipality",
                reg.municipality,
                _("planen gælder kommune {municipality}").format(municipality=plan.municipality),
            )
        )

    # "?" is the direction taken from an unknown channel: the channel's problem says it all.
    derived_from_unknown_channel = reg.direction == "?" and codebook.channel(reg.channel) is None
    if codebook.direction(reg.direction) is None and not derived_from_unknown_channel:
        problems.append(_p("direction", reg.direction, _("ukendt retning; brug IND eller UD")))
    channel = codebook.channel(reg.channel)
    if channel is None:
        problems.append(_p("channel", reg.channel, _("ukendt kanalkode")))
    elif channel.direction != reg.direction:
        problems.append(
            _p(
                "channel",
                reg.channel,
                _("kanalen er {direction}, men retningen er {direction2}").format(
                    direction=channel.direction, direction2=reg.direction
                ),
            )
        )
    if codebook.type(reg.type) is None:
        problems.append(_p("type", reg.type, _("ukendt henvendelsestype")))
    if codebook.closing(reg.closing) is None:
        problems.append(_p("closing", reg.closing, _("ukendt afslutning; brug STRAKS eller HOLD")))
    if reg.form is not None and codebook.form(reg.form) is None:
        problems.append(_p("form", reg.form, _("ukendt blanket-svar; brug JA eller NEJ")))
    if reg.count < 1:
        problems.append(_p("count", reg.count, _("antal skal være mindst 1")))
    if reg.source not in {s.value for s in Source}:
        problems.append(_p("source", reg.source, _("ukendt kilde")))
    if reg.started_at is not None and reg.started_at > reg.saved_at:
        problems.append(_p("started_at", reg.started_at, "starttidspunktet ligger efter gem"))

    problems += _check_bounds(reg)
    problems += _check_task(reg, codebook, plan, rules, task_status)
    if rules == "new":
        problems += _check_new(reg, codebook, plan)
    problems += _check_answers(reg, codebook, plan, rules)
    return problems


def _check_bounds(reg: Registration) -> list[Problem]:
    """The edge bounds every way in shares (``tracetool.bounds``): printable texts of sane
    length, a saved time inside the years anyone counts in."""
    problems: list[Problem] = []
    texts = [("unit", reg.unit)] if reg.unit is not None else []
    texts += [(f"svar.{k}", k) for k in reg.answers]
    texts += [(f"svar.{k}", v) for k, v in reg.answers.items()]
    for where, value in texts:
        bad = bounds.text_problem(value)
        if bad:
            problems.append(Problem(FIELD_LABELS.get(where, where), bounds.shown(value), bad[1]))
    for where, moment in (("saved_at", reg.saved_at), ("started_at", reg.started_at)):
        if moment is not None and not bounds.year_ok(moment.year):
            problems.append(_p(where, moment.isoformat(), bounds.day_problem(moment.date()) or ""))
    if not bounds.int_ok(reg.count, 0, bounds.COUNT_MAX):
        problems.append(
            _p(
                "count",
                bounds.shown(reg.count),
                _("højst {count_max}").format(count_max=bounds.COUNT_MAX),
            )
        )
    return problems


def _check_task(
    reg: Registration,
    codebook: Codebook,
    plan: Plan | None,
    rules: Rules,
    task_status: Callable[[str], TaskStatus] | None,
) -> list[Problem]:
    if codebook.task(reg.task) is not None:
        return []
    if not KLE_NUMBER.match(reg.task):
        return [_p("task", reg.task, _("opgaven skal være et KLE-nummer som 23.05.10 eller 15.20"))]
    if rules == "history":
        return []
    unit = plan.unit(reg.unit) if plan is not None and reg.unit else None
    if unit is not None and reg.task in unit.tasks:
        return []
    status = task_status(reg.task) if task_status is not None else "unknown"
    if status == "active":
        return []
    if status == "expired":
        reason = _("KLE-emnet er udgået og kan ikke bruges til nye registreringer")
        return [_p("task", reg.task, reason)]
    return [
        _p("task", reg.task, _("ukendt opgave: ikke i enhedens opgaveliste, kataloget eller KLE"))
    ]


def _check_new(reg: Registration, codebook: Codebook, plan: Plan | None) -> list[Problem]:
    problems: list[Problem] = []
    channel = codebook.channel(reg.channel)
    if channel is None:
        return problems
    if channel.asks_form and reg.form is None:
        problems.append(
            _p(
                "form",
                None,
                _("kanalen {channel} kræver svar på blanket (JA/NEJ)").format(channel=reg.channel),
            )
        )
    if not channel.asks_form and reg.form is not None:
        problems.append(
            _p(
                "form",
                reg.form,
                _("kanalen {channel} spørger ikke om blanket; udelad den").format(
                    channel=reg.channel
                ),
            )
        )
    if plan is None:
        return problems
    unit = plan.unit(reg.unit) if reg.unit else None
    if unit is None:
        problems.append(_p("unit", reg.unit, _("enheden findes ikke i tælleplanen")))
    elif unit.channels and reg.channel not in unit.channels:
        problems.append(
            _p(
                "channel",
                reg.channel,
                _("kanalen er ikke slået til for {login}").format(login=unit.login),
            )
        )
    return problems


def _check_answers(
    reg: Registration, codebook: Codebook, plan: Plan | None, rules: Rules
) -> list[Problem]:
    problems: list[Problem] = []
    unit = plan.unit(reg.unit) if plan is not None and reg.unit else None
    for key, value in reg.answers.items():
        where = f"svar.{key}"
        param = codebook.parameter(key)
        if param is not None:
            if rules == "new" and plan is not None and (unit is None or key not in unit.parameters):
                problems.append(
                    Problem(where, value, _("spørgsmålet er ikke slået til for enheden"))
                )
            elif param.kind == "postcode":
                if not POSTCODE.match(value):
                    problems.append(Problem(where, value, _("postnummer skal være fire cifre")))
            elif param.answer(value) is None:
                codes = ", ".join(a.code for a in param.answers)
                problems.append(
                    Problem(where, value, _("ukendt svar; brug et af {codes}").format(codes=codes))
                )
            continue
        question = plan.question(key) if plan is not None else None
        if question is None:
            if rules == "new":
                problems.append(Problem(where, value, _("ukendt spørgsmål")))
            continue
        if value not in question.answers:
            problems.append(
                Problem(where, value, _("svaret er ikke et af spørgsmålets faste svar"))
            )
        elif rules == "new" and reg.task not in question.tasks:
            problems.append(
                Problem(
                    where,
                    value,
                    _("spørgsmålet hører ikke til opgave {task}").format(task=reg.task),
                )
            )
    return problems


def validate_registration(
    reg: Registration,
    codebook: Codebook,
    plan: Plan | None = None,
    *,
    rules: Rules = "new",
    task_status: Callable[[str], TaskStatus] | None = None,
) -> Registration:
    """``reg`` unchanged when valid; otherwise ValidationError listing every problem."""
    problems = check_registration(reg, codebook, plan, rules=rules, task_status=task_status)
    if problems:
        raise ValidationError(problems)
    return reg
