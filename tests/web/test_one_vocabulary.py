"""One vocabulary on every surface: the dashboard, its spreadsheet and the API's agree.

A figure shown under a name on the dashboard (a tile, a column of the figures table,
a part of the bars) holds the same number as the spreadsheet's column of that name
and as the API's figure the glossary gives for it (tests/assignments/data/glossary.csv
is a copy of ../shared/reference/glossary.csv). Due soon is shown apart everywhere.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from assignments.summaries import FIGURES
from tests.assignments.report_committee import make_committee
from tests.web.web_helpers import client_for, text
from web.templatetags.web_tags import percent

pytestmark = pytest.mark.django_db

GLOSSARY = Path(__file__).parents[1] / "assignments" / "data" / "glossary.csv"
PERIOD = {"period_start": "2026-01-01", "period_end": "2026-12-31"}
RATES = {"completion_rate", "on_time_rate", "overdue_rate", "outcome_rate"}


def glossary(language: str) -> dict[str, str]:
    """The glossary's term of each summary figure, in `language`: {figure: term}."""
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {row["api_key"]: row[language] for row in rows if row["api_key"] in FIGURES}


def same_term(label: str, term: str, language: str) -> bool:
    if language == "vi":
        return label == term
    # The glossary writes English terms in lower case and without punctuation.
    return label.casefold().replace(",", "") == term.casefold().replace(",", "")


