"""Token login and logout for phones (django-rest-knox), and `me/`.

knox's own LoginView expects a user already authenticated by another scheme; a phone
has only a username and a password, so the login here checks them with a serializer
(as DRF's `obtain_auth_token` does) and asks knox for a token. Each login is one
token, for one device: stored hashed, expiring (REST_KNOX in the settings), revoked
by `logout/` (this device) or `logoutall/` (every device, e.g. after losing a phone).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import logout as end_session
from django.contrib.auth.signals import user_logged_in, user_logged_out
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import throttling
from api.schema import errors
from api.serializers.auth import LoginResponseSerializer, LoginSerializer, MeSerializer
from api.serializers.errors import ErrorSerializer

_ME_EXAMPLE = {
    "id": 12,
    "username": "leader01",
    "member": {"id": 7, "name": "Nguyễn Văn Tổ Trưởng"},
    "roles": ["standing", "leader", "member"],
    "leads": [{"id": 1, "number": 1, "name": "Tổ 1"}],
    "groups": [{"id": 1, "number": 1, "name": "Tổ 1"}],
}


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next login for this username or from this address.",
)


class LoginView(generics.GenericAPIView):
    # No authentication: a stale token on the phone must not stop it from logging in again.
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = LoginSerializer

    @extend_schema(
        tags=["auth"],
        summary="Log in: get a token for this device",
        description=(
            "Checks the username and password and answers a new token for this device, with its "
            "expiry and who the user is (as `me/`). Send the token as `Authorization: Token <token>`. "
            "It is stored hashed: it cannot be shown again. Each use extends the expiry.\n\n"
            "Failed logins are counted per username and per address: after a few, each further "
            "try must wait a little longer, and after more the login is refused for a while "
            "(429, with `Retry-After` in seconds), even with the right password."
        ),
        auth=[],
        request=LoginSerializer,
        parameters=[RETRY_AFTER],
        responses={
            200: LoginResponseSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "Missing fields (`invalid`), or a wrong username or password (`invalid_credentials`)."
                ),
                examples=[
                    OpenApiExample(
                        "Wrong password",
                        value={"code": "invalid_credentials", "detail": "Wrong username or password."},
                    )
                ],
            ),
            **errors(429, public=True),
        },
        examples=[
            OpenApiExample("Credentials", value={"username": "member01", "password": "…"}, request_only=True),
            OpenApiExample(
                "A token",
                value={
                    "token": "9f1c2e…",
                    "expiry": "2026-03-04T09:00:00+07:00",
                    "user": {**_ME_EXAMPLE, "username": "member01", "roles": ["member"], "leads": []},
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        # The password check itself counts failures (throttling.LoginThrottleBackend);
        # here a login that must wait gets its 429 and Retry-After before any check.
        wait = throttling.retry_after(_username_in(request.data), throttling.client_address(request))
        if wait:
            raise exceptions.Throttled(wait=wait)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        instance, token = AuthToken.objects.create(
            user=user, expiry=knox_settings.TOKEN_TTL, prefix=knox_settings.TOKEN_PREFIX
        )
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        answer = LoginResponseSerializer({"token": token, "expiry": instance.expiry, "user": user})
        return Response(answer.data)


def _username_in(data: Any) -> str | None:
    username = data.get("username") if isinstance(data, Mapping) else None
    return username if isinstance(username, str) else None


class LogoutView(APIView):
    @extend_schema(
        tags=["auth"],
        summary="Log out: revoke the token in use",
        description=(
            "Revokes the token that authenticates this request; the device's other tokens and the "
            "user's other devices stay logged in. With a session (browsable API), ends the session."
        ),
        request=None,
        responses={204: OpenApiResponse(description="Revoked."), **errors()},
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
            user_logged_out.send(sender=request.user.__class__, request=request._request, user=request.user)
        else:
            end_session(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    @extend_schema(
        tags=["auth"],
        summary="Log out everywhere: revoke every token of the user",
        description="For a lost phone: every device of this user must log in again.",
        request=None,
        responses={204: OpenApiResponse(description="Every token revoked."), **errors()},
    )
    def post(self, request: Request) -> Response:
        AuthToken.objects.filter(user=request.user).delete()
        user_logged_out.send(sender=request.user.__class__, request=request._request, user=request.user)
        if not isinstance(request.auth, AuthToken):
            end_session(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(
        tags=["me"],
        summary="Who I am",
        description=(
            "The caller's login, member record (a brief, or null for an office login without one), "
            "roles (`staff`, `standing`, `leader`, `member`) and the groups they lead and belong to. "
            "A phone reads it after logging in to decide which screens to show."
        ),
        responses={200: MeSerializer, **errors()},
        examples=[OpenApiExample("A group leader", value=_ME_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
