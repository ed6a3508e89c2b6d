"""Logging in, and who the caller is."""

from __future__ import annotations

from typing import Any

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


class LoginSerializer(serializers.Serializer):
    """Checks a username and password, as DRF's AuthTokenSerializer does."""

    username = serializers.CharField(max_length=limits.USERNAME_MAX)
    password = serializers.CharField(
        max_length=limits.PASSWORD_MAX, trim_whitespace=False, style={"input_type": "password"}
    )

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
        return GroupBriefSerializer(led, many=True).data

    @extend_schema_field(GroupBriefSerializer(many=True))
    def get_groups(self, user) -> list[dict[str, Any]]:
        member = roles.member_of(user)
        belongs = member.member_groups.all() if member else Group.objects.none()
        return GroupBriefSerializer(belongs, many=True).data


class LoginResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as “Authorization: Token <token>”. Shown only once."))
    expiry = serializers.DateTimeField(help_text=_("When the token expires unless it is used before."))
    user = MeSerializer()
