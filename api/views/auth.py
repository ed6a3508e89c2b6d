"""Token login and logout for phones (django-rest-knox), the password, devices, and `me/`.

knox's own LoginView expects a user already authenticated by another scheme; a phone
has only a username and a password, so the login here checks them with a serializer
(as DRF's `obtain_auth_token` does) and asks for a token (api/tokens.py). Each login is
one token, for one device: stored hashed, expiring (REST_KNOX in the settings), revoked
by `logout/` (this device), `logoutall/` (every device), `tokens/{id}/` (one device, e.g.
a lost phone) or a change of password (`password/`, or by the office).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import logout as end_session
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from knox.models import AuthToken
from rest_framework import exceptions, generics, mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import throttling, tokens
from api.schema import errors
from api.serializers.auth import (
    DeviceSerializer,
    LoginResponseSerializer,
    LoginSerializer,
    MeSerializer,
    PasswordChangeSerializer,
)
from api.serializers.errors import ErrorSerializer
from assignments import accounts, roles

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
            "It is stored hashed: it cannot be shown again. Each use extends the expiry. "
            "`device` names the device in the list of devices (`auth/tokens/`); without it, "
            "the User-Agent header is used.\n\n"
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
            OpenApiExample(
                "Credentials",
                value={"username": "member01", "password": "…", "device": "Điện thoại Samsung A52"},
                request_only=True,
            ),
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
        name = serializer.validated_data.get("device") or _user_agent(request)
        instance, token = tokens.token_issue(user=user, name=name)
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return _token_answer(instance, token, user)


def _username_in(data: Any) -> str | None:
    username = data.get("username") if isinstance(data, Mapping) else None
    return username if isinstance(username, str) else None


def _user_agent(request: Request) -> str:
    return request.headers.get("User-Agent", "")


def _token_answer(instance: AuthToken, token: str, user: Any) -> Response:
    return Response(LoginResponseSerializer({"token": token, "expiry": instance.expiry, "user": user}).data)


class PasswordChangeView(APIView):
    @extend_schema(
        tags=["auth"],
        summary="Change my password: every other device logs in again",
        description=(
            "Checks the current password (`old_password`; a wrong one counts as a failed login, "
            "so the login limits apply, with 429), checks the new one against the password rules "
            "(at least 8 characters, not only digits, not a common password, not like the "
            "username), sets it, and revokes every token and web session of the person. The "
            "answer is a new token for the device that asked, shaped as the login's: replace the "
            "stored token with it. A password set by the committee office revokes every token too."
        ),
        request=PasswordChangeSerializer,
        parameters=[RETRY_AFTER],
        responses={
            200: LoginResponseSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "A missing field, a wrong current password or a new one too weak: `errors` names it."
                ),
                examples=[
                    OpenApiExample(
                        "Wrong current password",
                        value={
                            "code": "invalid",
                            "detail": "Invalid input.",
                            "errors": {"old_password": ["The current password is wrong."]},
                        },
                    ),
                    OpenApiExample(
                        "Too weak",
                        value={
                            "code": "invalid",
                            "detail": "Invalid input.",
                            "errors": {"new_password": ["This password is too common."]},
                        },
                    ),
                ],
            ),
            **errors(429),
        },
        examples=[
            OpenApiExample(
                "A new password",
                value={"old_password": "…", "new_password": "…"},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = roles.signed_in(request.user)
        wait = throttling.retry_after(user.get_username(), throttling.client_address(request))
        if wait:
            raise exceptions.Throttled(wait=wait)
        name = request.auth.device.name if isinstance(request.auth, AuthToken) else _user_agent(request)
        accounts.password_change(
            user=user,
            old_password=serializer.validated_data["old_password"],
            new_password=serializer.validated_data["new_password"],
            request=request._request,
        )
        instance, token = tokens.token_issue(user=user, name=name)
        return _token_answer(instance, token, user)


_DEVICE_EXAMPLE = {
    "id": 31,
    "name": "Điện thoại Samsung A52",
    "created": "2026-02-02T09:00:00+07:00",
    "last_used": "2026-02-20T07:41:12+07:00",
    "expiry": "2026-03-22T07:41:12+07:00",
    "current": True,
}


@extend_schema_view(
    list=extend_schema(
        tags=["auth"],
        summary="My devices: the tokens I am logged in with",
        description=(
            "Every device (API token) of the caller that still works, the most recently used "
            "first: its name (`device` at login, or the User-Agent), when it logged in, its last "
            "request (noted at most once a minute) and when its token expires. `current` marks the "
            "device making this request. A lost phone: revoke it with `DELETE auth/tokens/{id}/`."
        ),
        responses={200: DeviceSerializer(many=True), **errors(400, 404)},
        examples=[OpenApiExample("A phone", value=[_DEVICE_EXAMPLE], response_only=True)],
    ),
    retrieve=extend_schema(
        tags=["auth"],
        summary="One of my devices",
        responses={200: DeviceSerializer, **errors(404)},
        examples=[OpenApiExample("A phone", value=_DEVICE_EXAMPLE, response_only=True)],
    ),
    destroy=extend_schema(
        tags=["auth"],
        summary="Revoke one of my devices (a lost phone)",
        description=(
            "Revokes that device's token: its next request is a 401 and it must log in again. "
            "The caller's other devices stay logged in. Another person's device is a 404."
        ),
        responses={204: OpenApiResponse(description="Revoked."), **errors(404)},
    ),
)
class TokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DeviceSerializer
    # A device is named by its own id (api.models.Device), never by anything of the token.
    lookup_field = "device__id"
    lookup_url_kwarg = "id"
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[AuthToken]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generation: no caller
            return AuthToken.objects.none()
        return accounts.tokens_of(roles.signed_in(self.request.user))

    def get_serializer_context(self) -> dict[str, Any]:
        auth = self.request.auth
        return {**super().get_serializer_context(), "current_token": getattr(auth, "pk", None)}

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token = self.get_object()  # the caller's own, or 404
        accounts.token_revoke(user=roles.signed_in(request.user), device_id=token.device.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
