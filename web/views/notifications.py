"""“Thông báo”: the person's inbox, and their choice of channels.

Reading the inbox changes nothing; opening an item, marking everything read and a new
calendar secret are POSTs with the CSRF token (assignments/notifications/inbox.py,
preferences.py), each answered by a redirect so a reload repeats nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from assignments import roles
from assignments.models import Notification
from assignments.notifications import inbox, preferences, texts, vapid
from web.forms import NotificationSettingsForm, add_service_errors
from web.views.base import PageMixin

PAGE_SIZE = 50

#: Where the phone page's script posts a push subscription (the API, with the session).
PUSH_SUBSCRIPTIONS_URL = "/api/v1/push-subscriptions/"


@dataclass(frozen=True)
class Item:
    notification: Notification
    text: str

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


class InboxView(PageMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = roles.signed_in(request.user)
        unread_only = request.GET.get("unread") in {"1", "true", "on"}
        rows = Notification.objects.filter(recipient=user).select_related("task")
        if unread_only:
            rows = rows.unread()
        page = Paginator(rows.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
        items = [Item(n, texts.text(n.kind, n.data, n.task.title)) for n in page.object_list]
        context = {"page": page, "entries": items, "unread_only": unread_only}
        return render(request, "web/notifications.html", context)


class NotificationOpenView(PageMixin, View):
    """Marks the item read and goes to its task (a 404 for someone else's item)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = inbox.mark_read(roles.signed_in(request.user), pk)
        return redirect("web:task", pk=notification.task_id)


class NotificationsReadAllView(PageMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        count = inbox.mark_all_read(roles.signed_in(request.user))
        messages.success(request, _("Marked as read: %(count)d.") % {"count": count})
        return redirect("web:notifications")


def calendar_feed_url(request: HttpRequest, token: str) -> str:
    """The feed's full address, if this server serves the feed."""
    try:
        return request.build_absolute_uri(reverse("web:calendar", kwargs={"token": token}))
    except NoReverseMatch:
        return ""


class NotificationSettingsView(PageMixin, View):
    template_name = "web/notification_settings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        row = preferences.settings_for(roles.signed_in(request.user))
        form = NotificationSettingsForm(initial=NotificationSettingsForm.initial_from(row))
        return self._page(form, row.calendar_token)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = roles.signed_in(request.user)
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            try:
                preferences.update_settings(user, **form.service_arguments())
            except ValidationError as error:
                add_service_errors(form, error, {"email_off": "email_kinds", "push_off": "push_kinds"})
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("web:notification-settings")
        messages.error(request, _("Nothing was saved: see the messages next to the fields."))
        return self._page(form, preferences.settings_for(user).calendar_token, status=400)

    def _page(self, form: NotificationSettingsForm, token: str, status: int = 200) -> HttpResponse:
        context: dict[str, Any] = {
            "form": form,
            "kind_rows": form.kind_rows(),
            "calendar_url": calendar_feed_url(self.request, token),
            "vapid_public_key": vapid.public_key() or "",
            "push_subscriptions_url": PUSH_SUBSCRIPTIONS_URL,
        }
        return render(self.request, self.template_name, context, status=status)


class CalendarResetView(PageMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        preferences.reset_calendar(roles.signed_in(request.user))
        messages.success(
            request, _("Your calendar has a new address: the old one no longer works. Add the new one.")
        )
        return redirect("web:notification-settings")
