"""`notifications/`, `tasks/{id}/explain/` and the escalation on a task (docs/api.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import clock, services
from assignments.choices import NotificationKind
from assignments.models import Event, Notification, Task
from tests.api.api_helpers import API, EN, client_for, error, fresh_client, task_url
from tests.factories import make_task

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))
APRIL_3 = dt.datetime(2026, 4, 3, 9, 0, tzinfo=HANOI)


def explain(user, task, **body):
    return client_for(user).post(task_url(task, "explain/"), body, format="json")


def test_the_inbox_holds_the_callers_own_newest_first_with_the_text(cast):
    services.task_extend(
        task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 4, 30), reason="Chờ."
    )
    response = client_for(cast.owner.user).get(f"{API}notifications/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["kind"] for r in rows] == [NotificationKind.EXTENDED, NotificationKind.ASSIGNED]
    assert rows[0]["task"] == {"id": cast.task.pk, "title": cast.task.title}
    assert "30/04/2026" in rows[0]["text"] and rows[0]["read_at"] is None
    # Nobody else's items.
    assert client_for(cast.group_member.user).get(f"{API}notifications/").json()["results"] == []


def test_the_text_is_in_the_requests_language(cast):
    vi = client_for(cast.owner.user).get(f"{API}notifications/").json()["results"][0]["text"]
    en = client_for(cast.owner.user, **EN).get(f"{API}notifications/").json()["results"][0]["text"]
    assert "assigned you the task" in en and vi != en


def test_marking_one_read_then_the_unread_filter(cast):
    mine = Notification.objects.get(recipient=cast.owner.user)
    client = client_for(cast.owner.user)
    response = client.post(f"{API}notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert client.get(f"{API}notifications/", {"unread": "true"}).json()["results"] == []
    assert len(client.get(f"{API}notifications/", {"unread": "false"}).json()["results"]) == 1


def test_someone_elses_notification_is_not_found(cast):
    theirs = Notification.objects.get(recipient=cast.owner.user)
    error(client_for(cast.group_member.user).post(f"{API}notifications/{theirs.pk}/read/"), 404)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_read_all_says_how_many(cast):
    make_task(group=cast.group, owner=cast.owner)
    client = client_for(cast.owner.user)
    assert client.post(f"{API}notifications/read-all/").json() == {"marked": 2}
    assert client.post(f"{API}notifications/read-all/").json() == {"marked": 0}


def test_an_unknown_filter_is_a_400(cast):
    error(client_for(cast.owner.user).get(f"{API}notifications/", {"colour": "red"}), 400)


def test_the_inbox_costs_the_same_queries_for_3_and_30_items(cast, django_assert_num_queries):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = fresh_client(cast.owner.user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}notifications/").status_code == 200
        return len(queries)

    for _ in range(2):
        make_task(group=cast.group, owner=cast.owner)
    few = count()
    for _ in range(27):
        make_task(group=cast.group, owner=cast.owner)
    assert count() == few


def test_the_owner_explains_an_overdue_task(cast):
    with clock.frozen_at(APRIL_3):
        response = explain(
            cast.owner.user, cast.task, reason="Chờ phường gửi số liệu.", proposed_due_date="2026-04-20"
        )
        assert response.status_code == 200, response.json()
        body = response.json()
    assert body["explanation"]["reason"] == "Chờ phường gửi số liệu."
    assert body["explanation"]["proposed_due_date"] == "2026-04-20"
    assert body["escalation"] == "owner"
    event = Event.objects.filter(task=cast.task, kind="explained").get()
    assert event.note == "Chờ phường gửi số liệu." and event.data["proposed_due_date"] == "2026-04-20"


def test_explaining_a_task_that_is_not_overdue_is_a_conflict(cast):
    data = error(
        explain(cast.owner.user, cast.task, reason="x", proposed_due_date="2026-04-20"), 409, "not_overdue"
    )
    assert data["detail"]
    assert not Event.objects.filter(kind="explained").exists()


def test_only_the_owner_explains(cast):
    with clock.frozen_at(APRIL_3):
        error(explain(cast.leader.user, cast.task, reason="x", proposed_due_date="2026-04-20"), 403)
        error(explain(cast.other_member.user, cast.task, reason="x", proposed_due_date="2026-04-20"), 404)


def test_a_proposed_date_not_after_today_or_no_reason_is_a_400_naming_the_field(cast):
    with clock.frozen_at(APRIL_3):
        data = error(explain(cast.owner.user, cast.task, reason="Chờ.", proposed_due_date="2026-04-03"), 400)
        assert "proposed_due_date" in data["errors"]
        data = error(explain(cast.owner.user, cast.task, reason="", proposed_due_date="2026-04-20"), 400)
        assert "reason" in data["errors"]
        data = error(explain(cast.owner.user, cast.task, reason="Chờ."), 400)
        assert "proposed_due_date" in data["errors"]
    assert Task.objects.get(pk=cast.task.pk).explained_at is None


def test_the_list_filters_by_escalation(cast):
    """On 3 April: due 2 April is one day late (owner), due 31 March three (leader), due
    20 March fourteen (committee); the cast's task, due 31 March, is moved out of the way."""
    services.task_extend(task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 5, 31), reason="x")
    owner = make_task(group=cast.group, owner=cast.owner, due_date=dt.date(2026, 4, 2))
    leader = make_task(group=cast.group, owner=cast.owner, due_date=dt.date(2026, 3, 31))
    committee = make_task(group=cast.group, owner=cast.owner, due_date=dt.date(2026, 3, 20))
    client = client_for(cast.leader.user)
    with clock.frozen_at(APRIL_3):

        def ids(level: str) -> list[int]:
            return [t["id"] for t in client.get(f"{API}tasks/", {"escalation": level}).json()["results"]]

        assert ids("owner") == [owner.pk]
        assert ids("leader") == [leader.pk]
        assert ids("committee") == [committee.pk]
        assert ids("none") == [cast.task.pk]
        one = client.get(task_url(committee)).json()
    assert one["escalation"] == "committee" and one["escalation_label"]
    error(client.get(f"{API}tasks/", {"escalation": "boss"}), 400)


def test_the_settings_start_with_every_channel_and_change_by_field(cast):
    client = client_for(cast.owner.user)
    url = f"{API}me/notification-settings/"
    assert client.get(url).json() == {
        "email": True,
        "push": True,
        "digest": True,
        "email_off": [],
        "push_off": [],
    }
    changed = client.patch(url, {"push": False, "email_off": ["due_soon", "assigned"]}, format="json")
    assert changed.status_code == 200
    assert changed.json() == {
        "email": True,
        "push": False,
        "digest": True,
        "email_off": ["assigned", "due_soon"],
        "push_off": [],
    }
    assert client.get(url).json()["push"] is False


def test_an_unknown_kind_in_the_settings_is_a_400_naming_the_field_and_nothing_changes(cast):
    client = client_for(cast.owner.user)
    url = f"{API}me/notification-settings/"
    data = error(client.patch(url, {"email": False, "push_off": ["lottery"]}, format="json"), 400)
    assert data["errors"] == {"push_off.0": ["“lottery” không phải là lựa chọn hợp lệ."]}
    assert client.get(url).json()["email"] is True
