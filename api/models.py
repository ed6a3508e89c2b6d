"""What the REST layer keeps for itself: the answers to idempotent POSTs, and the devices
that hold an API token."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

#: How long a client may retry a POST with the same `Idempotency-Key`.
IDEMPOTENCY_KEY_TTL = dt.timedelta(hours=24)


class IdempotencyKeyQuerySet(models.QuerySet):
    def expired(self, now: dt.datetime) -> IdempotencyKeyQuerySet:
        return self.filter(created_at__lt=now - IDEMPOTENCY_KEY_TTL)


class IdempotencyKey(models.Model):
    """The first answer to a creating POST, replayed when the client retries with the same key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    # sha256 of the method, the path and the canonical JSON body: the same key with
    # another request is a client bug, answered 422 instead of replaying a wrong answer.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_body = models.JSONField(_("response body"), null=True, blank=True)
    response_headers = models.JSONField(_("response headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"))

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created_idx")]

    def __str__(self) -> str:
        return self.key


class Device(models.Model):
    """What a person's API token is for: the device's name, when it was last used, and the
    credential stamp it was issued under (assignments/accounts.py).

    One row per knox token, made with it at login (api/tokens.py) and deleted with it.
    knox's own table keeps the token's hash, creation and expiry.
    """

    token = models.OneToOneField(
        AuthToken, on_delete=models.CASCADE, related_name="device", verbose_name=_("token")
    )
    name = models.CharField(_("device name"), max_length=100, blank=True)
    # assignments.accounts.credential_stamp(user) at login: a token whose stamp is not the
    # user's current one (the password changed since) is refused.
    credential_stamp = models.CharField(_("credential stamp"), max_length=64)
    last_used = models.DateTimeField(_("last used"))

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return self.name or str(self.pk)
