"""`targets/`: the term targets. Every logged-in user reads them; the office writes them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from api.permissions import IsStaffOrReadOnly
from api.schema import errors
from api.serializers.targets import TargetSerializer
from assignments import roles, services
from assignments.choices import Direction
from assignments.filtersets import BooleanFilter, FilterSet, OrderingFilter
from assignments.models import Target


class TargetFilterSet(FilterSet):
    direction = filters.ChoiceFilter(choices=Direction.choices, help_text=_("increase or decrease."))
    achieved = BooleanFilter(method="filter_achieved", help_text=_("Targets met (true) or not yet (false)."))
    ordering = OrderingFilter(fields=["code", "deadline", "achieved_on"])

    class Meta:
        model = Target
        fields = ["direction", "achieved"]

    def filter_achieved(self, queryset: QuerySet[Target], name: str, value: bool | None) -> QuerySet[Target]:
        if value is None:
            return queryset
        return queryset.filter(achieved_on__isnull=not value)


@extend_schema_view(
    list=extend_schema(
        tags=["targets"],
        summary="List the term targets",
        responses={200: TargetSerializer(many=True), **errors(400, 404)},
    ),
    retrieve=extend_schema(
        tags=["targets"], summary="A term target", responses={200: TargetSerializer, **errors(404)}
    ),
    create=extend_schema(
        tags=["targets"],
        summary="Add a term target (office)",
        responses={201: TargetSerializer, **errors(400, 403)},
    ),
    update=extend_schema(
        tags=["targets"],
        summary="Replace a term target (office)",
        responses={200: TargetSerializer, **errors(400, 403, 404)},
    ),
    partial_update=extend_schema(
        tags=["targets"],
        summary="Change a term target (office)",
        responses={200: TargetSerializer, **errors(400, 403, 404)},
    ),
    destroy=extend_schema(
        tags=["targets"],
        summary="Delete a term target (office)",
        description="A target that tasks contribute to cannot be deleted (409 `target_in_use`).",
        responses={204: None, **errors(403, 404, 409)},
    ),
)
class TargetViewSet(viewsets.ModelViewSet):
    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    permission_classes = [permissions.IsAuthenticated, IsStaffOrReadOnly]
    lookup_value_converter = "int"

    def perform_destroy(self, instance: Target) -> None:
        # A target tasks contribute to: 409 `target_in_use` (the service's refusal).
        services.target_delete(instance, actor=roles.signed_in(self.request.user))
