"""Inline SVG charts drawn here (no script, nothing from the network): bars with their number
beside each, stacked bars and their legend. The report's HTML and the collector's pages use them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from html import escape

# Okabe–Ito: told apart with the common forms of colour blindness, and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BAR = "#2F6DB5"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _open_svg(width: int, height: int, title: str, css: str = "") -> list[str]:
    """The opening tag and title of an accessible chart."""
    cls = f' class="{css}"' if css else ""
    return [
        f'<svg{cls} width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
    ]


def hbar_svg(
    items: Sequence[tuple[str, float, str]],
    title: str,
    *,
    width: int = 470,
    label_width: int = 190,
    max_value: float | None = None,
) -> str:
    """Horizontal bars: (label, value, value as text) per row, the text printed at each bar."""
    row = 22
    top = 4
    value_room = 64
    height = top + row * len(items) + 4
    scale_max = max_value if max_value is not None else max((v for _, v, _ in items), default=0)
    bar_room = width - label_width - value_room
    parts = _open_svg(width, height, title)
    limit = max(8, label_width // 7)
    for i, (label, value, text) in enumerate(items):
        y = top + i * row
        length = 0.0 if scale_max <= 0 else bar_room * value / scale_max
        if value > 0:
            length = max(length, 1.5)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"<title>{esc(label)}</title>{esc(shorten(label, limit))}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="15" fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 5:.1f}" y="{y + 15}" font-size="12">'
            f"{esc(text)}</text>"
        )
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - 4}" '
        'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def vbar_svg(
    items: Sequence[tuple[str, int, str]],
    title: str,
    *,
    width: int = 470,
    height: int = 210,
) -> str:
    """Columns: (axis label, value, value as text); values printed above while they fit."""
    left, bottom, top = 8, 34, 18
    n = max(len(items), 1)
    slot = (width - 2 * left) / n
    bar = min(max(slot * 0.7, 1.0), 56.0)
    peak = max((v for _, v, _ in items), default=0)
    plot = height - bottom - top
    show_values = slot >= 22
    # Axis labels need about 7 px a character; skip some rather than let them collide.
    widest = max((len(label) for label, _, _ in items), default=1) * 7 + 6
    every = max(1, math.ceil(widest / slot))
    parts = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
    ]
    for i, (label, value, text) in enumerate(items):
        x = left + i * slot + (slot - bar) / 2
        h = 0.0 if peak <= 0 else plot * value / peak
        if value > 0:
            h = max(h, 1.5)
        y = top + plot - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{esc(label)}: {esc(text)}</title></rect>"
        )
        cx = x + bar / 2
        if show_values and value > 0:
            parts.append(
                f'<text x="{cx:.1f}" y="{y - 4:.1f}" font-size="10" text-anchor="middle">'
                f"{esc(text)}</text>"
            )
        if i % every == 0:
            parts.append(
                f'<text x="{cx:.1f}" y="{top + plot + 15}" font-size="11" text-anchor="middle">'
                f"{esc(label)}</text>"
            )
    parts.append(
        f'<line x1="{left}" y1="{top + plot + 0.5}" x2="{width - left}" y2="{top + plot + 0.5}" '
        'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def stacked_svg(
    rows: Sequence[tuple[str, Sequence[int]]],
    title: str,
    *,
    width: int = 470,
    label_width: int = 150,
) -> str:
    """100 % bars, one per row, segments in PALETTE order; shares printed where they fit."""
    row = 24
    height = row * len(rows) + 8
    room = width - label_width - 8
    parts = [
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
    ]
    limit = max(8, label_width // 7)
    for i, (label, values) in enumerate(rows):
        y = 4 + i * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"<title>{esc(label)}</title>{esc(shorten(label, limit))}</text>"
        )
        whole = sum(values)
        x = float(label_width)
        for j, value in enumerate(values):
            if not whole or not value:
                continue
            w = room * value / whole
            color = PALETTE[j % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="17" fill="{color}" '
                f'stroke="#fff" stroke-width="0.5"/>'
            )
            if w >= 30:
                ink = "#000" if color in ("#E69F00", "#56B4E9", "#F0E442", "#CC79A7") else "#fff"
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" font-size="10" fill="{ink}" '
                    f'text-anchor="middle">{round(100 * value / whole)}</text>'
                )
            x += w
    parts.append("</svg>")
    return "".join(parts)


def legend_html(names: Iterable[str]) -> str:
    """The swatches of a stacked chart, in its colours and order, each with its name."""
    return "".join(
        f'<span><span class="sw" style="background:{PALETTE[i % len(PALETTE)]}"></span>'
        f"{esc(name)}</span>"
        for i, name in enumerate(names)
    )


def box_svg(
    items: Sequence[tuple[str, float, float, float, str]],
    title: str,
    *,
    width: int = 540,
    label_width: int = 230,
    scale: Callable[[float], str] | None = None,
) -> str:
    """Quartile bars: per row (label, lower quartile, median, upper quartile, median as text),
    a box over the middle half with a line at the median and the median's text beside it.
    ``scale`` writes the axis' ends (0 and the largest upper quartile) under the rows."""
    row = 22
    top = 4
    value_room = 70
    axis = 16 if scale is not None else 0
    height = top + row * len(items) + 4 + axis
    peak = max((p75 for _, _, _, p75, _ in items), default=0) or 1
    room = width - label_width - value_room
    parts = _open_svg(width, height, title, css="box")
    limit = max(8, label_width // 7)
    for i, (label, p25, median, p75, text) in enumerate(items):
        y = top + i * row
        x25, x50, x75 = (label_width + room * v / peak for v in (p25, median, p75))
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"<title>{esc(label)}</title>{esc(shorten(label, limit))}</text>"
        )
        parts.append(
            f'<rect x="{x25:.1f}" y="{y + 4}" width="{max(x75 - x25, 1.5):.1f}" height="13" '
            f'fill="#BFD3EE" stroke="{BAR}"/>'
        )
        parts.append(
            f'<line x1="{x50:.1f}" y1="{y + 2}" x2="{x50:.1f}" y2="{y + 19}" '
            'stroke="#111" stroke-width="2.5"/>'
        )
        parts.append(
            f'<text x="{max(x75, x50) + 6:.1f}" y="{y + 15}" font-size="12">{esc(text)}</text>'
        )
    bottom = height - 4 - axis
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{bottom}" '
        'stroke="#555" stroke-width="1"/>'
    )
    if scale is not None:
        right = label_width + room
        parts.append(
            f'<line x1="{label_width}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>'
            f'<text x="{label_width}" y="{bottom + 13}" font-size="11" fill="#555">0</text>'
            f'<text x="{right}" y="{bottom + 13}" font-size="11" fill="#555" '
            f'text-anchor="end">{esc(scale(peak))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
