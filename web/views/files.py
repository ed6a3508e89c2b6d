"""A file's download and a photo's thumbnail, from the pages.

Whoever may read the file's task or document (selectors.attachments_visible_to) gets the
file streamed (taskforce/downloads.py, the answer the API gives too); to anyone else it is
a 404, whoever knows the address; once withdrawn it is a 410 saying so, to its readers.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views import View

from assignments import selectors
from assignments.models import Attachment
from taskforce.downloads import file_response
from web.views.base import PageMixin


def with_files() -> Prefetch:
    """Every file of a task or a document for its page, the withdrawn ones too (shown apart),
    with who attached and who withdrew each: one query, whatever their number."""
    return Prefetch(
        "attachments",
        queryset=Attachment.objects.select_related("uploaded_by__member", "withdrawn_by__member").order_by(
            "uploaded_at", "id"
        ),
    )


class FileView(PageMixin, View):
    thumbnail = False

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        attachment = (
            selectors.attachments_visible_to(request.user)
            .select_related("withdrawn_by__member")
            .filter(pk=pk)
            .first()
        )
        if attachment is None or (self.thumbnail and not attachment.thumbnail):
            raise Http404
        if attachment.withdrawn:
            return render(request, "web/file_withdrawn.html", {"attachment": attachment}, status=410)
        return file_response(attachment, thumbnail=self.thumbnail)


class ThumbnailView(FileView):
    thumbnail = True
