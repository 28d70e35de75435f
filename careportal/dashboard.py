"""The staff dashboard's charts (decision 0011): each app contributes its `dashboard_charts`
(careportal.contributions).

Charts are drawn on the server as SVG bars (no script, no CDN: the portal works offline on an intranet)
and always come with the same numbers as a table, for screen readers and for copying.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from careportal.contributions import contributed

LABEL_WIDTH = 225
BAR_AREA = 280
ROW_HEIGHT = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    extra: str = ""  # a second figure for the table (e.g. median days in the phase)
    url: str = ""


@dataclass(frozen=True)
class Row:
    bar: Bar
    y: int
    width: int
    text_y: int


@dataclass
class Chart:
    slug: str
    title: str
    bars: list[Bar]
    value_heading: str = "Number"
    extra_heading: str = ""
    note: str = ""
    rows: list[Row] = field(init=False)

    def __post_init__(self) -> None:
        top = max([b.value for b in self.bars], default=0) or 1
        self.rows = [
            Row(b, i * ROW_HEIGHT, round(BAR_AREA * b.value / top), i * ROW_HEIGHT + 19)
            for i, b in enumerate(self.bars)
        ]

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 50

    label_width = LABEL_WIDTH


def charts_for(user) -> list[Chart]:
    return [chart for charts in contributed(lambda c: c.dashboard_charts) for chart in charts(user)]
