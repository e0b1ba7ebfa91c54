"""Server-drawn SVG charts: geometry computed here, markup in a template, no JavaScript or CDN.

A chart is always shown with the same numbers as a table (for screen readers, phones and print);
the SVG carries ``role="img"`` with a title and a description.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Segment:
    key: str
    label: str
    colour: str
    value: int
    y: float
    height: float


@dataclass
class Bar:
    label: str
    sublabel: str
    x: float
    width: float
    total: int
    top: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass
class Tick:
    value: int
    y: float


@dataclass
class StackedBarChart:
    width: int
    height: int
    left: int
    top: int
    bottom: float
    right: int
    series: list[tuple[str, str, str]]
    bars: list[Bar]
    ticks: list[Tick]
    rows: list[tuple[str, list[int], int]]

    @property
    def is_empty(self) -> bool:
        return not any(bar.total for bar in self.bars)


def _nice_max(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ)."""
    if value <= 5:
        return max(value, 1)
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if step * multiple * 5 >= value:
                return step * multiple * 5
        step *= 10


def stacked_bars(
    columns: Sequence[tuple[str, str, dict[str, int]]],
    series: Sequence[tuple[str, str, str]],
    *,
    width: int = 640,
    height: int = 260,
) -> StackedBarChart:
    """One bar per column (label, second line of the label, values by series key), stacked by
    ``series`` (key, label, colour) in the order given."""
    left, top, right, bottom_margin = 36, 10, 8, 42
    plot_width = width - left - right
    plot_height = height - top - bottom_margin
    bottom = top + plot_height
    totals = [sum(values.get(key, 0) for key, _, _ in series) for _, _, values in columns]
    axis_max = _nice_max(max(totals, default=0))
    scale = plot_height / axis_max
    slot = plot_width / max(len(columns), 1)
    bar_width = min(slot * 0.7, 56)
    bars = []
    for index, ((label, sublabel, values), total) in enumerate(zip(columns, totals, strict=True)):
        x = left + index * slot + (slot - bar_width) / 2
        bar = Bar(
            label=label,
            sublabel=sublabel,
            x=round(x, 1),
            width=round(bar_width, 1),
            total=total,
            top=bottom,
        )
        y = float(bottom)
        for key, series_label, colour in series:
            value = values.get(key, 0)
            if not value:
                continue
            h = value * scale
            y -= h
            bar.segments.append(Segment(key, series_label, colour, value, round(y, 1), round(h, 1)))
        bar.top = round(y, 1)
        bars.append(bar)
    tick_values = sorted({0, axis_max // 2, axis_max}) if axis_max > 1 else [0, axis_max]
    ticks = [Tick(value, round(bottom - value * scale, 1)) for value in tick_values]
    rows = [
        (f"{label} {sublabel}".strip(), [values.get(key, 0) for key, _, _ in series], total)
        for (label, sublabel, values), total in zip(columns, totals, strict=True)
    ]
    return StackedBarChart(
        width=width,
        height=height,
        left=left,
        top=top,
        bottom=bottom,
        right=width - right,
        series=list(series),
        bars=bars,
        ticks=ticks,
        rows=rows,
    )
