"""Sending the outbox to the endpoints, signed, with retries (docs/operations.md, "Webhooks").

Each delivery is first **claimed** in a short transaction (assignments/claims.py): its
row locked (skipping rows a parallel worker holds), its attempt counted and its
`not_before` moved past the claim's length. The message is then POSTed outside any
transaction, so a slow receiver holds no database lock, and the answer is recorded in
another short transaction. Two workers never send one delivery; a worker killed after
its claim leaves the delivery pending, taken again once the claim lapses (the receiver
may then get it twice, with the same `webhook-id`). A 2xx answer is delivered; anything
else is tried again after `BACKOFF`, up to `MAX_ATTEMPTS` (a lapsed claim counts as one).
An endpoint whose deliveries have failed, without one getting through, for its
`pause_after_hours` is paused and the office is told once by mail.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from assignments import claims, clock
from assignments.choices import WebhookDeliveryStatus
from assignments.models import WebhookDelivery, WebhookEndpoint, WebhookMessage

logger = logging.getLogger(__name__)

#: The waits after each failed attempt; the last one repeats.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
)
#: A delivery failing this many times is given up (about two days of retries), unless
#: its endpoint is paused first.
MAX_ATTEMPTS = 12
#: Seconds to connect and to wait for the answer: a slow receiver delays the others.
TIMEOUT = (5, 10)
BATCH = 100
USER_AGENT = "Taskforce-Webhooks/1"


def backoff(attempts: int) -> dt.timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def body_of(message: WebhookMessage) -> str:
    return json.dumps(message.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def signed_headers(secret: str, message_id: str, body: str) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt."""
    # The wall clock, never the domain's (which tests and catch-up runs set): receivers
    # refuse a timestamp more than a few minutes from their own clock.
    sent = dt.datetime.fromtimestamp(int(time.time()), tz=dt.UTC)
    return {
        "content-type": "application/json; charset=utf-8",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(sent.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, sent, body),
    }


class Answer:
    """What one POST came to."""

    def __init__(self, ok: bool, code: int | None, error: str, duration_ms: int) -> None:
        self.ok, self.code, self.error, self.duration_ms = ok, code, error, duration_ms


