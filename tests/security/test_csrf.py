"""CSRF: a write made with a browser's session needs the CSRF token; a phone's token does not.

A page on another site can make the browser of a logged-in committee member send a
POST with their session cookie, but it cannot read the CSRF token. The session is used
by the browsable API and the admin; phones send `Authorization: Token`, which no other
site can make a browser send. The refusal of a session write without the token is
tests/api/test_auth.py::test_the_browsable_api_session_must_send_its_csrf_token_to_write.
"""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from api.tokens import token_issue
from assignments.models import Note, Ward
from tests.api.api_helpers import task_url

pytestmark = pytest.mark.django_db


def session_client(user) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(client) -> str:
    """What a page of the site gives the browser: the cookie, readable by the site's own pages."""
    client.get("/api/session/login/")
    return client.cookies["csrftoken"].value


def test_a_session_post_with_the_csrf_token_goes_through(cast):
    client = session_client(cast.owner.user)

    response = client.post(
        task_url(cast.task, "notes/"),
        {"text": "Gửi từ trang của hệ thống"},
        format="json",
        HTTP_X_CSRFTOKEN=csrf_token(client),
    )

    assert response.status_code == 201
    assert Note.objects.count() == 1


def test_a_token_post_needs_no_csrf_token(cast):
    _, token = token_issue(user=cast.owner.user)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.post(task_url(cast.task, "notes/"), {"text": "Từ điện thoại"}, format="json")

    assert response.status_code == 201


def test_an_admin_form_posted_without_the_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.staff)

    response = client.post("/admin/assignments/ward/add/", {"code": "00999", "name": "Phường giả"})

    assert response.status_code == 403
    assert not Ward.objects.filter(code="00999").exists()
