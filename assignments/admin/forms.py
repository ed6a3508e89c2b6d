"""Admin forms whose rules span more than one row: a member's login, a group's leader."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin, UsernameField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments import accounts
from assignments.exceptions import InvalidTransition
from assignments.models import Group, Member, Task, Ward
from assignments.services.reference import check_group_members

if TYPE_CHECKING:
    # Mixed into forms only: the checker reads it as one.
    _FormMixin = forms.BaseForm
else:
    _FormMixin = object

User = get_user_model()
# The login's own column, not a relation (get_field is typed to answer either).
USERNAME = cast(models.Field, User._meta.get_field(User.USERNAME_FIELD))


def optional_password_fields(label1=None, label2=None) -> tuple[forms.CharField, forms.CharField]:
    labels = {"label1": label1, "label2": label2}
    password1, password2 = SetPasswordMixin.create_password_fields(
        **{key: label for key, label in labels.items() if label is not None}
    )
    password1.required = password2.required = False
    return password1, password2


class MemberLoginMixin(SetPasswordMixin, _FormMixin):
    def require_both_passwords(self) -> None:
        for name in ("password1", "password2"):
            if not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, ValidationError(self.fields[name].error_messages["required"]))


class MemberCreationForm(MemberLoginMixin, forms.ModelForm):
    """A new member with their login: pick a login that has no member yet, or create one."""

    username = UsernameField(
        label=capfirst(USERNAME.verbose_name),
        max_length=USERNAME.max_length,
        validators=USERNAME.validators,
        required=False,
        help_text=_("For a new login: letters, digits and @ . + - _ only."),
    )
    password1, password2 = optional_password_fields()

    class Meta:
        model = Member
        fields = ("user", "full_name", "title", "phone", "is_standing", "active", "wards")
        help_texts = {
            "user": _(
                "Pick an existing login that has no member yet, or leave this empty and "
                "type a username and password below to create the login."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].required = False
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            member__isnull=True, is_active=True
        ).order_by(User.USERNAME_FIELD)

    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # a ModelForm's clean() answers its cleaned_data
        user, username = cleaned.get("user"), cleaned.get("username")
        passwords_given = cleaned.get("password1") or cleaned.get("password2")
        if user is not None:
            if username:
                self.add_error("username", _("Pick an existing login or type a new username, not both."))
            if passwords_given:
                # An existing login keeps its password: the office sets passwords of new
                # logins only, so picking a login can never take it over.
                self.add_error("password1", _("A password is set here only for a new login."))
        elif username:
            if User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
                self.add_error("username", USERNAME.error_messages["unique"])
            self.require_both_passwords()
            self.validate_passwords()
            self.validate_password_for_user(User(**{User.USERNAME_FIELD: username}))
        elif "user" not in self.errors and "username" not in self.errors:
            self.add_error("user", _("Pick an existing login or type a username for a new one."))
        return cleaned

    def save(self, commit: bool = True) -> Member:
        member = super().save(commit=False)
        if self.cleaned_data.get("username"):
            # Created with the member, inside the admin's transaction.
            member.user = User.objects.create_user(
                **{User.USERNAME_FIELD: self.cleaned_data["username"]},
                password=self.cleaned_data["password1"],
            )
        if commit:
            member.save()
            self.save_m2m()  # set by save(commit=False) above
        return member


class MemberChangeForm(MemberLoginMixin, forms.ModelForm):
    """A member's details, and optionally a new password for their login."""

    password1, password2 = optional_password_fields(
        label1=_("New password"), label2=_("New password confirmation")
    )

    #: The user saving the form; set by the admin.
    changed_by = None

    class Meta:
        model = Member
        fields = ("full_name", "title", "phone", "is_standing", "active", "wards")

    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # a ModelForm's clean() answers its cleaned_data
        if cleaned.get("password1") or cleaned.get("password2"):
            login = self.instance.user
            if (login.is_staff or login.is_superuser) and not getattr(self.changed_by, "is_superuser", False):
                # Otherwise any office login could take over a more powerful one.
                self.add_error("password1", _("Only a superuser may set the password of a staff login."))
            else:
                self.require_both_passwords()
                self.validate_passwords()
                self.validate_password_for_user(login)
        return cleaned

    def save(self, commit: bool = True) -> Member:
        member = super().save(commit=commit)
        if self.cleaned_data.get("password1"):
            # Every token and session of the person ends with the old password.
            accounts.password_set(user=member.user, password=self.cleaned_data["password1"])
        return member


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ("number", "name", "leader", "members", "wards")

    # A hook of BaseModelForm the stubs leave out.
    def _post_clean(self) -> None:
        # Taken before the model's clean (the leader must be standing) may drop it, so
        # both of the leader's problems are reported at once.
        leader = self.cleaned_data.get("leader")
        super()._post_clean()  # type: ignore[misc]
        members = self.cleaned_data.get("members")
        if members is None:
            return
        try:
            check_group_members(self.instance, leader=leader, members=members)
        except ValidationError as error:
            self.add_error(None, error)
        except InvalidTransition as error:
            self.add_error("members", ValidationError(error.message, code=error.code))


class TaskForm(forms.ModelForm):
    """A task's content; the admin saves it through `services.task_edit`."""

    # The version the office saw: a change by someone else meanwhile is refused, as
    # the API's If-Match does, instead of being silently overwritten.
    expected_version = forms.IntegerField(label=_("version"), widget=forms.HiddenInput, required=False)

    #: The service's refusal of the previous attempt, set by the admin to show it.
    refusal: ValidationError | None = None

    class Meta:
        model = Task
        fields = ("title", "description", "source", "priority", "ward", "target")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        task = self.instance
        if task.pk is not None:
            self.fields["expected_version"].initial = task.version
            if "ward" in self.fields:
                cast(forms.ModelChoiceField, self.fields["ward"]).queryset = Ward.objects.filter(
                    Q(groups=task.group_id, active=True) | Q(pk=task.ward_id)
                ).distinct()

    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # a ModelForm's clean() answers its cleaned_data
        if self.refusal is not None:
            add_service_error(self, self.refusal)
        return cleaned


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's error next to the field it names, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else NON_FIELD_ERRORS, errors)
