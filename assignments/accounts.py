"""A person's credentials: who may sign in, changing a password, revoking every login.

A person holds two kinds of login: web sessions (the pages, the admin, the browsable
API) and API tokens, one per device (knox, docs/api.md). Both must end when the
password changes or the person is deactivated (docs/security.md, "Credentials").

Why a stamp, and not only revocation where the password is set: a password is set in
many places (this module, the admin's forms, `manage.py changepassword`, Django's own
user admin, a shell), and nothing in Django calls back when it changes. Django's own
sessions survive that by carrying a hash of the password hash (`get_session_auth_hash`)
and refusing a session whose hash no longer matches. Tokens do the same here: each
token's device row (api.models.Device) keeps `credential_stamp(user)` as it was at
login, and the token authentication (api/authentication.py) refuses a token whose
stamp is not the user's current one. So a token made before any password change,
however it was changed, is refused; it cannot be bypassed by a path that forgot to
revoke. The functions below also delete the tokens and sessions at once, so a
revoked login leaves nothing behind and a device list shows only live ones.

Deactivation (the user's `is_active`, or the member's `active` for a person who is not
office staff) is refused at every request by `may_sign_in` (the login backend, the
session lookup and the token authentication all ask it), and `credentials_revoke`
deletes the logins, so reactivating someone later does not bring old ones back.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from assignments.models import Member

#: Fixed: tokens stamped before a change of this salt would all be refused.
_STAMP_SALT = "taskforce.accounts.credential_stamp"

WRONG_OLD_PASSWORD = _("The current password is wrong.")


def may_sign_in(user: Any) -> bool:
    """Whether `user` may log in and keep using the logins they have.

    Not a deactivated login, nor a deactivated member who is not office staff (an office
    login with a retired member record keeps the office's access). A login without a
    member record and without staff rights signs in, with no role (assignments.roles).
    Costs no query for staff, and one (cached on the user) for the rest.
    """
    if user is None or not getattr(user, "is_active", False):
        return False
    if user.is_staff:
        return True
    try:
        member = user.member
    except Member.DoesNotExist:
        return True
    return member.active


def credential_stamp(user: User, *, secret: str | None = None) -> str:
    """A keyed hash of the user's password hash: it changes whenever the password does."""
    return stamp_of(user.password, secret=secret)


def stamp_of(password_hash: str, *, secret: str | None = None) -> str:
    """The stamp of a password hash (api/migrations/0003 computes it the same way)."""
    return salted_hmac(_STAMP_SALT, password_hash, secret=secret, algorithm="sha256").hexdigest()


def current_stamps(user: User) -> list[str]:
    """The stamps the user's present password makes: with SECRET_KEY, then with each of
    SECRET_KEY_FALLBACKS (as Django checks its sessions), so rotating the key logs no one out."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [credential_stamp(user, secret=secret) for secret in secrets]


def stamp_is_current(user: User, stamp: str) -> bool:
    """Whether `stamp` was made from the user's present password."""
    return any(constant_time_compare(stamp, current) for current in current_stamps(user))


@transaction.atomic
def credentials_revoke(*, user: User, keep_session: str | None = None) -> int:
    """Ends every login of `user`: deletes their API tokens and their web sessions
    (except `keep_session`, the key of a session to keep). Answers how many ended."""
    tokens, _rows = AuthToken.objects.filter(user=user).delete()
    return tokens + _sessions_delete(user, keep=keep_session)


def tokens_of(user: User, *, now: dt.datetime | None = None) -> QuerySet[AuthToken]:
    """The person's devices: their API tokens that still work (not expired, issued under
    the present password), each with its `device` row (name, last use; api.models.Device),
    the most recently used first. One query."""
    now = now or timezone.now()
    return (
        AuthToken.objects.filter(user=user, device__credential_stamp__in=current_stamps(user))
        .filter(Q(expiry__isnull=True) | Q(expiry__gt=now))
        .select_related("device")
        .order_by("-device__last_used", "-device__id")
    )


def token_revoke(*, user: User, device_id: int) -> bool:
    """Revokes the token of one of the person's devices (a lost phone). False when they have
    no such device: another person's is no different from one that does not exist."""
    deleted, _rows = AuthToken.objects.filter(user=user, device__id=device_id).delete()
    return bool(deleted)


def credentials_revoke_if_shut_out(*, users: list[Any]) -> int:
    """After a deactivation: revokes the logins of each of `users` who may no longer sign in."""
    return sum(credentials_revoke(user=user) for user in users if not may_sign_in(user))


@transaction.atomic
def password_set(*, user: User, password: str, keep_session: str | None = None) -> None:
    """Sets a new password (already validated by the caller's form) and ends every login."""
    user.set_password(password)
    user.save(update_fields=["password"])
    credentials_revoke(user=user, keep_session=keep_session)


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str, request: Any = None) -> None:
    """The person changes their own password: the old one must be right, the new one
    pass Django's validators (AUTH_PASSWORD_VALIDATORS). Every login ends.

    The old password is checked as a login is (`authenticate`), so a wrong one counts
    toward the login limits of the person's username (api/throttling.py): a stolen
    token is not a way to guess the password. `request` goes to `authenticate` only,
    for the limits per client address.
    """
    checked = authenticate(request, username=user.get_username(), password=old_password)
    if checked is None or checked.pk != user.pk:
        raise ValidationError({"old_password": [WRONG_OLD_PASSWORD]}, code="wrong_password")
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}, code="weak_password") from None
    password_set(user=user, password=new_password)


def _sessions_delete(user: User, *, keep: str | None) -> int:
    # Sessions are not indexed by user: read each live one. A committee has a few hundred
    # at most, and this runs only when a password changes or someone is deactivated.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):  # signed cookies: nothing stored to delete
        return 0
    model = store.get_model_class()
    ended = []
    for session in model.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep or ""):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            ended.append(session.session_key)
    for key in ended:
        store(session_key=key).delete()  # also clears a cached_db copy
    return len(ended)
