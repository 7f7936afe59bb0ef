"""Words and numbers for the renderers: the report's texts (``texts``, translated with the
``report`` catalogue), number, share, time and day formats, and readable names for codes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from tracetool.analysis.figures import NO_FORM, NO_GROUP, NO_UNIT, ReportFilter
from tracetool.analysis.texts import DOMAIN, MESSAGES, WEEKDAYS
from tracetool.codes.codebook import Codebook, load_codebook
from tracetool.locale import LANGUAGES, catalogue


def word(key: str, lang: str = "da") -> str:
    """The report's message ``key`` in ``lang``, placeholders left as they are."""
    return catalogue(DOMAIN, lang).gettext(MESSAGES[key])


def fmt_int(n: int, lang: str = "da") -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "da" else text


def fmt_pct(share: float | None, lang: str = "da") -> str:
    if share is None:
        return word("none", lang)
    value = f"{share * 100:.1f}"
    return f"{value.replace('.', ',')} %" if lang == "da" else f"{value}%"


def fmt_seconds(seconds: float | None, lang: str = "da") -> str:
    if seconds is None:
        return word("none", lang)
    value = f"{seconds:.1f}".removesuffix(".0")
    if lang == "da":
        value = value.replace(".", ",")
    return f"{value} {word('seconds', lang)}"


def fmt_kroner(amount: float, lang: str = "da", *, exact: bool = False) -> str:
    """Whole kroner for sums; ``exact`` keeps the øre of a price (45,50)."""
    text = f"{amount:,.2f}" if exact and amount != int(amount) else f"{amount:,.0f}"
    if lang == "da":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def fmt_change(n: int, lang: str = "da") -> str:
    sign = "+" if n > 0 else "−" if n < 0 else "±"
    return sign + fmt_int(abs(n), lang)


def fmt_pp(points: float | None, lang: str = "da") -> str:
    if points is None:
        return word("none", lang)
    text = f"{points:+.1f}".replace("-", "−")
    return text.replace(".", ",") if lang == "da" else text


def fmt_duration(seconds: float | None, lang: str = "da") -> str:
    """Seconds below a minute and a half, minutes above: "41 sek.", "2,5 min."."""
    if seconds is None or seconds < 90:
        return fmt_seconds(seconds, lang)
    value = f"{seconds / 60:.1f}".removesuffix(".0")
    if lang == "da":
        value = value.replace(".", ",")
    return f"{value} {word('minutes', lang)}"


def fmt_day(day: date, lang: str = "da") -> str:
    return day.strftime("%d-%m-%Y") if lang == "da" else day.isoformat()


