"""The bell on every page, the inbox and the notification settings (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from assignments import clock
from assignments.choices import NotificationKind
from assignments.models import Notification, NotificationSettings
from tests.factories import ProcessFactory, make_task
from tests.web.web_helpers import client_for, messages_of, query_count, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_inboxes(cast):
    """Assigning the cast's task told its owner: each test starts from empty inboxes."""
    Notification.objects.all().delete()


def notify(user, task, kind=NotificationKind.ASSIGNED, *, day=dt.date(2026, 2, 2), read=False, **data):
    return Notification.objects.create(
        recipient=user,
        task=task,
        kind=kind,
        day=day,
        data={"actor": "Tổ trưởng", "due_date": task.due_date.isoformat(), **data},
        created_at=clock.now() - dt.timedelta(minutes=Notification.objects.count()),
        read_at=clock.now() if read else None,
    )


# --------------------------------------------------------------------------- the bell


def test_the_bell_shows_the_unread_count_on_every_page(cast):
    notify(cast.owner.user, cast.task)
    notify(cast.owner.user, cast.task, NotificationKind.DUE_SOON, days=3)
    notify(cast.owner.user, cast.task, NotificationKind.DUE_TODAY, read=True)
    notify(cast.leader.user, cast.task, NotificationKind.SUBMITTED)  # someone else's
    client = client_for(cast.owner.user)
    for path in ("/my-tasks/", f"/tasks/{cast.task.pk}/", "/dashboard/", "/devices/"):
        html = client.get(path).content.decode()
        assert 'aria-label="Unread notifications: 2"' in html, path
        assert '<span class="bell-count" aria-hidden="true">2</span>' in html


def test_the_bell_has_no_badge_at_zero_and_reads_in_vietnamese(cast):
    html = client_for(cast.owner.user, "vi").get("/my-tasks/").content.decode()
    assert 'href="/notifications/"' in html
    assert "bell-count" not in html


def test_the_login_page_has_no_bell(db):
    html = client_for(None).get("/login/").content.decode()
    assert "/notifications/" not in html


# --------------------------------------------------------------------------- the inbox


def test_the_inbox_lists_the_persons_own_notifications_newest_first_with_their_text(cast):
    notify(cast.owner.user, cast.task)  # created first: newest
    notify(cast.owner.user, cast.task, NotificationKind.DUE_SOON, days=3)
    notify(cast.leader.user, cast.task, NotificationKind.SUBMITTED, owner="Trần Thị Chủ Trì")
    response = client_for(cast.owner.user).get("/notifications/")
    page = text(response)
    assert response.status_code == 200
    assigned = f"Tổ trưởng assigned you the task “{cast.task.title}”, due 31/03/2026."
    due_soon = f"The task “{cast.task.title}” is due in 3 days, on 31/03/2026."
    assert page.index(assigned) < page.index(due_soon)
    assert "submitted the task" not in page
    assert page.count("New") >= 2


