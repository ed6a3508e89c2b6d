"""Reference data: wards, members, groups, processes.

Every logged-in user reads them (a phone needs them to show a task); the committee
office writes them. There is no DELETE: docs/rules.md retires reference data
(`active=false`) rather than deleting what tasks point at; the admin site remains for
the rare real deletion.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.serializers import Serializer

from api.permissions import IsStaffOrReadOnly
from api.schema import errors
from api.serializers.reference import GroupSerializer, MemberSerializer, ProcessSerializer, WardSerializer
from assignments.filtersets import GroupFilterSet, MemberFilterSet, ProcessFilterSet, WardFilterSet
from assignments.models import Group, Member, Process, Ward


class ReferenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, IsStaffOrReadOnly]
    lookup_value_converter = "int"


def _documented(
    serializer: type[Serializer],
    tag: str,
    one: str,
    many: str,
    example: dict[str, Any],
    request_example: dict[str, Any],
    notes: str = "",
):
    """The same five operations for each resource, each with its summary, errors and example."""
    response_example = OpenApiExample(f"A {one}", value=example, response_only=True)
    body_example = OpenApiExample(f"A new {one}", value=request_example, request_only=True)
    staff = "Committee office only."
    return extend_schema_view(
        list=extend_schema(
            tags=[tag],
            summary=f"List {many}",
            description=f"Every logged-in user. Paginated; filters below. {notes}".strip(),
            responses={200: serializer(many=True), **errors(400, 404)},
            examples=[response_example],
        ),
        retrieve=extend_schema(
            tags=[tag],
            summary=f"Read a {one}",
            description=f"Every logged-in user. {notes}".strip(),
            responses={200: serializer, **errors(404)},
            examples=[response_example],
        ),
        create=extend_schema(
            tags=[tag],
            summary=f"Create a {one}",
            description=f"{staff} Related objects are sent as ids and read back as briefs. {notes}".strip(),
            responses={201: serializer, **errors(400, 403)},
            examples=[body_example, response_example],
        ),
        update=extend_schema(
            tags=[tag],
            summary=f"Replace a {one}",
            description=f"{staff} Every writable field is sent. {notes}".strip(),
            responses={200: serializer, **errors(400, 403, 404)},
            examples=[body_example, response_example],
        ),
        partial_update=extend_schema(
            tags=[tag],
            summary=f"Change some fields of a {one}",
            description=f"{staff} Only the fields sent change; retire with `active=false`. {notes}".strip(),
            responses={200: serializer, **errors(400, 403, 404)},
            examples=[OpenApiExample("Retire", value={"active": False}, request_only=True), response_example],
        ),
    )


_WARD = {"id": 1, "code": "00001", "name": "Phúc Xá", "active": True}
_WARD_BRIEF = {"id": 1, "code": "00001", "name": "Phúc Xá"}
_GROUP_BRIEF = {"id": 1, "number": 1, "name": "Tổ 1"}


@_documented(
    WardSerializer, "wards", "ward", "wards", _WARD, {"code": "00001", "name": "Phúc Xá", "active": True}
)
class WardViewSet(ReferenceViewSet):
    queryset = Ward.objects.all()
    serializer_class = WardSerializer
    filterset_class = WardFilterSet


@_documented(
    MemberSerializer,
    "members",
    "member",
    "members",
    {
        "id": 7,
        "username": "member07",
        "full_name": "Trần Thị Chủ Trì",
        "title": "Ủy viên Ban Chấp hành",
        "phone": "0912345678",
        "is_standing": False,
        "active": True,
        "groups": [_GROUP_BRIEF],
        "wards": [_WARD_BRIEF],
    },
    {"user": 31, "full_name": "Trần Thị Chủ Trì", "title": "Ủy viên Ban Chấp hành", "wards": [1]},
    notes="Group membership is written on the group (`groups/{id}/`), the login (`user`) once at creation.",
)
class MemberViewSet(ReferenceViewSet):
    queryset = Member.objects.select_related("user").prefetch_related("member_groups", "wards")
    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet


@_documented(
    GroupSerializer,
    "groups",
    "group",
    "groups",
    {
        "id": 1,
        "number": 1,
        "name": "Tổ 1",
        "leader": {"id": 3, "name": "Nguyễn Văn Tổ Trưởng"},
        "members": [{"id": 3, "name": "Nguyễn Văn Tổ Trưởng"}, {"id": 7, "name": "Trần Thị Chủ Trì"}],
        "wards": [_WARD_BRIEF],
    },
    {"number": 1, "name": "Tổ 1", "leader": 3, "members": [3, 7], "wards": [1]},
    notes="The leader is a Standing Committee member and one of the group's members.",
)
class GroupViewSet(ReferenceViewSet):
    queryset = Group.objects.select_related("leader").prefetch_related("members", "wards")
    serializer_class = GroupSerializer
    filterset_class = GroupFilterSet


_STEPS = [
    {"order": 1, "name": "Tiếp nhận", "expected_days": 2},
    {"order": 2, "name": "Xử lý", "expected_days": 10},
]


@_documented(
    ProcessSerializer,
    "processes",
    "process",
    "processes",
    {"id": 2, "name": "Giải quyết hồ sơ tồn đọng", "description": "", "active": True, "steps": _STEPS},
    {"name": "Giải quyết hồ sơ tồn đọng", "steps": _STEPS},
    notes=(
        "Sending `steps` replaces the template's steps; tasks keep the steps they copied when "
        "they were created."
    ),
)
class ProcessViewSet(ReferenceViewSet):
    queryset = Process.objects.prefetch_related("steps")
    serializer_class = ProcessSerializer
    filterset_class = ProcessFilterSet
