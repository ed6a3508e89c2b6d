"""Spreadsheet downloads: `?format=csv` and `?format=xlsx` (or the matching `Accept`).

DRF picks the renderer by the `format` query parameter (URL_FORMAT_OVERRIDE), so a
view that lists these renderers gets the parameter, the 406/404 for an unknown format
and the schema's content types for free. The file itself is not made by `render()`:
DRF renders a `Response` into memory, and a large report must stream. The view asks
`spreadsheet_response()` for a streaming response instead; `render()` is reached only
by error responses, which keep the API's one JSON error shape.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from rest_framework import renderers
from rest_framework.renderers import BaseRenderer, JSONRenderer

from api.csp import INLINE_STYLES
from assignments.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    SpreadsheetReport,
    export_filename,
    summary_csv,
    summary_xlsx,
)


class SpreadsheetRenderer(BaseRenderer):
    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        # Only an error (400, 401, 403...) gets here: answer it as JSON, like every error.
        json = JSONRenderer()
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = json.media_type
        return json.render(data, json.media_type, renderer_context)


class CSVRenderer(SpreadsheetRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(SpreadsheetRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"


def spreadsheet_response(renderer: SpreadsheetRenderer, report: SpreadsheetReport) -> StreamingHttpResponse:
    """The report as a download in the renderer's format, streamed."""
    filename = export_filename(report.summary.as_of, renderer.format)
    if isinstance(renderer, CSVRenderer):
        response = StreamingHttpResponse(summary_csv(report), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    return FileResponse(
        summary_xlsx(report), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages of the API, under the site's Content-Security-Policy with inline
    style attributes allowed (its templates have a few); scripts stay the app's own files."""

    template = "api/browsable.html"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = INLINE_STYLES
        return super().render(data, accepted_media_type, renderer_context)
