"""The assigning documents (văn bản giao việc): registering, editing, and registering a
document with its tasks in one go (docs/rules.md, "Documents").

The office registers and edits any document; a group's leader registers documents and
edits the ones they registered; anyone else is refused (403). Each write is one
transaction with one reference-data audit row (`reference_audit.DOCUMENT`) naming the
fields, old and new; a save that changes nothing writes nothing. The number, issuer and
date identify a document (the unique constraint): a second one is a 400 on `number`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits, roles
from assignments.choices import DocumentKind
from assignments.exceptions import NotPermitted
from assignments.models import Document, ReferenceAction, Task
from assignments.services import reference_audit as audit
from assignments.services.base import REQUIRED
from assignments.services.reference import locked
from assignments.services.tasks import task_create
from assignments.text import search_document

ONLY_OFFICE_OR_LEADER_REGISTERS = _(
    "Only the committee office or a group's leader may register an assigning document."
)
ONLY_OFFICE_OR_REGISTRAR_EDITS = _(
    "Only the committee office or the leader who registered the document may change it."
)
ALREADY_REGISTERED = _("A document with this number, issuer and date is already registered.")

#: The fields of a document a caller writes, in the order forms show them.
DOCUMENT_FIELDS = ("number", "kind", "issued_on", "issuer", "excerpt")
#: The text fields' limits besides TEXT_MAX (the excerpt's).
_LIMITS = {"number": limits.DOCUMENT_NUMBER_MAX, "issuer": limits.DOCUMENT_ISSUER_MAX}


class DocumentSpec(TypedDict, total=False):
    number: str
    kind: str
    issued_on: dt.date | None
    issuer: str
    excerpt: str


def _cleaned(values: Mapping[str, Any], errors: dict[str, list[Promise | str]]) -> dict[str, Any]:
    """The fields given, NFC-cleaned and checked; refusals go into `errors` by field."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name not in DOCUMENT_FIELDS:
            errors[name] = [_("This field cannot be edited.")]
            continue
        if name in ("number", "issuer", "excerpt"):
            value = limits.clean_text(value, name, max_length=_LIMITS.get(name), errors=errors)
            if not value:
                errors[name] = [REQUIRED]
        elif name == "kind":
            if value not in DocumentKind.values:
                errors[name] = [_("The kind of document is not valid.")]
        elif name == "issued_on":
            if value is None:
                errors[name] = [REQUIRED]
            else:
                limits.check_date_in_window(value, name, errors)
        cleaned[name] = value
    return cleaned


def _check_unique(
    values: Mapping[str, Any], errors: dict[str, list[Promise | str]], *, pk: int | None
) -> None:
    if "number" in errors or "issuer" in errors or "issued_on" in errors:
        return
    same = Document.objects.filter(
        number=values["number"], issuer=values["issuer"], issued_on=values["issued_on"]
    )
    if pk is not None:
        same = same.exclude(pk=pk)
    if same.exists():
        errors["number"] = [ALREADY_REGISTERED]


def _saved(document: Document, fields: Sequence[str] | None = None) -> None:
    """Save, a racing twin of the same number, issuer and date being a 400 on `number`."""
    try:
        with transaction.atomic():
            document.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError({"number": [ALREADY_REGISTERED]}, code="unique") from None


@transaction.atomic
def document_create(
    *,
    actor: User,
    number: str,
    kind: str,
    issued_on: dt.date | None,
    issuer: str,
    excerpt: str,
) -> Document:
    """Register a document; a missing or wrong field is a 400 naming it."""
    if not roles.registers_documents(actor):
        raise NotPermitted(ONLY_OFFICE_OR_LEADER_REGISTERS)
    errors: dict[str, list[Promise | str]] = {}
    values = _cleaned(
        {"number": number, "kind": kind, "issued_on": issued_on, "issuer": issuer, "excerpt": excerpt}, errors
    )
    _check_unique(values, errors, pk=None)
    if errors:
        raise ValidationError(errors)
    moment = clock.now()
    document = Document(
        **values,
        created_by=actor,
        created_at=moment,
        updated_at=moment,
        search_text=_search_text(values),
    )
    _saved(document)
    audit.write(
        audit.DOCUMENT,
        document,
        actor=actor,
        action=ReferenceAction.CREATED,
        changes=audit.created(audit.snapshot(audit.DOCUMENT, document)),
    )
    return document


@transaction.atomic
def document_update(document: Document | int, *, actor: User, changes: DocumentSpec) -> Document:
    """Change some fields of a document; a request that changes nothing writes nothing."""
    row: Document = locked(Document, document)
    if not roles.edits_document(actor, row):
        raise NotPermitted(ONLY_OFFICE_OR_REGISTRAR_EDITS)
    errors: dict[str, list[Promise | str]] = {}
    cleaned = _cleaned(changes, errors)
    after = {name: cleaned.get(name, getattr(row, name)) for name in DOCUMENT_FIELDS}
    _check_unique(after, errors, pk=row.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(audit.DOCUMENT, row)
    diff = audit.difference(before, audit.proposed(audit.DOCUMENT, before, cleaned))
    if not diff:
        return row
    for name in diff:
        setattr(row, name, cleaned[name])
    row.updated_at = clock.now()
    row.search_text = _search_text(after)
    _saved(row, [*diff, "updated_at", "search_text"])
    audit.write(audit.DOCUMENT, row, actor=actor, action=ReferenceAction.CHANGED, changes=diff)
    return row


@transaction.atomic
def document_register(
    *, actor: User, document: DocumentSpec, tasks: Sequence[Mapping[str, Any]]
) -> tuple[Document, list[Task]]:
    """Register a document and assign its tasks in one go: all of it, or nothing.

    Each task is `task_create(document=...)` with its spec (the keyword arguments of
    `task_create`). Every refusal is collected, each task's named by its place in the
    list (`tasks.2.owner`, `tasks.0.outcome.target`, dotted as the API's
    one error shape names nested fields), and raised together as one 400;
    nothing is written then. A task in a group the actor does not lead is a 400 on that
    task's `group`, so the office sees which row to fix.
    """
    errors: dict[str, Any] = {}
    try:
        registered = document_create(actor=actor, **_document_arguments(document))
    except ValidationError as exc:
        # The tasks are still checked, so one answer lists every refusal; against a
        # stand-in document that is never saved.
        errors.update(exc.message_dict)
        registered = None
    assigned: list[Task] = []
    for index, spec in enumerate(tasks):
        prefix = f"tasks.{index}."
        try:
            with transaction.atomic():
                task = task_create(actor=actor, **{**spec, "document": registered})
        except ValidationError as exc:
            errors.update({prefix + name: messages for name, messages in exc.message_dict.items()})
        except NotPermitted as exc:
            errors[prefix + "group"] = [str(exc.message)]
        else:
            assigned.append(task)
    if errors:
        raise ValidationError(errors)
    assert registered is not None  # no error: the document was registered
    return registered, assigned


def _document_arguments(spec: DocumentSpec) -> dict[str, Any]:
    return {
        "number": spec.get("number", ""),
        "kind": spec.get("kind", ""),
        "issued_on": spec.get("issued_on"),
        "issuer": spec.get("issuer", ""),
        "excerpt": spec.get("excerpt", ""),
    }


def _search_text(values: Mapping[str, Any]) -> str:
    """What `q=` finds a document by: its number, issuer and excerpt, folded."""
    return search_document(values["number"], values["issuer"], values["excerpt"])
