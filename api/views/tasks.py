"""Tasks: the list, assigning, reading, editing content, and the actions.

Every write is one service call (assignments/services.py), which checks in order the
client's version (412), who may act (403), the state (409) and the input (400), and
writes the event. A task the caller may not read is a 404 before any of that. Every
write answers with the task as `GET tasks/{id}/` shows it, with its new ETag.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.serializers import Serializer

from api import examples
from api.idempotency import idempotent
from api.permissions import CanAssignTasks
from api.preconditions import etag, expected_version
from api.schema import IDEMPOTENCY_KEY, IF_MATCH, REPLAYED, errors, etag_header
from api.serializers.actions import (
    CoordinatorsBodySerializer,
    CorrectOutcomeBodySerializer,
    ExplainBodySerializer,
    ExtendBodySerializer,
    NoteBodySerializer,
    ReassignBodySerializer,
    WatchersBodySerializer,
)
from api.serializers.tasks import TASK_COLUMNS, TaskCreateSerializer, TaskEditSerializer, TaskSerializer
from assignments import roles, selectors, services
from assignments.filtersets import TaskFilterSet
from assignments.models import Task

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rest_framework.permissions import _SupportsHasPermission


def require_visible(request: Request, task_id: Any) -> int:
    """The task's id if the caller may read it; a 404 otherwise (not a 403: docs/rules.md)."""
    if not selectors.tasks_visible_to(request.user).filter(pk=task_id).exists():
        raise NotFound()
    return int(task_id)


