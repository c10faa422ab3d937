"""Server-rendered SVG charts: readable without JavaScript, printable, with a title and a
description for screen readers. Pages show the same numbers in a table next to each chart."""

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import format_decimal
from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 20, 56
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
COLOURS = ("#0b5d3b", "#0b4f8a", "#c58a00", "#a4161a")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _number(value: float) -> str:
    """One decimal at most, no trailing zero, in the reader's language (12,5 or 12.5)."""
    return format_decimal(round(value, 1), format="#,##0.#")


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0 up to a round value >= top in about `count` round steps (1, 2 or 5 x 10^k)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / (count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    steps = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(steps + 1)]


def _y(value: float, top: float) -> float:
    return TOP + PLOT_H - (value / top) * PLOT_H if top else TOP + PLOT_H


def _frame(title: str, desc: str, body: list[str], x_label: str, y_label: str) -> Markup:
    uid = next(_ids)
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart{uid}-t chart{uid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart{uid}-t">{escape(title)}</title>'
        f'<desc id="chart{uid}-d">{escape(desc)}</desc>'
    )
    axes = (
        f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{LEFT + PLOT_W}" y2="{TOP + PLOT_H}" '
        'stroke="#52605a"/>'
        f'<text x="{LEFT + PLOT_W / 2}" y="{HEIGHT - 6}" text-anchor="middle" '
        f'class="axis-label">{escape(x_label)}</text>'
        f'<text transform="translate(14 {TOP + PLOT_H / 2}) rotate(-90)" text-anchor="middle" '
        f'class="axis-label">{escape(y_label)}</text>'
    )
    return Markup(head + "".join(body) + axes + "</svg>")


def _grid(ticks: list[float], fmt: Callable[[float], str]) -> list[str]:
    top = ticks[-1]
    return [
        f'<line x1="{LEFT}" y1="{_y(t, top):.1f}" x2="{LEFT + PLOT_W}" y2="{_y(t, top):.1f}" '
        f'stroke="#d5ddd8"/><text x="{LEFT - 6}" y="{_y(t, top) + 4:.1f}" text-anchor="end">'
        f"{escape(fmt(t))}</text>"
        for t in ticks
    ]


def _x_labels(labels: Sequence[str], centre: Callable[[int], float]) -> list[str]:
    return [
        f'<text x="{centre(i):.1f}" y="{TOP + PLOT_H + 16}" text-anchor="middle">'
        f"{escape(label)}</text>"
        for i, label in enumerate(labels)
    ]


def bar_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    x_label: str,
    y_label: str,
    fmt: Callable[[float], str] = _number,
) -> Markup:
    """Vertical bars, one per label, each with its value written above it."""
    ticks = nice_ticks(max(values, default=0))
    top = ticks[-1]
    slot = PLOT_W / max(len(labels), 1)
    width = min(slot * 0.7, 80)

    def centre(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    bars = []
    for i, value in enumerate(values):
        y = _y(value, top)
        bars.append(
            f'<rect x="{centre(i) - width / 2:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{TOP + PLOT_H - y:.1f}" fill="{COLOURS[0]}"/>'
            f'<text x="{centre(i):.1f}" y="{y - 4:.1f}" text-anchor="middle" class="value">'
            f"{escape(fmt(value))}</text>"
        )
    body = _grid(ticks, fmt) + bars + _x_labels(labels, centre)
    return _frame(title, desc, body, x_label, y_label)


def line_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
    top: float | None = None,
    marker: int | None = None,
    marker_label: str = "",
    fmt: Callable[[float], str] = _number,
) -> Markup:
    """Lines over labelled points; missing values break the line. `marker` draws a dashed
    vertical line before that label (e.g. the month a programme started)."""
    known = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(top if top is not None else max(known, default=0))
    ceiling = ticks[-1]
    step = PLOT_W / max(len(labels), 1)

    def centre(i: int) -> float:
        return LEFT + step * (i + 0.5)

    body = _grid(ticks, fmt)
    if marker is not None and 0 <= marker < len(labels):
        x = centre(marker) - step / 2
        body.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + PLOT_H}" stroke="#c58a00" '
            f'stroke-dasharray="5 4" stroke-width="2"/><text x="{x + 4:.1f}" y="{TOP + 12}" '
            f'class="marker">{escape(marker_label)}</text>'
        )
    for index, line in enumerate(series):
        body.extend(_line(line, centre, ceiling, COLOURS[index % len(COLOURS)], index))
    body += _x_labels(labels, centre) + _legend(series)
    return _frame(title, desc, body, x_label, y_label)


def _line(line: Series, centre, ceiling: float, colour: str, index: int) -> list[str]:
    parts, segment = [], []
    points = [(centre(i), _y(v, ceiling)) for i, v in enumerate(line.values) if v is not None]
    for i, value in enumerate(line.values):
        if value is None:
            segment = _flush(parts, segment, colour, index)
            continue
        segment.append(f"{centre(i):.1f},{_y(value, ceiling):.1f}")
    _flush(parts, segment, colour, index)
    shape = "circle" if index % 2 == 0 else "rect"
    for x, y in points:
        if shape == "circle":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
        else:
            parts.append(
                f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
            )
    return parts


def _flush(parts: list[str], segment: list[str], colour: str, index: int) -> list[str]:
    if segment:
        dash = ' stroke-dasharray="6 3"' if index % 2 else ""
        parts.append(
            f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
        )
    return []


def _legend(series: Sequence[Series]) -> list[str]:
    if len(series) < 2:
        return []
    items, x = [], LEFT
    for index, line in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        items.append(
            f'<rect x="{x}" y="{TOP + PLOT_H + 28}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{TOP + PLOT_H + 38}">{escape(line.name)}</text>'
        )
        x += 24 + 7 * len(line.name)
    return items
