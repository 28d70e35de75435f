"""The dashboard's "findings by standard" chart, drawn server-side as an accessible inline SVG.

No JavaScript and no CDN: the geometry is computed here, the template only draws rectangles. The
template also renders the same numbers as a table (the chart's text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass

from .selectors import StandardBar

BAR_WIDTH = 420  # px available to the longest bar
ROW_HEIGHT = 34
LABEL_WIDTH = 320


@dataclass(frozen=True)
class Segment:
    rating: str
    label: str
    count: int
    x: int
    width: int


@dataclass(frozen=True)
class ChartRow:
    bar: StandardBar
    y: int
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    rows: list[ChartRow]
    width: int
    height: int
    label_width: int
    has_data: bool


def findings_chart(bars: list[StandardBar]) -> Chart:
    """Stacked horizontal bars (one per standard), scaled to the standard with the most findings."""
    largest = max((bar.total for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        x, segments = LABEL_WIDTH, []
        for rating, label, count in bar.segments():
            width = round(BAR_WIDTH * count / largest)
            if count:
                segments.append(Segment(rating, label, count, x, max(width, 2)))
            x += width
        rows.append(ChartRow(bar=bar, y=index * ROW_HEIGHT, segments=segments))
    return Chart(
        rows=rows,
        width=LABEL_WIDTH + BAR_WIDTH + 40,
        height=max(len(rows), 1) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        has_data=any(bar.total for bar in bars),
    )