def test_opening_an_item_marks_it_read_and_goes_to_its_task(cast):
    item = notify(cast.owner.user, cast.task)
    client = client_for(cast.owner.user)
    response = client.post(f"/notifications/{item.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{cast.task.pk}/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert "bell-count" not in client.get("/my-tasks/").content.decode()


def test_nobody_opens_or_marks_another_persons_item(cast):
    item = notify(cast.leader.user, cast.task, NotificationKind.SUBMITTED)
    response = client_for(cast.owner.user).post(f"/notifications/{item.pk}/open/")
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_opening_is_a_post_not_a_link_a_crawler_could_follow(cast):
    item = notify(cast.owner.user, cast.task)
    assert client_for(cast.owner.user).get(f"/notifications/{item.pk}/open/").status_code == 405
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read_marks_only_the_persons_own(cast):
    notify(cast.owner.user, cast.task)
    notify(cast.owner.user, cast.task, NotificationKind.DUE_SOON, days=3)
    theirs = notify(cast.leader.user, cast.task, NotificationKind.SUBMITTED)
    response = client_for(cast.owner.user).post("/notifications/read-all/", follow=True)
    assert "Marked as read: 2." in messages_of(response)
    assert not Notification.objects.filter(recipient=cast.owner.user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_filter_leaves_out_what_was_read(cast):
    notify(cast.owner.user, cast.task)
    notify(cast.owner.user, cast.task, NotificationKind.DUE_TODAY, read=True)
    page = text(client_for(cast.owner.user).get("/notifications/", {"unread": "1"}))
    assert "assigned you the task" in page
    assert "is due today" not in page
    assert "is due today" in text(client_for(cast.owner.user).get("/notifications/"))


def test_the_inbox_shows_50_a_page(cast):
    for n in range(51):
        notify(cast.owner.user, cast.task, day=dt.date(2026, 1, 1) + dt.timedelta(days=n))
    client = client_for(cast.owner.user)
    assert len(client.get("/notifications/").context["entries"]) == 50
    assert len(client.get("/notifications/", {"page": "2"}).context["entries"]) == 1
    assert "Page 1 of 2" in text(client.get("/notifications/"))


def test_the_inbox_costs_the_same_queries_for_3_items_and_for_30(cast):
    # Session, login; the page's count and its rows with their tasks joined; the bell's
    # count; the menu's member and groups: 7 whatever the number of items.
    process = ProcessFactory(steps=1)
    tasks = [make_task(group=cast.group, owner=cast.owner, process=process) for _ in range(3)]
    Notification.objects.all().delete()
    for task in tasks:
        notify(cast.owner.user, task)
    three = query_count(cast.owner.user, "/notifications/")
    for n in range(27):
        notify(cast.owner.user, tasks[n % 3], day=dt.date(2026, 1, 1) + dt.timedelta(days=n))
    assert Notification.objects.filter(recipient=cast.owner.user).count() == 30
    assert query_count(cast.owner.user, "/notifications/") == three == 7


def test_the_inbox_needs_a_login(db):
    response = client_for(None).get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --------------------------------------------------------------------------- the settings


def settings_body(**changes):
    body = {
        "email": "on",
        "push": "on",
        "digest": "on",
        "email_kinds": [k for k in NotificationKind.values if k != NotificationKind.DUE_SOON],
        "push_kinds": [NotificationKind.ASSIGNED, NotificationKind.OVERDUE],
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_the_settings_are_saved_and_shown_again(cast):
    client = client_for(cast.owner.user)
    response = client.post("/notifications/settings/", settings_body(digest=None), follow=True)
    assert "Your notification settings are saved." in messages_of(response)
    row = NotificationSettings.objects.get(user=cast.owner.user)
    assert (row.email, row.push, row.digest) == (True, True, False)
    assert row.email_off == ["due_soon"]
    assert NotificationKind.ASSIGNED not in row.push_off and "due_today" in row.push_off
    html = client.get("/notifications/settings/").content.decode()
    assert 'name="email_kinds" value="due_soon" aria-labelledby="kind-due_soon email-due_soon">' in html
    assert 'name="push_kinds" value="assigned" aria-labelledby="kind-assigned push-assigned" checked>' in html


def test_a_person_who_never_chose_sees_every_channel_ticked(cast):
    html = client_for(cast.owner.user).get("/notifications/settings/").content.decode()
    assert html.count('type="checkbox" name="email_kinds"') == len(NotificationKind.values)
    assert html.count(" checked>") >= 2 * len(NotificationKind.values)


def test_an_unknown_kind_is_refused_next_to_the_field_without_a_server_error(cast):
    client = client_for(cast.owner.user)
    client.post("/notifications/settings/", settings_body())
    before = NotificationSettings.objects.values().get(user=cast.owner.user)
    response = client.post("/notifications/settings/", settings_body(push_kinds=["assigned", "lottery"]))
    assert response.status_code == 400
    assert response.context["form"].errors["push_kinds"]
    assert "Nothing was saved" in text(response)
    assert NotificationSettings.objects.values().get(user=cast.owner.user) == before


def test_a_new_calendar_address_replaces_the_old(cast):
    client = client_for(cast.owner.user)
    client.get("/notifications/settings/")
    old = NotificationSettings.objects.get(user=cast.owner.user).calendar_token
    response = client.post("/notifications/settings/calendar/", follow=True)
    assert "Your calendar has a new address" in messages_of(response)[0]
    assert NotificationSettings.objects.get(user=cast.owner.user).calendar_token != old


def test_the_phone_section_is_hidden_without_a_vapid_key(cast):
    with override_settings(
        VAPID_PUBLIC_KEY="", VAPID_PRIVATE_KEY="", VAPID_KEY_FILE="/nonexistent/vapid.pem"
    ):
        html = client_for(cast.owner.user).get("/notifications/settings/").content.decode()
    assert 'aria-labelledby="phone-heading" hidden>' in html


@override_settings(VAPID_PUBLIC_KEY="BPublicKeyOfTheServer")
def test_the_phone_section_gives_the_script_the_key_and_the_endpoint(cast):
    response = client_for(cast.owner.user).get("/notifications/settings/")
    html = response.content.decode()
    assert 'aria-labelledby="phone-heading">' in html
    assert 'data-vapid-key="BPublicKeyOfTheServer"' in html
    assert 'data-endpoint="/api/v1/push-subscriptions/"' in html
    assert '<script src="/static/web/push.js" defer></script>' in html
    assert 'data-worker="/sw.js"' in html
    assert "<script>" not in html and "style=" not in html  # the Content-Security-Policy


def test_the_push_script_and_its_worker_are_served(cast):
    client = client_for(cast.owner.user)
    for path in ("/static/web/push.js", "/sw.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"push" in body
