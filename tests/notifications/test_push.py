"""Web Push to a real HTTP receiver standing for the push service: it decrypts the payload
with the subscription's own keys (RFC 8291) and checks the VAPID signature (RFC 8292)."""

from __future__ import annotations

import base64
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from py_vapid import Vapid02

from assignments import clock
from assignments.choices import Channel, DeliveryStatus, NotificationKind
from assignments.models import Delivery, PushSubscription
from assignments.notifications import delivery, vapid
from tests.api.api_helpers import submitted
from tests.notifications.conftest import subscribe

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))


def leaders_push(cast) -> Delivery:
    return Delivery.objects.get(
        notification__recipient=cast.leader.user,
        notification__kind=NotificationKind.SUBMITTED,
        channel=Channel.PUSH,
    )


def test_a_submitted_task_reaches_every_phone_of_the_leader_encrypted_and_signed(push_service, cast):
    phones = [push_service.phone("a"), push_service.phone("b")]
    for phone in phones:
        subscribe(cast.leader.user, phone)
    submitted(cast.task)

    delivery.deliver_due(clock.now())

    push = leaders_push(cast)
    assert push.status == DeliveryStatus.SENT
    by_path = {r.path: r for r in push_service.received}
    assert set(by_path) == {"/push/a", "/push/b"}
    for phone in phones:
        received = by_path[phone.endpoint.removeprefix(push_service.url(""))]
        message = push_service.decrypt(received, phone)
        assert message["title"] == str(NotificationKind.SUBMITTED.label)
        assert cast.task.title in message["body"]
        assert cast.owner.full_name in message["body"]
        assert message["url"] == f"https://taskforce.example.org/tasks/{cast.task.pk}/"
        assert message["tag"] == str(push.notification_id)
        # Signed with the server's key, for this push service (the JWT's audience).
        authorization = received.headers["authorization"]
        assert authorization.startswith("vapid t=")
        assert f"k={vapid.public_key()}" in authorization
        assert Vapid02.verify(authorization)
        assert int(received.headers["ttl"]) > 0
    assert PushSubscription.objects.filter(user=cast.leader.user, last_sent_at__isnull=False).count() == 2


def test_a_subscription_the_push_service_says_is_gone_is_deleted_and_the_push_skipped(push_service, cast):
    phone = push_service.phone("old")
    subscribe(cast.leader.user, phone)
    push_service.answers["/push/old"] = 410
    submitted(cast.task)

    delivery.deliver_due(clock.now())

    assert leaders_push(cast).status == DeliveryStatus.SKIPPED
    assert not PushSubscription.objects.filter(endpoint=phone.endpoint).exists()


def test_one_gone_phone_does_not_stop_the_others(push_service, cast):
    gone, kept = push_service.phone("gone"), push_service.phone("kept")
    subscribe(cast.leader.user, gone)
    subscribe(cast.leader.user, kept)
    push_service.answers["/push/gone"] = 404
    submitted(cast.task)

    delivery.deliver_due(clock.now())

    assert leaders_push(cast).status == DeliveryStatus.SENT
    assert list(
        PushSubscription.objects.filter(user=cast.leader.user).values_list("endpoint", flat=True)
    ) == [kept.endpoint]


def test_a_push_service_error_is_retried_later(push_service, cast):
    phone = push_service.phone("busy")
    subscribe(cast.leader.user, phone)
    push_service.answers["/push/busy"] = 503
    submitted(cast.task)
    now = clock.now()

    delivery.deliver_due(now)

    push = leaders_push(cast)
    assert push.status == DeliveryStatus.PENDING
    assert push.attempts == 1 and "503" in push.last_error
    assert push.not_before == now + delivery.BACKOFF[0]
    push_service.answers["/push/busy"] = 201
    delivery.deliver_due(push.not_before)
    assert leaders_push(cast).status == DeliveryStatus.SENT
    assert PushSubscription.objects.filter(endpoint=phone.endpoint).exists()


def test_a_push_made_in_the_quiet_hours_waits_until_seven(push_service, cast):
    phone = push_service.phone("night")
    subscribe(cast.leader.user, phone)
    evening = dt.datetime(2026, 2, 2, 22, 0, tzinfo=HANOI)
    with clock.frozen_at(evening):
        submitted(cast.task)
    push = leaders_push(cast)
    morning = dt.datetime(2026, 2, 3, 7, 0, tzinfo=HANOI)
    assert push.not_before == morning

    delivery.deliver_due(evening)
    delivery.deliver_due(morning - dt.timedelta(minutes=1))
    assert push_service.received == []
    assert leaders_push(cast).status == DeliveryStatus.PENDING

    with clock.frozen_at(morning):
        delivery.deliver_due(morning)

    assert leaders_push(cast).status == DeliveryStatus.SENT
    (received,) = push_service.received
    assert cast.task.title in push_service.decrypt(received, phone)["body"]


# --------------------------------------------------------------------------- the keys and the worker


def test_make_vapid_keys_writes_the_key_prints_the_public_one_and_keeps_it(settings, tmp_path, db):
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_PUBLIC_KEY = ""
    settings.VAPID_KEY_FILE = str(tmp_path / "var" / "vapid_private_key.pem")
    out = io.StringIO()

    call_command("make_vapid_keys", stdout=out)

    printed = out.getvalue().strip().splitlines()[-1].removeprefix("VAPID public key: ")
    assert printed == vapid.public_key()
    raw = base64.urlsafe_b64decode(printed + "=" * (-len(printed) % 4))
    assert len(raw) == 65 and raw[0] == 4  # what pushManager.subscribe takes
    assert (tmp_path / "var" / "vapid_private_key.pem").stat().st_mode & 0o077 == 0
    with pytest.raises(CommandError, match="--force"):
        call_command("make_vapid_keys", stdout=io.StringIO())
    assert vapid.public_key() == printed
    again = io.StringIO()
    call_command("make_vapid_keys", "--if-missing", stdout=again)
    assert printed in again.getvalue() and vapid.public_key() == printed
    call_command("make_vapid_keys", "--force", stdout=io.StringIO())
    assert vapid.public_key() != printed


def test_make_vapid_keys_env_prints_a_pair_for_the_environment(settings, tmp_path, push_service, cast):
    out = io.StringIO()
    call_command("make_vapid_keys", "--env", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    settings.VAPID_PRIVATE_KEY = lines["VAPID_PRIVATE_KEY"]
    settings.VAPID_PUBLIC_KEY = lines["VAPID_PUBLIC_KEY"]
    phone = push_service.phone("env")
    subscribe(cast.leader.user, phone)
    submitted(cast.task)

    delivery.deliver_due(clock.now())

    (received,) = push_service.received
    assert f"k={lines['VAPID_PUBLIC_KEY']}" in received.headers["authorization"]
    assert Vapid02.verify(received.headers["authorization"])


def test_the_service_worker_is_served_at_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    script = b"".join(response.streaming_content).decode()
    assert 'addEventListener("push"' in script and "showNotification" in script
    assert 'addEventListener("notificationclick"' in script and "openWindow" in script
