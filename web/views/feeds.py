"""What browsers and calendar programs fetch without a page: the calendar feed and the
service worker.

The feed needs no login (calendar programs have none): the secret in its URL is the
credential, and an unknown or revoked one is a plain 404. The service worker is served
from the site's root, so that its scope is the whole site (a worker under /static/
could only control /static/).
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from assignments.notifications import calendar


@require_GET
@cache_control(private=True, max_age=300)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    chosen = calendar.opened_by(token)
    if chosen is None:
        raise Http404
    member = getattr(chosen.user, "member", None)
    response = HttpResponse(calendar.feed(member), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="taskforce.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> FileResponse:
    path = finders.find("web/sw.js")
    if not path or not isinstance(path, str):
        raise Http404
    # FileResponse closes the file when the answer is sent.
    response = FileResponse(open(path, "rb"), content_type="text/javascript; charset=utf-8")  # noqa: SIM115
    response["Service-Worker-Allowed"] = "/"
    return response
