"""JSON for the API's URLs that match no route, requests refused before any view, and
server errors, under /api/.

DRF's exception handler only sees requests that reached a view; a path like
`/api/v1/tasks/abc/` or `/api/v1/nothing/` is answered by Django's handlers, which
would send an HTML page to a phone. These keep the one error shape there too.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults

API_PREFIX = "/api/"


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Refused before any view: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), too many
    # form fields, a malformed multipart body, a Host not in ALLOWED_HOSTS.
    if request.path.startswith(API_PREFIX):
        detail = _("The request was refused before it was read: it is too large or malformed.")
        return JsonResponse({"code": "bad_request", "detail": str(detail)}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"code": "not_found", "detail": str(_("Not found."))}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        detail = _("Something went wrong on the server; the committee office has been told.")
        return JsonResponse({"code": "server_error", "detail": str(detail)}, status=500)
    return defaults.server_error(request)
