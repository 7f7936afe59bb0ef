"""The paper log sheet (logark): one line per inquiry, written in the app's own keys.

The head of each page is the legend — the unit's channels, tasks, types, closings, form and
questions with the keys the app gives them — and each line has a box per code, a count box
for "the same again N times" and the hour. Staff write ``2 3 4 1``; the coordinator types the
same keys back (``tracetool paper enter``), so every line becomes exactly one registration
and the cross-tabs (channel × type, closing per channel) survive. A4 portrait.

The legend comes in as plain tables (``KeyTables``); the desk builds them from the app's line,
so the sheet follows the app when its keys change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, Protocol

from tracetool.locale import LANGUAGES, catalogue
from tracetool.paper.logtexts import DOMAIN, LOG_TEXTS
from tracetool.paper.pdfdoc import Document, find_font_dir
from tracetool.plan.model import Plan, Unit

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 8.0
WIDTH = PAGE_W - 2 * MARGIN
LINE_H = 6.4  # as narrow-ruled paper (6.35 mm): room for a written digit with a pen
MIN_LINES = 30
ITEM_H = 3.0
LEGEND_PT = 7.2
COLHEAD_H = 7.0
FOOT_H = 5.0
FORM_MARK = "*"
Placing = Literal["beside", "below", "page"]


class Key(Protocol):
    @property
    def hotkey(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...


class MoreAnswers(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def choices(self) -> Sequence[Key]: ...
    @property
    def note(self) -> str: ...


class KeyTables(Protocol):
    """The legend, as the desk's ``SheetKeys`` holds it."""

    @property
    def channels_in(self) -> Sequence[Key]: ...
    @property
    def channels_out(self) -> Sequence[Key]: ...
    @property
    def form_channels(self) -> Sequence[str]: ...
    @property
    def tasks(self) -> Sequence[Key]: ...
    @property
    def unkeyed(self) -> Sequence[Key]: ...
    @property
    def types(self) -> Sequence[Key]: ...
    @property
    def closings(self) -> Sequence[Key]: ...
    @property
    def forms(self) -> Sequence[Key]: ...
    @property
    def parameters(self) -> Sequence[MoreAnswers]: ...
    @property
    def questions(self) -> Sequence[MoreAnswers]: ...


@dataclass(frozen=True)
class LogSheet:
    pdf: bytes
    pages: int
    lines_per_page: int
    task_page: bool


@dataclass(frozen=True)
class Box:
    title: str
    width: float
    wide: bool = False  # the KLE-number box: written, not a single key


def _group(title: str, keys: Sequence[Key], marked: Sequence[str] = ()) -> tuple[str, list[str]]:
    items = [f"{k.hotkey}  {k.label}{' ' + FORM_MARK if k.hotkey in marked else ''}" for k in keys]
    return title, items


def fit_widths(natural: Sequence[float], total: float) -> list[float]:
    """Narrow columns keep their width; the wide ones share what is left equally (and wrap)."""
    rest = total
    for i, w in enumerate(sorted(natural)):
        cap = rest / (len(natural) - i)
        if w > cap:
            return [min(x, cap) for x in natural]
        rest -= w
    return list(natural)


