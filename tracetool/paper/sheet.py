"""The paper tally sheet (tælleark): a unit's tasks and the choices, for desks without a computer.

One row per task (the app's hotkey, KLE number, name); tick columns for the unit's inbound and
outbound channels, the inquiry type, the closing and the form. Staff put one stroke per choice
in the task's row; the coordinator types the strokes in afterwards with the sheet's date
(komhen.md §5). A4 landscape, because 20-odd tick columns need the width.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracetool.codes.codebook import Codebook
from tracetool.locale import LANGUAGES, N_, catalogue
from tracetool.paper.logtexts import DOMAIN
from tracetool.paper.pdfdoc import Document, find_font_dir
from tracetool.plan.model import Plan, Unit

BLANK_ROWS = 3

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
ROW_H = 6.4  # as narrow-ruled paper: room for strokes, and 19 rows a page after the first
GROUP_H = 5.5
LABEL_H = 30.0
HEAD_H = 17.0
INSTR_H = 29.0
FOOT_H = 7.0
KEY_W, KLE_W = 9.0, 16.0
MIN_NAME_W = 62.0
MAX_TICK_W = 11.0

FORM_MARK = "*"
# The sheet's words are messages of the domain paper (Danish ids, English in paper.po).
FIRST_WITH_FORM = N_(
    "Sæt én streg pr. henvendelse i opgavens række: én under Kanal, én under Type og én under "
    "Afslutning – og én under Blanket, når kanalen er mærket {mark} (der spørges om blanket)."
)
FIRST_WITHOUT_FORM = N_(
    "Sæt én streg pr. henvendelse i opgavens række: én under Kanal, én under Type og én under "
    "Afslutning."
)
INSTRUCTIONS = (
    N_(
        "Den, der afslutter henvendelsen, registrerer den – én gang. Handler den om to opgaver, "
        "er det to henvendelser. Et lovet tilbageopkald er én udgående henvendelse."
    ),
    N_(
        "Type: Kræver henvendelsen et referencenummer (CPR, CVR, matrikel)? Ja → ny sag, "
        "information om sag eller ændring af status. Nej → råd og vejledning, hjælp til "
        "selvbetjening eller fejlhenvendelse."
    ),
    N_(
        "Opgaven er ikke på listen? Skriv KLE-nummeret i en tom række. Arket afleveres til "
        "tovholderen, som taster stregerne ind med datoen."
    ),
)
FOOTER = N_(
    "Stregerne kan kun tastes ind som totaler pr. kolonne (kanal, type og afslutning hver for "
    "sig): krydset kanal × type går tabt – logarket (tracetool paper sheet) bevarer det · Tast = "
    "genvejstast i tracetool · Ingen navne, CPR-numre eller fritekst"
)
GROUPS = {
    "in": N_("Kanal ind"),
    "out": N_("Kanal ud"),
    "type": N_("Type"),
    "closing": N_("Afslutning"),
    "form": N_("Blanket"),
}
# A group one or two columns wide gets its short name.
SHORT_GROUPS = {
    GROUPS["in"]: N_("Ind"),
    GROUPS["out"]: N_("Ud"),
    GROUPS["closing"]: N_("Afsl."),
    GROUPS["form"]: N_("Blank."),
}
WORDS = {
    "doc_title": N_("Tælleark – {unit}"),
    "title": N_("Tælleark – henvendelser (KOMHEN 2.0)"),
    "page": N_("Side {number} af {total}"),
    "municipality": N_("Kommune"),
    "unit": N_("Enhed"),
    "date": N_("Dato"),
    "key": N_("Tast"),
    "kle": N_("KLE-nr."),
    "task": N_("Opgave"),
    "yes": N_("Ja"),
    "total_row": N_("I alt (denne side)"),
}


@dataclass(frozen=True)
class SheetRow:
    hotkey: str
    kle: str
    name: str
    total: bool = False


@dataclass(frozen=True)
class TickColumn:
    group: str
    label: str


@dataclass(frozen=True)
class Sheet:
    pdf: bytes
    pages: int
    rows: int


def _name(kle: str, task_title: Callable[[str], str]) -> str:
    title = task_title(kle)
    return "" if title == kle else title


def sheet_rows(
    unit: Unit, codebook: Codebook, task_title: Callable[[str], str], lang: str = "da"
) -> list[SheetRow]:
    keys = dict((kle, key) for key, kle in unit.hotkeys())
    # A task whose name is unknown gets its number once, not again as its name.
    rows = [SheetRow(keys.get(kle, ""), kle, _name(kle, task_title)) for kle in unit.tasks]
    fejl = codebook.fejl_task
    if fejl.kle not in unit.tasks:
        # The app always offers the Fejlhenvendelse tile, whatever the unit's list holds.
        rows.append(SheetRow("", fejl.kle, fejl.label(lang)))
    rows += [SheetRow("", "", "") for _ in range(BLANK_ROWS)]
    return rows


def tick_columns(unit: Unit, codebook: Codebook, lang: str = "da") -> list[TickColumn]:
    """The unit's channels (inbound, then outbound), the types, closings and form answers.

    Channels that ask the form question carry FORM_MARK; without any, the form group is left
    out, since the question is never asked at that desk.
    """
    channels = [
        chan
        for direction in ("IND", "UD")
        for chan in codebook.app_channels(direction)
        if not unit.channels or chan.code in unit.channels
    ]
    # Not named _: the messages are looked up by key, and Babel would take the key for one.
    say = catalogue(DOMAIN, lang).gettext
    asks_form = any(chan.asks_form for chan in channels)
    columns = [
        TickColumn(
            say(GROUPS["in" if chan.direction == "IND" else "out"]),
            f"{chan.label(lang)} {FORM_MARK}" if chan.asks_form else chan.label(lang),
        )
        for chan in channels
    ]
    columns += [TickColumn(say(GROUPS["type"]), t.label(lang)) for t in codebook.types]
    columns += [TickColumn(say(GROUPS["closing"]), c.label(lang)) for c in codebook.closings]
    if asks_form:
        columns += [
            TickColumn(say(GROUPS["form"]), say(WORDS["yes"]) if f.code == "JA" else f.label(lang))
            for f in codebook.forms
        ]
    return columns


class _Sheet(Document):
    def __init__(
        self,
        plan: Plan,
        unit: Unit,
        codebook: Codebook,
        day: date | None,
        task_title: Callable[[str], str],
        font_dir: Path | None,
        lang: str = "da",
    ) -> None:
        self.plan = plan
        self.unit = unit
        self.codebook = codebook
        self.day = day
        self.say = catalogue(DOMAIN, lang).gettext
        self.rows = sheet_rows(unit, codebook, task_title, lang)
        self.columns = tick_columns(unit, codebook, lang)
        super().__init__(font_dir, "L", MARGIN, self.w("doc_title", unit=unit.name))
        width = PAGE_W - 2 * MARGIN
        free = width - KEY_W - KLE_W - MIN_NAME_W
        self.tick_w = min(MAX_TICK_W, free / len(self.columns))
        self.name_w = width - KEY_W - KLE_W - self.tick_w * len(self.columns)

    def w(self, key: str, **values: object) -> str:
        return self.say(WORDS[key]).format(**values)

    # -- layout -----------------------------------------------------------------------------

    def capacity(self, first: bool) -> int:
        room = PAGE_H - 2 * MARGIN - HEAD_H - GROUP_H - LABEL_H - FOOT_H
        if first:
            room -= INSTR_H
        return int(room // ROW_H)

    def pages(self) -> list[list[SheetRow]]:
        pages: list[list[SheetRow]] = []
        rest = list(self.rows)
        while rest:
            # The last row of each page is for the page's totals per column.
            n = self.capacity(not pages) - 1
            pages.append([*rest[:n], SheetRow("", "", self.w("total_row"), total=True)])
            rest = rest[n:]
        return pages

    def render(self) -> Sheet:
        pages = self.pages()
        for number, rows in enumerate(pages, start=1):
            self.pdf.add_page()
            y = self.header(number, len(pages))
            if number == 1:
                y = self.instructions(y)
            y = self.table_head(y)
            self.table_rows(y, rows, start=sum(len(p) for p in pages[: number - 1]))
        return Sheet(pdf=bytes(self.pdf.output()), pages=len(pages), rows=len(self.rows))

    def header(self, number: int, total: int) -> float:
        pdf = self.pdf
        y = MARGIN
        self.font("B", 15)
        pdf.text(MARGIN, y + 5.5, self.t(self.w("title")))
        self.font("", 9)
        page = self.t(self.w("page", number=number, total=total))
        pdf.text(PAGE_W - MARGIN - pdf.get_string_width(page), y + 5.5, page)
        y += 11
        fields = [
            (self.w("municipality"), f"{self.plan.municipality_name} ({self.plan.municipality})"),
            (self.w("unit"), f"{self.unit.name} ({self.unit.login})"),
        ]
        x = MARGIN
        for label, value in fields:
            self.font("", 10)
            pdf.text(x, y, self.t(f"{label}:"))
            x += pdf.get_string_width(self.t(f"{label}: "))
            self.font("B", 10)
            pdf.text(x, y, self.t(value))
            x += pdf.get_string_width(self.t(value)) + 10
        self.font("", 10)
        pdf.text(x, y, f"{self.w('date')}:")
        x += pdf.get_string_width(f"{self.w('date')}: ")
        if self.day is not None:
            self.font("B", 10)
            pdf.text(x, y, self.day.strftime("%d-%m-%Y"))
        else:
            pdf.set_line_width(0.3)
            pdf.line(x, y + 0.8, x + 38, y + 0.8)
        return MARGIN + HEAD_H

    def instructions(self, y: float) -> float:
        pdf = self.pdf
        with_form = any(c.group == self.say(GROUPS["form"]) for c in self.columns)
        first = self.say(FIRST_WITH_FORM if with_form else FIRST_WITHOUT_FORM)
        items = (first.format(mark=FORM_MARK), *(self.say(i) for i in INSTRUCTIONS))
        pdf.set_fill_color(242, 244, 248)
        pdf.set_draw_color(160, 160, 170)
        pdf.set_line_width(0.2)
        pdf.rect(MARGIN, y - 2, PAGE_W - 2 * MARGIN, INSTR_H - 3, style="DF")
        self.font("", 8.5)
        text_w = PAGE_W - 2 * MARGIN - 10
        line_y = y + 2.2
        for i, text in enumerate(items, start=1):
            for j, line in enumerate(self.wrap(text, text_w, 2)):
                if j == 0:
                    self.font("B", 8.5)
                    pdf.text(MARGIN + 2, line_y, f"{i}.")
                    self.font("", 8.5)
                pdf.text(MARGIN + 7, line_y, line)
                line_y += 3.6
            line_y += 0.6
        return y + INSTR_H

    def table_head(self, y: float) -> float:
        pdf = self.pdf
        pdf.set_draw_color(0, 0, 0)
        pdf.set_fill_color(225, 230, 240)
        pdf.set_line_width(0.2)
        x0 = MARGIN
        top = y
        bottom = y + GROUP_H + LABEL_H
        # Fixed columns span both header rows.
        fixed = (("key", KEY_W), ("kle", KLE_W), ("task", self.name_w))
        for label, w in ((self.w(key), width) for key, width in fixed):
            pdf.rect(x0, top, w, GROUP_H + LABEL_H, style="DF")
            self.font("B", 8)
            pdf.text(x0 + 1.2, bottom - 2, self.t(label))
            x0 += w
        # Group row, then one rotated label per tick column.
        groups: list[tuple[str, int]] = []
        for col in self.columns:
            if groups and groups[-1][0] == col.group:
                groups[-1] = (col.group, groups[-1][1] + 1)
            else:
                groups.append((col.group, 1))
        x = x0
        for group, n in groups:
            w = n * self.tick_w
            pdf.rect(x, top, w, GROUP_H, style="DF")
            # A narrow group gets its short name, then a smaller font, before it is cut.
            size = 8.0
            self.font("B", size)
            if pdf.get_string_width(self.t(group)) > w - 1:
                short = {self.say(name): self.say(s) for name, s in SHORT_GROUPS.items()}
                group = short.get(group, group)
            while size > 5.5 and pdf.get_string_width(self.t(group)) > w - 1:
                size -= 0.5
                self.font("B", size)
            label = self.fit(group, w - 1)
            pdf.text(x + (w - pdf.get_string_width(label)) / 2, top + GROUP_H - 1.6, label)
            x += w
        x = x0
        self.font("", 7, condensed=True)
        line_h = 2.7
        max_lines = max(1, int((self.tick_w - 1) // line_h))
        for col in self.columns:
            pdf.rect(x, top + GROUP_H, self.tick_w, LABEL_H, style="DF")
            lines = self.wrap(col.label, LABEL_H - 2.5, max_lines)
            block = len(lines) * line_h
            base_x = x + (self.tick_w - block) / 2 + line_h - 0.6
            for i, line in enumerate(lines):
                lx = base_x + i * line_h
                ly = bottom - 1.5
                with pdf.rotation(90, lx, ly):
                    pdf.text(lx, ly, line)
            x += self.tick_w
        self.group_lines = self.group_edges(x0, groups)
        return bottom

    def group_edges(self, x0: float, groups: list[tuple[str, int]]) -> list[float]:
        edges = [x0]
        for _, n in groups:
            edges.append(edges[-1] + n * self.tick_w)
        return edges

    def table_rows(self, y: float, rows: list[SheetRow], start: int) -> None:
        pdf = self.pdf
        pdf.set_line_width(0.15)
        pdf.set_draw_color(120, 120, 120)
        left = MARGIN
        right = PAGE_W - MARGIN
        for i, row in enumerate(rows):
            top = y + i * ROW_H
            if (start + i) % 2 == 1 or row.total:
                shade = 225 if row.total else 243
                pdf.set_fill_color(shade, shade, shade)
                pdf.rect(left, top, right - left, ROW_H, style="F")
            pdf.line(left, top + ROW_H, right, top + ROW_H)
            base = top + ROW_H / 2 + 1.3
            self.font("B", 9)
            pdf.text(left + (KEY_W - pdf.get_string_width(row.hotkey)) / 2, base, row.hotkey)
            self.font("", 8.5)
            pdf.text(left + KEY_W + 1.2, base, row.kle)
            if row.name:
                self.task_name(row, left + KEY_W + KLE_W + 1.2, top, base)
        bottom = y + len(rows) * ROW_H
        # Vertical lines: thin between tick cells, thick between groups and the task columns.
        x = left
        xs = [x, x + KEY_W, x + KEY_W + KLE_W]
        tick_x = x + KEY_W + KLE_W + self.name_w
        for j in range(len(self.columns) + 1):
            xs.append(tick_x + j * self.tick_w)
        for vx in xs:
            thick = any(abs(vx - e) < 0.01 for e in self.group_lines) or vx in (left, right)
            pdf.set_draw_color(0, 0, 0) if thick else pdf.set_draw_color(150, 150, 150)
            pdf.set_line_width(0.45 if thick else 0.15)
            pdf.line(vx, y, vx, bottom)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.45)
        pdf.rect(left, y - GROUP_H - LABEL_H, right - left, bottom - y + GROUP_H + LABEL_H)
        self.footer(bottom)

    def task_name(self, row: SheetRow, x: float, top: float, base: float) -> None:
        """The name on one line when it fits, else wrapped in a condensed face: never cut."""
        pdf = self.pdf
        width = self.name_w - 2.4
        self.font("B" if row.total else "", 8.5)
        if pdf.get_string_width(self.t(row.name)) <= width:
            pdf.text(x, base, self.t(row.name))
            return
        size, count = 7.5, 2
        self.font("", size, condensed=True)
        if len(self.wrap(row.name, width, 99)) > count:
            size, count = 6.0, 3  # the longest names: three smaller lines in the row
            self.font("", size, condensed=True)
        lines = self.wrap(row.name, width, count)
        step = size * 0.36
        first = top + (ROW_H - step * len(lines)) / 2 + step - 0.6
        for i, line in enumerate(lines):
            pdf.text(x, first + i * step, line)

    def footer(self, bottom: float) -> None:
        self.footnote(MARGIN, PAGE_H - MARGIN - 1, self.say(FOOTER))


def render_sheet(
    plan: Plan,
    unit: Unit,
    codebook: Codebook,
    *,
    day: date | None = None,
    task_title: Callable[[str], str] | None = None,
    font_dir: Path | None = None,
    unicode_font: bool = True,
    lang: str = "da",
) -> Sheet:
    """The unit's tally sheet as PDF bytes, with DejaVu Sans when found (else core fonts)."""
    lang = lang if lang in LANGUAGES else "da"

    def title(kle: str) -> str:
        task = codebook.task(kle)
        return task.label(lang) if task else kle

    fonts = (font_dir or find_font_dir()) if unicode_font else None
    return _Sheet(plan, unit, codebook, day, task_title or title, fonts, lang).render()
