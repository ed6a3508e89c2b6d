"""The reminder rules in the admin, and the deliveries the office reads and sends again."""

from __future__ import annotations

import pytest

from assignments import clock
from assignments.choices import Channel, DeliveryStatus
from assignments.models import Delivery, Notification, NotificationPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(cast, client):
    client.force_login(cast.staff)
    return client


def test_the_rules_open_as_one_row_and_an_edit_applies_at_once(office, cast):
    listing = office.get("/admin/assignments/notificationpolicy/")
    assert listing.status_code == 302
    page = office.get(listing["Location"])
    assert page.status_code == 200 and "Quy tắc nhắc việc" in page.content.decode()
    answer = office.post(
        listing["Location"],
        {
            "due_soon_days": 5,
            "overdue_every_days": 2,
            "awaiting_acceptance_days": 3,
            "explain_within_days": 1,
            "committee_after_days": 7,
            "daily_run_at": "06:30",
            "quiet_from": "22:00",
            "quiet_until": "06:00",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert NotificationPolicy.current().due_soon_days == 5
    assert NotificationPolicy.objects.count() == 1


def test_a_rule_out_of_range_is_refused_naming_it(office):
    office.get("/admin/assignments/notificationpolicy/")
    page = office.post(
        "/admin/assignments/notificationpolicy/1/change/",
        {
            "due_soon_days": 0,
            "overdue_every_days": 3,
            "awaiting_acceptance_days": 3,
            "explain_within_days": 2,
            "committee_after_days": 7,
            "daily_run_at": "07:00",
            "quiet_from": "21:00",
            "quiet_until": "07:00",
        },
    )
    assert page.status_code == 200
    assert "due_soon_days" in page.context["adminform"].form.errors
    assert NotificationPolicy.objects.get().due_soon_days == 3


def test_failed_deliveries_are_sent_again_from_the_list(office, cast):
    notification = Notification.objects.get(recipient=cast.owner.user)
    failed = Delivery.objects.create(
        notification=notification,
        channel=Channel.EMAIL,
        status=DeliveryStatus.FAILED,
        attempts=4,
        not_before=clock.now(),
        last_error="Connection refused",
    )
    listing = office.get("/admin/assignments/delivery/")
    assert listing.status_code == 200 and "Connection refused" not in listing.content.decode()
    office.post("/admin/assignments/delivery/", {"action": "send_again", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)
