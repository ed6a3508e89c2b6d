"""What every admin page of the committee office shares: who may use it, how text arrives."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.options import BaseModelAdmin, IncorrectLookupParameters, InlineModelAdmin
from django.db import models

from assignments import roles, search
from assignments.formfields import NormalizedTextField, RowsChoiceField
from assignments.services.reference_audit import Shape

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


class CheckedRowChoices(_AdminMixin):
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RowsChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OfficeModelAdmin(OfficeAccess, NormalizedText, CheckedRowChoices, admin.ModelAdmin):
    #: Shown when tasks protect the object from deletion: what to do instead.
    protected_hint: "str | StrPromise | None" = None
    #: A folded search column (assignments/search.py) the search box reads besides
    #: `search_fields`, so "phuc xa" finds "Phúc Xá" here as in the API's `q=`.
    search_column: str | None = None

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        condition = search.search_query(search_term, self.search_column) if self.search_column else None
        if condition is None:
            return found, may_have_duplicates
        # Either reading: the fields as typed (a login, a phone, part of a word) or the words folded.
        return found | queryset.filter(condition), may_have_duplicates

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


class ReferenceModelAdmin(OfficeModelAdmin):
    """Reference data saved and deleted through its services, which write the audit row.

    The form validates as any admin form; then, instead of Django's plain save, the
    values go to the admin's `create_object` / `update_object` (a service), many-to-many
    fields included, so one save is one audit row naming what changed. Deletions
    (the delete page and the "delete selected" action) go through `delete_object`.
    """

    #: What the audit row records of this kind (assignments/services/reference_audit.py).
    shape: Shape

    def create_object(self, request, values: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update_object(self, request, obj: models.Model, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def delete_object(self, request, obj: models.Model) -> None:
        raise NotImplementedError

    def service_values(self, obj: models.Model, form, change: bool) -> dict[str, Any]:
        """The form's values: plain fields as the form set them on `obj` (a new login
        included), many-to-many from the cleaned data; on a change, only the form's fields."""
        values = {name: getattr(obj, name) for name in self.shape.fields if not change or name in form.fields}
        cleaned = form.cleaned_data
        values.update({name: cleaned[name] for name in self.shape.many if name in cleaned})
        return values

    def save_through_service(self, request, obj: models.Model, values: dict[str, Any], change: bool) -> None:
        if change:
            self.update_object(request, obj, values)
            return
        saved = self.create_object(request, values)
        # The admin goes on with its own object (the message, the log, the redirect).
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_model(self, request, obj, form, change) -> None:
        self.save_through_service(request, obj, self.service_values(obj, form, change), change)

    def save_related(self, request, form, formsets, change) -> None:
        # The many-to-many fields went with the service's save.
        pass

    def delete_model(self, request, obj) -> None:
        self.delete_object(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_object(request, obj)


class ReadOnly:
    """Rows only the services write (events, steps, the history of reference data): the
    office reads them in the admin, never adds, edits or deletes them there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RecordInline(ReadOnly, OfficeAccess, _InlineMixin):
    """For inlines of rows only the services write (steps, notes, events...): shown, never edited."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields
