"""Token login and logout for phones; sessions for the browsable API; anonymous is 401."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.api.api_helpers import API, EN, client_for, error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(username: str, password: str = "pass", **headers: str):
    return APIClient(**headers).post(f"{API}auth/login/", {"username": username, "password": password})


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_login_answers_a_token_its_expiry_and_who_the_user_is(cast):
    response = login(cast.leader.user.username)

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"token", "expiry", "user"}
    expiry = dt.datetime.fromisoformat(data["expiry"])
    assert expiry.utcoffset() == dt.timedelta(hours=7)
    assert dt.timedelta(days=29) < expiry - timezone.now() <= dt.timedelta(days=30)
    assert data["user"]["username"] == cast.leader.user.username
    assert data["user"]["member"] == {"id": cast.leader.pk, "name": cast.leader.full_name}
    assert data["user"]["roles"] == ["standing", "leader", "member"]
    assert data["user"]["leads"] == [{"id": cast.group.pk, "number": 1, "name": cast.group.name}]


def test_the_token_authenticates_and_is_stored_only_hashed(cast):
    token = login(cast.owner.user.username).json()["token"]

    assert with_token(token).get(f"{API}me/").json()["username"] == cast.owner.user.username
    stored = AuthToken.objects.get(user=cast.owner.user)
    assert token not in (stored.digest, stored.token_key)


def test_a_wrong_password_gets_no_token(cast):
    response = login(cast.owner.user.username, "wrong", **EN)

    data = error(response, 400, "invalid_credentials")
    assert data["detail"] == "Wrong username or password."
    assert not AuthToken.objects.exists()


def test_a_deactivated_login_cannot_log_in(cast):
    user = UserFactory(username="gone", is_active=False)

    error(login(user.username), 400, "invalid_credentials")


def test_a_login_without_password_names_the_field(cast):
    response = APIClient(**EN).post(f"{API}auth/login/", {"username": "office"})

    assert error(response, 400, "invalid")["errors"] == {"password": ["This field is required."]}


def test_login_works_even_when_the_phone_sends_a_stale_token(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token expired-or-revoked")

    response = client.post(f"{API}auth/login/", {"username": cast.owner.user.username, "password": "pass"})

    assert response.status_code == 200


def test_logout_revokes_only_the_token_in_use(cast):
    phone = login(cast.owner.user.username).json()["token"]
    tablet = login(cast.owner.user.username).json()["token"]

    assert with_token(phone).post(f"{API}auth/logout/").status_code == 204

    error(with_token(phone).get(f"{API}me/"), 401, "authentication_failed")
    assert with_token(tablet).get(f"{API}me/").status_code == 200


def test_logout_everywhere_revokes_every_token_of_the_user(cast):
    phone = login(cast.owner.user.username).json()["token"]
    tablet = login(cast.owner.user.username).json()["token"]
    other = login(cast.leader.user.username).json()["token"]

    assert with_token(phone).post(f"{API}auth/logoutall/").status_code == 204

    assert with_token(tablet).get(f"{API}me/").status_code == 401
    assert with_token(other).get(f"{API}me/").status_code == 200


def test_an_expired_token_is_refused(cast):
    _instance, token = AuthToken.objects.create(user=cast.owner.user, expiry=dt.timedelta(seconds=-1))

    response = APIClient(**EN).get(f"{API}me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert error(response, 401, "authentication_failed")["detail"] == (
        "The token is invalid or has expired; log in again."
    )


@pytest.mark.parametrize(
    "path",
    ["me/", "tasks/", "wards/", "members/", "groups/", "processes/", "tasks/1/events/", "auth/logout/"],
)
def test_anonymous_gets_401_with_the_token_challenge(cast, path):
    method = "post" if path.startswith("auth/") else "get"

    response = getattr(APIClient(**EN), method)(f"{API}{path}")

    data = error(response, 401, "not_authenticated")
    assert data["detail"] == "Log in first: send “Authorization: Token <token>”."
    assert response.headers["WWW-Authenticate"] == "Token"


def test_me_describes_a_member_and_an_office_login(cast):
    member = client_for(cast.group_member.user).get(f"{API}me/").json()
    assert member["roles"] == ["member"]
    assert member["groups"] == [{"id": cast.group.pk, "number": 1, "name": cast.group.name}]
    assert member["leads"] == []

    office = client_for(cast.staff).get(f"{API}me/").json()
    assert (office["member"], office["roles"], office["groups"]) == (None, ["staff"], [])


def test_the_browsable_api_session_must_send_its_csrf_token_to_write(cast):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.owner.user)

    assert client.get(f"{API}tasks/").status_code == 200
    response = client.post(f"{API}tasks/{cast.task.pk}/start/")

    assert error(response, 403, "permission_denied")["detail"].startswith("CSRF Failed")


def test_the_browsable_api_renders_for_a_session(cast):
    client = APIClient()
    client.force_login(cast.leader.user)

    response = client.get(f"{API}tasks/{cast.task.pk}/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "Trần Thị Chủ Trì" in response.content.decode()
