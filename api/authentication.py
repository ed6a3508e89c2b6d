"""The API's token authentication: knox's, refusing the tokens of a changed password or of
a person shut out, and noting when each device was last used.

knox checks the token (hashed, expiring, renewed on use: settings.REST_KNOX). On top:

- the token's device row (api/models.py) must exist and carry the user's present
  credential stamp: a token issued before the password changed, by whatever path, is
  refused and deleted (assignments/accounts.py says why this and not revocation alone);
- the person must still be allowed in (`accounts.may_sign_in`: an active login, and for
  anyone but office staff an active member record);
- `last_used` of the device is written at most once a minute (knox's MIN_REFRESH_INTERVAL,
  as it renews the expiry), so a phone's requests cost no extra write each.

A refused token is a 401 `authentication_failed`, like an expired one. The user, their
member record and the device come in the token's one query.
"""

from __future__ import annotations

import binascii
from hmac import compare_digest
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox import auth as knox_auth
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

from api.models import Device
from assignments import accounts

INVALID_TOKEN = _("The token is invalid or has expired; log in again.")


class TokenAuthentication(knox_auth.TokenAuthentication):
    def authenticate_credentials(self, token: bytes) -> tuple[Any, AuthToken]:
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from None
        candidates = AuthToken.objects.filter(token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH]).select_related(
            "user", "user__member", "device"
        )
        for auth_token in candidates:
            if self._cleanup_token(auth_token):  # knox: expired, deleted
                continue
            try:
                digest = hash_token(text)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(INVALID_TOKEN) from None
            if compare_digest(digest, auth_token.digest):
                return self._admit(auth_token)
        raise exceptions.AuthenticationFailed(INVALID_TOKEN)

    def _admit(self, auth_token: AuthToken) -> tuple[Any, AuthToken]:
        user = auth_token.user
        device = _device_of(auth_token)
        if (
            device is None
            or not accounts.may_sign_in(user)
            or not accounts.stamp_is_current(user, device.credential_stamp)
        ):
            auth_token.delete()  # revoked for good: reactivating the person does not revive it
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        if knox_settings.AUTO_REFRESH and auth_token.expiry:
            self.renew_token(auth_token)
        now = timezone.now()
        if (now - device.last_used).total_seconds() > knox_settings.MIN_REFRESH_INTERVAL:
            Device.objects.filter(pk=device.pk).update(last_used=now)
            device.last_used = now
        return user, auth_token


def _device_of(auth_token: AuthToken) -> Device | None:
    try:
        return auth_token.device
    except Device.DoesNotExist:
        return None
