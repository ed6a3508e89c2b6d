"""Files attached to a task, its records or a document (docs/api.md, "Files")."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from api.serializers.briefs import UserBriefSerializer
from assignments.choices import TASK_ATTACHMENT_KINDS
from assignments.models import Attachment


class AttachmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    uploaded_by = UserBriefSerializer(read_only=True)
    withdrawn = serializers.BooleanField(read_only=True)
    withdrawn_by = UserBriefSerializer(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "content_type",
            "size",
            "sha256",
            "task",
            "document",
            "measurement",
            "note",
            "uploaded_by",
            "uploaded_at",
            "withdrawn",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "download_url",
            "thumbnail_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, attachment: Attachment) -> str | None:
        """The permission-checked download; none once the file is withdrawn."""
        if attachment.withdrawn:
            return None
        return reverse("api:attachment-download", args=[attachment.pk], request=self.context.get("request"))

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_thumbnail_url(self, attachment: Attachment) -> str | None:
        """A photo's small JPEG; none for other files and withdrawn ones."""
        if attachment.withdrawn or not attachment.thumbnail:
            return None
        return reverse("api:attachment-thumbnail", args=[attachment.pk], request=self.context.get("request"))


class TaskFileInputSerializer(serializers.Serializer):
    """A multipart upload onto a task (or one of its measurements or notes)."""

    file = serializers.FileField(
        allow_empty_file=True,  # the service says "the file is empty", in its words
        use_url=False,
        help_text="The file: a photo (JPEG, PNG, WebP), a PDF, or a Word, Excel or OpenDocument file.",
    )
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in TASK_ATTACHMENT_KINDS],
        help_text="What the file is for: `evidence`, the task's `product`, or `other`.",
    )
    measurement = serializers.IntegerField(
        required=False, allow_null=True, help_text="A measured value of this task the file is evidence of."
    )
    note = serializers.IntegerField(
        required=False, allow_null=True, help_text="A note of this task it goes with."
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=None,
        help_text="The name to show, if not the file's own.",
    )


class DocumentFileInputSerializer(serializers.Serializer):
    """A multipart upload onto a document: its scan or signed copy."""

    file = serializers.FileField(
        allow_empty_file=True, use_url=False, help_text="The file: a PDF, a photo, a Word or Excel file."
    )
    name = serializers.CharField(
        required=False, allow_blank=True, help_text="The name to show, if not the file's own."
    )


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, help_text="Why the file is withdrawn (required): it stays in the record."
    )
