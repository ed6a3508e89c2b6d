"""`push-subscriptions/` (a phone's Web Push subscription) and `me/calendar/` (the feed's address).

The rules are in assignments/notifications/channels/push.py and calendar.py; these
views turn the request into their calls and the rows back into JSON.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import errors
from api.serializers.channels import (
    CalendarSerializer,
    PushEndpointSerializer,
    PushSubscriptionInputSerializer,
    PushSubscriptionSerializer,
    PushSubscriptionsSerializer,
)
from api.serializers.errors import ErrorSerializer
from assignments import roles
from assignments.models import PushSubscription
from assignments.notifications import calendar, preferences, vapid
from assignments.notifications.channels import push

_ENDPOINT = "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bH…"
_SUBSCRIPTION_EXAMPLE = {
    "id": 4,
    "endpoint": _ENDPOINT,
    "user_agent": "Mozilla/5.0 (Linux; Android 13; SM-A525F) Chrome/120.0 Mobile",
    "created_at": "2026-02-02T09:00:00+07:00",
    "last_sent_at": "2026-02-03T07:00:04+07:00",
}
_VAPID_EXAMPLE = "BNbxGYNMhEIi9zrneh7mqV4oUanjLUK3m-mYZBc62frMKrEoMk88r3Lk596T0ck9xlT-TTf0s4RV6vd2I0ZPYOk"
_P256DH_EXAMPLE = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
_KEYS_MISSING = "Give the subscription's keys (keys.p256dh and keys.auth)."
_CALENDAR_EXAMPLE = {"url": "https://taskforce.example.org/calendar/q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6.ics"}

ENDPOINT_QUERY = OpenApiParameter(
    "endpoint",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description="The endpoint of the subscription to remove, if not in the body.",
)


class PushSubscriptionsView(APIView):
    @extend_schema(
        tags=["me"],
        summary="Web Push: the server's key and my subscriptions",
        description=(
            "The key a browser subscribes with (`vapid_public_key`, null when Web Push is not set "
            "up on this server) and the caller's subscriptions (one per browser or phone)."
        ),
        responses={200: PushSubscriptionsSerializer, **errors()},
        examples=[
            OpenApiExample(
                "One phone",
                value={"vapid_public_key": _VAPID_EXAMPLE, "subscriptions": [_SUBSCRIPTION_EXAMPLE]},
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        user = roles.signed_in(request.user)
        answer = {
            "vapid_public_key": vapid.public_key(),
            "subscriptions": PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk"),
        }
        return Response(PushSubscriptionsSerializer(answer).data)

    @extend_schema(
        tags=["me"],
        summary="Web Push: subscribe this browser",
        description=(
            "Send the browser's PushSubscription as `subscription.toJSON()` gives it. The endpoint "
            "must be a known push service's (https). Sent again (the browser renewed its keys), the "
            "same endpoint is updated, not added (200); subscribed by another login, it becomes the "
            "caller's. The notifications the caller chose to get by push go to every browser they "
            "subscribed (no push between 21:00 and 07:00)."
        ),
        request=PushSubscriptionInputSerializer,
        responses={
            201: OpenApiResponse(PushSubscriptionSerializer, description="Subscribed."),
            200: OpenApiResponse(PushSubscriptionSerializer, description="Already subscribed: keys updated."),
            400: OpenApiResponse(
                ErrorSerializer,
                description="A missing or malformed field: `errors` names it (`endpoint`, `keys.p256dh`, …).",
                examples=[
                    OpenApiExample(
                        "Not a push service",
                        value={
                            "code": "invalid",
                            "detail": "Invalid input.",
                            "errors": {
                                "endpoint": [
                                    "The endpoint is not the address of a known push service (https only)."
                                ]
                            },
                        },
                    ),
                    OpenApiExample(
                        "Keys missing",
                        value={
                            "code": "invalid",
                            "detail": "Invalid input.",
                            "errors": {"keys": [_KEYS_MISSING]},
                        },
                    ),
                ],
            ),
            **errors(),
        },
        examples=[
            OpenApiExample(
                "A browser's subscription",
                value={
                    "endpoint": _ENDPOINT,
                    "expirationTime": None,
                    "keys": {
                        "p256dh": _P256DH_EXAMPLE,
                        "auth": "tBHItJI5svbpez7KI4CCXg",
                    },
                },
                request_only=True,
            ),
            OpenApiExample("Subscribed", value=_SUBSCRIPTION_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = PushSubscriptionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = serializer.validated_data
        subscription, created = push.subscription_save(
            user=roles.signed_in(request.user),
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
            user_agent=request.headers.get("User-Agent", ""),
        )
        return Response(
            PushSubscriptionSerializer(subscription).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        tags=["me"],
        summary="Web Push: unsubscribe a browser",
        description=(
            'Removes the caller\'s subscription at `endpoint` (in the body, `{"endpoint": …}`, or '
            "as `?endpoint=`): that browser gets no more push. Another person's, or none, is a 404."
        ),
        parameters=[ENDPOINT_QUERY],
        request=PushEndpointSerializer,
        responses={204: OpenApiResponse(description="Unsubscribed."), **errors(400, 404)},
        examples=[OpenApiExample("An endpoint", value={"endpoint": _ENDPOINT}, request_only=True)],
    )
    def delete(self, request: Request) -> Response:
        given = (
            request.data
            if isinstance(request.data, dict) and "endpoint" in request.data
            else request.query_params
        )
        serializer = PushEndpointSerializer(data={"endpoint": given.get("endpoint")})
        serializer.is_valid(raise_exception=True)
        if not push.subscription_delete(
            user=roles.signed_in(request.user), endpoint=serializer.validated_data["endpoint"]
        ):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarView(APIView):
    @extend_schema(
        tags=["me"],
        summary="My calendar feed's address",
        description=(
            "The private address of the caller's calendar feed (ICS, `text/calendar`): one all-day "
            "event per open task they own or coordinate, on its due date. Calendar programs read "
            "it without logging in, so the address is the secret: reset it with `me/calendar/reset/`."
        ),
        responses={200: CalendarSerializer, **errors()},
        examples=[OpenApiExample("The address", value=_CALENDAR_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        chosen = preferences.settings_for(roles.signed_in(request.user))
        return Response(CalendarSerializer({"url": calendar.feed_url(chosen)}).data)


class CalendarResetView(APIView):
    @extend_schema(
        tags=["me"],
        summary="A new calendar feed address (the old one stops working)",
        description="Makes a new secret address; the old one answers 404 from now on. Answers the new one.",
        request=None,
        responses={200: CalendarSerializer, **errors()},
        examples=[OpenApiExample("The new address", value=_CALENDAR_EXAMPLE, response_only=True)],
    )
    def post(self, request: Request) -> Response:
        chosen = preferences.reset_calendar(roles.signed_in(request.user))
        return Response(CalendarSerializer({"url": calendar.feed_url(chosen)}).data)
