"""The office's admin pages for webhooks: register an endpoint, read its delivery log,
send a test event, pause and resume."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assignments import clock, services
from assignments.models import WebhookDelivery, WebhookEndpoint
from assignments.webhooks import delivery
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:assignments_{model}_{view}", args=args)


@pytest.fixture
def office(cast, client):
    client.force_login(cast.staff)
    return client


def test_the_office_registers_an_endpoint_in_the_admin(office):
    response = office.post(
        url("webhookendpoint", "add"),
        {
            "name": "Cổng SMS",
            "url": "https://sms.example.org/hooks",
            "event_types": ["task.submitted"],
            "pause_after_hours": 24,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.event_types == ["task.submitted"]
    assert endpoint.secret.startswith("whsec_")
    page = office.get(url("webhookendpoint", "change", endpoint.pk), **EN).content.decode()
    assert endpoint.secret in page


def test_a_url_that_is_not_http_is_refused(office):
    response = office.post(
        url("webhookendpoint", "add"),
        {"name": "X", "url": "ftp://files.example.org/", "pause_after_hours": 24},
    )

    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not WebhookEndpoint.objects.exists()


def test_the_endpoint_page_shows_its_delivery_log(cast, office, receiver):
    endpoint = receiver.endpoint()
    receiver.status = 503
    services.task_start(task=cast.task, actor=cast.owner.user)
    delivery.deliver_due()

    page = office.get(url("webhookendpoint", "change", endpoint.pk), **EN).content.decode()

    assert "task.started" in page
    assert "HTTP 503" in page
    log = office.get(url("webhookdelivery", "changelist"), {"endpoint__id__exact": endpoint.pk}, **EN)
    assert log.status_code == 200
    assert "task.started" in log.content.decode()


def test_the_test_event_action_sends_one(office, receiver):
    endpoint = receiver.endpoint()

    response = office.post(
        url("webhookendpoint", "changelist"), {"action": "send_test_event", "_selected_action": [endpoint.pk]}
    )
    delivery.deliver_due()

    assert response.status_code == 302
    assert receiver.types() == ["webhook.test"]


def test_pause_and_resume_actions(office, receiver):
    endpoint = receiver.endpoint()
    changelist = url("webhookendpoint", "changelist")

    with clock.frozen_at(NOW + dt.timedelta(hours=1)):
        office.post(changelist, {"action": "pause", "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    assert (endpoint.active, endpoint.office_told_at is not None) == (False, True)
    endpoints_told = delivery.tell_office_of_pauses()
    assert endpoints_told == 0  # the office paused it itself: no mail

    with clock.frozen_at(NOW + dt.timedelta(hours=2)):
        office.post(changelist, {"action": "resume", "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    assert endpoint.active
    # Nothing happened meanwhile, and what happened before it existed is not its.
    assert not WebhookDelivery.objects.exists()


def test_members_have_no_webhook_pages(cast, client):
    client.force_login(cast.owner.user)

    assert client.get(url("webhookendpoint", "changelist")).status_code == 302  # to the login page
