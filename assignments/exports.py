"""The summary report as the meeting spreadsheet: XLSX and CSV (no HTTP here).

Both hold the same three tables: the figures by row with a totals row, the term
targets, and the list of the tasks the report covers. Headers are in the active
language, with the glossary's terms. Text that people typed (titles, names) is never
run as a formula: the XLSX workbook is opened with formulas and links off, and a CSV
cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a
leading apostrophe.

Large reports do not sit in memory: the CSV is a generator of lines, and the XLSX is
written row by row (XlsxWriter's constant-memory mode) into a temporary file.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext

from assignments.choices import ApproverKind, DeadlineStatus, Direction, ProductKind, Status
from assignments.models import Document, Group, Outcome, Target, Task, Ward
from assignments.summaries import FIGURE_LABELS, FIGURES, RATES, Figures, Grouping, Summary, TaskLine
from assignments.text import format_date

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

#: A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: The term targets' columns, in the order the targets table shows them.
TARGET_COLUMNS = ("code", "name", "unit", "target_value", "direction", "deadline", "actual", "achieved_on")


@dataclass(frozen=True)
class SpreadsheetReport:
    """Everything the meeting spreadsheet shows."""

    summary: Summary
    committee: str
    tasks: Iterable[TaskLine]
    targets: Iterable[Target]


def export_filename(as_of: dt.date, extension: str) -> str:
    """`bao-cao-tong-hop-2026-11-27.xlsx` (English: `summary-report-2026-11-27.xlsx`): the
    report's name in the active language, in ASCII, dated by the report's day."""
    name = slugify(gettext("Summary report").replace("đ", "d").replace("Đ", "D"))
    return f"{name}-{as_of.isoformat()}.{extension}"


# --------------------------------------------------------------------------- words


class _Words:
    """Every label in the active language, translated once before any row is written.

    The CSV is written while the response streams, when the request's language may no
    longer be active; and a label per row would translate the same words a million times.
    """

    def __init__(self, by: Grouping) -> None:
        task = Task._meta
        outcome = Outcome._meta

        def field(meta: Any, name: str) -> str:
            return capfirst(meta.get_field(name).verbose_name)

        self.ward_code = gettext("Territory code")
        self.key: list[str] = {
            "group": [field(task, "group")],
            "ward": [self.ward_code, field(task, "ward")],
            "owner": [field(task, "owner")],
            "month": [gettext("Month")],
            "document": [field(Document._meta, "number"), field(task, "document")],
        }[by]
        self.figures = [str(FIGURE_LABELS[f]) for f in FIGURES]
        self.totals = gettext("Total")
        self.no_ward = gettext("No ward")
        self.no_document = gettext("No document")
        self.yes, self.no = gettext("Yes"), gettext("No")
        self.status = {s.value: str(s.label) for s in Status}
        self.deadline_status = {s.value: str(s.label) for s in DeadlineStatus}
        self.direction = {d.value: str(d.label) for d in Direction}
        self.product_kind = {"": "", **{k.value: str(k.label) for k in ProductKind}}
        self.approver_kind = {k.value: str(k.label) for k in ApproverKind}
        self.task_headers = [
            gettext("Task ID"),
            field(task, "title"),
            field(task, "group"),
            self.ward_code,
            field(task, "ward"),
            field(task, "owner"),
            field(task, "source"),
            field(task, "product_kind"),
            field(task, "product_description"),
            field(task, "approver_kind"),
            field(task, "original_due_date"),
            field(task, "due_date"),
            gettext("Extended"),
            field(task, "status"),
            gettext("Deadline status"),
            gettext("Completion date"),
            field(outcome, "unit"),
            field(outcome, "target"),
            field(outcome, "actual"),
            gettext("Target value reached"),
        ]
        target = Target._meta
        self.target_headers = [field(target, name) for name in TARGET_COLUMNS]
        self.targets_title = capfirst(target.verbose_name_plural)
        self.targets_figures = [
            gettext("Targets in the term"),
            gettext("Achieved"),
            gettext("Achieved early"),
        ]
        self.tasks_title = gettext("Tasks in the report")
        self.group = field(task, "group")
        self.ward = field(task, "ward")

    def yes_no(self, value: bool) -> str:
        return self.yes if value else self.no


def _key_values(by: Grouping, key: dict[str, Any], words: _Words) -> list[Any]:
    """The row's key cells: the ward's code and name, a document's number and name, a
    group's or owner's name, the month."""
    if by == "month":
        return [key["month"]]
    if by == "ward":
        if key["id"] is None:
            return [None, words.no_ward]
        return [key["code"], str(key["name"])]
    if by == "document":
        if key["id"] is None:
            return [None, words.no_document]
        return [key["code"], str(key["name"])]
    return [str(key["name"])]


def _totals_key(words: _Words) -> list[Any]:
    return [words.totals, *([None] * (len(words.key) - 1))]


def _figure_values(figures: Figures) -> list[Any]:
    return [figures[f] for f in FIGURES]  # type: ignore[literal-required]


def _task_values(line: TaskLine, words: _Words) -> list[Any]:
    return [
        line["id"],
        line["title"],
        line["group_name"],
        line["ward_code"],
        line["ward_name"] or words.no_ward,
        line["owner_name"],
        line["source"],
        words.product_kind.get(line["product_kind"], line["product_kind"]),
        line["product_description"],
        # Who accepts: the named member, else the Standing Committee or the group's leader.
        line["approver_name"] or words.approver_kind.get(line["approver_kind"], line["approver_kind"]),
        line["original_due_date"],
        line["due_date"],
        words.yes_no(line["extended"]),
        words.status.get(line["status"], line["status"]),
        words.deadline_status.get(line["deadline_status"], line["deadline_status"]),
        line["completed_on"],
        line["outcome_unit"],
        line["outcome_target"],
        line["outcome_actual"],
        words.yes_no(line["outcome_reached"]),
    ]


def _target_values(target: Target, words: _Words) -> list[Any]:
    return [
        target.code,
        target.name,
        target.unit,
        target.target_value,
        words.direction.get(target.direction, target.direction),
        target.deadline,
        target.actual,
        target.achieved_on,
    ]


# --------------------------------------------------------------------------- CSV


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value)


class _Echo:
    """A file that hands back what is written, so `csv.writer` can feed a generator."""

    def write(self, value: str) -> str:
        return value


def summary_csv(report: SpreadsheetReport) -> Iterator[bytes]:
    """The report as CSV lines (UTF-8, byte-order mark first so Excel reads Vietnamese)."""
    words = _Words(report.summary.by)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[bytes]:
        yield "\ufeff".encode()
        for row in _csv_rows(report, words):
            yield writer.writerow([_csv_text(cell) for cell in row]).encode()

    return lines()


def _csv_rows(report: SpreadsheetReport, words: _Words) -> Iterator[list[Any]]:
    summary = report.summary
    yield [*words.key, *words.figures]
    for row in summary.rows:
        yield [*_key_values(summary.by, row["key"], words), *_figure_values(row)]
    yield [*_totals_key(words), *_figure_values(summary.totals)]
    yield []
    yield [words.targets_title]
    yield words.targets_figures
    yield [summary.targets["total"], summary.targets["achieved"], summary.targets["achieved_early"]]
    yield words.target_headers
    for target in report.targets:
        yield _target_values(target, words)
    yield []
    yield [words.tasks_title]
    yield words.task_headers
    for line in report.tasks:
        yield _task_values(line, words)


# --------------------------------------------------------------------------- XLSX


def _period_text(summary: Summary) -> str:
    start, end = summary.period.start, summary.period.end
    if start and end:
        text = gettext("from %(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}
    elif start:
        text = gettext("from %(start)s") % {"start": _day(start)}
    elif end:
        text = gettext("until %(end)s") % {"end": _day(end)}
    else:
        text = gettext("every due date")
    return gettext("Reporting period: %(period)s") % {"period": text}


def _scope_lines(summary: Summary, words: _Words) -> list[str]:
    """The narrowing of the report, if any: "Committee group: Tổ 3"."""
    lines = []
    if summary.group is not None:
        group = Group.objects.filter(pk=summary.group).first()
        lines.append(f"{words.group}: {group.name if group else summary.group}")
    if summary.ward is not None:
        ward = Ward.objects.filter(pk=summary.ward).first()
        lines.append(f"{words.ward}: {ward.name if ward else summary.ward}")
    return lines


def _day(value: dt.date) -> str:
    return format_date(value)


EXCEL_FIRST_YEAR = 1900


class _Sheet:
    """Writes cells by type, row after row (constant-memory mode needs rows in order)."""

    def __init__(self, worksheet: Any, formats: dict[str, Any]) -> None:
        self.worksheet = worksheet
        self.formats = formats
        self.row = 0

    def write(self, values: list[Any], *, style: str | None = None, rates_from: int | None = None) -> None:
        for column, value in enumerate(values):
            is_rate = rates_from is not None and column >= rates_from
            self._cell(column, value, style=style, is_rate=is_rate)
        self.row += 1

    def skip(self) -> None:
        self.row += 1

    def _cell(self, column: int, value: Any, *, style: str | None, is_rate: bool) -> None:
        ws, row = self.worksheet, self.row
        cell_format = self.formats[style] if style else None
        if value is None:
            ws.write_blank(row, column, None, cell_format)
        elif isinstance(value, int | float | Decimal):
            if is_rate:
                cell_format = self.formats["rate_bold" if style == "bold" else "rate"]
            ws.write_number(row, column, float(value), cell_format)
        elif isinstance(value, dt.date) and value.year < EXCEL_FIRST_YEAR:
            # Excel's calendar starts in 1900: a row older than the date window (a due date in
            # the year 26) would read #VALUE!; written as the text the pages show instead.
            ws.write_string(row, column, format_date(value), cell_format)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, column, value, self.formats["date"])
        else:
            # Always a string cell, whatever it looks like: "=1+1" stays text.
            ws.write_string(row, column, str(value), cell_format)


def summary_xlsx(report: SpreadsheetReport) -> IO[bytes]:
    """The report as an XLSX workbook in a temporary file, positioned at its start.

    The file disappears when closed (the caller streams it, then closes it).
    """
    words = _Words(report.summary.by)
    output = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the caller, who streams and closes it)
    try:
        _write_workbook(output, report, words)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


def _write_workbook(output: IO[bytes], report: SpreadsheetReport, words: _Words) -> None:
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "tmpdir": tempfile.gettempdir(),
        },
    )
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True}),
        "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1}),
        "rate": workbook.add_format({"num_format": "0.00%"}),
        "rate_bold": workbook.add_format({"num_format": "0.00%", "bold": True}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
    }
    # Sheet names: at most 31 characters (Excel's limit).
    _write_summary_sheet(workbook.add_worksheet(gettext("Summary report")[:31]), formats, report, words)
    _write_tasks_sheet(workbook.add_worksheet(words.tasks_title[:31]), formats, report, words)
    workbook.close()


def _write_summary_sheet(
    worksheet: Any, formats: dict[str, Any], report: SpreadsheetReport, words: _Words
) -> None:
    summary = report.summary
    keys = len(words.key)
    if keys > 1:
        worksheet.set_column(0, keys - 2, 12)  # the ward's code, the document's number
    worksheet.set_column(keys - 1, keys - 1, 32)
    worksheet.set_column(keys, keys + len(FIGURES) - 1, 13)
    sheet = _Sheet(worksheet, formats)
    sheet.write([report.committee], style="bold")
    sheet.write([gettext("Summary report on the tasks")], style="title")
    sheet.write([_period_text(summary)])
    sheet.write([gettext("Grouped by: %(key)s") % {"key": words.key[-1].lower()}])
    for line in _scope_lines(summary, words):
        sheet.write([line])
    sheet.write([gettext("Report date: %(date)s") % {"date": _day(summary.as_of)}])
    sheet.skip()

    rates_from = len(words.key) + FIGURES.index(RATES[0])
    sheet.write([*words.key, *words.figures], style="header")
    for row in summary.rows:
        sheet.write(
            [*_key_values(summary.by, row["key"], words), *_figure_values(row)], rates_from=rates_from
        )
    sheet.write([*_totals_key(words), *_figure_values(summary.totals)], style="bold", rates_from=rates_from)
    sheet.skip()

    sheet.write([words.targets_title], style="title")
    sheet.write(words.targets_figures, style="header")
    sheet.write([summary.targets["total"], summary.targets["achieved"], summary.targets["achieved_early"]])
    sheet.skip()
    sheet.write(words.target_headers, style="header")
    for target in report.targets:
        sheet.write(_target_values(target, words))


def _write_tasks_sheet(
    worksheet: Any, formats: dict[str, Any], report: SpreadsheetReport, words: _Words
) -> None:
    widths = (8, 60, 20, 12, 20, 28, 30, 14, 14, 12, 18, 26, 14, 12, 12, 12, 14)
    for column, width in enumerate(widths):
        worksheet.set_column(column, column, width)
    worksheet.freeze_panes(1, 0)  # the headers stay in view while scrolling
    sheet = _Sheet(worksheet, formats)
    sheet.write(words.task_headers, style="header")
    for line in report.tasks:
        sheet.write(_task_values(line, words))
    worksheet.autofilter(0, 0, max(sheet.row - 1, 1), len(words.task_headers) - 1)
