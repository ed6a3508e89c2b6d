"""The assigning document (văn bản giao việc): where a task comes from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.choices import DocumentKind


class Document(models.Model):
    """A resolution, conclusion, notice… of the committee: its number and symbol
    ("15-KL/QU"), kind, date, issuing body and excerpt (trích yếu). Its tasks point to it;
    its files are attachments of kind `document`."""

    number = models.CharField(
        _("number and symbol"),
        max_length=limits.DOCUMENT_NUMBER_MAX,
        help_text=_("As printed on the document, e.g. 15-KL/QU."),
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=DocumentKind.choices)
    issued_on = models.DateField(_("date issued"), validators=[limits.validate_date_in_window])
    issuer = models.CharField(_("issuing body"), max_length=limits.DOCUMENT_ISSUER_MAX)
    excerpt = models.TextField(_("excerpt"), validators=[limits.text_max_length])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"))
    updated_at = models.DateTimeField(_("updated at"))
    # What `q=` searches, folded (assignments/text.py): the number, the issuer, the excerpt.
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="document_kind_valid",
                violation_error_message=_("The kind of document is not valid."),
            ),
            # A number and symbol is the document's identity within its year and issuer:
            # numbering starts again each year (and each term).
            models.UniqueConstraint(
                fields=["number", "issuer", "issued_on"],
                name="document_number_unique",
                violation_error_message=_(
                    "A document with this number, issuer and date is already registered."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title_for(DocumentKind(self.kind), self.number)

    @staticmethod
    def title_for(kind: DocumentKind, number: str) -> str:
        """How a document reads, "Kết luận số 15-KL/QU": its page, briefs and report rows."""
        return f"{kind.label} số {number}"
