"""A person's devices: the tokens they are logged in with, listed and revoked one by one (issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import Device
from tests.api.api_helpers import API, EN, error

pytestmark = pytest.mark.django_db


def login(username: str, device: str | None = None, **headers: str) -> str:
    body = {"username": username, "password": "pass"}
    if device is not None:
        body["device"] = device
    response = APIClient(**headers).post(f"{API}auth/login/", body)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(token: str, **headers: str) -> APIClient:
    client = APIClient(**headers)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def devices(token: str) -> list[dict]:
    response = with_token(token).get(f"{API}auth/tokens/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_person_lists_their_devices_with_names_dates_and_the_current_one(cast):
    phone = login(cast.owner.user.username, device="Điện thoại Samsung A52")
    login(cast.owner.user.username, HTTP_USER_AGENT="TaskforceApp/1.4 (iPad; iOS 17.2)")
    login(cast.leader.user.username, device="Máy của tổ trưởng")

    listed = devices(phone)

    assert [d["name"] for d in listed] == ["TaskforceApp/1.4 (iPad; iOS 17.2)", "Điện thoại Samsung A52"]
    assert [d["current"] for d in listed] == [False, True]
    first = listed[1]
    assert set(first) == {"id", "name", "created", "last_used", "expiry", "current"}
    created = dt.datetime.fromisoformat(first["created"])
    assert created.utcoffset() == dt.timedelta(hours=7)
    assert abs(created - timezone.now()) < dt.timedelta(minutes=1)
    lifetime = dt.datetime.fromisoformat(first["expiry"]) - created
    assert dt.timedelta(days=29) < lifetime <= dt.timedelta(days=30)


def test_a_device_name_is_composed_on_one_line_and_cut_to_100_characters(cast):
    token = login(cast.owner.user.username, HTTP_USER_AGENT="Mo\u0301y  ti\u0301nh\tbảng " + "x" * 200)

    (device,) = devices(token)

    assert device["name"].startswith("Móy tính bảng x")
    assert len(device["name"]) == 100


def test_last_used_is_noted_at_most_once_a_minute(cast, django_assert_num_queries):
    token = login(cast.owner.user.username)
    device = Device.objects.get(token__user=cast.owner.user)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Device.objects.filter(pk=device.pk).update(last_used=an_hour_ago)

    assert with_token(token).get(f"{API}me/").status_code == 200
    device.refresh_from_db()
    assert abs(device.last_used - timezone.now()) < dt.timedelta(minutes=1)

    # Within the minute: no write; the user, member and device come with the token's query.
    client = with_token(token)
    client.get(f"{API}me/")
    with django_assert_num_queries(3):  # the token (joined), knox's look for expired tokens, the device
        client.get(f"{API}auth/tokens/{device.pk}/")


def test_revoking_a_lost_phone_logs_it_out_and_keeps_the_others(cast):
    desk = login(cast.owner.user.username, device="Máy tính")
    lost = login(cast.owner.user.username, device="Điện thoại bị mất")
    lost_id = next(d["id"] for d in devices(desk) if d["name"] == "Điện thoại bị mất")

    response = with_token(desk).delete(f"{API}auth/tokens/{lost_id}/")

    assert response.status_code == 204
    error(with_token(lost, **EN).get(f"{API}me/"), 401, "authentication_failed")
    assert [d["name"] for d in devices(desk)] == ["Máy tính"]


def test_another_persons_device_is_not_found_and_stays(cast):
    mine = login(cast.owner.user.username)
    theirs = login(cast.leader.user.username)
    their_id = devices(theirs)[0]["id"]

    error(with_token(mine, **EN).delete(f"{API}auth/tokens/{their_id}/"), 404, "not_found")
    error(with_token(mine, **EN).get(f"{API}auth/tokens/{their_id}/"), 404, "not_found")

    assert with_token(theirs).get(f"{API}me/").status_code == 200


def test_revoking_the_current_device_is_a_logout(cast):
    token = login(cast.owner.user.username)

    assert with_token(token).delete(f"{API}auth/tokens/{devices(token)[0]['id']}/").status_code == 204

    assert with_token(token).get(f"{API}me/").status_code == 401


def test_an_expired_or_revoked_token_is_not_listed(cast):
    current = login(cast.owner.user.username, device="Còn dùng")
    login(cast.owner.user.username, device="Hết hạn")
    expired = Device.objects.get(name="Hết hạn").token
    expired.expiry = timezone.now() - dt.timedelta(seconds=1)
    expired.save()

    assert [d["name"] for d in devices(current)] == ["Còn dùng"]


def test_the_device_list_costs_the_same_for_1_and_20_devices(cast, django_assert_num_queries):
    token = login(cast.owner.user.username)
    client = with_token(token)
    client.get(f"{API}auth/tokens/")  # last_used written now: the counted requests write nothing

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}auth/tokens/").status_code == 200
        return len(queries)

    one = count()
    for n in range(19):
        login(cast.owner.user.username, device=f"Thiết bị {n}")
    assert len(devices(token)) == 20
    assert count() == one == 4  # the token, knox's expired tokens, the page count, the page