def task_response(request: Request, task_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    # Read unscoped: the caller was allowed to act, whatever the action changed.
    task = Task.objects.for_display().only(*TASK_COLUMNS).get(pk=task_id)
    data = TaskSerializer(task, context={"request": request}).data
    return Response(data, status=status_code, headers={"ETag": etag(task.version)})


# --------------------------------------------------------------------------- the schema of actions

_WRITE_ERRORS = (400, 403, 404, 409, 412)


def _action_schema(
    summary: str,
    description: str,
    request: type[Serializer] | None,
    body: dict[str, Any] | None,
    *more: OpenApiExample,
) -> Callable:
    extra = [OpenApiExample("Body", value=body, request_only=True)] if body is not None else []
    extra += more
    return extend_schema(
        tags=["task actions"],
        summary=summary,
        description=description + " Answers the task, with its new version and ETag.",
        request=request,
        parameters=[IF_MATCH, etag_header(200)],
        responses={200: TaskSerializer, **errors(*_WRITE_ERRORS)},
        examples=[*extra, OpenApiExample("The task", value=examples.TASK, response_only=True)],
    )


# --------------------------------------------------------------------------- the viewset


@extend_schema_view(
    list=extend_schema(
        tags=["tasks"],
        summary="List the tasks I may read",
        description=(
            "Scoped to the caller: a member sees the tasks of their groups and those they own, "
            "coordinate or watch; leaders of a group also their group's; the Standing Committee and the "
            "office see every task. Each row carries briefs of its related objects, its steps and outcome, "
            "so one call draws a screen. For incremental sync send `updated_since` with the latest "
            "`updated_at` held. Default order: due date, then id."
        ),
        responses={200: TaskSerializer(many=True), **errors(400, 404)},
        examples=[OpenApiExample("A task", value=examples.TASK, response_only=True)],
    ),
    retrieve=extend_schema(
        tags=["tasks"],
        summary="Read a task",
        description="The task with its ETag (its version) for `If-Match` on the next write.",
        parameters=[etag_header(200)],
        responses={200: TaskSerializer, **errors(404)},
        examples=[OpenApiExample("A task", value=examples.TASK, response_only=True)],
    ),
    create=extend_schema(
        tags=["tasks"],
        summary="Assign a task",
        description=(
            "The group's leader (for their group) or the committee office. A task needs all five "
            "“rõ”: an owner (an active member of the group), a description, the group (and a ward of "
            "the group, if any), a process with steps, and an outcome measure with indicator, unit "
            "and target; plus a due date not before the start date. A missing one is a 400 naming "
            "the field (`outcome.target` for the outcome's). The process's steps are copied."
        ),
        request=TaskCreateSerializer,
        parameters=[IDEMPOTENCY_KEY, etag_header(201), REPLAYED],
        responses={201: TaskSerializer, **errors(400, 403, 422)},
        examples=[
            OpenApiExample("A task", value=examples.TASK_CREATE, request_only=True),
            OpenApiExample(
                "Assigned",
                value={**examples.TASK, "status": "assigned", "status_label": "Assigned", "version": 1},
                response_only=True,
                status_codes=[201],
            ),
        ],
    ),
    partial_update=extend_schema(
        tags=["tasks"],
        summary="Edit a task's content",
        description=(
            "The group's leader or the office, while the task is open. Only `title`, `description`, "
            "`ward`, `priority`, `source` and `target`; any other field (status, owner, due date...) "
            "is a 400 naming it: those change through their actions, which keep the audit trail."
        ),
        request=TaskEditSerializer,
        parameters=[IF_MATCH, etag_header(200)],
        responses={200: TaskSerializer, **errors(*_WRITE_ERRORS)},
        examples=[
            OpenApiExample("New title", value={"title": "Rà soát hồ sơ tồn đọng (đợt 2)"}, request_only=True),
            OpenApiExample("The task", value=examples.TASK, response_only=True),
        ],
    ),
)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    lookup_value_converter = "int"
    # Tasks are never deleted (they are cancelled) nor replaced whole: no PUT, no DELETE.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Task]:
        if getattr(self, "swagger_fake_view", False):
            # The schema is drawn without a database: the escalation reads the office's rules.
            return Task.objects.none()
        return selectors.tasks_visible_to(self.request.user).for_display().only(*TASK_COLUMNS)

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action == "create":
            return [permissions.IsAuthenticated(), CanAssignTasks()]
        return super().get_permissions()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        data = self.get_serializer(task).data
        return Response(data, headers={"ETag": etag(task.version)})

    @idempotent
    def create(self, request: Request) -> Response:
        body = TaskCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = services.task_create(actor=roles.signed_in(request.user), **body.validated_data)
        response = task_response(request, task.pk, status_code=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:task-detail", kwargs={"pk": task.pk}, request=request)
        return response

    def partial_update(self, request: Request, pk: str) -> Response:
        task_id = require_visible(request, pk)
        version = expected_version(request)
        body = TaskEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.task_edit(
            task=task_id,
            actor=roles.signed_in(request.user),
            changes=body.validated_data,
            expected_version=version,
        )
        return task_response(request, task_id)

    def _act(
        self, request: Request, pk: str, service: Callable[..., Any], body: type[Serializer] | None = None
    ) -> Response:
        task_id = require_visible(request, pk)
        version = expected_version(request)
        request.data  # noqa: B018 -- an unused body is parsed too: malformed JSON is a 400 everywhere
        values: dict[str, Any] = {}
        if body is not None:
            serializer = body(data=request.data)
            serializer.is_valid(raise_exception=True)
            values = serializer.validated_data
        service(task=task_id, actor=request.user, expected_version=version, **values)
        return task_response(request, task_id)

    @_action_schema(
        "Start the task",
        "The owner, from `assigned`; the task becomes `in_progress`. No body (a note sent is ignored).",
        None,
        None,
    )
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_start)

    @_action_schema(
        "Report the task done",
        "The owner, from `in_progress`, once every step is completed and at least one measured value "
        "is recorded (otherwise 409 `steps_incomplete` or `no_measurement`); the task awaits acceptance.",
        NoteBodySerializer,
        {"note": "Đã hoàn thành, gửi kèm báo cáo."},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_submit, NoteBodySerializer)

    @_action_schema(
        "Accept the work",
        "The group's leader or the office, never the owner, from `submitted`; the task is `done`, "
        "completed at the time of the accepted submission.",
        NoteBodySerializer,
        {"note": "Đạt yêu cầu."},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_accept, NoteBodySerializer)

    @_action_schema(
        "Return the work for rework",
        "The group's leader or the office, from `submitted`, with a reason (`note`, required); the "
        "task goes back to `in_progress`.",
        NoteBodySerializer,
        {"note": "Bổ sung biên bản kiểm tra."},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_return, NoteBodySerializer)

    @_action_schema(
        "Pause the task",
        "The owner or the group's leader, from `in_progress`, with a reason (`note`, required).",
        NoteBodySerializer,
        {"note": "Chờ ý kiến của Thường trực."},
    )
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_pause, NoteBodySerializer)

    @_action_schema(
        "Resume the task",
        "The owner or the group's leader, from `paused`; the task is `in_progress` again.",
        NoteBodySerializer,
        {"note": "Đã có ý kiến chỉ đạo."},
    )
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_resume, NoteBodySerializer)

    @_action_schema(
        "Cancel the task",
        "The group's leader or the office, while the task is neither done nor cancelled, with a reason "
        "(`note`, required). Tasks are never deleted.",
        NoteBodySerializer,
        {"note": "Không còn phù hợp sau khi sáp nhập phường."},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_cancel, NoteBodySerializer)

    @_action_schema(
        "Hand the task over to another owner",
        "The group's leader or the office, while the task is open: the new owner is an active member "
        "of the group other than the current one; `reason` is required. The new owner stops being a "
        "coordinator.",
        ReassignBodySerializer,
        {"owner": 9, "reason": "Đầu mối đi học dài hạn."},
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_reassign, ReassignBodySerializer)

    @_action_schema(
        "Extend the due date",
        "The group's leader or the office, while the task is open: a later due date and a reason. "
        "The original due date is kept (`original_due_date`, `extended`).",
        ExtendBodySerializer,
        {"due_date": "2026-04-30", "reason": "Chờ số liệu quý I."},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_extend, ExtendBodySerializer)

    @_action_schema(
        "Explain the delay",
        "The owner, while the task is open and overdue (otherwise 409 `not_overdue`): why it is late "
        "(`reason`) and the due date proposed (`proposed_due_date`, later than today). It holds off the "
        "leader's escalation for the current due date; the leader is told, and extends or not.",
        ExplainBodySerializer,
        {"reason": "Chờ phường cung cấp số liệu.", "proposed_due_date": "2026-12-20"},
    )
    @action(detail=True, methods=["post"])
    def explain(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_explain, ExplainBodySerializer)

    @_action_schema(
        "Complete a step",
        "The owner, while the task is `in_progress`, in the steps' order (otherwise 409 "
        "`step_out_of_order` or `step_done`). A step of another task is a 404.",
        NoteBodySerializer,
        {"note": "Đã rà soát 37 hồ sơ."},
    )
    @action(detail=True, methods=["post"], url_path="steps/<int:step_id>/complete", url_name="complete-step")
    def complete_step(self, request: Request, pk: str, step_id: str) -> Response:
        return self._act(
            request,
            pk,
            lambda **kwargs: services.task_complete_step(step=int(step_id), **kwargs),
            NoteBodySerializer,
        )

    @_action_schema(
        "Change the coordinators",
        "The group's leader or the office, while the task is open: the whole new list of coordinators "
        "(`coordinators`, member ids; `[]` for none), active members of any group, never the owner nor "
        "a watcher (400 naming `coordinators`). The `coordinators_changed` event keeps the list before "
        "and after (`data.from_coordinators`, `data.to_coordinators`); the same list again writes nothing.",
        CoordinatorsBodySerializer,
        {"coordinators": [8, 11], "note": "Bổ sung cán bộ địa chính."},
    )
    @action(detail=True, methods=["post"])
    def change_coordinators(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_change_coordinators, CoordinatorsBodySerializer)

    @_action_schema(
        "Change the watchers",
        "The group's leader or the office, while the task is open: the whole new list of watchers "
        "(người theo dõi: `watchers`, member ids; `[]` for none), active members of any group, never "
        "the owner nor a coordinator. A watcher reads the task but may do nothing to it (403). The "
        "`watchers_changed` event keeps the list before and after.",
        WatchersBodySerializer,
        {"watchers": [15], "note": "Thường trực theo dõi."},
    )
    @action(detail=True, methods=["post"])
    def change_watchers(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, services.task_change_watchers, WatchersBodySerializer)

    @_action_schema(
        "Correct the outcome measure",
        "The group's leader or the office, while the task is open and no value is measured yet "
        "(otherwise 409 `already_measured`): the fields to correct among `indicator`, `unit`, "
        "`baseline`, `target` and `direction` (the others keep their value; any other field is a 400), "
        "with a `reason` (required). The `outcome_corrected` event keeps each field's old and new value.",
        CorrectOutcomeBodySerializer,
        {"target": 95, "reason": "Nhập nhầm giá trị mục tiêu."},
        OpenApiExample(
            "Indicator and unit",
            value={
                "indicator": "Số hồ sơ tồn đọng",
                "unit": "hồ sơ",
                "direction": "decrease",
                "reason": "Đo số hồ sơ, không đo tỷ lệ.",
            },
            request_only=True,
        ),
    )
    @action(detail=True, methods=["post"])
    def correct_outcome(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, _correct_outcome, CorrectOutcomeBodySerializer)


def _correct_outcome(
    *, reason: str, task: int, actor: Any, expected_version: int | None, **changes: Any
) -> Any:
    return services.outcome_correct(
        task=task,
        actor=actor,
        changes=cast("services.OutcomeSpec", changes),  # checked by the body serializer
        reason=reason,
        expected_version=expected_version,
    )
