"""Web Push to the person's phones and browsers (RFC 8030, payload encrypted per RFC 8291,
signed with the server's VAPID key, RFC 8292), by `pywebpush`.

One delivery goes to every subscription of its recipient. A push service answering
404 or 410 says the subscription is gone (the app was uninstalled, the permission
withdrawn): it is deleted, and a person left with none is skipped. Any other failure
is tried again later, unless some phone already received it (a retry would show it
twice there).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import translation
from pywebpush import WebPushException, webpush

from assignments import clock
from assignments.choices import NotificationKind
from assignments.models import Delivery, PushSubscription
from assignments.notifications import texts, vapid
from assignments.notifications.channels.email import task_url
from assignments.notifications.delivery import Gone, SendError

logger = logging.getLogger(__name__)

#: How long the push service keeps a message for a phone that is off (seconds).
TIME_TO_LIVE = 24 * 60 * 60
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


def payload(delivery: Delivery) -> dict[str, Any]:
    """What the service worker shows (web/static/web/sw.js), in the site's language."""
    notification = delivery.notification
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "title": str(NotificationKind(notification.kind).label),
            "body": texts.text(notification.kind, notification.data, notification.task.title),
            "url": task_url(notification.task_id),
            "tag": str(notification.pk),
        }


def send(delivery: Delivery) -> None:
    subscriptions = list(PushSubscription.objects.filter(user_id=delivery.notification.recipient_id))
    if not subscriptions:
        raise Gone("no push subscription left")
    try:
        key = vapid.private_key()
    except vapid.MissingKeys as missing:
        raise SendError(str(missing)) from missing
    data = json.dumps(payload(delivery), ensure_ascii=False)
    delivered: list[int] = []
    gone: list[int] = []
    failures: list[str] = []
    for subscription in subscriptions:
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=data,
                vapid_private_key=key,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=TIME_TO_LIVE,
                timeout=settings.PUSH_TIMEOUT,
            )
        except WebPushException as error:
            if error.status_code in (404, 410):
                gone.append(subscription.pk)
            else:
                failures.append(f"{subscription.endpoint[:80]}: {error.status_code} {error.message}")
        except requests.RequestException as error:
            failures.append(f"{subscription.endpoint[:80]}: {type(error).__name__}: {error}")
        else:
            delivered.append(subscription.pk)
    if gone:
        PushSubscription.objects.filter(pk__in=gone).delete()
    if delivered:
        PushSubscription.objects.filter(pk__in=delivered).update(last_sent_at=clock.now())
        if failures:
            logger.warning("push %s reached %d phones, not: %s", delivery.pk, len(delivered), failures)
        return
    if failures:
        raise SendError("; ".join(failures))
    raise Gone("every push subscription is gone (404/410)")


# --------------------------------------------------------------------------- subscriptions


def endpoint_allowed(endpoint: str) -> bool:
    """Whether the server may post to `endpoint`: a push service of settings.PUSH_SERVICE_HOSTS,
    over https (http only for a local one named there), so a subscription cannot make the
    server call anything else."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        return False
    allowed = [h.lower() for h in settings.PUSH_SERVICE_HOSTS]
    named = host in allowed or any(h.startswith(".") and host.endswith(h) for h in allowed)
    if not named:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and host in _LOCAL_HOSTS)


def key_bytes(value: str) -> bytes | None:
    """A base64url key as the browser gives it (padding optional), or None."""
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


@transaction.atomic
def subscription_save(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> tuple[PushSubscription, bool]:
    """Add or refresh the browser's subscription for `user`; answer it and whether it is new.

    An endpoint is one browser: subscribed again by another login (a phone passed on),
    it becomes theirs, and the previous person's notifications stop going to it.
    """
    subscription, created = PushSubscription.objects.select_for_update().update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300]},
        create_defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "user_agent": user_agent[:300],
            "created_at": clock.now(),
        },
    )
    return subscription, created


def subscription_delete(*, user: User, endpoint: str) -> bool:
    """Forget the caller's subscription at `endpoint`; False if the caller has none there."""
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted > 0
