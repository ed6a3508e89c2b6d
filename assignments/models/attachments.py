"""Files: on a task (evidence, its product, anything else), on one of its measurements or
notes, or a document's own. Private: served only through a permission-checked download
(docs/rules.md, "Files")."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.choices import AttachmentKind

from .documents import Document
from .outcomes import Measurement
from .tasks import Note, Task


def attachment_storage() -> Storage:
    """The private store of attachments (settings.STORAGES["attachments"]): the file
    system under var/ by default, an S3-compatible bucket in production.

    Django calls a field's storage callable once, when the model is imported, so the
    fields' own `storage` keeps the store of that moment. Every read and write of a file
    goes through this function instead (assignments/files/, taskforce/downloads.py, the
    backups), which asks `storages` each time: a store changed in the settings (a test
    on S3) is the one used."""
    return storages["attachments"]


class AttachmentQuerySet(models.QuerySet):
    def current(self) -> AttachmentQuerySet:
        """The files not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Attachment(models.Model):
    # Exactly one of task and document; a file on a measurement or a note also names its task.
    task = models.ForeignKey(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("task"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("document"),
    )
    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("measured value"),
    )
    note = models.ForeignKey(
        Note,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("note"),
    )
    kind = models.CharField(_("kind of file"), max_length=10, choices=AttachmentKind.choices)
    # The stored file, under a name the app makes (never the uploaded one) and the type
    # read from its bytes.
    file = models.FileField(_("file"), storage=attachment_storage, max_length=255)
    thumbnail = models.FileField(_("thumbnail"), storage=attachment_storage, max_length=255, blank=True)
    # The uploaded name, cleaned (NFC, no path, no control or direction characters): shown
    # and offered as the download's name, never used as a path.
    name = models.CharField(_("file name"), max_length=limits.FILE_NAME_MAX)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    # Never deleted: withdrawn, with who, when and why; a withdrawn file is no longer served.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"), validators=[limits.text_max_length], blank=True
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["uploaded_at", "id"]
        indexes = [
            models.Index(fields=["task", "kind"], name="attachment_task_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AttachmentKind.values),
                name="attachment_kind_valid",
                violation_error_message=_("The kind of file is not valid."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(task__isnull=False, document__isnull=True)
                    & ~models.Q(kind=AttachmentKind.DOCUMENT)
                )
                | models.Q(
                    task__isnull=True,
                    document__isnull=False,
                    measurement__isnull=True,
                    note__isnull=True,
                    kind=AttachmentKind.DOCUMENT,
                ),
                name="attachment_on_task_or_document",
                violation_error_message=_("A file belongs to a task or to a document."),
            ),
            models.CheckConstraint(
                condition=models.Q(measurement__isnull=True) | models.Q(note__isnull=True),
                name="attachment_on_one_record",
                violation_error_message=_("A file belongs to a measured value or to a note, not both."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="attachment_withdrawal_complete",
                violation_error_message=_("A withdrawal names who withdrew the file and when."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
