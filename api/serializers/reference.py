"""Reference data: wards, members, groups, processes. Everyone reads; the office writes.

The serializers validate: the fields, then the model's own `clean()` (DRF 3 does not
call it) so a rule kept there holds for the API as it does for the admin. They write
through the services (assignments/services/reference.py, processes.py), which keep the
rules that span rows and write the audit row of each change.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from api.serializers.briefs import GroupBriefSerializer, MemberBriefSerializer, WardBriefSerializer
from api.serializers.fields import BriefRelatedField, NormalizedCharField
from assignments import limits, services
from assignments.models import Group, Member, Process, ProcessStep, Ward


class ModelSerializer(serializers.ModelSerializer):
    """Text normalised to NFC; the model's `clean()` runs before saving."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: NormalizedCharField,
        models.TextField: NormalizedCharField,
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        # The would-be row, checked without touching the instance the view holds. Field
        # validators and uniqueness already ran in DRF; `clean()` holds the model's rules.
        # A Django ValidationError raised here becomes field errors (DRF converts it).
        model: type[models.Model] = self.Meta.model
        row = copy.copy(self.instance) if self.instance is not None else model()
        for field in model._meta.concrete_fields:
            if field.name in attrs:
                setattr(row, field.name, attrs[field.name])
        row.clean()
        return attrs

    @property
    def actor(self) -> Any:
        """Who is changing the data, for the audit row."""
        return self.context["request"].user


class WardSerializer(ModelSerializer):
    """A ward, by its General Statistics Office code; retired with `active=false`."""

    class Meta:
        model = Ward
        fields = ["id", "code", "name", "active"]

    def create(self, validated_data: dict[str, Any]) -> Ward:
        return services.ward_create(actor=self.actor, **validated_data)

    def update(self, instance: Ward, validated_data: dict[str, Any]) -> Ward:
        return services.ward_update(
            instance, actor=self.actor, changes=cast(services.WardChanges, validated_data)
        )


class MemberSerializer(ModelSerializer):
    """An Executive Committee member: their login, groups (read-only) and wards in charge."""

    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        write_only=True,
        # Declared fields get no unique check from DRF: without it, a login that already
        # has a member reached the database's unique constraint, a 500.
        validators=[UniqueValidator(queryset=Member.objects.all())],
        help_text=_("The login (user id) of the member; set once, when the member is created."),
    )
    username = serializers.CharField(source="user.username", read_only=True)
    groups = GroupBriefSerializer(source="member_groups", many=True, read_only=True)
    wards = BriefRelatedField(WardBriefSerializer, queryset=Ward.objects.all(), many=True, required=False)

    class Meta:
        model = Member
        fields = [
            "id",
            "user",
            "username",
            "full_name",
            "title",
            "phone",
            "is_standing",
            "active",
            "groups",
            "wards",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | models.QuerySet):
            # The login is chosen once; changing it would hand one person's history to another.
            fields["user"].read_only = True
        return fields

    def create(self, validated_data: dict[str, Any]) -> Member:
        return services.member_create(actor=self.actor, **validated_data)

    def update(self, instance: Member, validated_data: dict[str, Any]) -> Member:
        return services.member_update(
            instance, actor=self.actor, changes=cast(services.MemberChanges, validated_data)
        )


class GroupSerializer(ModelSerializer):
    """A committee group: its leader (a Standing Committee member among its members),
    members and wards. Related objects are written as ids and read as briefs."""

    leader = BriefRelatedField(MemberBriefSerializer, queryset=Member.objects.all())
    members = BriefRelatedField(MemberBriefSerializer, queryset=Member.objects.all(), many=True)
    wards = BriefRelatedField(WardBriefSerializer, queryset=Ward.objects.all(), many=True, required=False)

    class Meta:
        model = Group
        fields = ["id", "number", "name", "leader", "members", "wards"]
        # Explicit bounds: the database's own ranges differ between SQLite and PostgreSQL,
        # and the published schema must not depend on where it was generated.
        extra_kwargs = {"number": {"min_value": 1, "max_value": limits.SMALL_INT_MAX}}

    # The leader among the members (400) and no owner of an open task leaving (409) are
    # the service's rule (`check_group_members`), checked as it saves.
    def create(self, validated_data: dict[str, Any]) -> Group:
        return services.group_create(actor=self.actor, **validated_data)

    def update(self, instance: Group, validated_data: dict[str, Any]) -> Group:
        return services.group_update(
            instance, actor=self.actor, changes=cast(services.GroupChanges, validated_data)
        )


class ProcessStepSerializer(serializers.ModelSerializer):
    """A step of a process template: its number in the order, name and expected days."""

    name = NormalizedCharField(max_length=limits.STEP_NAME_MAX)

    class Meta:
        model = ProcessStep
        fields = ["order", "name", "expected_days"]
        extra_kwargs = {
            "order": {"min_value": 1, "max_value": limits.SMALL_INT_MAX},
            "expected_days": {"min_value": 0, "max_value": limits.SMALL_INT_MAX},
        }


class ProcessSerializer(ModelSerializer):
    """A process template: ordered steps that a task copies when it is created."""

    steps = ProcessStepSerializer(many=True, allow_empty=False)

    class Meta:
        model = Process
        fields = ["id", "name", "description", "active", "steps"]

    def validate_steps(self, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # A PATCH is partial for the process, never for a step: the steps are replaced whole,
        # and DRF's partial mode would otherwise let a step without its number through.
        missing = [
            {name: [_("This field is required.")] for name in ("order", "name") if name not in step}
            for step in steps
        ]
        if any(missing):
            raise serializers.ValidationError(missing)
        orders = [step["order"] for step in steps]
        if len(set(orders)) != len(orders):
            raise serializers.ValidationError(_("Each step number is used once in a process."))
        return sorted(steps, key=lambda step: step["order"])

    def create(self, validated_data: dict[str, Any]) -> Process:
        return services.process_create(actor=self.actor, **validated_data)

    def update(self, instance: Process, validated_data: dict[str, Any]) -> Process:
        # Sent steps replace the template's; tasks keep the steps they copied.
        return services.process_update(
            instance, actor=self.actor, changes=cast(services.ProcessChanges, validated_data)
        )
