"""The reminder rules the office sets, and what was told and sent (read-only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assignments import clock
from assignments.choices import DeliveryStatus
from assignments.models import Delivery, Notification, NotificationPolicy

from .base import OfficeModelAdmin, ReadOnly


@admin.register(NotificationPolicy)
class NotificationPolicyAdmin(OfficeModelAdmin):
    """One row: the list opens it, and it is never added twice nor deleted."""

    fieldsets = (
        (_("Reminders"), {"fields": ("due_soon_days", "overdue_every_days", "awaiting_acceptance_days")}),
        (_("Escalation"), {"fields": ("explain_within_days", "committee_after_days")}),
        (_("When"), {"fields": ("daily_run_at", "quiet_from", "quiet_until")}),
    )

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        policy, _created = NotificationPolicy.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:assignments_notificationpolicy_change", args=[policy.pk]))

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly, OfficeModelAdmin):
    list_display = ("created_at", "recipient", "kind", "task", "day", "read_at")
    list_filter = ("kind", "day")
    search_fields = ("recipient__username", "task__title")
    list_select_related = ("recipient", "task")
    date_hierarchy = "day"


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, OfficeModelAdmin):
    list_display = (
        "id",
        "recipient",
        "kind",
        "channel",
        "status",
        "in_digest",
        "attempts",
        "not_before",
        "sent_at",
    )
    list_filter = ("status", "channel", "in_digest")
    search_fields = ("notification__recipient__username", "notification__task__title")
    list_select_related = ("notification__recipient", "notification__task")
    readonly_fields = ("last_error",)
    actions = ("send_again",)

    @admin.display(description=_("recipient"))
    def recipient(self, delivery: Delivery) -> str:
        return str(delivery.notification.recipient)

    @admin.display(description=_("kind"))
    def kind(self, delivery: Delivery) -> str:
        return str(delivery.notification.get_kind_display())

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Read-only rows; the one change is the action below.
        return False

    @admin.action(description=_("Send the failed ones again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = queryset.filter(status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING, not_before=clock.now(), attempts=0
        )
        messages.success(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
            % {"count": count},
        )
