"""JSON for the API's URLs that match no route, and for server errors under /api/.

DRF's exception handler only sees requests that reached a view; a path like
`/api/v1/tasks/abc/` or `/api/v1/nothing/` is answered by Django's handlers, which
would send an HTML page to a phone. These keep the one error shape there too.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults

API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"code": "not_found", "detail": str(_("Not found."))}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        detail = _("Something went wrong on the server; the committee office has been told.")
        return JsonResponse({"code": "server_error", "detail": str(detail)}, status=500)
    return defaults.server_error(request)
