"""Wards, members (with their logins) and committee groups."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments import services
from assignments.choices import CLOSED_STATUSES
from assignments.models import Group, Member, Task, Ward
from assignments.services import reference_audit as audit

from .base import ReferenceModelAdmin
from .forms import GroupForm, MemberChangeForm, MemberCreationForm


@admin.register(Ward)
class WardAdmin(ReferenceModelAdmin):
    # A ward a task points at cannot be deleted (PROTECT): the delete page lists the
    # tasks that protect it, and deletes nothing.
    protected_hint = _("Tasks point at this ward, so it cannot be deleted. Untick “active” to retire it.")
    list_display = ("code", "name", "active")
    list_filter = ("active",)
    search_fields = ("code", "name")
    search_column = "search_text"
    shape = audit.WARD

    def create_object(self, request, values):
        return services.ward_create(actor=request.user, **values)

    def update_object(self, request, obj, values) -> None:
        services.ward_update(obj.pk, actor=request.user, changes=values)

    def delete_object(self, request, obj) -> None:
        services.ward_delete(obj.pk, actor=request.user)


@admin.register(Member)
class MemberAdmin(ReferenceModelAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    list_display = ("full_name", "title", "is_standing", "active", "group_names", "login")
    list_filter = ("is_standing", "active", "member_groups")
    list_select_related = ("user",)
    search_fields = ("full_name", "user__username", "phone")
    search_column = "search_text"
    filter_horizontal = ("wards",)
    actions = ("deactivate", "reactivate")
    shape = audit.MEMBER

    details = (None, {"fields": ("full_name", "title", "phone", "is_standing", "active", "wards")})
    add_fieldsets = (
        (capfirst(_("login")), {"fields": ("user", "username", "password1", "password2")}),
        details,
    )
    change_fieldsets = (
        details,
        (
            capfirst(_("login")),
            {
                "fields": ("user", "password1", "password2"),
                "description": _("Leave the password fields empty to keep the current password."),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.change_fieldsets

    def get_readonly_fields(self, request, obj=None):
        # A member keeps their login: another person's login is another member.
        return ("user",) if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        form = super().get_form(request, obj, change=change, **kwargs)
        # Read by the change form only (MemberChangeForm.changed_by); unused on creation.
        form.changed_by = request.user  # type: ignore[attr-defined]
        return form

    def get_queryset(self, request) -> QuerySet[Member]:
        return super().get_queryset(request).prefetch_related("member_groups")

    def has_delete_permission(self, request, obj=None) -> bool:
        # Tasks and events keep pointing at members: they are deactivated, never deleted.
        return False

    @admin.display(description=_("committee group"))
    def group_names(self, member: Member) -> str:
        return ", ".join(str(group.number) for group in member.member_groups.all())

    @admin.display(description=_("login"), ordering="user__username")
    def login(self, member: Member) -> str:
        return member.user.get_username()

    def create_object(self, request, values):
        return services.member_create(actor=request.user, **values)

    def update_object(self, request, obj, values) -> None:
        # The service ends the logins of a member deactivated here.
        services.member_update(obj.pk, actor=request.user, changes=values)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and not obj.active and "active" in form.changed_data:
            self.warn_about_open_tasks(request, [obj])

    @admin.action(description=_("Deactivate the selected members"))
    def deactivate(self, request, queryset: QuerySet[Member]) -> None:
        members = services.members_deactivate(queryset.values_list("pk", flat=True), actor=request.user)
        self.message_user(request, _("Members deactivated: %(count)d.") % {"count": len(members)})
        self.warn_about_open_tasks(request, members)

    @admin.action(description=_("Reactivate the selected members"))
    def reactivate(self, request, queryset: QuerySet[Member]) -> None:
        members = services.members_reactivate(queryset.values_list("pk", flat=True), actor=request.user)
        self.message_user(request, _("Members reactivated: %(count)d.") % {"count": len(members)})

    def warn_about_open_tasks(self, request, members: list[Member]) -> None:
        # Their tasks stay theirs until a leader hands them over; say so now.
        count = Task.objects.filter(owner__in=members).exclude(status__in=CLOSED_STATUSES).count()
        if count:
            self.message_user(
                request,
                _("Open tasks owned by deactivated members: %(count)d. Hand them over to active members.")
                % {"count": count},
                messages.WARNING,
            )


@admin.register(Group)
class GroupAdmin(ReferenceModelAdmin):
    form = GroupForm
    shape = audit.GROUP
    list_display = ("number", "name", "leader", "member_count")
    list_select_related = ("leader",)
    search_fields = ("name", "leader__full_name")
    search_column = "leader__search_text"
    filter_horizontal = ("members", "wards")

    def get_queryset(self, request) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(member_count=Count("members", distinct=True))

    @admin.display(description=_("number of members"), ordering="member_count")
    def member_count(self, group: Group) -> int:
        return group.member_count  # type: ignore[attr-defined]  # annotated by get_queryset

    def create_object(self, request, values):
        return services.group_create(actor=request.user, **values)

    def update_object(self, request, obj, values) -> None:
        services.group_update(obj.pk, actor=request.user, changes=values)

    def delete_object(self, request, obj) -> None:
        services.group_delete(obj.pk, actor=request.user)