class _LogSheet(Document):
    def __init__(
        self,
        plan: Plan,
        unit: Unit,
        keys: KeyTables,
        day: date | None,
        font_dir: Path | None,
        lang: str = "da",
    ) -> None:
        self._gettext = catalogue(DOMAIN, lang if lang in LANGUAGES else "da").gettext
        super().__init__(font_dir, "P", MARGIN, self.w("doc_title", unit=unit.name))
        self.plan = plan
        self.unit = unit
        self.keys = keys
        self.day = day
        self.boxes = self._boxes()

    # -- what goes where ----------------------------------------------------------------------

    def _boxes(self) -> list[Box]:
        k = self.keys
        w = self.w
        boxes = [Box(w("box_nr"), 8), Box(w("box_channel"), 12), Box(w("box_task"), 12)]
        boxes += [Box(w("box_kle"), 28, True), Box(w("box_type"), 12), Box(w("box_closing"), 12)]
        if k.form_channels:
            boxes.append(Box(w("box_form") + FORM_MARK, 14))
        for p in k.parameters:
            boxes.append(Box(p.label, 20 if not p.choices else 14))
        for i, _ in enumerate(k.questions, start=1):
            boxes.append(Box(self.question_name(i), 12))
        boxes += [Box(w("box_count"), 16), Box(w("box_hour"), 13)]
        spare = WIDTH - sum(b.width for b in boxes)
        # Leftover width goes to the written boxes, so the pen has more room.
        grow = spare / (len(boxes) - 1)
        return [boxes[0], *(Box(b.title, b.width + grow, b.wide) for b in boxes[1:])]

    def w(self, key: str, **values: object) -> str:
        return self._gettext(LOG_TEXTS[key]).format(**values)

    def question_name(self, i: int) -> str:
        name = self.w("box_question")
        return f"{name} {i}" if len(self.keys.questions) > 1 else name

    def code_groups(self) -> list[tuple[str, list[str]]]:
        k = self.keys
        groups = []
        if k.channels_in:
            groups.append(_group(self.w("in"), k.channels_in, k.form_channels))
        if k.channels_out:
            groups.append(_group(self.w("out"), k.channels_out, k.form_channels))
        groups.append(_group(self.w("type"), k.types))
        groups.append(_group(self.w("closing"), k.closings))
        if k.form_channels:
            groups.append(_group(self.w("form", mark=FORM_MARK), k.forms))
        for p in k.parameters:
            groups.append(
                _group(p.label, p.choices) if p.choices else (p.label, [self.w("digits")])
            )
        return groups

    def task_items(self) -> list[tuple[str, str, str]]:
        items = [(k.hotkey, k.code, k.label) for k in self.keys.tasks]
        return items + [("", k.code, k.label) for k in self.keys.unkeyed]

    # -- measuring ----------------------------------------------------------------------------

    def code_columns(self) -> list[tuple[float, list[tuple[str, list[list[str]]]]]]:
        """The code groups in columns: the short groups stacked under each other up to the
        height of the tallest, each column as wide as its widest item; items that still do
        not fit are wrapped (nothing is cut)."""
        pdf = self.pdf
        tallest = max(len(items) for _, items in self.code_groups())
        stacks: list[list[tuple[str, list[str]]]] = []
        for title, items in self.code_groups():
            rows = sum(1 + len(i) for _, i in stacks[-1]) if stacks else tallest + 2
            if rows + 1 + len(items) <= tallest + 1 and title not in (self.w("in"), self.w("out")):
                stacks[-1].append((title, items))
            else:
                stacks.append([(title, items)])
        natural = []
        for stack in stacks:
            widths = []
            for title, items in stack:
                self.font("B", LEGEND_PT)
                widths.append(pdf.get_string_width(self.t(title)))
                self.font("", LEGEND_PT, condensed=True)
                widths += [pdf.get_string_width(self.t(i)) for i in items]
            natural.append(max(widths) + 3)
        self.font("", LEGEND_PT, condensed=True)
        return [
            (w, [(title, [self.wrap(i, w - 3, 3) for i in items]) for title, items in stack])
            for stack, w in zip(stacks, fit_widths(natural, WIDTH), strict=True)
        ]

    def task_columns(self, columns: int, width: float) -> list[list[list[str]]]:
        """Task items, each wrapped to the column, split into columns of near equal height."""
        col_w = width / columns
        self.font("", LEGEND_PT, condensed=True)
        wrapped = [
            self.wrap(f"{code}  {label}" if label != code else code, col_w - 7, 3)
            for _, code, label in self.task_items()
        ]
        total = sum(len(w) for w in wrapped)
        out: list[list[list[str]]] = [[]]
        used = 0
        for item in wrapped:
            if used + len(item) > -(-total // columns) and out[-1] and len(out) < columns:
                out.append([])
                used = 0
            out[-1].append(item)
            used += len(item)
        return out

    def head(self, place: Placing) -> float:
        """Draw a log page's head (legend, note) and return where the lines start."""
        y = self.header()
        band = self.draw_codes(y)
        if place == "beside":
            used = sum(w for w, _ in self.code_columns()) + 3
            band = max(band, self.draw_tasks(y, MARGIN + used, WIDTH - used))
        elif place == "below":
            band = self.draw_tasks(band, MARGIN, WIDTH)
        else:
            band = self.note(band, self.w("see_task_page"))
        return self.note(band, self.w("instruction"), size=7.2)

    def lines_below(self, y: float) -> int:
        return int((PAGE_H - MARGIN - FOOT_H - y - COLHEAD_H) // LINE_H)

    # -- drawing ------------------------------------------------------------------------------

    def render(self, log_pages: int, place: Placing) -> LogSheet:
        if place == "page":
            self.task_page()
        lines = 0
        for n in range(log_pages):
            self.pdf.add_page()
            y = self.head(place)
            lines = self.lines_below(y)
            self.draw_lines(y, lines)
            self.footer(n + 1 + (1 if place == "page" else 0))
        pages = log_pages + (1 if place == "page" else 0)
        return LogSheet(bytes(self.pdf.output()), pages, lines, place == "page")

    def placing(self) -> Placing:
        """Where the tasks' keys go: beside the codes or below them when MIN_LINES lines still
        fit (measured by drawing the head on pages that are thrown away), else on a page of
        their own."""
        places: tuple[Placing, ...] = ("beside", "below")
        for place in places:
            if place == "beside" and WIDTH - sum(w for w, _ in self.code_columns()) < 50:
                continue
            self.pdf.add_page()
            if self.lines_below(self.head(place)) >= MIN_LINES:
                return place
        return "page"

    def task_page(self) -> None:
        self.pdf.add_page()
        self.draw_tasks(self.header(self.w("task_title")), MARGIN, WIDTH)
        self.footer(1)

    def header(self, title: str = "") -> float:
        pdf = self.pdf
        y = MARGIN
        self.font("B", 12)
        pdf.text(MARGIN, y + 4, self.t(title or self.w("title")))
        self.font("", 7.5)
        right = self.t(f"{self.plan.municipality_name} ({self.plan.municipality}) · KOMHEN 2.0")
        pdf.text(PAGE_W - MARGIN - pdf.get_string_width(right), y + 4, right)
        y += 6
        day = self.day.strftime("%d-%m-%Y") if self.day else ""
        self.font("B", 9)
        name = self.t(f"{self.unit.name} ({self.unit.login})")
        fields = [
            (self.w("date"), day, 30.0),
            (self.w("unit"), name, max(50.0, pdf.get_string_width(name) + 4)),
            (self.w("hour"), "", 12.0),
            (self.w("sheet_no"), "", 12.0),
        ]
        x = MARGIN
        for label, value, w in fields:
            self.font("", 8)
            pdf.text(x, y + 5, self.t(label))
            lw = pdf.get_string_width(self.t(label)) + 1.5
            pdf.set_line_width(0.3)
            pdf.rect(x + lw, y, w, 7)
            if value:
                self.font("B", 9)
                pdf.text(x + lw + 1.5, y + 5, value)
            x += lw + w + 4
        return y + 8

    def draw_codes(self, y: float) -> float:
        pdf = self.pdf
        x = MARGIN
        bottom = y
        for w, stack in self.code_columns():
            row = y
            for title, items in stack:
                self.font("B", LEGEND_PT)
                row += ITEM_H
                pdf.text(x, row, self.t(title))
                self.font("", LEGEND_PT, condensed=True)
                for item in items:
                    for j, line in enumerate(item):
                        row += ITEM_H
                        pdf.text(x + (2.5 if j else 0), row, line)
            bottom = max(bottom, row)
            x += w
        return bottom + 1.5

    def draw_tasks(self, y: float, x0: float, width: float) -> float:
        pdf = self.pdf
        self.font("B", LEGEND_PT)
        head = self.w("tasks")
        if self.keys.unkeyed:
            head += self.w("unkeyed")
        pdf.text(x0, y + ITEM_H, self.t(head))
        columns = max(1, min(3, int(width // 55)))
        col_w = width / columns
        keyed = {code: key for key, code, _ in self.task_items()}
        top = y + ITEM_H
        bottom = top
        for c, column in enumerate(self.task_columns(columns, width)):
            row = top
            x = x0 + c * col_w
            for item in column:
                code = item[0].split()[0]
                self.font("B", LEGEND_PT)
                pdf.text(x, row + ITEM_H, self.t(keyed.get(code) or "–"))
                self.font("", LEGEND_PT, condensed=True)
                for j, line in enumerate(item):
                    pdf.text(x + 5, row + (j + 1) * ITEM_H, line)
                row += len(item) * ITEM_H
            bottom = max(bottom, row)
        y = bottom + 1
        for i, q in enumerate(self.keys.questions, start=1):
            answers = "  ".join(f"{a.hotkey} {a.label}" for a in q.choices)
            name = self.question_name(i)
            text = self.w("question", name=name, tasks=q.note, text=q.label, answers=answers)
            self.font("", LEGEND_PT, condensed=True)
            for line in self.wrap(text, width, 3):
                y += ITEM_H
                pdf.text(x0, y, line)
        return y + 2

    def note(self, y: float, text: str, size: float = 8) -> float:
        self.font("", size, condensed=True)
        for line in self.wrap(text, WIDTH, 3):
            y += ITEM_H + 0.3
            self.pdf.text(MARGIN, y, line)
        return y + 1

    def draw_lines(self, y: float, lines: int) -> None:
        pdf = self.pdf
        pdf.set_fill_color(225, 230, 240)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
        x = MARGIN
        for box in self.boxes:
            pdf.rect(x, y, box.width, COLHEAD_H, style="DF")
            self.font("B", 6.5)
            label = self.fit(box.title, box.width - 1)
            pdf.text(x + (box.width - pdf.get_string_width(label)) / 2, y + 4.6, label)
            x += box.width
        y += COLHEAD_H
        for n in range(lines):
            top = y + n * LINE_H
            x = MARGIN
            for j, box in enumerate(self.boxes):
                if j == 0:  # the printed line number
                    pdf.set_fill_color(243, 243, 243)
                    pdf.rect(x, top, box.width, LINE_H, style="DF")
                    self.font("", 7)
                    pdf.text(x + 1.5, top + LINE_H - 2, str(n + 1))
                elif box.wide:
                    pdf.rect(x, top, box.width, LINE_H)
                    self.font("", 8)
                    pdf.set_text_color(190, 190, 190)
                    hint = "__.__.__"
                    pdf.text(x + (box.width - pdf.get_string_width(hint)) / 2, top + 5, hint)
                    pdf.set_text_color(0, 0, 0)
                else:
                    pdf.rect(x, top, box.width, LINE_H)
                x += box.width

    def footer(self, page: int) -> None:
        text = self.w("footer", page=page, unit=self.unit.login)
        self.footnote(MARGIN, PAGE_H - MARGIN + 2, text, 7.2)


def render_log_sheet(
    plan: Plan,
    unit: Unit,
    keys: KeyTables,
    *,
    day: date | None = None,
    pages: int = 1,
    lang: str = "da",
    font_dir: Path | None = None,
    unicode_font: bool = True,
) -> LogSheet:
    """The unit's log sheet as PDF bytes: ``pages`` pages of lines, after a page of the
    tasks' keys when the unit has too many for the head of each page."""
    fonts = (font_dir or find_font_dir()) if unicode_font else None
    place = _LogSheet(plan, unit, keys, day, fonts, lang).placing()
    return _LogSheet(plan, unit, keys, day, fonts, lang).render(pages, place)
