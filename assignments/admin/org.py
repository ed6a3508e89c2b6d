"""Wards, members (with their logins) and committee groups."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments import accounts, search
from assignments.choices import CLOSED_STATUSES
from assignments.models import Group, Member, Task, Ward

from .base import OfficeModelAdmin
from .forms import GroupForm, MemberChangeForm, MemberCreationForm


@admin.register(Ward)
class WardAdmin(OfficeModelAdmin):
    # A ward a task points at cannot be deleted (PROTECT): the delete page lists the
    # tasks that protect it, and deletes nothing.
    protected_hint = _("Tasks point at this ward, so it cannot be deleted. Untick “active” to retire it.")
    list_display = ("code", "name", "active")
    list_filter = ("active",)
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            search.ward_renamed(obj)  # its tasks are searched by its name


@admin.register(Member)
class MemberAdmin(OfficeModelAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    list_display = ("full_name", "title", "is_standing", "active", "group_names", "login")
    list_filter = ("is_standing", "active", "member_groups")
    list_select_related = ("user",)
    search_fields = ("full_name", "user__username", "phone")
    filter_horizontal = ("wards",)
    actions = ("deactivate", "reactivate")

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

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        search.member_saved(obj)  # found by name, their tasks too
        if not obj.active and "active" in form.changed_data:
            accounts.credentials_revoke_if_shut_out(users=[obj.user])
            self.warn_about_open_tasks(request, [obj])

    @admin.action(description=_("Deactivate the selected members"))
    def deactivate(self, request, queryset: QuerySet[Member]) -> None:
        members = list(queryset.filter(active=True).select_related("user"))
        Member.objects.filter(pk__in=[m.pk for m in members]).update(active=False)
        for member in members:
            member.active = False
        accounts.credentials_revoke_if_shut_out(users=[m.user for m in members])
        self.message_user(request, _("Members deactivated: %(count)d.") % {"count": len(members)})
        self.warn_about_open_tasks(request, members)

    @admin.action(description=_("Reactivate the selected members"))
    def reactivate(self, request, queryset: QuerySet[Member]) -> None:
        count = queryset.filter(active=False).update(active=True)
        self.message_user(request, _("Members reactivated: %(count)d.") % {"count": count})

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
class GroupAdmin(OfficeModelAdmin):
    form = GroupForm
    list_display = ("number", "name", "leader", "member_count")
    list_select_related = ("leader",)
    search_fields = ("name", "leader__full_name")
    filter_horizontal = ("members", "wards")

    def get_queryset(self, request) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(member_count=Count("members", distinct=True))

    @admin.display(description=_("number of members"), ordering="member_count")
    def member_count(self, group: Group) -> int:
        return group.member_count  # type: ignore[attr-defined]  # annotated by get_queryset