def clean(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


class _Table(HTMLParser):
    """The header cells and the totals row of the first `table.figures` in the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.totals: list[str] = []
        self._part = ""
        self._cell: list[str] | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        if tag in ("thead", "tfoot"):
            self._part = tag
        elif tag in ("th", "td") and self._part:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("thead", "tfoot"):
            self._part = ""
        elif tag == "table" and self.headers:
            self._done = True
        elif tag in ("th", "td") and self._cell is not None:
            value = " ".join("".join(self._cell).split())
            (self.headers if self._part == "thead" else self.totals).append(value)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def dashboard_figures(html: str) -> tuple[str, dict[str, str]]:
    """The by-group table's key heading, and every figure the dashboard shows with its name:
    the tiles and the by-group table's totals."""
    shown: dict[str, str] = {}
    overview = html.split('id="overview-heading"')[1].split("</section>")[0]
    for number, label in re.findall(
        r'<span class="tile-number">(.*?)</span>\s*<span class="tile-label">(.*?)</span>', overview, re.S
    ):
        shown[clean(label)] = clean(number)
    table = _Table()
    table.feed(html.split('id="by-group"')[1])
    assert len(table.headers) == len(table.totals) > 5
    for header, total in zip(table.headers[1:], table.totals[1:], strict=True):
        assert shown.setdefault(header, total) == total, header  # a tile and a column agree
    return table.headers[0], shown


def xlsx_totals(content: bytes) -> tuple[dict[str, Any], list[tuple]]:
    """The spreadsheet's figures {header: total} and its task sheet's rows."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row[0] in ("Tổ cấp ủy", "Committee group"))
    header = rows[at]
    totals = next(row for row in rows[at + 1 :] if row[0] in ("Tổng cộng", "Total"))
    tasks = list(workbook.worksheets[1].iter_rows(values_only=True))
    return dict(zip(header, totals, strict=True)), tasks


def shown_as(value: Any, figure: str) -> str:
    return percent(value) if figure in RATES else str(value)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_dashboard_the_spreadsheet_and_the_api_give_the_same_figures_under_the_same_names(cast, language):
    committee = make_committee(cast)
    user = cast.standing.user
    pages = client_for(user, language)
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.force_authenticate(user=user)

    key, shown = dashboard_figures(pages.get("/dashboard/", PERIOD).content.decode())
    page_xlsx = b"".join(pages.get("/dashboard/download/", {"by": "group", **PERIOD}).streaming_content)
    api_xlsx = b"".join(api.get("/api/v1/summary/", {"format": "xlsx", **PERIOD}).streaming_content)
    body = api.get("/api/v1/summary/", PERIOD).json()
    in_file, task_sheet = xlsx_totals(page_xlsx)

    # The pages' download is the API's spreadsheet, cell for cell.
    assert xlsx_totals(api_xlsx) == (in_file, task_sheet)
    assert key == next(iter(in_file))  # "Tổ cấp ủy": the rows are keyed alike
    with translation.override(language):
        for label, number in shown.items():
            # Every name on the dashboard is a column of the spreadsheet, with the same figure.
            assert label in in_file, f"{label!r} is not a heading of the spreadsheet"
            figure = FIGURES[list(in_file).index(label) - 1]
            assert number == shown_as(in_file[label], figure) == shown_as(body["totals"][figure], figure)
        terms = glossary(language)
        for figure in (
            "done_late",
            "open_on_track",
            "open_due_soon",
            "open_overdue",
            "cancelled",
            "completion_rate",
            "on_time_rate",
            "overdue_rate",
        ):
            label = next((lb for lb in shown if same_term(lb, terms[figure], language)), None)
            assert label is not None, f"the dashboard does not show {terms[figure]!r}"
            assert shown[label] == shown_as(body["totals"][figure], figure)
            assert in_file[label] == body["totals"][figure]

    # In progress within deadline leaves due soon out, on every surface: 3 on track, 1 due soon.
    assert (body["totals"]["open_on_track"], body["totals"]["open_due_soon"]) == (3, 1)
    on_track = "Đang thực hiện trong hạn" if language == "vi" else "In progress within deadline"
    due_soon = "Sắp đến hạn" if language == "vi" else "Due soon"
    assert (shown[on_track], shown[due_soon]) == ("3", "1")
    assert (in_file[on_track], in_file[due_soon]) == (3, 1)

    # The task sheet's deadline status is the API's label of each task.
    labels = {t["id"]: t["deadline_status_label"] for t in api.get("/api/v1/tasks/").json()["results"]}
    column = task_sheet[0].index("Tiến độ so với hạn" if language == "vi" else "Deadline status")
    assert {row[0]: row[column] for row in task_sheet[1:]} == labels
    assert labels[committee.due_soon.pk] == due_soon


def test_the_charts_draw_due_soon_apart_and_link_to_its_tasks(cast):
    committee = make_committee(cast)
    html = client_for(cast.standing.user).get("/dashboard/", PERIOD).content.decode()
    legend = clean(html.split('class="legend"')[1].split("</ul>")[0])
    assert "In progress within deadline" in legend and "Due soon" in legend
    group_chart = html.split('id="by-group"')[1].split("</svg>")[0]
    link = re.search(
        r'<a href="([^"]+)" tabindex="-1" class="segment">\s*<rect class="due-soon"', group_chart
    )
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert "deadline_status=open_due_soon" in url and "deadline_status=open_on_track" not in url
    listed = text(client_for(cast.standing.user).get(url))
    assert committee.due_soon.title in listed and "Tasks found: 1" in listed
    assert cast.task.title not in listed


def test_every_tile_of_the_dashboard_drills_down_to_its_tasks(cast):
    make_committee(cast)
    html = client_for(cast.standing.user).get("/dashboard/", PERIOD).content.decode()
    overview = html.split('id="overview-heading"')[1].split("</section>")[0]
    links = {
        clean(label): href.replace("&amp;", "&")
        for href, label in re.findall(
            r'<a href="([^"]+)">\s*<span class="tile-number">.*?</span>\s*'
            r'<span class="tile-label">(.*?)</span>',
            overview,
            re.S,
        )
    }
    assert "deadline_status=open_due_soon" in links["Due soon"]
    assert "deadline_status=open_on_track" in links["In progress within deadline"]
    assert "deadline_status=open_overdue" in links["In progress, overdue"]
    # The "extended" tile links like the others, with the task list's `extended` filter.
    extended = links["Deadline extended (tasks)"]
    assert extended.startswith("/dashboard/tasks/?") and "extended=true" in extended
    assert "due_after=2026-01-01" in extended and "due_before=2026-12-31" in extended
