"""`reference-changes/`: the history of reference data, for the committee office only.

Newest first, paginated; one row per change of a ward, a member, a group, a process or
a term target, written by the services with the change (docs/rules.md, "Reference data").
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from api import examples
from api.permissions import IsStaff
from api.schema import errors
from api.serializers.history import ReferenceChangeSerializer
from assignments.filtersets import ReferenceChangeFilterSet
from assignments.models import ReferenceChange


@extend_schema_view(
    list=extend_schema(
        tags=["reference data history"],
        summary="Read the history of reference data",
        description=(
            "Committee office only (others: 403). Newest first: who (`actor`, null for the system), "
            "when (`at`), which object (`kind`, `object_id`, its `label` then), what was done "
            "(`action`) and each changed field's old and new value (`changes`). Filter by kind, "
            "object, action, user and since; paginated."
        ),
        responses={200: ReferenceChangeSerializer(many=True), **errors(400, 403, 404)},
        examples=[
            OpenApiExample("A ward renamed", value=examples.REFERENCE_CHANGE, response_only=True),
            OpenApiExample("A process's steps replaced", value=examples.PROCESS_CHANGE, response_only=True),
        ],
    ),
)
class ReferenceChangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = ReferenceChange.objects.select_related("actor__member").order_by("-at", "-id")
    serializer_class = ReferenceChangeSerializer
    filterset_class = ReferenceChangeFilterSet
    permission_classes = [permissions.IsAuthenticated, IsStaff]
