"""The history of reference data, to read: who changed which ward, member, group,
process or term target, when, and each field's old and new value."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from assignments.models import ReferenceChange

from .base import OfficeModelAdmin, ReadOnly


@admin.register(ReferenceChange)
class ReferenceChangeAdmin(ReadOnly, OfficeModelAdmin):
    """No page adds, changes or deletes a row: the services write them (append-only)."""

    list_display = ("at", "kind", "label", "action", "actor", "fields_changed")
    list_filter = ("kind", "action", ("actor", admin.RelatedOnlyFieldListFilter), "at")
    list_select_related = ("actor",)
    search_fields = ("label",)
    date_hierarchy = "at"
    fields = ("at", "kind", "object_id", "label", "action", "actor", "change_table")
    readonly_fields = fields

    @admin.display(description=_("fields changed"))
    def fields_changed(self, row: ReferenceChange) -> str:
        return ", ".join(row.changes)

    @admin.display(description=_("changes"))
    def change_table(self, row: ReferenceChange) -> str:
        def shown(value: object) -> str:
            return "—" if value is None else json.dumps(value, ensure_ascii=False)

        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("field"),
            _("old value"),
            _("new value"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (name, shown(pair.get("from")), shown(pair.get("to")))
                    for name, pair in row.changes.items()
                ),
            ),
        )
