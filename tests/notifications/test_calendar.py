"""The private calendar feed: what it holds, its secret, its reset, its queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from assignments import services
from assignments.models import NotificationSettings
from tests.api.api_helpers import API, client_for, error
from tests.factories import make_task

pytestmark = pytest.mark.django_db


def feed_of(user, client=None) -> str:
    response = client_for(user).get(f"{API}me/calendar/")
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("https://taskforce.example.org/calendar/") and url.endswith(".ics")
    return url.removeprefix("https://taskforce.example.org")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://taskforce.example.org"


def events(response) -> dict[str, dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {
        str(e["SUMMARY"]): {
            "uid": str(e["UID"]),
            "start": e.decoded("DTSTART"),
            "text": str(e["DESCRIPTION"]),
        }
        for e in calendar.walk("VEVENT")
    }


def test_the_feed_holds_the_open_tasks_the_person_owns_or_coordinates_on_their_due_dates(cast):
    coordinated = make_task(
        group=cast.group, owner=cast.group_member, coordinators=[cast.owner], title="Phối hợp kiểm tra"
    )
    done = make_task(group=cast.group, owner=cast.owner, title="Đã hủy")
    services.task_cancel(task=done.pk, actor=cast.leader.user, note="Không còn cần thiết.")
    make_task(group=cast.other_group, owner=cast.other_member, title="Việc của tổ khác")
    anonymous = Client()

    response = anonymous.get(feed_of(cast.owner.user))

    found = events(response)
    assert set(found) == {cast.task.title, "Phối hợp kiểm tra"}
    mine = found[cast.task.title]
    assert mine["start"] == dt.date(2026, 3, 31)
    assert found["Phối hợp kiểm tra"]["uid"] == f"task-{coordinated.pk}@taskforce.example.org"
    assert mine["uid"] == f"task-{cast.task.pk}@taskforce.example.org"
    assert f"https://taskforce.example.org/tasks/{cast.task.pk}/" in mine["text"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]).endswith(cast.owner.full_name)
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    # The same task, read again: the same event (a calendar updates it, not adds one).
    assert events(anonymous.get(feed_of(cast.owner.user)))[cast.task.title]["uid"] == mine["uid"]


def test_a_moved_due_date_moves_the_event(cast):
    url = feed_of(cast.owner.user)
    services.task_extend(
        task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 4, 15), reason="Chờ số liệu."
    )
    assert events(Client().get(url))[cast.task.title]["start"] == dt.date(2026, 4, 15)


def test_others_do_not_see_the_persons_tasks(cast):
    assert events(Client().get(feed_of(cast.other_member.user))) == {}
    assert set(events(Client().get(feed_of(cast.coordinator.user)))) == {cast.task.title}


def test_an_unknown_secret_is_a_404(cast):
    feed_of(cast.owner.user)
    assert Client().get("/calendar/not-the-secret.ics").status_code == 404


def test_reset_gives_a_new_address_and_the_old_one_stops_working(cast):
    old = feed_of(cast.owner.user)
    assert Client().get(old).status_code == 200

    response = client_for(cast.owner.user).post(f"{API}me/calendar/reset/")

    assert response.status_code == 200
    new = response.json()["url"].removeprefix("https://taskforce.example.org")
    assert new != old
    assert Client().get(old).status_code == 404
    assert set(events(Client().get(new))) == {cast.task.title}
    assert feed_of(cast.owner.user) == new


def test_the_settings_row_is_made_on_first_use(cast):
    user = cast.owner.user
    assert not NotificationSettings.objects.filter(user=user).exists()
    first = feed_of(user)
    assert NotificationSettings.objects.filter(user=user).count() == 1
    assert feed_of(user) == first


def test_a_closed_login_has_no_feed(cast):
    url = feed_of(cast.owner.user)
    cast.owner.user.is_active = False
    cast.owner.user.save(update_fields=["is_active"])
    assert Client().get(url).status_code == 404


def test_the_calendar_api_needs_a_login(db):
    error(client_for(None).get(f"{API}me/calendar/"), 401)
    error(client_for(None).post(f"{API}me/calendar/reset/"), 401)


@pytest.mark.parametrize("count", [3, 30])
def test_the_feed_reads_in_two_queries_whatever_the_number_of_tasks(cast, count, django_assert_num_queries):
    for number in range(count - 1):
        make_task(group=cast.group, owner=cast.owner, title=f"Việc {number}", due_date=dt.date(2026, 3, 1))
    url = feed_of(cast.owner.user)
    client = Client()
    # One for the secret (with the login and the member), one for the tasks (with the group).
    with django_assert_num_queries(2):
        response = client.get(url)
    assert len(events(response)) == count
