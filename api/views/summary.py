"""`summary/`: the Standing Committee's report, as JSON or as the meeting spreadsheet."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.renderers import CSVRenderer, SpreadsheetRenderer, XLSXRenderer, spreadsheet_response
from api.schema import errors
from api.serializers.summary import SummaryQuerySerializer, SummarySerializer
from assignments.exports import SpreadsheetReport
from assignments.models import Target
from assignments.summaries import report_task_lines, summary_for

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "csv", "xlsx"],
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
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer, XLSXRenderer]

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
                OpenApiTypes.BINARY, description="`bao-cao-tong-hop-<date>.csv`, an attachment."
            ),
            (200, XLSXRenderer.media_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="`bao-cao-tong-hop-<date>.xlsx`, an attachment."
            ),
            **errors(400),
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        summary = summary_for(request.user, **query.validated_data)
        if isinstance(request.accepted_renderer, SpreadsheetRenderer):
            report = SpreadsheetReport(
                summary=summary,
                committee=settings.COMMITTEE_NAME,
                tasks=report_task_lines(request.user, summary),
                targets=Target.objects.all(),
            )
            return spreadsheet_response(request.accepted_renderer, report)
        return Response(SummarySerializer(summary).data)
