"""The forms of the assigning documents: registering or editing one, and its files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.choices import DocumentKind
from assignments.files import checks
from assignments.models import Attachment, Document
from web.forms.base import PageForm, date_field, model_label, text_area, text_field
from web.forms.files import accepted_types


class DocumentForm(PageForm):
    """A document's number and symbol, kind, date, issuing body and excerpt; the service
    checks them (required, limits, one document per number, issuer and date)."""

    number = text_field(
        label=model_label(Document, "number"),
        max_length=limits.DOCUMENT_NUMBER_MAX,
        help_text=Document._meta.get_field("number").help_text,
    )
    kind = forms.ChoiceField(
        label=model_label(Document, "kind"), choices=[("", "—"), *DocumentKind.choices], required=False
    )
    issued_on = date_field(label=model_label(Document, "issued_on"))
    issuer = text_field(
        label=model_label(Document, "issuer"),
        max_length=limits.DOCUMENT_ISSUER_MAX,
        help_text=_("For example Ban Thường vụ Quận ủy."),
    )
    excerpt = text_field(
        label=model_label(Document, "excerpt"),
        widget=text_area(3),
        help_text=_("What the document is about (trích yếu), as printed under its number."),
    )

    FIELDS = ("number", "kind", "issued_on", "issuer", "excerpt")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.FIELDS:
            self.fields[name].widget.attrs["aria-required"] = "true"
            self.fields[name].marked_required = True  # type: ignore[attr-defined]  # read by the field template

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values as `services.document_create` (or `document_update`) takes them."""
        data = self.cleaned_data
        return {name: data[name] for name in self.FIELDS}

    @classmethod
    def initial_of(cls, document: Document) -> dict[str, Any]:
        return {name: getattr(document, name) for name in cls.FIELDS}


class DocumentFileForm(PageForm):
    """A file of the document: its scan, its signed copy."""

    file = forms.FileField(
        label=model_label(Attachment, "file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": accepted_types()}),
        help_text=_("A photo, a PDF, or a Word, Excel or OpenDocument file; at most %(limit)s."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text % {"limit": filesizeformat(checks.max_size())}


class WithdrawDocumentFileForm(PageForm):
    """One of the document's files withdrawn, with the reason; it stays in the record."""

    attachment = forms.IntegerField(widget=forms.HiddenInput)
    reason = text_field(label=_("Why withdraw this file"), widget=text_area(2))
