"""Files: on a task (and its measured values and notes), on a document, and each file's
download, thumbnail and withdrawal (docs/api.md, "Files").

Uploads are multipart (`file` and its `kind`), retried safely with an `Idempotency-Key`.
A file is read by whoever may read its task or document; to anyone else, whoever knows
its id or its URL, it is a 404, and once withdrawn it is a 410 to everyone.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api import examples, parsers
from api.exceptions import Gone
from api.idempotency import idempotent
from api.preconditions import expected_version
from api.schema import IDEMPOTENCY_KEY, IF_MATCH, REPLAYED, errors
from api.serializers.attachments import (
    AttachmentSerializer,
    DocumentFileInputSerializer,
    TaskFileInputSerializer,
    WithdrawInputSerializer,
)
from api.views.records import TASK_VERSION, TaskRecordViewSet
from assignments import roles, selectors, services
from assignments.files import checks
from assignments.filtersets import AttachmentFilterSet
from assignments.models import Attachment
from taskforce import uploads
from taskforce.downloads import file_response

_QUERYSET = Attachment.objects.select_related("uploaded_by__member", "withdrawn_by__member")
_UPLOAD_PARSERS = [parsers.MultiPartParser]


def _fields(request: Request) -> dict[str, Any]:
    """The form's fields, one value each (the last, as a form's field is read)."""
    data = cast(QueryDict, request.data)
    return dict(data.items())


def _upload(request: Request) -> Any:
    """The uploaded file, or the 400 saying why there is none."""
    upload = request.FILES.get("file")  # parses the body: only then is a refusal known
    if uploads.refused(request):
        raise checks.too_large()
    return upload


@extend_schema_view(
    list=extend_schema(
        tags=["files"],
        summary="List a task's files",
        description=(
            "Every reader of the task: the files of the task and of its measurements and notes, oldest "
            "first, withdrawn ones too (`withdrawn`, with who, when and why; they are no longer served)."
        ),
        responses={200: AttachmentSerializer(many=True), **errors(400, 404)},
        examples=[OpenApiExample("A photo", value=examples.ATTACHMENT, response_only=True)],
    ),
    create=extend_schema(
        tags=["files"],
        summary="Attach a file to a task",
        description=(
            "Multipart: `file` and `kind` (`evidence`, `product`, `other`), optionally the `measurement` or "
            "`note` of this task it goes with, and a `name` to show. The owner, the coordinators, the "
            "group's leader and the office, while the task is open. The type is read from the bytes: "
            "photos (JPEG, PNG, WebP; downscaled, turned upright, their location and other metadata "
            "removed, with a thumbnail), PDF, Word, Excel, OpenDocument; at most 20 MB (`FILES_MAX_MB`). "
            "A script, an SVG, a zip bomb, a file with macros or a PDF that runs JavaScript is a 400 on "
            "`file`, as is a name holding a path, a control character or a direction mark; nothing is "
            "stored. Each file is a `file_attached` event. Retry with the same `Idempotency-Key`: one file."
        ),
        request={"multipart/form-data": TaskFileInputSerializer},
        parameters=[IDEMPOTENCY_KEY, IF_MATCH, TASK_VERSION, REPLAYED],
        responses={201: AttachmentSerializer, **errors(400, 403, 404, 409, 412, 422)},
        examples=[
            OpenApiExample("Attached", value=examples.ATTACHMENT, response_only=True, status_codes=[201])
        ],
    ),
)
class TaskAttachmentViewSet(mixins.CreateModelMixin, TaskRecordViewSet):
    queryset = _QUERYSET
    serializer_class = AttachmentSerializer
    filterset_class = AttachmentFilterSet

    def get_parsers(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [parser() for parser in _UPLOAD_PARSERS]
        return super().get_parsers()

    def get_queryset(self) -> QuerySet[Attachment]:
        return super().get_queryset().filter(task_id=self.kwargs["task_id"])

    @idempotent
    def create(self, request: Request, task_id: str) -> Response:
        upload = _upload(request)
        body = TaskFileInputSerializer(data={**_fields(request), "file": upload})
        body.is_valid(raise_exception=True)
        values = body.validated_data
        attachment = services.attachment_add(
            task=self.task_id,
            actor=roles.signed_in(request.user),
            upload=values["file"],
            kind=values["kind"],
            measurement=values.get("measurement"),
            note=values.get("note"),
            name=values.get("name") or None,
            expected_version=expected_version(request),
        )
        return self._created(request, AttachmentSerializer(attachment, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(
        tags=["files"],
        summary="List a document's files",
        description="Every reader of the document: its scans and signed copies, withdrawn ones too.",
        responses={200: AttachmentSerializer(many=True), **errors(400, 404)},
    ),
    create=extend_schema(
        tags=["files"],
        summary="Attach a file to a document",
        description=(
            "Multipart: `file` (and a `name` to show). Who may change the document: the office, or the "
            "leader who registered it. The same checks as a task's files; one audit row of the document."
        ),
        request={"multipart/form-data": DocumentFileInputSerializer},
        parameters=[IDEMPOTENCY_KEY, REPLAYED],
        responses={201: AttachmentSerializer, **errors(400, 403, 404, 422)},
    ),
)
class DocumentAttachmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    queryset = _QUERYSET
    serializer_class = AttachmentSerializer
    filterset_class = AttachmentFilterSet

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not selectors.documents_visible_to(request.user).filter(pk=kwargs["document_id"]).exists():
            raise NotFound()
        self.document_id = int(kwargs["document_id"])

    def get_parsers(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [parser() for parser in _UPLOAD_PARSERS]
        return super().get_parsers()

    def get_queryset(self) -> QuerySet[Attachment]:
        return super().get_queryset().filter(document_id=self.kwargs["document_id"])

    @idempotent
    def create(self, request: Request, document_id: str) -> Response:
        upload = _upload(request)
        body = DocumentFileInputSerializer(data={**_fields(request), "file": upload})
        body.is_valid(raise_exception=True)
        attachment = services.document_file_add(
            document=self.document_id,
            actor=roles.signed_in(request.user),
            upload=body.validated_data["file"],
            name=body.validated_data.get("name") or None,
        )
        return Response(AttachmentSerializer(attachment, context={"request": request}).data, status=201)


_FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The file's bytes, as an attachment.")


@extend_schema_view(
    retrieve=extend_schema(
        tags=["files"],
        summary="Read a file's record",
        responses={200: AttachmentSerializer, **errors(404)},
        examples=[OpenApiExample("A photo", value=examples.ATTACHMENT, response_only=True)],
    ),
)
class AttachmentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AttachmentSerializer

    def get_queryset(self) -> QuerySet[Attachment]:
        return selectors.attachments_visible_to(self.request.user).select_related(
            "uploaded_by__member", "withdrawn_by__member"
        )

    def _served(self) -> Attachment:
        attachment: Attachment = self.get_object()
        if attachment.withdrawn:
            raise Gone()
        return attachment

    @extend_schema(
        tags=["files"],
        summary="Download a file",
        description=(
            "Whoever may read the file's task or document; a 404 to anyone else, whoever knows the URL, "
            "and a 410 once withdrawn. Streamed, as an attachment under its shown name, with its type, "
            "`X-Content-Type-Options: nosniff`, a sandboxing Content-Security-Policy and "
            "`Cache-Control: private`."
        ),
        responses={(200, "application/octet-stream"): _FILE, **errors(404, 410)},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> Any:
        return file_response(self._served())

    @extend_schema(
        tags=["files"],
        summary="A photo's thumbnail",
        description="A small JPEG (320 px) of a photo, for lists; a 404 for other files.",
        responses={(200, "image/jpeg"): _FILE, **errors(404, 410)},
    )
    @action(detail=True, methods=["get"])
    def thumbnail(self, request: Request, pk: str) -> Any:
        attachment = self._served()
        if not attachment.thumbnail:
            raise NotFound()
        return file_response(attachment, thumbnail=True)

    @extend_schema(
        tags=["files"],
        summary="Withdraw a file",
        description=(
            "With a `reason` (required). A task's file: the person who attached it, the group's leader "
            "or the office, while the task is open (a `file_withdrawn` event); a document's: who may "
            "change the document. The file is never deleted: it stays in the record and is no longer "
            "served. A second withdrawal is a 409."
        ),
        request=WithdrawInputSerializer,
        parameters=[IF_MATCH],
        responses={200: AttachmentSerializer, **errors(400, 403, 404, 409, 412)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        attachment = self.get_object()
        body = WithdrawInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        withdrawn = services.attachment_withdraw(
            attachment=attachment,
            actor=roles.signed_in(request.user),
            reason=body.validated_data["reason"],
            expected_version=expected_version(request),
        )
        return Response(AttachmentSerializer(withdrawn, context={"request": request}).data)
