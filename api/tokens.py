"""API tokens and the devices that hold them: issued here, with their device row.

A token is knox's (hashed, expiring, api/authentication.py checks it); its `Device`
row (api/models.py) says what it is for and carries the credential stamp of
assignments/accounts.py. Every token is issued here, so every token has its row. The
person's list of devices and the revocation of one are assignments/accounts.py's
(`tokens_of`, `token_revoke`), which the API and the pages both call.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import transaction
from knox.models import AuthToken
from knox.settings import knox_settings

from api.models import Device
from assignments import accounts
from assignments.text import normalize_text

#: The longest device name kept; a longer one (a User-Agent) is cut.
NAME_LENGTH = Device._meta.get_field("name").max_length


@transaction.atomic
def token_issue(*, user: Any, name: str = "") -> tuple[AuthToken, str]:
    """A new token for one device of `user`: the row and the token itself (shown once)."""
    instance, token = AuthToken.objects.create(
        user=user, expiry=knox_settings.TOKEN_TTL, prefix=knox_settings.TOKEN_PREFIX
    )
    Device.objects.create(
        token=instance,
        name=device_name(name),
        credential_stamp=accounts.credential_stamp(user),
        last_used=instance.created,
    )
    return instance, token


def device_name(name: str | None) -> str:
    """The name as a person reads it: composed, on one line, without control characters,
    at most NAME_LENGTH characters (a User-Agent header can hold anything)."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in name or "")
    return " ".join(normalize_text(text).split())[:NAME_LENGTH]


def devices_restamp(*, user: Any, old_password_hash: str) -> int:
    """After the same password got a new hash (a hasher upgrade at login): the devices
    stamped under the old hash keep working. Answers how many."""
    return Device.objects.filter(
        token__user=user, credential_stamp=accounts.stamp_of(old_password_hash)
    ).update(credential_stamp=accounts.credential_stamp(user))
