"""`webhooks/`: the endpoints other systems receive the task events at, for the committee
office only (others: 403), with each endpoint's delivery log and its resume.

Each event is POSTed as JSON signed the Standard Webhooks way (docs/operations.md,
"Webhooks"); the secret is shown on creation and on the endpoint's own page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api.permissions import ManagesWebhooks
from api.schema import errors
from api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointListSerializer,
    WebhookEndpointSerializer,
)
from assignments.filtersets import WebhookDeliveryFilterSet, WebhookEndpointFilterSet
from assignments.models import WebhookDelivery, WebhookEndpoint
from assignments.webhooks import endpoints

TAG = "webhooks"
STAFF = "Committee office only (others: 403)."

ENDPOINT: dict[str, Any] = {
    "id": 1,
    "name": "Hệ thống theo dõi của tỉnh",
    "url": "https://tracker.example.org/hooks/taskforce",
    "event_types": ["task.submitted", "task.accepted"],
    "pause_after_hours": 24,
    "active": True,
    "paused_at": None,
    "reason": "",
    "failing_since": None,
    "created_at": "2026-02-02T09:00:00+07:00",
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
}
ENDPOINT_IN_LIST = {key: value for key, value in ENDPOINT.items() if key != "secret"}
PAUSED = {
    **ENDPOINT_IN_LIST,
    "active": False,
    "paused_at": "2026-02-03T09:01:00+07:00",
    "reason": "Deliveries failed for 24 hours. Last error: HTTP 503: Service Unavailable",
    "failing_since": "2026-02-02T09:00:00+07:00",
}
NEW_ENDPOINT = {
    "name": "Hệ thống theo dõi của tỉnh",
    "url": "https://tracker.example.org/hooks/taskforce",
    "event_types": ["task.submitted", "task.accepted"],
}
DELIVERY = {
    "id": 41,
    "message_id": "msg_5b0e2c9f3f8a4c0d9a1e7f6b2d4c8e10",
    "type": "task.submitted",
    "event": 318,
    "status": "pending",
    "status_label": "Waiting to be sent",
    "attempts": 2,
    "created_at": "2026-02-02T09:00:00+07:00",
    "last_attempt_at": "2026-02-02T09:01:00+07:00",
    "delivered_at": None,
    "next_attempt_at": "2026-02-02T09:06:00+07:00",
    "response_code": 500,
    "duration_ms": 42,
    "last_error": "HTTP 500: Internal Server Error",
}


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List the webhook endpoints",
        description=f"{STAFF} Paginated; without their secrets. Filter `active=false` for the paused ones.",
        responses={200: WebhookEndpointListSerializer(many=True), **errors(400, 403, 404)},
        examples=[OpenApiExample("An endpoint", value=ENDPOINT_IN_LIST, response_only=True)],
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Read a webhook endpoint",
        description=f"{STAFF} With its signing secret.",
        responses={200: WebhookEndpointSerializer, **errors(403, 404)},
        examples=[
            OpenApiExample("An endpoint", value=ENDPOINT, response_only=True),
            OpenApiExample("Paused after failing for a day", value=PAUSED, response_only=True),
        ],
    ),
    create=extend_schema(
        tags=[TAG],
        summary="Register a webhook endpoint",
        description=(
            f"{STAFF} The server makes the signing secret (`secret`, answered here): give it to the "
            "receiving system, which verifies each request's `webhook-signature` with it. "
            "`event_types` empty or left out: every type. A URL that is not http(s) is a 400 naming `url`."
        ),
        responses={201: WebhookEndpointSerializer, **errors(400, 403)},
        examples=[
            OpenApiExample("A new endpoint", value=NEW_ENDPOINT, request_only=True),
            OpenApiExample("An endpoint", value=ENDPOINT, response_only=True),
        ],
    ),
    update=extend_schema(
        tags=[TAG],
        summary="Replace a webhook endpoint",
        description=f"{STAFF} Every writable field is sent; the secret stays.",
        responses={200: WebhookEndpointSerializer, **errors(400, 403, 404)},
        examples=[
            OpenApiExample("An endpoint", value=NEW_ENDPOINT, request_only=True),
            OpenApiExample("An endpoint", value=ENDPOINT, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        tags=[TAG],
        summary="Change some fields of a webhook endpoint",
        description=f"{STAFF} Only the fields sent change.",
        responses={200: WebhookEndpointSerializer, **errors(400, 403, 404)},
        examples=[
            OpenApiExample("Every event type", value={"event_types": []}, request_only=True),
            OpenApiExample("An endpoint", value=ENDPOINT, response_only=True),
        ],
    ),
    destroy=extend_schema(
        tags=[TAG],
        summary="Remove a webhook endpoint",
        description=f"{STAFF} Nothing more is sent to it; its delivery log goes with it.",
        responses={204: None, **errors(403, 404)},
    ),
    resume=extend_schema(
        tags=[TAG],
        summary="Resume a paused webhook endpoint",
        description=(
            f"{STAFF} Sending starts again at the next delivery run: what was waiting, with a fresh "
            "schedule of retries, and the events that happened while it was paused. An endpoint "
            "that is not paused is answered as it is."
        ),
        request=None,
        responses={200: WebhookEndpointSerializer, **errors(403, 404)},
        examples=[OpenApiExample("Resumed", value=ENDPOINT, response_only=True)],
    ),
)
class WebhookEndpointViewSet(viewsets.ModelViewSet):
    queryset = WebhookEndpoint.objects.order_by("name", "id")
    filterset_class = WebhookEndpointFilterSet
    permission_classes = [permissions.IsAuthenticated, ManagesWebhooks]
    lookup_value_converter = "int"

    def get_serializer_class(self) -> type[BaseSerializer]:
        return WebhookEndpointListSerializer if self.action == "list" else WebhookEndpointSerializer

    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: Any = None) -> Response:
        endpoint = endpoints.endpoint_resume(self.get_object())
        return Response(WebhookEndpointSerializer(endpoint, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="Read a webhook endpoint's delivery log",
        description=(
            f"{STAFF} Newest first: each event sent to the endpoint (`type`, `event`, the "
            "`message_id` the receiver got as `webhook-id`), its state (`status`: pending, "
            "delivered, failed when given up), attempts, the last answer's code, error and duration, "
            "and when it is tried again. Filter by `status` and `type`; paginated."
        ),
        responses={200: WebhookDeliverySerializer(many=True), **errors(400, 403, 404)},
        examples=[OpenApiExample("A delivery being retried", value=DELIVERY, response_only=True)],
    ),
)
class WebhookDeliveryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = WebhookDelivery.objects.select_related("message").order_by("-created_at", "-id")
    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilterSet
    permission_classes = [permissions.IsAuthenticated, ManagesWebhooks]

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no path
            return WebhookDelivery.objects.none()
        endpoint = get_object_or_404(WebhookEndpoint.objects.only("pk"), pk=self.kwargs["webhook_id"])
        return super().get_queryset().filter(endpoint=endpoint)
