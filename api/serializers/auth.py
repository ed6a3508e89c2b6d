"""Logging in, and who the caller is."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.exceptions import InvalidCredentials
from api.serializers.briefs import GroupBriefSerializer, MemberBriefSerializer
from assignments import limits, roles
from assignments.models import Group

ROLE_CHOICES = [
    (roles.STAFF, _("committee office")),
    (roles.STANDING, _("Standing Committee member")),
    (roles.LEADER, _("group leader")),
    (roles.MEMBER, _("Executive Committee member")),
]


#: A device name as a person reads it in their list of devices (api/tokens.py).
DEVICE_HELP = _(
    "A name for this device in your list of devices, e.g. “Điện thoại Samsung A52”. "
    "Without it, the app's User-Agent is used."
)


class LoginSerializer(serializers.Serializer):
    """Checks a username and password, as DRF's AuthTokenSerializer does."""

    username = serializers.CharField(max_length=limits.USERNAME_MAX)
    password = serializers.CharField(
        max_length=limits.PASSWORD_MAX, trim_whitespace=False, style={"input_type": "password"}
    )
    device = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text=DEVICE_HELP)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(
            request=self.context.get("request"), username=attrs["username"], password=attrs["password"]
        )
        if user is None:  # wrong password, unknown or deactivated login: one answer for all
            raise InvalidCredentials()
        attrs["user"] = user
        return attrs


class MeSerializer(serializers.Serializer):
    """The caller: their login, member record, roles and groups."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    member = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    leads = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()

    @extend_schema_field(MemberBriefSerializer(allow_null=True))
    def get_member(self, user) -> dict[str, Any] | None:
        member = roles.member_of(user)
        return MemberBriefSerializer(member).data if member else None

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES)))
    def get_roles(self, user) -> list[str]:
        return roles.roles_of(user)

    @extend_schema_field(GroupBriefSerializer(many=True))
    def get_leads(self, user) -> list[dict[str, Any]]:
        member = roles.member_of(user)
        led = Group.objects.filter(leader=member) if member else Group.objects.none()
        # many=True makes a ListSerializer, whose data is a list; the stubs type the class's own.
        return cast(list[dict[str, Any]], GroupBriefSerializer(led, many=True).data)

    @extend_schema_field(GroupBriefSerializer(many=True))
    def get_groups(self, user) -> list[dict[str, Any]]:
        member = roles.member_of(user)
        belongs = member.member_groups.all() if member else Group.objects.none()
        return cast(list[dict[str, Any]], GroupBriefSerializer(belongs, many=True).data)


class LoginResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as “Authorization: Token <token>”. Shown only once."))
    expiry = serializers.DateTimeField(help_text=_("When the token expires unless it is used before."))
    user = MeSerializer()


class PasswordChangeSerializer(serializers.Serializer):
    """The person's own password: the current one, and the new one (checked by the service)."""

    old_password = serializers.CharField(
        max_length=128,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("The current password."),
    )
    new_password = serializers.CharField(
        max_length=128,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("At least 8 characters, not only digits, not a common password, not like your username."),
    )


class DeviceSerializer(serializers.Serializer):
    """One of the caller's devices: a token in use somewhere (accounts.tokens_of)."""

    id = serializers.IntegerField(source="device.id", read_only=True)
    name = serializers.CharField(source="device.name", read_only=True, help_text=DEVICE_HELP)
    created = serializers.DateTimeField(read_only=True, help_text=_("When it logged in."))
    last_used = serializers.DateTimeField(
        source="device.last_used",
        read_only=True,
        help_text=_("Its last request (noted at most once a minute)."),
    )
    expiry = serializers.DateTimeField(
        read_only=True, help_text=_("When its token expires unless it is used before.")
    )
    current = serializers.SerializerMethodField(help_text=_("True for the device making this request."))

    def get_current(self, token) -> bool:
        return token.pk == self.context.get("current_token")
