"""The inbox, as the API shows it (`notifications/`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.choices import NotificationKind
from assignments.models import Notification
from assignments.notifications import texts


class TaskTitleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    task = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField(
        help_text=_("What it says, in the request's language, with the task's title and dates.")
    )
    day = serializers.DateField(read_only=True, help_text=_("The day (in Hanoi) it is about."))

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "task", "text", "day", "created_at", "read_at"]
        read_only_fields = fields

    @extend_schema_field(TaskTitleSerializer)
    def get_task(self, notification: Notification) -> dict[str, object]:
        return {"id": notification.task_id, "title": notification.task.title}

    @extend_schema_field(serializers.CharField())
    def get_text(self, notification: Notification) -> str:
        return texts.text(notification.kind, notification.data, notification.task.title)


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notifications were unread and are now read."))


class NotificationSettingsSerializer(serializers.Serializer):
    """A person's channels: what `PATCH me/notification-settings/` changes (only the fields
    sent). The inbox always holds everything."""

    email = serializers.BooleanField(required=False, help_text=_("Mail at all (to the login's address)."))
    push = serializers.BooleanField(required=False, help_text=_("Push to the phones subscribed."))
    digest = serializers.BooleanField(
        required=False, help_text=_("The day's reminders in one mail each morning rather than one mail each.")
    )
    email_off = serializers.ListField(
        child=serializers.ChoiceField(choices=NotificationKind.choices),
        required=False,
        help_text=_("The kinds not sent by mail."),
    )
    push_off = serializers.ListField(
        child=serializers.ChoiceField(choices=NotificationKind.choices),
        required=False,
        help_text=_("The kinds not sent by push."),
    )
