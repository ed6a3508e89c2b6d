"""The dashboard's charts, drawn by the server as inline SVG: no chart library, no script.

This module only computes geometry from the summary's rows; the templates draw it.
Horizontal positions are percentages of the chart's width and vertical ones are
pixels, so a chart fills a 360 px phone or a desk screen while its text keeps its size.
Each segment links to the list of its tasks (the same filters the API's task list takes).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise

from assignments.choices import DeadlineStatus
from assignments.summaries import DONE_IN_TIME_STATUSES, FIGURE_LABELS, Figures, Period, Row


@dataclass(frozen=True)
class Category:
    """One colour of the stacked bars: a figure of the summary, under the figure's own name
    (assignments.summaries.FIGURE_LABELS), and the deadline statuses it adds up."""

    key: str
    figure: str
    statuses: tuple[DeadlineStatus, ...]
    #: A light colour: the count written on it is dark.
    light: bool = False

    @property
    def label(self) -> str | Promise:
        return FIGURE_LABELS[self.figure]

    def count(self, row: Figures) -> int:
        return row[self.figure]  # type: ignore[literal-required]


#: The five parts of a bar, in drawing order; together they are the total (docs/rules.md,
#: "Summary figures"). Due soon is a part of its own, as in the spreadsheet and the API.
CATEGORIES = (
    Category("in-time", "done_in_time", DONE_IN_TIME_STATUSES),
    Category("late", "done_late", (DeadlineStatus.DONE_LATE,)),
    Category("on-track", "open_on_track", (DeadlineStatus.OPEN_ON_TRACK,)),
    Category("due-soon", "open_due_soon", (DeadlineStatus.OPEN_DUE_SOON,), light=True),
    Category("overdue", "open_overdue", (DeadlineStatus.OPEN_OVERDUE,)),
)

#: A count is written inside its segment when the segment is at least this wide (% of the chart).
LABEL_MIN_WIDTH = 7.0


@dataclass(frozen=True)
class Segment:
    category: Category
    count: int
    href: str
    #: Horizontal bars: x and width in % of the chart. Columns: x, width in %, y, height in px.
    x: float = 0.0
    width: float = 0.0
    y: float = 0.0
    height: float = 0.0

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def label_y(self) -> float:
        return self.y + self.height / 2 + 4

    @property
    def show_count(self) -> bool:
        return self.width >= LABEL_MIN_WIDTH


@dataclass(frozen=True)
class Cell:
    """A category's count in a row, with the list of its tasks: the table under the chart."""

    category: Category
    count: int
    href: str


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    row: Row
    href: str
    cells: list[Cell] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    cancelled_href: str = ""
    #: Horizontal bars: the top of the row (px). Columns: the left edge and width (%).
    y: float = 0.0
    x: float = 0.0
    width: float = 0.0

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def total(self) -> int:
        return self.row["total"]

    @property
    def label_y(self) -> float:
        """Horizontal bars: the baseline of the label line above the bar."""
        return self.y + 15

    @property
    def total_y(self) -> float:
        """Columns: the baseline of the total written above the column."""
        return self.y - 5


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    #: Columns only: where the axis is (px from the top).
    baseline: float = 0.0

    @property
    def axis_label_y(self) -> float:
        """Columns: the baseline of the labels under the axis."""
        return self.baseline + 17


# --------------------------------------------------------------------------- links


def tasks_link(
    *,
    period: Period,
    group: int | None = None,
    ward: int | str | None = None,
    month: str | None = None,
    statuses: Sequence[str] = (),
    extended: bool = False,
) -> str:
    """The task list behind a bar, a segment or a tile, with the API's task filters."""
    start, end = period.start, period.end
    if month is not None:
        year, number = (int(part) for part in month.split("-"))
        first = dt.date(year, number, 1)
        last = dt.date(year, number, calendar.monthrange(year, number)[1])
        start = max(first, start) if start else first
        end = min(last, end) if end else last
    query: list[tuple[str, str]] = []
    if group is not None:
        query.append(("group", str(group)))
    if ward is not None:
        query.append(("ward", str(ward)))
    query += [("deadline_status", s) for s in statuses]
    if extended:
        query.append(("extended", "true"))
    if start is not None:
        query.append(("due_after", start.isoformat()))
    if end is not None:
        query.append(("due_before", end.isoformat()))
    return f"{reverse('web:report-tasks')}?{urlencode(query)}"


# --------------------------------------------------------------------------- geometry

#: `link(row, statuses)`: the list of the row's tasks in those deadline statuses (all if none).
Link = Callable[[Row, Sequence[str]], str]
Label = Callable[[Row], tuple[str, str]]


def _cells(row: Row, link: Link) -> list[Cell]:
    return [Cell(c, c.count(row), link(row, [s.value for s in c.statuses])) for c in CATEGORIES]


ROW_HEIGHT = 56  # px: a label line, then the bar
BAR_TOP = 22
BAR_HEIGHT = 26


def horizontal_bars(rows: Sequence[Row], *, label: Label, link: Link) -> Chart:
    """One stacked bar per row, the longest bar spanning the chart; `label` gives the short
    label drawn and the full one shown in the table."""
    longest = max((r["total"] for r in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        x = 0.0
        cells = _cells(row, link)
        segments = []
        for cell in cells:
            count = cell.count
            width = 100.0 * count / longest
            if count:
                segments.append(
                    Segment(
                        cell.category,
                        count,
                        cell.href,
                        x=round(x, 3),
                        width=round(width, 3),
                        y=index * ROW_HEIGHT + BAR_TOP,
                        height=BAR_HEIGHT,
                    )
                )
            x += width
        short, full = label(row)
        bars.append(
            Bar(
                short,
                full,
                row,
                link(row, ()),
                cells=cells,
                segments=segments,
                cancelled_href=link(row, [DeadlineStatus.CANCELLED.value]),
                y=index * ROW_HEIGHT,
            )
        )
    return Chart(bars=bars, height=max(len(bars), 1) * ROW_HEIGHT)


COLUMNS_HEIGHT = 200  # px of the plotting area
COLUMNS_TOP = 20  # room for the totals above the tallest column
COLUMN_GAP = 0.25  # of each slot


def columns(rows: Sequence[Row], *, label: Label, link: Link) -> Chart:
    """One stacked column per row (the months), left to right."""
    tallest = max((r["total"] for r in rows), default=0) or 1
    slot = 100.0 / max(len(rows), 1)
    width = slot * (1 - COLUMN_GAP)
    bars = []
    baseline = COLUMNS_TOP + COLUMNS_HEIGHT
    for index, row in enumerate(rows):
        x = index * slot + (slot - width) / 2
        top = float(baseline)
        cells = _cells(row, link)
        segments = []
        for cell in cells:
            count = cell.count
            height = COLUMNS_HEIGHT * count / tallest
            top -= height
            if count:
                segments.append(
                    Segment(
                        cell.category,
                        count,
                        cell.href,
                        x=round(x, 3),
                        width=round(width, 3),
                        y=round(top, 2),
                        height=round(height, 2),
                    )
                )
        short, full = label(row)
        bars.append(
            Bar(
                short,
                full,
                row,
                link(row, ()),
                cells=cells,
                segments=segments,
                cancelled_href=link(row, [DeadlineStatus.CANCELLED.value]),
                y=round(top, 2),
                x=round(x, 3),
                width=round(width, 3),
            )
        )
    return Chart(bars=bars, height=baseline + 24, baseline=baseline)
