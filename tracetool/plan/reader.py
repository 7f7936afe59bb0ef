"""The reader of a parsed count plan: it walks the TOML's blocks once and collects every problem
with its key path (``unit[2].tasks[5]``), the value found and why, instead of stopping at the
first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from tracetool import bounds
from tracetool.codes.codebook import Channel, Codebook
from tracetool.errors import Problem
from tracetool.locale import translator
from tracetool.plan.model import CountPeriod, ExtraQuestion, Plan, Unit
from tracetool.plan.tables import read_channel_costs, read_groups
from tracetool.plan.weeks import WEEKS, _period_name, _week_exists, day_text, iso_weeks

_ = translator("core")

KLE_NUMBER = re.compile(r"^\d\d\.\d\d(\.\d\d)?$")
QUESTION_KEY = re.compile(r"^[\w-]+$")


TOP_KEYS = (
    "municipality",
    "municipality_name",
    "test_mode",
    "period",
    "unit",
    "question",
    "groups",
    "channel_costs",
)
PERIOD_KEYS = ("name", "start", "end", "weeks", "year")
UNIT_KEYS = ("login", "name", "tasks", "parameters", "channels")
QUESTION_KEYS = ("key", "text", "answers", "tasks")


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return _("sand/falsk")
    if isinstance(value, int | float):
        return _("et tal")
    if isinstance(value, str):
        return _("tekst")
    if isinstance(value, datetime):
        return _("dato og klokkeslæt")
    if isinstance(value, date):
        return _("en dato")
    if isinstance(value, list):
        return _("en liste")
    if isinstance(value, dict):
        return _("en blok")
    return type(value).__name__


class _Reader:
    """Walks the parsed TOML once, collecting problems instead of stopping at the first."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.problems: list[Problem] = []

    def problem(self, where: str, value: object, reason: str) -> None:
        self.problems.append(Problem(where, value, reason))

    # -- generic value checks --------------------------------------------------------------

    def unknown_keys(self, table: dict[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key in allowed:
                continue
            where = f"{prefix}.{key}" if prefix else key
            if prefix and key in TOP_KEYS:
                reason = _(
                    "ukendt nøgle her; den hører til øverst i filen, før første [[...]]-blok"
                )
            else:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f"; mente du {close[0]!r}?"
                    if close
                    else _("; kendte nøgler: {allowed}").format(allowed=", ".join(allowed))
                )
                reason = _("ukendt nøgle") + hint
            self.problem(where, key, reason)

    def text(self, table: dict[str, Any], key: str, where: str) -> str | None:
        if key not in table:
            self.problem(where, None, "mangler")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.problem(
                where,
                value,
                _("skal være tekst i anførselstegn, ikke {value}").format(value=_type_name(value)),
            )
            return None
        if not value.strip():
            self.problem(where, value, _("må ikke være tom"))
            return None
        bad = bounds.text_problem(value.strip())
        if bad:
            self.problem(where, bounds.shown(value), bad[1])
            return None
        return value.strip()

    def text_list(
        self,
        table: dict[str, Any],
        key: str,
        where: str,
        what: str,
        *,
        check: Callable[[str], str | None] | None = None,
        required: bool = True,
        empty: str | None = None,
    ) -> list[str] | None:
        """The list's texts in order; each bad, empty or repeated item is reported where it
        stands and left out. ``check`` gives the reason an item is wrong, or None."""
        if key not in table:
            if required:
                self.problem(where, None, "mangler")
            return None
        value = table[key]
        if not isinstance(value, list):
            self.problem(
                where,
                value,
                _('skal være en liste som ["a", "b"], ikke {value}').format(
                    value=_type_name(value)
                ),
            )
            return None
        if not value and empty:
            self.problem(where, value, empty)
        seen: dict[str, str] = {}
        items: list[str] = []
        for i, item in enumerate(value, start=1):
            item_where = f"{where}[{i}]"
            reason = self.item_reason(item, check)
            if reason is None and item.strip() in seen:
                reason = _("{what} står der allerede ({seen})").format(
                    what=what, seen=seen[item.strip()]
                )
            if reason is not None:
                self.problem(item_where, item, reason)
                continue
            seen[item.strip()] = item_where
            items.append(item.strip())
        return items

    @staticmethod
    def item_reason(item: object, check: Callable[[str], str | None] | None) -> str | None:
        if not isinstance(item, str):
            return _("skal være tekst i anførselstegn, ikke {item}").format(item=_type_name(item))
        if not item.strip():
            return _("må ikke være tom")
        return check(item.strip()) if check is not None else None

    def blocks(self, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key, [])
        if isinstance(value, dict):
            self.problem(key, key, _("skal skrives [[{key}]] med dobbelte klammer").format(key=key))
            return []
        if not isinstance(value, list) or not all(isinstance(b, dict) for b in value):
            self.problem(key, value, _("skal være blokke skrevet [[{key}]]").format(key=key))
            return []
        return [(f"{key}[{i}]", block) for i, block in enumerate(value, start=1)]

    # -- the plan --------------------------------------------------------------------------

    def plan(self, data: dict[str, Any]) -> Plan | None:
        self.unknown_keys(data, TOP_KEYS, "")
        municipality = self.municipality(data)
        name = self.text(data, "municipality_name", "municipality_name")
        test_mode = True
        if "test_mode" in data:
            if isinstance(data["test_mode"], bool):
                test_mode = data["test_mode"]
            else:
                self.problem("test_mode", data["test_mode"], _("skal være true eller false"))
        periods = self.periods(data)
        units = self.units(data)
        questions = self.questions(data, units)
        groups = read_groups(data, self.problem)
        costs = read_channel_costs(data, self.problem, self.codebook)
        if self.problems or municipality is None or name is None:
            return None
        return Plan(
            municipality=municipality,
            municipality_name=name,
            units=tuple(units),
            periods=tuple(periods),
            questions=tuple(questions),
            test_mode=test_mode,
            groups=groups,
            channel_costs=costs,
        )

    def municipality(self, data: dict[str, Any]) -> int | None:
        if "municipality" not in data:
            self.problem("municipality", None, _("mangler (kommunenummeret, fx 259)"))
            return None
        value = data["municipality"]
        if isinstance(value, str) and value.strip().isdigit():
            self.problem("municipality", value, _("skal være et tal uden anførselstegn"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(
                "municipality",
                value,
                _("skal være et tal, ikke {value}").format(value=_type_name(value)),
            )
            return None
        if not 101 <= value <= 999:
            self.problem("municipality", value, _("kommunenummeret skal have tre cifre (101–999)"))
            return None
        return value

    # -- periods ---------------------------------------------------------------------------

    def periods(self, data: dict[str, Any]) -> list[CountPeriod]:
        found: list[tuple[str, CountPeriod]] = []
        for where, block in self.blocks(data, "period"):
            period = self.period(where, block)
            if period is not None:
                found.append((where, period))
        for j, (where, period) in enumerate(found):
            for other_where, other in found[:j]:
                if period.start <= other.end and other.start <= period.end:
                    self.problem(
                        where,
                        period.name,
                        f"overlapper {other_where} {other.name!r} "
                        f"({day_text(other.start)} – {day_text(other.end)})",
                    )
        return [p for _, p in found]

    def period(self, where: str, block: dict[str, Any]) -> CountPeriod | None:
        self.unknown_keys(block, PERIOD_KEYS, where)
        before = len(self.problems)
        name: str | None = None
        if "name" in block:
            name = self.text(block, "name", f"{where}.name")
        by_dates = "start" in block or "end" in block
        by_weeks = "weeks" in block or "year" in block
        span: tuple[date, date] | None = None
        if by_dates and by_weeks:
            self.problem(where, None, _("angiv enten start og end eller weeks og year, ikke begge"))
        elif by_weeks:
            span = self.weeks(where, block)
        elif by_dates:
            start = self.day(block, "start", f"{where}.start")
            end = self.day(block, "end", f"{where}.end")
            if start is not None and end is not None:
                if start > end:
                    self.problem(
                        f"{where}.end",
                        end.isoformat(),
                        _("ligger før start ({isoformat})").format(isoformat=start.isoformat()),
                    )
                else:
                    span = (start, end)
        else:
            self.problem(where, None, _("mangler start og end (datoer) eller weeks og year (uger)"))
        if span is None or len(self.problems) > before:
            return None
        if name is None:
            name = _period_name(block, span)
        return CountPeriod(name=name, start=span[0], end=span[1])

    def day(self, block: dict[str, Any], key: str, where: str) -> date | None:
        if key not in block:
            self.problem(where, None, "mangler")
            return None
        value = block[key]
        if isinstance(value, datetime):
            self.problem(
                where, value.isoformat(" "), _("skal være en dato uden klokkeslæt, fx 2026-10-19")
            )
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            self.problem(where, value, _("skriv datoen uden anførselstegn, fx 2026-10-19"))
        else:
            self.problem(
                where,
                value,
                _("skal være en dato som 2026-10-19, ikke {value}").format(value=_type_name(value)),
            )
        return None

    def weeks(self, where: str, block: dict[str, Any]) -> tuple[date, date] | None:
        weeks = block.get("weeks")
        year = block.get("year")
        first: int | None = None
        last: int | None = None
        if weeks is None:
            self.problem(f"{where}.weeks", None, _('mangler (fx weeks = "43-45")'))
        elif isinstance(weeks, int) and not isinstance(weeks, bool):
            first = last = weeks
        elif isinstance(weeks, str) and (m := WEEKS.match(weeks)):
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) else first
        else:
            self.problem(
                f"{where}.weeks", weeks, _('skal være en uge eller et interval, fx "43-45"')
            )
        if year is None:
            self.problem(f"{where}.year", None, _("mangler (året for ugerne, fx 2026)"))
            return None
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            self.problem(f"{where}.year", year, _("skal være et årstal, fx 2026"))
            return None
        if first is None or last is None:
            return None
        try:
            return iso_weeks(year, first, last)
        except ValueError:
            bad = next(
                (w, y)
                for w, y in ((first, year), (last, year + 1 if last < first else year))
                if not _week_exists(y, w)
            )
            self.problem(
                f"{where}.weeks",
                weeks,
                _("uge {bad} findes ikke i {bad2}").format(bad=bad[0], bad2=bad[1]),
            )
            return None

    # -- units -----------------------------------------------------------------------------

    def units(self, data: dict[str, Any]) -> list[Unit]:
        blocks = self.blocks(data, "unit")
        if not blocks and data.get("unit", []) == []:
            self.problem(
                "unit", None, _("planen har ingen enheder; tilføj mindst én [[unit]]-blok")
            )
        units: list[Unit] = []
        logins: dict[str, str] = {}
        for where, block in blocks:
            unit = self.unit(where, block, logins)
            if unit is not None:
                units.append(unit)
        return units

    def unit(self, where: str, block: dict[str, Any], logins: dict[str, str]) -> Unit | None:
        self.unknown_keys(block, UNIT_KEYS, where)
        before = len(self.problems)
        login = self.text(block, "login", f"{where}.login")
        if login is not None:
            if any(c.isspace() for c in login):
                self.problem(f"{where}.login", login, _("login må ikke indeholde mellemrum"))
            elif login in logins:
                self.problem(
                    f"{where}.login",
                    login,
                    _("login er allerede brugt af {logins}").format(logins=logins[login]),
                )
            else:
                logins[login] = where
        name = self.text(block, "name", f"{where}.name")

        tasks = self.text_list(
            block,
            "tasks",
            f"{where}.tasks",
            "opgaven",
            check=_kle_reason,
            empty=_("enheden har ingen opgaver"),
        )
        parameters = self.text_list(
            block,
            "parameters",
            f"{where}.parameters",
            "parameteren",
            check=self.parameter_reason,
            required=False,
        )
        channels = self.text_list(
            block,
            "channels",
            f"{where}.channels",
            "kanalen",
            check=self.channel_reason,
            required=False,
            empty=_("listen er tom; udelad channels for at bruge alle kanaler"),
        )

        if len(self.problems) > before or login is None or name is None or tasks is None:
            return None
        # A unit without a channel list registers on every desk channel: say so explicitly,
        # so that validation and the app need not know the default.
        codes = channels or [c.code for c in app_channels(self.codebook)]
        return Unit(
            login=login,
            name=name,
            tasks=tuple(tasks),
            parameters=tuple(parameters or ()),
            channels=tuple(codes),
        )

    def parameter_reason(self, key: str) -> str | None:
        if self.codebook.parameter(key) is not None:
            return None
        keys = ", ".join(p.key for p in self.codebook.parameters)
        return _("ukendt parameter; brug en af {keys}").format(keys=keys)

    def channel_reason(self, code: str) -> str | None:
        channel = self.codebook.channel(code)
        if channel is None:
            if self.codebook.channel(code.upper()) is not None:
                return _("skriv kanalkoden med store bogstaver: {upper}").format(upper=code.upper())
            known = ", ".join(c.code for c in app_channels(self.codebook))
            return _("ukendt kanalkode; brug en af {known}").format(known=known)
        if not channel.in_app:
            return _("kanalen tælles fra systemudtræk, ikke ved skranken; den kan ikke vælges her")
        return None

    # -- extra questions -------------------------------------------------------------------

    def questions(self, data: dict[str, Any], units: list[Unit]) -> list[ExtraQuestion]:
        unit_tasks = {t for u in units for t in u.tasks}
        # Unit blocks with problems are left out of ``units``; their tasks still count here,
        # so that one typo in a unit does not also flag every question on its tasks.
        raw_units = data.get("unit")
        for block in raw_units if isinstance(raw_units, list) else []:
            raw = block.get("tasks") if isinstance(block, dict) else None
            if isinstance(raw, list):
                unit_tasks.update(t.strip() for t in raw if isinstance(t, str))
        questions: list[ExtraQuestion] = []
        keys: dict[str, str] = {}
        texts: dict[str, str] = {}
        for where, block in self.blocks(data, "question"):
            question = self.question(where, block, unit_tasks, keys, texts)
            if question is not None:
                questions.append(question)
        return questions

    def question(
        self,
        where: str,
        block: dict[str, Any],
        unit_tasks: set[str],
        keys: dict[str, str],
        texts: dict[str, str],
    ) -> ExtraQuestion | None:
        self.unknown_keys(block, QUESTION_KEYS, where)
        before = len(self.problems)
        key = self.text(block, "key", f"{where}.key")
        if key is not None:
            if not QUESTION_KEY.match(key):
                self.problem(
                    f"{where}.key",
                    key,
                    _("nøglen må kun indeholde bogstaver, tal, _ og - (intet mellemrum)"),
                )
            elif self.codebook.parameter(key) is not None:
                self.problem(
                    f"{where}.key",
                    key,
                    _("nøglen er en valgfri parameter i kodebogen; vælg en anden"),
                )
            elif key in keys:
                self.problem(
                    f"{where}.key",
                    key,
                    _("nøglen er allerede brugt af {keys}").format(keys=keys[key]),
                )
            else:
                keys[key] = where
        text = self.text(block, "text", f"{where}.text")
        if text is not None:
            if text in texts:
                self.problem(
                    f"{where}.text",
                    text,
                    _(
                        "teksten er allerede brugt af {texts}; hver tekst bliver en "
                        "kolonneoverskrift i udtræk"
                    ).format(texts=texts[text]),
                )
            else:
                texts[text] = where

        answers = self.text_list(block, "answers", f"{where}.answers", "svaret")
        if answers is not None and len(answers) < 2:
            self.problem(
                f"{where}.answers", block["answers"], _("skal have mindst to forskellige svar")
            )

        def task_reason(task: str) -> str | None:
            if not KLE_NUMBER.match(task):
                return _kle_reason(task)
            if task not in unit_tasks:
                return _("opgaven står ikke på nogen enheds opgaveliste")
            return None

        tasks = self.text_list(
            block,
            "tasks",
            f"{where}.tasks",
            "opgaven",
            check=task_reason,
            empty=_("spørgsmålet skal høre til mindst én opgave"),
        )

        if len(self.problems) > before or None in (key, text, answers, tasks):
            return None
        assert key is not None and text is not None and answers is not None and tasks is not None
        return ExtraQuestion(key=key, text=text, answers=tuple(answers), tasks=tuple(tasks))


def _kle_reason(task: str) -> str | None:
    if KLE_NUMBER.match(task):
        return None
    return _("ikke et KLE-nummer (skriv fx 23.05.10 eller 23.05)")


def app_channels(codebook: Codebook) -> list[Channel]:
    """The channels a desk registers, inbound first: those a unit may list."""
    return codebook.app_channels("IND") + codebook.app_channels("UD")
