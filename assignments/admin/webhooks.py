"""Webhook endpoints: registered, paused and resumed by the office, each with its delivery log."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assignments import clock
from assignments.choices import WEBHOOK_EVENT_TYPES
from assignments.models import WebhookDelivery, WebhookEndpoint
from assignments.webhooks import endpoints

from .base import OfficeModelAdmin, ReadOnly

#: How many of an endpoint's latest deliveries its page shows; the full log is a list of its own.
LOG_ROWS = 50


class WebhookEndpointForm(forms.ModelForm):
    # The model's field and its validators, with an https:// assumed when none is typed.
    url = forms.URLField(label=_("URL"), max_length=1000, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("event types"),
        choices=[(kind, kind) for kind in WEBHOOK_EVENT_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("name", "url", "event_types", "pause_after_hours")


def _local(moment) -> str:
    return (
        "—"
        if moment is None
        else timezone.localtime(moment, clock.committee_tz()).strftime("%d/%m/%Y %H:%M:%S")
    )


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(OfficeModelAdmin):
    form = WebhookEndpointForm
    list_display = ("name", "url", "active", "paused_at", "failing_since")
    list_filter = ("active",)
    search_fields = ("name", "url")
    readonly_fields = (
        "secret",
        "active",
        "paused_at",
        "reason",
        "failing_since",
        "office_told_at",
        "created_at",
        "delivery_log",
    )
    fieldsets = (
        (None, {"fields": ("name", "url", "event_types", "pause_after_hours", "secret")}),
        (
            _("State"),
            {"fields": ("active", "paused_at", "reason", "failing_since", "office_told_at", "created_at")},
        ),
        (_("Delivery log"), {"fields": ("delivery_log",)}),
    )
    actions = ("send_test_event", "resume", "pause")

    @admin.display(description=_("latest deliveries"))
    def delivery_log(self, endpoint: WebhookEndpoint) -> str:
        if endpoint.pk is None:
            return "—"
        rows = (
            WebhookDelivery.objects.filter(endpoint=endpoint)
            .select_related("message")
            .order_by("-created_at", "-id")[:LOG_ROWS]
        )
        everything = (
            reverse("admin:assignments_webhookdelivery_changelist") + f"?endpoint__id__exact={endpoint.pk}"
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            '<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table><p><a href="{}">{}</a></p>',
            _("created at"),
            _("type"),
            _("status"),
            _("attempts"),
            _("response code"),
            _("last attempt at"),
            _("duration (ms)"),
            _("next attempt at"),
            _("last error"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                "<td>{}</td><td>{}</td></tr>",
                (
                    (
                        _local(row.created_at),
                        row.message.type,
                        row.get_status_display(),
                        row.attempts,
                        row.response_code or "—",
                        _local(row.last_attempt_at),
                        "—" if row.duration_ms is None else row.duration_ms,
                        _local(row.not_before) if row.status == "pending" else "—",
                        row.last_error[:200] or "—",
                    )
                    for row in rows
                ),
            ),
            everything,
            _("Every delivery of this endpoint"),
        )

    @admin.action(description=_("Send a test event"))
    def send_test_event(self, request, queryset: QuerySet[WebhookEndpoint]) -> None:
        count = 0
        for endpoint in queryset:
            endpoints.endpoint_send_test(endpoint)
            count += 1
        self.message_user(
            request,
            ngettext(
                "A test event goes to %(count)d endpoint at the next delivery run.",
                "A test event goes to %(count)d endpoints at the next delivery run.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Resume (send again)"))
    def resume(self, request, queryset: QuerySet[WebhookEndpoint]) -> None:
        paused = list(queryset.filter(active=False))
        for endpoint in paused:
            endpoints.endpoint_resume(endpoint)
        self.message_user(
            request,
            ngettext("%(count)d endpoint resumed.", "%(count)d endpoints resumed.", len(paused))
            % {"count": len(paused)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Pause (send nothing)"))
    def pause(self, request, queryset: QuerySet[WebhookEndpoint]) -> None:
        active = list(queryset.filter(active=True))
        for endpoint in active:
            endpoints.endpoint_pause(endpoint)
        self.message_user(
            request,
            ngettext("%(count)d endpoint paused.", "%(count)d endpoints paused.", len(active))
            % {"count": len(active)},
            messages.SUCCESS,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly, OfficeModelAdmin):
    """The full delivery log, to read; the delivery job writes it."""

    list_display = (
        "created_at",
        "endpoint",
        "message_type",
        "status",
        "attempts",
        "response_code",
        "last_attempt_at",
        "duration_ms",
        "not_before",
    )
    list_filter = ("status", "endpoint", "created_at")
    list_select_related = ("endpoint", "message")
    date_hierarchy = "created_at"
    fields = (
        "endpoint",
        "message_type",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "delivered_at",
        "not_before",
        "response_code",
        "duration_ms",
        "last_error",
        "payload",
    )
    readonly_fields = fields

    @admin.display(description=_("type"))
    def message_type(self, row: WebhookDelivery) -> str:
        return row.message.type

    @admin.display(description=_("payload"))
    def payload(self, row: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(row.message.payload, ensure_ascii=False, indent=2))
