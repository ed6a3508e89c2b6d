"""Files on tasks, on their measured values and notes, and on documents: attached and
withdrawn, never deleted (docs/rules.md, "Files").

The upload is checked and stored before the transaction (assignments/files/): reading,
re-encoding a photo and writing 20 MB to a store takes time, and the task's row is not
held locked for it (on SQLite the whole database would be). The rights are checked once
before, so a person who may not attach gets a 403 before anything is stored, and again,
authoritatively, under the row lock; if the transaction fails the stored bytes are
removed, so a refused or failed upload leaves nothing behind.

On a task each attachment and withdrawal is one event (`file_attached`,
`file_withdrawn`) naming the file, its checksum and, for a withdrawal, the reason; on a
document it is one row of the reference-data audit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assignments import actions, clock, roles
from assignments.choices import TASK_ATTACHMENT_KINDS, AttachmentKind
from assignments.exceptions import InvalidTransition, NotPermitted
from assignments.files import PreparedFile, StoredFile, prepare, store
from assignments.models import Attachment, Document, Measurement, Note, ReferenceAction, Task
from assignments.services import reference_audit as audit
from assignments.services.base import REQUIRED, begin, record, require_reason
from assignments.services.documents import ONLY_OFFICE_OR_REGISTRAR_EDITS

ONLY_UPLOADER_WITHDRAWS = _(
    "Only the person who attached the file, the group's leader or the committee office may withdraw it."
)
ALREADY_WITHDRAWN = _("This file is already withdrawn.")
NOT_THIS_TASKS = _("Choose a record of this task.")
KIND_NOT_VALID = _("The kind of file is not valid: choose evidence, product or other.")


def file_brief(attachment: Attachment) -> dict[str, Any]:
    """How an event or an audit row names a file."""
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def attachment_add(
    *,
    task: Task | int,
    actor: User,
    upload: File | None,
    kind: str,
    measurement: Measurement | int | None = None,
    note: Note | int | None = None,
    name: str | None = None,
    expected_version: int | None = None,
) -> Attachment:
    """Attach a file to a task, or to one of its measured values or notes.

    `kind` is evidence, product or other; `name` overrides the upload's own name for
    display. Refusals: 403 (who), 409 (a closed task), 412 (stale version), 400 naming
    `file`, `kind`, `measurement` or `note`.
    """
    task_pk = task.pk if isinstance(task, Task) else task
    actions.check("attach_file", actor, Task.objects.select_related("group", "owner").get(pk=task_pk))
    if kind not in TASK_ATTACHMENT_KINDS:
        raise ValidationError({"kind": [KIND_NOT_VALID if kind else REQUIRED]})
    if measurement is not None and note is not None:
        raise ValidationError({"note": [_("A file belongs to a measured value or to a note, not both.")]})
    measurement_pk = _record_of(Measurement, measurement, "measurement", outcome__task_id=task_pk)
    note_pk = _record_of(Note, note, "note", task_id=task_pk)
    prepared = prepare(upload, name=name)
    stored = store(prepared)
    try:
        with transaction.atomic():
            locked, action = begin("attach_file", task_pk, actor=actor, expected_version=expected_version)
            attachment = _create(
                prepared,
                stored,
                actor=actor,
                task=locked,
                kind=kind,
                measurement_id=measurement_pk,
                note_id=note_pk,
            )
            record(
                locked,
                actor=actor,
                kind=action.event,
                data={"file": file_brief(attachment), "measurement": measurement_pk, "note": note_pk},
            )
    except BaseException:
        stored.discard()
        raise
    return attachment


def document_file_add(
    *, document: Document | int, actor: User, upload: File | None, name: str | None = None
) -> Attachment:
    """Attach a file to a document (its scan, its signed copy): who may change the document."""
    document_pk = document.pk if isinstance(document, Document) else document
    if not roles.edits_document(actor, Document.objects.get(pk=document_pk)):
        raise NotPermitted(ONLY_OFFICE_OR_REGISTRAR_EDITS)
    prepared = prepare(upload, name=name)
    stored = store(prepared)
    try:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document_pk)
            attachment = _create(prepared, stored, actor=actor, document=locked, kind=AttachmentKind.DOCUMENT)
            audit.write(
                audit.DOCUMENT,
                locked,
                actor=actor,
                action=ReferenceAction.CHANGED,
                changes={"files": {"from": None, "to": file_brief(attachment)}},
            )
    except BaseException:
        stored.discard()
        raise
    return attachment


@transaction.atomic
def attachment_withdraw(
    *, attachment: Attachment | int, actor: User, reason: str, expected_version: int | None = None
) -> Attachment:
    """Withdraw a file with a reason: it stays in the record (who, when, why) and is no
    longer served. A task's file: its uploader, the group's leader or the office, while the
    task is open; a document's: who may change the document."""
    pk = attachment.pk if isinstance(attachment, Attachment) else attachment
    found = Attachment.objects.select_for_update().get(pk=pk)
    document = None
    if found.task_id is not None:
        task, action = begin("withdraw_file", found.task_id, actor=actor, expected_version=expected_version)
        if found.uploaded_by_id != actor.pk and not roles.manages(actor, task):
            raise NotPermitted(ONLY_UPLOADER_WITHDRAWS)
    else:  # a document's file (the check constraint: a task's or a document's)
        document = Document.objects.select_for_update().get(attachments=found)
        if not roles.edits_document(actor, document):
            raise NotPermitted(ONLY_OFFICE_OR_REGISTRAR_EDITS)
    if found.withdrawn:
        raise InvalidTransition(ALREADY_WITHDRAWN, code="already_withdrawn")
    why = require_reason(reason, "reason")
    found.withdrawn_at = clock.now()
    found.withdrawn_by = actor
    found.withdrawal_reason = why
    found.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    if document is None:
        record(task, actor=actor, kind=action.event, note=why, data={"file": file_brief(found)})
    else:
        audit.write(
            audit.DOCUMENT,
            document,
            actor=actor,
            action=ReferenceAction.CHANGED,
            changes={"files": {"from": file_brief(found), "to": None, "reason": why}},
        )
    return found


def _record_of(model: type[Measurement] | type[Note], value: Any, field: str, **of_task: Any) -> int | None:
    """The pk of a measured value or note of this task, or a 400 on `field`."""
    if value is None or value == "":
        return None
    pk = value.pk if isinstance(value, model) else value
    try:
        if model.objects.filter(pk=int(pk), **of_task).exists():
            return int(pk)
    except (TypeError, ValueError, OverflowError):
        pass
    raise ValidationError({field: [NOT_THIS_TASKS]})


def _create(prepared: PreparedFile, stored: StoredFile, *, actor: User, **where: Any) -> Attachment:
    return Attachment.objects.create(
        **where,
        file=stored.file,
        thumbnail=stored.thumbnail,
        name=prepared.name,
        content_type=prepared.content_type,
        size=prepared.size,
        sha256=prepared.sha256,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
