"""The assigning documents, saved through their services (one audit row a save), and the
files, to read: a file is withdrawn with a reason (the pages, the API), never deleted."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assignments import services
from assignments.models import Attachment, Document
from assignments.services import reference_audit as audit

from .base import OfficeModelAdmin, ReadOnly, RecordInline, ReferenceModelAdmin


class YearIssuedFilter(admin.SimpleListFilter):
    """The years documents were issued in: numbering starts again each year."""

    title = _("year issued")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Document.objects.annotate(year=ExtractYear("issued_on"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset: QuerySet[Document]) -> QuerySet[Document]:
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(issued_on__year=int(value))


class DocumentFileInline(RecordInline, admin.TabularInline):
    model = Attachment
    fields = ("name", "size", "uploaded_by", "uploaded_at", "withdrawn_at", "withdrawal_reason")
    verbose_name = _("file")
    verbose_name_plural = _("files")


@admin.register(Document)
class DocumentAdmin(ReferenceModelAdmin):
    # Tasks point at documents (PROTECT) and the record keeps them: never deleted.
    list_display = ("number", "kind", "issued_on", "issuer")
    list_filter = ("kind", YearIssuedFilter)
    search_fields = ("number", "issuer", "excerpt")
    search_column = "search_text"
    date_hierarchy = "issued_on"
    fields = ("number", "kind", "issued_on", "issuer", "excerpt", "created_by", "created_at", "updated_at")
    readonly_fields = ("created_by", "created_at", "updated_at")
    list_select_related = ("created_by",)
    inlines = (DocumentFileInline,)
    shape = audit.DOCUMENT

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_inlines(self, request, obj):
        # A new document has no file yet: they are attached on its page.
        return self.inlines if obj is not None else ()

    def construct_change_message(self, request, form, formsets, add=False):
        # The files' inline is read-only (save_related saves nothing): only the form has changes.
        return super().construct_change_message(request, form, [], add)

    def create_object(self, request, values):
        return services.document_create(actor=request.user, **values)

    def update_object(self, request, obj, values) -> None:
        services.document_update(obj.pk, actor=request.user, changes=values)


class WithdrawnFilter(admin.SimpleListFilter):
    title = _("withdrawn")
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset: QuerySet[Attachment]) -> QuerySet[Attachment]:
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=True)
        return queryset


@admin.register(Attachment)
class AttachmentAdmin(ReadOnly, OfficeModelAdmin):
    """No page adds, changes or deletes a file: uploaded and withdrawn through the services,
    each an event or an audit row; a withdrawn file stays in the record."""

    list_display = ("name", "kind", "task", "document", "size", "uploaded_by", "uploaded_at", "is_withdrawn")
    list_filter = ("kind", WithdrawnFilter, "uploaded_at")
    list_select_related = ("task", "document", "uploaded_by")
    search_fields = ("name", "task__title", "document__number")
    date_hierarchy = "uploaded_at"
    fields = (
        "name",
        "kind",
        "task",
        "document",
        "measurement",
        "note",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "download",
    )
    readonly_fields = fields

    @admin.display(description=_("withdrawn"), boolean=True, ordering="withdrawn_at")
    def is_withdrawn(self, attachment: Attachment) -> bool:
        return attachment.withdrawn

    @admin.display(description=_("download"))
    def download(self, attachment: Attachment) -> str:
        if attachment.withdrawn:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("web:file", args=[attachment.pk]), attachment.name)
