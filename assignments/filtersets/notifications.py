"""The filters of the inbox (`notifications/`) and of the webhooks' lists."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from assignments import limits
from assignments.choices import (
    WEBHOOK_EVENT_TYPES,
    WEBHOOK_TEST_EVENT,
    NotificationKind,
    WebhookDeliveryStatus,
)
from assignments.filtersets.base import (
    BooleanFilter,
    FilterSet,
    IdFilter,
)
from assignments.models import (
    Notification,
    WebhookDelivery,
    WebhookEndpoint,
)


class NotificationFilterSet(FilterSet):
    """The caller's inbox (`notifications/`), newest first."""

    unread = BooleanFilter(
        method="filter_unread", help_text=_("true: only the unread; false: only the read.")
    )
    kind = filters.MultipleChoiceFilter(
        choices=NotificationKind.choices,
        distinct=False,
        help_text=_("Notifications of this kind; repeatable."),
    )
    task = IdFilter(
        field_name="task", min_value=1, max_value=limits.ID_MAX, help_text=_("About this task (id).")
    )

    class Meta:
        model = Notification
        fields = ["unread", "kind", "task"]

    def filter_unread(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)


# --------------------------------------------------------------------------- webhooks
# The office's endpoints (`webhooks/`) and each one's delivery log, whose endpoint is the
# path's (`webhooks/{id}/deliveries/`).


class WebhookEndpointFilterSet(FilterSet):
    active = BooleanFilter(help_text=_("true: the endpoints sending; false: the paused ones."))

    class Meta:
        model = WebhookEndpoint
        fields = ["active"]


class WebhookDeliveryFilterSet(FilterSet):
    status = filters.MultipleChoiceFilter(
        choices=WebhookDeliveryStatus.choices,
        distinct=False,
        help_text=_("Deliveries in this state; repeatable."),
    )
    type = filters.MultipleChoiceFilter(
        field_name="message__type",
        choices=[(kind, kind) for kind in (*WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT)],
        distinct=False,
        help_text=_("Deliveries of this event type (e.g. task.submitted); repeatable."),
    )

    class Meta:
        model = WebhookDelivery
        fields = ["status", "type"]
