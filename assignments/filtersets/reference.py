"""The filters of the reference data's lists (wards, members, groups, processes) and of their history."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from assignments import limits
from assignments.filtersets.base import (
    BooleanFilter,
    FilterSet,
    IdFilter,
    IsoDateTimeFilter,
    SearchFilter,
)
from assignments.models import (
    Group,
    Member,
    Process,
    ReferenceAction,
    ReferenceChange,
    ReferenceKind,
    Ward,
)

# --------------------------------------------------------------------------- reference data


class WardFilterSet(FilterSet):
    active = BooleanFilter(help_text=_("Only wards in use (true) or retired (false)."))
    group = filters.ModelChoiceFilter(
        field_name="groups", queryset=Group.objects.all(), help_text=_("Wards of this group (id).")
    )
    member = filters.ModelChoiceFilter(
        field_name="members",
        queryset=Member.objects.all(),
        help_text=_("Wards this member is in charge of (id)."),
    )
    q = SearchFilter(
        help_text=_(
            "Words of the name, or the code, in any order; case and accents aside "
            "(`phuc xa` and `PHÚC XÁ` find “Phúc Xá”, `d` finds “đ”)."
        )
    )

    class Meta:
        model = Ward
        fields = ["active", "group", "member", "q"]


class MemberFilterSet(FilterSet):
    group = filters.ModelChoiceFilter(
        field_name="member_groups", queryset=Group.objects.all(), help_text=_("Members of this group (id).")
    )
    ward = filters.ModelChoiceFilter(
        field_name="wards", queryset=Ward.objects.all(), help_text=_("Members in charge of this ward (id).")
    )
    user = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("The member of this login (user id).")
    )
    is_standing = BooleanFilter(help_text=_("Standing Committee members (true) or not (false)."))
    active = BooleanFilter(help_text=_("Active members (true) or deactivated (false)."))
    q = SearchFilter(
        help_text=_(
            "Words of the full name or the title, in any order; case and accents aside "
            "(`nguyen van` finds “Nguyễn Văn”)."
        )
    )

    class Meta:
        model = Member
        fields = ["group", "ward", "user", "is_standing", "active", "q"]


class GroupFilterSet(FilterSet):
    member = filters.ModelChoiceFilter(
        field_name="members",
        queryset=Member.objects.all(),
        help_text=_("Groups this member belongs to (id)."),
    )
    ward = filters.ModelChoiceFilter(
        field_name="wards", queryset=Ward.objects.all(), help_text=_("Groups in charge of this ward (id).")
    )
    leader = filters.ModelChoiceFilter(
        queryset=Member.objects.all(), help_text=_("Groups led by this member (id).")
    )

    class Meta:
        model = Group
        fields = ["member", "ward", "leader"]


class ProcessFilterSet(FilterSet):
    active = BooleanFilter(help_text=_("Processes in use (true) or retired (false)."))

    class Meta:
        model = Process
        fields = ["active"]


class ReferenceChangeFilterSet(FilterSet):
    """The history of reference data (`reference-changes/`), newest first."""

    kind = filters.MultipleChoiceFilter(
        choices=ReferenceKind.choices,
        distinct=False,
        help_text=_("Changes of this kind of reference data; repeatable."),
    )
    object = IdFilter(
        field_name="object_id",
        min_value=1,
        max_value=limits.ID_MAX,
        help_text=_("Changes of the object with this id (with `kind`: ward 3 is not member 3)."),
    )
    action = filters.MultipleChoiceFilter(
        choices=ReferenceAction.choices, distinct=False, help_text=_("Changes of this action; repeatable.")
    )
    user = filters.ModelChoiceFilter(
        field_name="actor",
        queryset=get_user_model().objects.all(),
        help_text=_("Changes made by this login (user id)."),
    )
    since = IsoDateTimeFilter(
        field_name="at",
        lookup_expr="gte",
        help_text=_("Changes at or after this time (ISO 8601 with offset, e.g. 2026-02-02T09:00:00+07:00)."),
    )

    class Meta:
        model = ReferenceChange
        fields = ["kind", "object", "action", "user", "since"]