class Labels:
    """Readable names for codes, in Danish or English."""

    def __init__(
        self,
        codebook: Codebook | None = None,
        lang: str = "da",
        *,
        task_title: Callable[[str], str] | None = None,
        unit_name: Callable[[str], str] | None = None,
        questions: Mapping[str, str] | None = None,
    ) -> None:
        self.codebook = codebook or load_codebook()
        self.lang = lang if lang in LANGUAGES else "da"
        self._gettext = catalogue(DOMAIN, self.lang).gettext
        self._task_title = task_title
        self._unit_name = unit_name
        self._questions = dict(questions or {})
        self.municipality: str | None = None  # "Køge (259)" for headings, when a plan names it

    def t(self, key: str, **values: Any) -> str:
        return self._gettext(MESSAGES[key]).format(**values)

    def num(self, n: int) -> str:
        return fmt_int(n, self.lang)

    def pct(self, share: float | None) -> str:
        return fmt_pct(share, self.lang)

    def seconds(self, seconds: float | None) -> str:
        return fmt_seconds(seconds, self.lang)

    def kroner(self, amount: float, *, exact: bool = False) -> str:
        return fmt_kroner(amount, self.lang, exact=exact)

    def change(self, n: int) -> str:
        return fmt_change(n, self.lang)

    def pp(self, points: float | None) -> str:
        return fmt_pp(points, self.lang)

    def duration(self, seconds: float | None) -> str:
        return fmt_duration(seconds, self.lang)

    def day(self, day: date) -> str:
        return fmt_day(day, self.lang)

    def direction(self, code: str) -> str:
        found = self.codebook.direction(code)
        return found.label(self.lang) if found else code

    def channel(self, code: str) -> str:
        found = self.codebook.channel(code)
        if found is None:
            return code
        arrow = self.t("in") if found.direction == "IND" else self.t("out")
        label = found.label(self.lang)
        if label.endswith(f" {arrow}"):
            return label
        return f"{label}, {arrow}" if label.endswith(")") else f"{label} ({arrow})"

    def type(self, code: str) -> str:
        found = self.codebook.type(code)
        return found.label(self.lang) if found else code

    def closing(self, code: str) -> str:
        found = self.codebook.closing(code)
        return found.label(self.lang) if found else code

    def form(self, code: str) -> str:
        if code == NO_FORM:
            return self.t("no_form")
        answer = {"JA": "yes", "NEJ": "no"}.get(code)
        return self.t(answer) if answer else code

    def task(self, code: str) -> str:
        if self._task_title is not None:
            title = self._task_title(code)
        else:
            found = self.codebook.task(code)
            title = found.label(self.lang) if found else code
        return code if title == code else f"{code} {title}"

    def unit(self, code: str) -> str:
        if code == NO_UNIT:
            return self.t("no_unit")
        name = self._unit_name(code) if self._unit_name is not None else code
        return code if name == code else f"{name} ({code})"

    def group(self, code: str) -> str:
        return self.t("no_group") if code == NO_GROUP else code

    def question(self, key: str) -> str:
        """An optional parameter's name, or the text of the plan's extra question."""
        found = self.codebook.parameter(key)
        if found is not None:
            return found.label(self.lang)
        return self._questions.get(key, key)

    def dimension(self, dimension: str) -> str:
        """A breakdown's name; for ``answer:KEY`` the question."""
        name, _, key = dimension.partition(":")
        return self.question(key) if name == "answer" else self.t(name)

    def answer(self, key: str, code: str) -> str:
        found = self.codebook.parameter(key)
        answer = found.answer(code) if found is not None else None
        return answer.label(self.lang) if answer is not None else code

    def hour(self, code: str) -> str:
        h = int(code)
        return f"{h:02d}–{(h + 1) % 24:02d}"

    def weekday_day(self, code: str) -> str:
        day = date.fromisoformat(code)
        return f"{self._gettext(WEEKDAYS[day.weekday()])} {self.day(day)}"

    def week(self, code: str) -> str:
        year, _, week = code.partition("-W")
        return f"{self.t('week')} {int(week)} {year}"

    def key(self, dimension: str, code: str) -> str:
        """The label of ``code`` in a breakdown by ``dimension``."""
        if dimension == "day":
            return self.weekday_day(code)
        if dimension.startswith("answer:"):
            key = dimension.partition(":")[2]
            return self.t("no_answer") if code == "INGEN" else self.answer(key, code)
        method: Callable[[str], str] | None = getattr(self, dimension, None)
        return method(code) if method is not None else code

    def excluded(self, rows: int, inquiries: int, rules: int) -> str:
        return self.t("excluded", rows=self.num(rows), n=self.num(inquiries), rules=rules)

    def selection(self, flt: ReportFilter) -> str:
        """The filters in words, e.g. "Jobcenter · Telefon (ind)"; empty when there are none."""
        parts = [
            ", ".join(flt.groups),
            ", ".join(self.unit(u or NO_UNIT) for u in flt.all_units),
            ", ".join(self.channel(c) for c in flt.channels),
            ", ".join(self.type(t) for t in flt.types),
            ", ".join(flt.sources),
        ]
        return " · ".join(p for p in parts if p)

    def period(self, flt: ReportFilter) -> str:
        if flt.start is None and flt.end is None:
            return self.t("all_time")
        start = self.day(flt.start) if flt.start else "…"
        end = self.day(flt.end) if flt.end else "…"
        return f"{start} – {end}"
