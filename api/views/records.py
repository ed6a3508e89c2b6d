"""What is recorded on a task: measurements, notes, and its audit trail (events).

Each list is oldest first and paginated. The task comes first: one the caller may
not read is a 404 for its records too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from api import examples
from api.idempotency import idempotent
from api.preconditions import etag, expected_version
from api.schema import IDEMPOTENCY_KEY, IF_MATCH, REPLAYED, errors
from api.serializers.records import (
    EventSerializer,
    MeasurementInputSerializer,
    MeasurementSerializer,
    NoteInputSerializer,
    NoteSerializer,
)
from api.views.tasks import require_visible
from assignments import roles, services
from assignments.filtersets import EventFilterSet, MeasurementFilterSet, NoteFilterSet
from assignments.models import Event, Measurement, Note, Task

TASK_VERSION = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    description=(
        'The task\'s new version, quoted (`"9"`): recording bumps it, so send this in `If-Match` '
        "with the next action."
    ),
)


class TaskRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.task_id = require_visible(request, kwargs["task_id"])

    def _created(self, request: Request, data: Any) -> Response:
        # The task's version moved on: the ETag lets the phone chain its next action.
        version = Task.objects.values_list("version", flat=True).get(pk=self.task_id)
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": etag(version)})


@extend_schema_view(
    list=extend_schema(
        tags=["task records"],
        summary="List a task's measurements",
        description=(
            "Every reader of the task. Oldest first (by the day measured); the latest one is the "
            "outcome's `actual`."
        ),
        responses={200: MeasurementSerializer(many=True), **errors(400, 404)},
        examples=[OpenApiExample("A measurement", value=examples.MEASUREMENT, response_only=True)],
    ),
    create=extend_schema(
        tags=["task records"],
        summary="Record a measured value",
        description=(
            "The owner, while the task is `in_progress` or `submitted`: the value, the day measured "
            "(not in the future) and the evidence. The latest one becomes the outcome's `actual`."
        ),
        request=MeasurementInputSerializer,
        parameters=[IDEMPOTENCY_KEY, IF_MATCH, TASK_VERSION, REPLAYED],
        responses={201: MeasurementSerializer, **errors(400, 403, 404, 409, 412, 422)},
        examples=[
            OpenApiExample(
                "A value",
                value={
                    "value": 99.5,
                    "measured_on": "2026-02-01",
                    "note": "Báo cáo của UBND phường ngày 01/02.",
                },
                request_only=True,
            ),
            OpenApiExample("Recorded", value=examples.MEASUREMENT, response_only=True, status_codes=[201]),
        ],
    ),
)
class MeasurementViewSet(mixins.CreateModelMixin, TaskRecordViewSet):
    queryset = Measurement.objects.select_related("recorded_by__member")
    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilterSet

    def get_queryset(self) -> QuerySet[Measurement]:
        return super().get_queryset().filter(outcome__task_id=self.kwargs["task_id"])

    @idempotent
    def create(self, request: Request, task_id: str) -> Response:
        body = MeasurementInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        measurement = services.measurement_record(
            task=self.task_id,
            actor=roles.signed_in(request.user),
            expected_version=expected_version(request),
            **body.validated_data,
        )
        return self._created(request, MeasurementSerializer(measurement).data)


@extend_schema_view(
    list=extend_schema(
        tags=["task records"],
        summary="List a task's notes and directions",
        description=(
            "Every reader of the task. Oldest first. Each says its `kind`: an ordinary `note`, or a "
            "`direction` (ý kiến chỉ đạo) of a Standing Committee member; `kind=direction` lists only "
            "those."
        ),
        responses={200: NoteSerializer(many=True), **errors(400, 404)},
        examples=[
            OpenApiExample("A note", value=examples.NOTE, response_only=True),
            OpenApiExample("A direction", value=examples.DIRECTION, response_only=True),
        ],
    ),
    create=extend_schema(
        tags=["task records"],
        summary="Add a note or give a direction",
        description=(
            "A note (`kind` `note`, the default): the owner, the coordinators, the group's leader or the "
            "office; in any state; a `note_added` event. A direction (`kind` `direction`, ý kiến chỉ "
            "đạo): a Standing Committee member, on any task, in any state; a `direction_given` event. "
            "Anyone else is a 403 naming who may; watchers may do neither."
        ),
        request=NoteInputSerializer,
        parameters=[IDEMPOTENCY_KEY, IF_MATCH, TASK_VERSION, REPLAYED],
        responses={201: NoteSerializer, **errors(400, 403, 404, 412, 422)},
        examples=[
            OpenApiExample("A note", value={"text": examples.NOTE["text"]}, request_only=True),
            OpenApiExample(
                "A direction",
                value={"kind": "direction", "text": examples.DIRECTION["text"]},
                request_only=True,
            ),
            OpenApiExample("Added", value=examples.NOTE, response_only=True, status_codes=[201]),
            OpenApiExample("Given", value=examples.DIRECTION, response_only=True, status_codes=[201]),
        ],
    ),
)
class NoteViewSet(mixins.CreateModelMixin, TaskRecordViewSet):
    queryset = Note.objects.select_related("author__member")
    serializer_class = NoteSerializer
    filterset_class = NoteFilterSet

    def get_queryset(self) -> QuerySet[Note]:
        return super().get_queryset().filter(task_id=self.kwargs["task_id"])

    @idempotent
    def create(self, request: Request, task_id: str) -> Response:
        body = NoteInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = services.note_add(
            task=self.task_id,
            actor=roles.signed_in(request.user),
            expected_version=expected_version(request),
            **body.validated_data,
        )
        return self._created(request, NoteSerializer(note).data)


@extend_schema_view(
    list=extend_schema(
        tags=["task records"],
        summary="Read a task's audit trail",
        description=(
            "Every reader of the task. One event per change, oldest first: who (`actor`), when (`at`), "
            "the status before and after, the reason (`note`) and the details by kind (`data`: owners "
            "for a hand-over, due dates for an extension, the step, the measurement, the edited fields "
            "with their old and new values, the coordinators or watchers before and after, the "
            "outcome's corrected fields). A direction of the Standing Committee is a `direction_given` "
            "event, apart from the `note_added` of an ordinary note."
        ),
        responses={200: EventSerializer(many=True), **errors(400, 404)},
        examples=[
            OpenApiExample("A return", value=examples.EVENT, response_only=True),
            OpenApiExample("Coordinators changed", value=examples.COORDINATORS_CHANGED, response_only=True),
            OpenApiExample("Outcome corrected", value=examples.OUTCOME_CORRECTED, response_only=True),
        ],
    ),
)
class EventViewSet(TaskRecordViewSet):
    queryset = Event.objects.select_related("actor__member")
    serializer_class = EventSerializer
    filterset_class = EventFilterSet

    def get_queryset(self) -> QuerySet[Event]:
        return super().get_queryset().filter(task_id=self.kwargs["task_id"])