def post(endpoint: WebhookEndpoint, message: WebhookMessage) -> Answer:
    body = body_of(message)
    headers = signed_headers(endpoint.secret, message.webhook_id, body)
    started = time.monotonic()
    try:
        # No redirects: a receiver that moved is told to the office by the failures,
        # rather than the signed body following a redirect somewhere else.
        response = requests.post(
            endpoint.url, data=body.encode("utf-8"), headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as error:
        return Answer(False, None, f"{type(error).__name__}: {error}", _elapsed(started))
    if 200 <= response.status_code < 300:
        return Answer(True, response.status_code, "", _elapsed(started))
    text = response.text[:500]
    return Answer(False, response.status_code, f"HTTP {response.status_code}: {text}", _elapsed(started))


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _due(now: dt.datetime) -> Sequence[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDeliveryStatus.PENDING, not_before__lte=now, endpoint__active=True
        )
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def _failing(endpoint: WebhookEndpoint, answer: Answer, now: dt.datetime) -> bool:
    """Note the endpoint failing; pause it once it has failed for its hours. Whether this
    call paused it."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
    since = WebhookEndpoint.objects.values_list("failing_since", flat=True).get(pk=endpoint.pk)
    if since is None or now - since < dt.timedelta(hours=endpoint.pause_after_hours):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Deliveries failed for %(hours)s hours. Last error: %(error)s") % {
            "hours": endpoint.pause_after_hours,
            "error": answer.error[:300],
        }
    # Of two workers failing at once, one pauses it (and so the office is told once).
    return bool(
        WebhookEndpoint.objects.filter(pk=endpoint.pk, active=True).update(
            active=False, paused_at=now, reason=reason, office_told_at=None
        )
    )


def _claim(pk: int, now: dt.datetime) -> WebhookDelivery | None:
    """Take the delivery `pk` if it is still due and no other worker holds it."""
    due = WebhookDelivery.objects.filter(
        pk=pk, status=WebhookDeliveryStatus.PENDING, not_before__lte=now, endpoint__active=True
    )
    claimed = claims.claim(due, now, "message", "endpoint")
    return claimed[0] if claimed else None


def _record(delivery: WebhookDelivery, answer: Answer, now: dt.datetime) -> str | None:
    """Write what the POST came to; None if the delivery went meanwhile (its endpoint
    deleted, or sent by another worker after the claim lapsed)."""
    endpoint = delivery.endpoint
    fields: dict[str, Any] = {
        "last_attempt_at": now,
        "response_code": answer.code,
        "duration_ms": answer.duration_ms,
        "last_error": answer.error[:2000],
    }
    if answer.ok:
        outcome = "delivered"
        fields.update(status=WebhookDeliveryStatus.DELIVERED, delivered_at=now)
    elif delivery.attempts >= MAX_ATTEMPTS:
        outcome = "failed"
        fields.update(status=WebhookDeliveryStatus.FAILED)
    else:
        outcome = "retry"
        fields.update(not_before=now + backoff(delivery.attempts))
    with transaction.atomic():
        mine = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDeliveryStatus.PENDING)
        if not mine.update(**fields):
            return None
        if answer.ok:
            WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=False).update(
                failing_since=None
            )
        elif _failing(endpoint, answer, now):
            outcome = "paused"
    return outcome


def _send_one(pk: int, now: dt.datetime) -> str | None:
    delivery = _claim(pk, now)
    if delivery is None:
        return None  # sent meanwhile, held by another worker, or its endpoint paused
    answer = post(delivery.endpoint, delivery.message)
    if not answer.ok:
        logger.warning("webhook delivery %s to %s failed: %s", pk, delivery.endpoint.url, answer.error)
    return _record(delivery, answer, now)


def tell_office_of_pauses(now: dt.datetime | None = None) -> int:
    """Mail every active staff user with an address about each endpoint paused and not yet
    told; answer how many endpoints were told of."""
    now = now or clock.now()
    told = 0
    waiting = WebhookEndpoint.objects.filter(
        active=False, paused_at__isnull=False, office_told_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(waiting):
        with transaction.atomic():
            endpoint = (
                WebhookEndpoint.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, active=False, office_told_at__isnull=True)
                .first()
            )
            if endpoint is None:
                continue
            addresses = list(
                User.objects.filter(is_active=True, is_staff=True)
                .exclude(email="")
                .order_by("pk")
                .values_list("email", flat=True)
            )
            with translation.override(settings.LANGUAGE_CODE):
                subject, text = _pause_mail(endpoint)
            if addresses:
                # One mail to all of them: sent or not as a whole, so a mail server that
                # is down means one more try at the next run, not a second copy for some.
                try:
                    send_mail(subject, text, None, addresses)
                except Exception:
                    logger.exception("could not tell the office that webhook endpoint %s paused", pk)
                    continue
            endpoint.office_told_at = now
            endpoint.save(update_fields=["office_told_at"])
            told += 1
    return told


def _pause_mail(endpoint: WebhookEndpoint) -> tuple[str, str]:
    params: dict[str, Any] = {
        "name": endpoint.name,
        "url": endpoint.url,
        "since": _local(endpoint.failing_since),
        "at": _local(endpoint.paused_at),
        "reason": endpoint.reason,
        "id": endpoint.pk,
    }
    subject = _("Webhook “%(name)s” paused") % params
    text = (
        _(
            "Taskforce stopped sending events to the webhook endpoint “%(name)s” (%(url)s): its "
            "deliveries have failed since %(since)s. Paused at %(at)s.\n\n%(reason)s\n\n"
            "Once the receiver works again, resume the endpoint in the admin site (Webhook "
            "endpoints) or with POST /api/v1/webhooks/%(id)s/resume/: what waits is sent then."
        )
        % params
    )
    return subject, text


def _local(moment: dt.datetime | None) -> str:
    if moment is None:
        return "-"
    return timezone.localtime(moment, clock.committee_tz()).strftime("%d/%m/%Y %H:%M")


def deliver_due(now: dt.datetime | None = None) -> Counter[str]:
    """Send every delivery due by `now` and tell the office of new pauses: what happened,
    counted (delivered, retry, failed, paused, office_told)."""
    now = now or clock.now()
    done: Counter[str] = Counter()
    seen: set[int] = set()
    while True:
        batch = [pk for pk in _due(now) if pk not in seen]
        if not batch:
            break
        for pk in batch:
            seen.add(pk)
            outcome = _send_one(pk, now)
            if outcome is not None:
                done[outcome] += 1
    told = tell_office_of_pauses(now)
    if told:
        done["office_told"] += told
    return done
