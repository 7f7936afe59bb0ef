"""What every paper form shares: A4 in fpdf2, DejaVu Sans when found, text that fits."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from fpdf import FPDF

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "C": "DejaVuSansCondensed.ttf",
}


def find_font_dir(dirs: Sequence[Path] = FONT_DIRS) -> Path | None:
    """A directory holding DejaVu Sans (regular, bold, condensed), or None."""
    for folder in dirs:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    return None


class Document:
    """An A4 PDF with the fonts set up and the text helpers the forms use."""

    def __init__(
        self, font_dir: Path | None, orientation: Literal["P", "L"], margin: float, title: str
    ) -> None:
        self.pdf = FPDF(orientation=orientation, unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(margin, margin, margin)
        self.pdf.set_title(title)
        self.pdf.set_creator("tracetool")
        self.unicode = font_dir is not None
        if font_dir is not None:
            for style, name in FONT_FILES.items():
                family = "DejaVuCond" if style == "C" else "DejaVu"
                self.pdf.add_font(family, "" if style == "C" else style, str(font_dir / name))

    # -- text helpers -----------------------------------------------------------------------

    def t(self, text: str) -> str:
        if self.unicode:
            return text
        # The core fonts know Latin-1 only: Danish letters are in it, dashes and arrows are not.
        plain = text.replace("–", "-").replace("→", "->").replace("…", "...").replace("×", "x")
        return plain.encode("latin-1", "replace").decode("latin-1")

    def font(self, style: str = "", size: float = 9, condensed: bool = False) -> None:
        if self.unicode:
            self.pdf.set_font("DejaVuCond" if condensed else "DejaVu", style, size)
        else:
            self.pdf.set_font("helvetica", style, size)

    def fit(self, text: str, width: float) -> str:
        text = self.t(text)
        if self.pdf.get_string_width(text) <= width:
            return text
        ell = self.t("…")
        while text and self.pdf.get_string_width(text + ell) > width:
            text = text[:-1]
        return text.rstrip() + ell

    def wrap(self, text: str, width: float, lines: int) -> list[str]:
        words = self.t(text).split()
        out: list[str] = []
        current = ""
        for word in words:
            trial = f"{current} {word}".strip()
            if self.pdf.get_string_width(trial) <= width or not current:
                current = trial
            else:
                out.append(current)
                current = word
        if current:
            out.append(current)
        if len(out) > lines:
            out = [*out[: lines - 1], self.fit(" ".join(out[lines - 1 :]), width)]
        return out

    def footnote(self, x: float, y: float, text: str, size: float = 7.5) -> None:
        """One grey line at the foot of a page, made smaller until it fits the width."""
        room = self.pdf.w - 2 * x
        self.font("", size, condensed=True)
        while size > 5 and self.pdf.get_string_width(self.t(text)) > room:
            size -= 0.25
            self.font("", size, condensed=True)
        self.pdf.set_text_color(90, 90, 90)
        self.pdf.text(x, y, self.t(text))
        self.pdf.set_text_color(0, 0, 0)
