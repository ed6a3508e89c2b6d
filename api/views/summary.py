"""`summary/`: the Standing Committee's report, as JSON or as the meeting spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpResponseBase, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.renderers import CSVRenderer, SpreadsheetRenderer, XLSXRenderer, spreadsheet_response
from api.schema import errors
from api.serializers.summary import SummaryQuerySerializer, SummarySerializer
from assignments import clock
from assignments.exports import CSV_CONTENT_TYPE, export_filename, summary_csv
from assignments.reporting import report_summary, spreadsheet_report

BYTE_ORDER_MARK = "\ufeff".encode()

FORMATS = ["json", "csv", "xlsx"]
FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=FORMATS,
    description=(
        "`json` (the default), or a download of the same report: `xlsx` (the meeting spreadsheet: "
        "a header with the committee, period and date, the figures with a totals row, the term "
        "targets, and a second sheet listing the tasks) or `csv` (UTF-8 with a byte-order mark). "
        "Headers in the request's language. `Accept: text/csv` or the XLSX media type work too."
    ),
)

_FIGURES = {
    "total": 40,
    "done": 30,
    "done_in_time": 26,
    "done_early": 10,
    "done_on_time": 16,
    "done_late": 4,
    "open": 10,
    "open_on_track": 6,
    "open_due_soon": 2,
    "open_overdue": 2,
    "cancelled": 1,
    "extended": 3,
    "escalated_leader": 1,
    "escalated_committee": 0,
    "outcome_achieved": 27,
    "completion_rate": 0.75,
    "on_time_rate": 0.8667,
    "overdue_rate": 0.05,
    "outcome_rate": 0.9,
}
_EXAMPLE = {
    "as_of": "2026-11-27",
    "by": "group",
    "period": {"start": "2026-01-01", "end": "2026-12-31"},
    "totals": _FIGURES,
    "rows": [{"key": {"id": 1, "name": "Tổ 1", "number": 1}, **_FIGURES}],
    "targets": {"total": 15, "achieved": 14, "achieved_early": 10},
}


class SummaryView(APIView):
    # api_settings answers the classes the setting names; the stubs type them as the names.
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer, XLSXRenderer]  # type: ignore[list-item]

    def perform_content_negotiation(self, request: Request, force: bool = False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            # DRF answers an unknown `?format=` with a 404; here `format` is a documented
            # query parameter, and a bad parameter is a 400 naming it, as for `by`.
            choices = serializers.ChoiceField(choices=FORMATS)
            message = choices.error_messages["invalid_choice"].format(
                input=request.query_params.get("format", "")
            )
            raise serializers.ValidationError({"format": [message]}) from None

    @extend_schema(
        tags=["summary"],
        summary="The summary report (JSON, XLSX or CSV)",
        description=(
            "The figures of the tasks the caller may see (staff and Standing Committee: every task; "
            "others: the tasks of their groups and those they own or coordinate), whose due date "
            "falls in the period (both ends included), one row per key; the rows add up to the "
            "totals. Deadline statuses are counted as of today. Definitions: docs/reports.md."
        ),
        parameters=[SummaryQuerySerializer, FORMAT],
        responses={
            (200, "application/json"): OpenApiResponse(
                SummarySerializer, examples=[OpenApiExample("By group", value=_EXAMPLE)]
            ),
            (200, CSVRenderer.media_type): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=(
                    "`bao-cao-tong-hop-<date>.csv` (English: `summary-report-<date>.csv`), an attachment."
                ),
            ),
            (200, XLSXRenderer.media_type): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=(
                    "`bao-cao-tong-hop-<date>.xlsx` (English: `summary-report-<date>.xlsx`), an attachment."
                ),
            ),
            **errors(400),
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if isinstance(request.accepted_renderer, CSVRenderer):
            return _csv_response(request, query.validated_data)
        # The reporting path (assignments/reporting.py): on the replica when there is one.
        summary = report_summary(request.user, **query.validated_data)
        if isinstance(request.accepted_renderer, SpreadsheetRenderer):
            return spreadsheet_response(request.accepted_renderer, spreadsheet_report(request.user, summary))
        return Response(SummarySerializer(summary).data)


def _csv_response(request: Request, params: dict[str, Any]) -> StreamingHttpResponse:
    """The CSV download, started before its figures are counted.

    Counting a report over a million tasks takes a second or more; the response (its
    headers and the byte-order mark) leaves at once and the figures follow when
    counted, so the download starts without a wait and no proxy times out on it
    (docs/performance.md). The request was validated before: nothing after the first
    byte depends on the client.
    """
    today = clock.today()
    language = translation.get_language()

    def content() -> Iterator[bytes]:
        yield BYTE_ORDER_MARK
        with translation.override(language):
            summary = report_summary(request.user, today=today, **params)
            lines = summary_csv(spreadsheet_report(request.user, summary))
            if next(lines) != BYTE_ORDER_MARK:  # sent above already
                raise RuntimeError("summary_csv no longer starts with the byte-order mark")
            yield from lines

    response = StreamingHttpResponse(content(), content_type=CSV_CONTENT_TYPE)
    filename = export_filename(today, "csv")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
