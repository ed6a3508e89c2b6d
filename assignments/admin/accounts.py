"""Django's own admin of logins (for superusers), ending the logins of a deactivated one.

A password set here (the "change password" form) needs nothing more: the old tokens and
sessions no longer match it (assignments/accounts.py). Unticking "active" is refused at
every request too; revoking at once also keeps a later reactivation from reviving them.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from assignments import accounts
from assignments.admin.base import CheckedRowChoices

User = get_user_model()

if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class LoginAdmin(CheckedRowChoices, UserAdmin):
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            accounts.credentials_revoke_if_shut_out(users=[obj])
