"""`notifications/`: the caller's inbox, newest first (docs/api.md, "Notifications").

Each item is about one task, which the caller may read: an item whose task the person
can no longer read (moved to another group) is not shown.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import examples
from api.schema import errors
from api.serializers.notifications import (
    NotificationSerializer,
    NotificationSettingsSerializer,
    ReadAllSerializer,
)
from assignments import roles, selectors
from assignments.filtersets import NotificationFilterSet
from assignments.models import Notification
from assignments.notifications import mark_all_read, mark_read, preferences


@extend_schema_view(
    list=extend_schema(
        tags=["notifications"],
        summary="Read my notifications",
        description=(
            "The caller's inbox, newest first: one item per task, kind and day (`kind`), with its "
            "`text` in the request's language and the `task` it is about; `read_at` is null while "
            "unread. Filter `unread=true`, `kind`, `task`; paginated."
        ),
        responses={200: NotificationSerializer(many=True), **errors(400, 404)},
        examples=[OpenApiExample("A returned task", value=examples.NOTIFICATION, response_only=True)],
    ),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    lookup_value_converter = "int"
    filterset_class = NotificationFilterSet

    def get_queryset(self) -> QuerySet[Notification]:
        user = self.request.user
        visible = selectors.task_visibility(user)
        inbox = Notification.objects.filter(recipient_id=user.pk).select_related("task")
        if visible is not None:
            inbox = inbox.filter(task__in=selectors.tasks_visible_to(user).values("pk"))
        return inbox.order_by("-created_at", "-id")

    @extend_schema(
        tags=["notifications"],
        summary="Mark a notification read",
        request=None,
        responses={200: NotificationSerializer, **errors(404)},
        examples=[
            OpenApiExample(
                "Read",
                value={**examples.NOTIFICATION, "read_at": "2026-12-04T16:02:00+07:00"},
                response_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        notification = mark_read(roles.signed_in(request.user), int(pk))
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        tags=["notifications"],
        summary="Mark all my notifications read",
        request=None,
        responses={200: ReadAllSerializer, **errors()},
        examples=[OpenApiExample("Marked", value={"marked": 7}, response_only=True)],
    )
    @action(detail=False, methods=["post"], url_path="read-all", url_name="read-all", filterset_class=None)
    def read_all(self, request: Request) -> Response:
        return Response({"marked": mark_all_read(roles.signed_in(request.user))})


_SETTINGS_EXAMPLE = {
    "email": True,
    "push": True,
    "digest": True,
    "email_off": ["due_soon"],
    "push_off": [],
}


class NotificationSettingsView(APIView):
    """`me/notification-settings/`: the caller's channels (assignments/notifications/preferences.py)."""

    @extend_schema(
        tags=["me"],
        summary="My notification settings",
        description=(
            "Which channels reach the caller besides the inbox: mail (`email`), push to their "
            "phones (`push`), the morning digest (`digest`), and the kinds each leaves out "
            "(`email_off`, `push_off`). The defaults: everything, with the digest."
        ),
        responses={200: NotificationSettingsSerializer, **errors()},
        examples=[OpenApiExample("Settings", value=_SETTINGS_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        row = preferences.settings_for(roles.signed_in(request.user))
        return Response(NotificationSettingsSerializer(row).data)

    @extend_schema(
        tags=["me"],
        summary="Change my notification settings",
        description=(
            "Only the fields sent change; an unknown kind is a 400 naming its field, and nothing changes."
        ),
        request=NotificationSettingsSerializer,
        responses={200: NotificationSettingsSerializer, **errors(400)},
        examples=[
            OpenApiExample(
                "No push for due-soon reminders", value={"push_off": ["due_soon"]}, request_only=True
            ),
            OpenApiExample("Settings", value=_SETTINGS_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request) -> Response:
        body = NotificationSettingsSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        row = preferences.update_settings(roles.signed_in(request.user), **body.validated_data)
        return Response(NotificationSettingsSerializer(row).data)
