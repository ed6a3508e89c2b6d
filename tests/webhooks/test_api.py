"""`webhooks/`: the office registers, edits, removes and resumes endpoints and reads their
delivery log; nobody else does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from standardwebhooks import Webhook

from assignments import clock, services
from assignments.models import WebhookDelivery, WebhookEndpoint
from assignments.webhooks import delivery
from tests.api.api_helpers import API, EN, client_for, error
from tests.conftest import NOW

URL = f"{API}webhooks/"
BODY = {"name": "Cổng SMS", "url": "https://sms.example.org/hooks", "event_types": ["task.submitted"]}

pytestmark = pytest.mark.django_db


def an_endpoint(**fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(name="Tỉnh", url="https://tracker.example.org/hooks", **fields)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("post", ""),
        ("get", "{id}/"),
        ("patch", "{id}/"),
        ("delete", "{id}/"),
        ("post", "{id}/resume/"),
        ("get", "{id}/deliveries/"),
    ],
)
def test_members_are_refused_and_anonymous_callers_asked_to_log_in(cast, method, path):
    endpoint = an_endpoint()
    route = URL + path.format(id=endpoint.pk)

    for member in (cast.owner.user, cast.leader.user, cast.standing.user):
        data = error(getattr(client_for(member, **EN), method)(route, {}, format="json"), 403)
        assert data["detail"] == "Only the committee office manages webhooks."
    error(getattr(client_for(None), method)(route, {}, format="json"), 401)
    assert WebhookEndpoint.objects.get().name == "Tỉnh"


def test_the_office_registers_an_endpoint_and_gets_its_secret(cast):
    office = client_for(cast.staff)

    created = office.post(URL, BODY, format="json")

    assert created.status_code == 201, created.content
    data = created.json()
    assert data["secret"].startswith("whsec_")
    Webhook(data["secret"])  # a secret the library takes
    assert (data["name"], data["url"], data["event_types"], data["active"]) == (
        "Cổng SMS",
        "https://sms.example.org/hooks",
        ["task.submitted"],
        True,
    )
    assert data["pause_after_hours"] == 24
    assert WebhookEndpoint.objects.get().secret == data["secret"]
    # On its own page too; not in the list.
    assert office.get(f"{URL}{data['id']}/").json()["secret"] == data["secret"]
    listed = office.get(URL).json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]
    assert "secret" not in listed["results"][0]


def test_the_secret_cannot_be_chosen_or_changed(cast):
    office = client_for(cast.staff)
    created = office.post(URL, {**BODY, "secret": "whsec_chosen"}, format="json").json()

    office.patch(f"{URL}{created['id']}/", {"secret": "whsec_other"}, format="json")

    assert WebhookEndpoint.objects.get().secret == created["secret"] != "whsec_chosen"


def test_the_office_edits_and_removes_an_endpoint(cast):
    office = client_for(cast.staff)
    endpoint = an_endpoint(event_types=["task.accepted"])

    patched = office.patch(
        f"{URL}{endpoint.pk}/", {"event_types": [], "pause_after_hours": 48}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["event_types"], patched.json()["pause_after_hours"]) == ([], 48)
    replaced = office.put(f"{URL}{endpoint.pk}/", BODY, format="json")
    assert replaced.status_code == 200, replaced.content
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.event_types) == ("Cổng SMS", ["task.submitted"])

    assert office.delete(f"{URL}{endpoint.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    error(office.get(f"{URL}{endpoint.pk}/"), 404)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://files.example.org/hooks"}, "url"),
        ({"url": ""}, "url"),
        ({"name": ""}, "name"),
        ({"event_types": ["task.nothing"]}, "event_types"),
        ({"event_types": "task.submitted"}, "event_types"),
        ({"pause_after_hours": 0}, "pause_after_hours"),
    ],
)
def test_a_bad_field_is_a_400_naming_it(cast, change, field):
    response = client_for(cast.staff).post(URL, {**BODY, **change}, format="json")

    data = error(response, 400)
    # A list's bad item is named with its index (`event_types.0`), as everywhere in the API.
    assert [name.split(".")[0] for name in data["errors"]] == [field], data
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_is_newest_first_and_filters_by_status(cast):
    endpoint = an_endpoint()
    other = an_endpoint()
    owner = cast.owner.user
    with clock.frozen_at(NOW + dt.timedelta(minutes=1)):
        services.task_start(task=cast.task, actor=owner)
    with clock.frozen_at(NOW + dt.timedelta(minutes=2)):
        services.task_pause(task=cast.task, actor=owner, note="Chờ ý kiến")
    WebhookDelivery.objects.filter(message__type="task.started").update(status="delivered")
    office = client_for(cast.staff)

    log = office.get(f"{URL}{endpoint.pk}/deliveries/").json()
    waiting = office.get(f"{URL}{endpoint.pk}/deliveries/", {"status": "pending"}).json()

    assert [row["type"] for row in log["results"]] == ["task.paused", "task.started"]
    assert log["count"] == 2  # the other endpoint's deliveries are its own
    assert [row["type"] for row in waiting["results"]] == ["task.paused"]
    row = waiting["results"][0]
    assert row["message_id"].startswith("msg_")
    assert row["next_attempt_at"] is not None
    assert WebhookDelivery.objects.filter(endpoint=other).count() == 2
    error(office.get(f"{URL}{endpoint.pk}/deliveries/", {"status": "lost"}), 400)
    error(office.get(f"{URL}999999/deliveries/"), 404)


def test_the_delivery_log_costs_the_same_for_one_row_or_thirty(cast):
    endpoint = an_endpoint()
    office = client_for(cast.staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert office.get(f"{URL}{endpoint.pk}/deliveries/").status_code == 200
        return len(captured)

    services.task_start(task=cast.task, actor=cast.owner.user)
    one = queries()
    for n in range(29):
        services.note_add(task=cast.task, actor=cast.owner.user, text=f"Ghi chú {n}")
    assert WebhookDelivery.objects.count() == 30
    assert queries() == one


def test_the_office_resumes_a_paused_endpoint(cast, receiver):
    endpoint = receiver.endpoint(pause_after_hours=1)
    receiver.status = 500
    services.task_start(task=cast.task, actor=cast.owner.user)
    delivery.deliver_due()
    with clock.frozen_at(NOW + dt.timedelta(hours=1)):
        delivery.deliver_due()
    assert not WebhookEndpoint.objects.get().active
    paused = client_for(cast.staff).get(f"{URL}{endpoint.pk}/").json()
    assert paused["active"] is False and paused["paused_at"] and "HTTP 500" in paused["reason"]

    receiver.status = 200
    resumed = client_for(cast.staff).post(f"{URL}{endpoint.pk}/resume/")

    assert resumed.status_code == 200, resumed.content
    assert (resumed.json()["active"], resumed.json()["paused_at"], resumed.json()["reason"]) == (
        True,
        None,
        "",
    )
    delivery.deliver_due()
    assert receiver.types() == ["task.started"]
