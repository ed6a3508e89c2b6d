"""Assigning documents: the list, registering (with its tasks in one go), reading,
changing, and a document's tasks.

Everyone who may read one of a document's tasks reads the document (and the office, the
Standing Committee and its registrar); a document the caller may not read is a 404. The
office and group leaders register; the office and the registering leader change
(assignments/services/documents.py says who, 403 otherwise). Each body carries the
summary figures of the document's tasks that the caller may read, counted for the whole
page in one query (assignments/summaries.py, the figures `summary/` gives).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api import examples
from api.schema import errors
from api.serializers.documents import DocumentCreateSerializer, DocumentInputSerializer, DocumentSerializer
from api.serializers.tasks import TASK_COLUMNS, TaskSerializer
from assignments import roles, selectors, services
from assignments.filtersets import DocumentFilterSet, TaskFilterSet
from assignments.models import Document, Task
from assignments.services.documents import DocumentSpec
from assignments.summaries import figures_by_document

_FIGURES = {
    "total": 3,
    "done": 1,
    "done_in_time": 1,
    "done_early": 0,
    "done_on_time": 1,
    "done_late": 0,
    "open": 2,
    "open_on_track": 1,
    "open_due_soon": 0,
    "open_overdue": 1,
    "cancelled": 0,
    "extended": 0,
    "escalated_leader": 0,
    "escalated_committee": 0,
    "outcome_achieved": 1,
    "completion_rate": 0.3333,
    "on_time_rate": 1.0,
    "overdue_rate": 0.3333,
    "outcome_rate": 1.0,
}
_DOCUMENT = {
    "id": 3,
    "number": "15-KL/QU",
    "kind": "conclusion",
    "kind_label": "Kết luận",
    "title": "Kết luận số 15-KL/QU",
    "issued_on": "2026-02-03",
    "issuer": "Ban Thường vụ Quận ủy",
    "excerpt": "Về đẩy mạnh cải cách hành chính trên địa bàn quận",
    "figures": _FIGURES,
    "created_by": {"id": 2, "username": "vanphong", "name": "vanphong"},
    "created_at": "2026-02-04T08:30:00+07:00",
    "updated_at": "2026-02-04T08:30:00+07:00",
}
_BODY = {
    "number": "15-KL/QU",
    "kind": "conclusion",
    "issued_on": "2026-02-03",
    "issuer": "Ban Thường vụ Quận ủy",
    "excerpt": "Về đẩy mạnh cải cách hành chính trên địa bàn quận",
}


@extend_schema_view(
    list=extend_schema(
        tags=["documents"],
        summary="List the assigning documents I may read",
        description=(
            "The documents one of whose tasks the caller may read (every document for the office and "
            "the Standing Committee; a leader's own registrations too), latest first, each with the "
            "summary figures of its tasks that the caller may read. Paginated; filters below."
        ),
        responses={200: DocumentSerializer(many=True), **errors(400, 404)},
        examples=[OpenApiExample("A document", value=_DOCUMENT, response_only=True)],
    ),
    retrieve=extend_schema(
        tags=["documents"],
        summary="Read a document",
        description="A document the caller may not read is a 404.",
        responses={200: DocumentSerializer, **errors(404)},
        examples=[OpenApiExample("A document", value=_DOCUMENT, response_only=True)],
    ),
    create=extend_schema(
        tags=["documents"],
        summary="Register a document, and optionally assign its tasks in one go",
        description=(
            "The committee office or a group's leader. `tasks` (optional) lists tasks as `POST tasks/` "
            "takes them, without `document`: all are assigned by this document, or none is and nothing "
            "is registered. A refusal names the task by its place: `tasks.2.owner`, "
            "`tasks.0.outcome.target`. A second document with the same number, issuer and date is a "
            "400 on `number`."
        ),
        request=DocumentCreateSerializer,
        responses={201: DocumentSerializer, **errors(400, 403)},
        examples=[
            OpenApiExample("A document", value=_BODY, request_only=True),
            OpenApiExample(
                "A document with its tasks",
                value={**_BODY, "tasks": [examples.TASK_CREATE]},
                request_only=True,
            ),
            OpenApiExample("Registered", value=_DOCUMENT, response_only=True, status_codes=[201]),
        ],
    ),
    partial_update=extend_schema(
        tags=["documents"],
        summary="Change some fields of a document",
        description=(
            "The committee office, or the leader who registered it. Only the fields sent change; each "
            "change is in the history of reference data (`reference-changes/?kind=document`)."
        ),
        request=DocumentInputSerializer,
        responses={200: DocumentSerializer, **errors(400, 403, 404)},
        examples=[
            OpenApiExample("A new excerpt", value={"excerpt": "Về cải cách hành chính"}, request_only=True),
            OpenApiExample("The document", value=_DOCUMENT, response_only=True),
        ],
    ),
)
class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    lookup_value_converter = "int"
    # Documents are not deleted (tasks point at them) nor replaced whole.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return selectors.documents_visible_to(self.request.user).select_related("created_by__member")

    def _data(self, documents: list[Document]) -> Any:
        context = {
            **self.get_serializer_context(),
            "figures": figures_by_document(self.request.user, documents),
        }
        return DocumentSerializer(documents, many=True, context=context).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        documents = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(documents)
        assert page is not None  # the API always paginates
        return self.get_paginated_response(self._data(list(page)))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self._data([self.get_object()])[0])

    def _answer(self, request: Request, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        # Read unscoped: the caller registered or changed it, whatever its tasks.
        document = Document.objects.select_related("created_by__member").get(pk=pk)
        return Response(self._data([document])[0], status=status_code)

    def create(self, request: Request) -> Response:
        body = DocumentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        tasks = values.pop("tasks")
        actor = roles.signed_in(request.user)
        if tasks:
            document, _ = services.document_register(
                actor=actor, document=cast(DocumentSpec, values), tasks=tasks
            )
        else:
            document = services.document_create(actor=actor, **values)
        response = self._answer(request, document.pk, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:document-detail", kwargs={"pk": document.pk}, request=request)
        return response

    def partial_update(self, request: Request, pk: str) -> Response:
        document = self.get_object()  # 404 first, for a document the caller may not read
        body = DocumentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.document_update(document, actor=roles.signed_in(request.user), changes=body.validated_data)
        return self._answer(request, document.pk)


@extend_schema_view(
    list=extend_schema(
        tags=["documents"],
        summary="List a document's tasks that I may read",
        description=(
            "The tasks assigned by the document, scoped to the caller as `tasks/` is, with the same "
            "body, filters, ordering and pages. A document the caller may not read is a 404."
        ),
        responses={200: TaskSerializer(many=True), **errors(400, 404)},
        examples=[OpenApiExample("A task", value=examples.TASK, response_only=True)],
    ),
)
class DocumentTaskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not selectors.documents_visible_to(request.user).filter(pk=kwargs["document_id"]).exists():
            raise NotFound()
        self.document_id = int(kwargs["document_id"])

    def get_queryset(self) -> QuerySet[Task]:
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return (
            selectors.tasks_visible_to(self.request.user)
            .filter(document_id=self.document_id)
            .for_display()
            .only(*TASK_COLUMNS)
        )
