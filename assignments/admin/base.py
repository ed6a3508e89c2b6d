"""What every admin page of the committee office shares: who may use it, how text arrives."""

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.options import BaseModelAdmin, IncorrectLookupParameters, InlineModelAdmin
from django.db import models

from assignments import roles
from assignments.formfields import NormalizedTextField, RowsChoiceField

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    # The mixins below are only ever mixed into these: the checker reads them as such.
    _AdminMixin = BaseModelAdmin
    _InlineMixin = InlineModelAdmin
else:
    _AdminMixin = _InlineMixin = object


class OfficeAccess:
    """Access follows the domain's rule, not Django's per-model permissions.

    docs/rules.md: staff users are the committee office and see and do everything, the
    admin site included; a staff login such as the seed's `office` holds no Django
    permission. Each admin narrows this where the rules say so (no deleting tasks...).
    """

    def has_module_permission(self, request) -> bool:
        return roles.is_staff(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_staff(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return roles.is_staff(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return roles.is_staff(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return roles.is_staff(request.user)


class NormalizedText(_AdminMixin):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.CharField | models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", NormalizedTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CheckedRowChoices:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RowsChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OfficeModelAdmin(OfficeAccess, NormalizedText, CheckedRowChoices, admin.ModelAdmin):
    #: Shown when tasks protect the object from deletion: what to do instead.
    protected_hint: "str | StrPromise | None" = None

    def get_changelist_instance(self, request):
        # A NUL in a list's search or filter (`?status=%00`) reached PostgreSQL, which
        # cannot hold one in text: a 500. Refused as the admin refuses any filter it
        # cannot apply: back to the unfiltered list (ChangeList's `?e=1`).
        if any("\x00" in item for key, values in request.GET.lists() for item in (key, *values)):
            raise IncorrectLookupParameters
        return super().get_changelist_instance(request)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Nothing is deleted while something protects it, so which permissions a
            # deletion would need is beside the point: the page lists what protects it.
            perms_needed = set()
        return deleted, model_count, perms_needed, protected

    def render_delete_form(self, request, context):
        if context.get("protected") and self.protected_hint:
            messages.warning(request, self.protected_hint)
        return super().render_delete_form(request, context)


class RecordInline(OfficeAccess, _InlineMixin):
    """For inlines of rows only the services write (steps, notes, events...): shown, never edited."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
