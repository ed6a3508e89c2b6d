"""The page “My devices”: a person sees the phones logged in with their account and logs one out."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api.api_helpers import API
from tests.web.web_helpers import client_for, messages_of, text

pytestmark = pytest.mark.django_db


def phone_login(username: str, device: str) -> str:
    response = APIClient().post(
        f"{API}auth/login/", {"username": username, "password": "pass", "device": device}
    )
    assert response.status_code == 200
    return response.json()["token"]


def works(token: str) -> bool:
    return APIClient().get(f"{API}me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_the_menu_links_to_my_devices(cast):
    html = client_for(cast.owner.user).get("/my-tasks/").content.decode()

    assert '<a href="/devices/">My devices</a>' in html


def test_the_page_lists_my_devices_and_not_anyone_elses(cast):
    phone_login(cast.owner.user.username, "Điện thoại Samsung A52")
    phone_login(cast.leader.user.username, "Máy của tổ trưởng")

    page = text(client_for(cast.owner.user).get("/devices/"))

    assert "Điện thoại Samsung A52" in page
    assert "Máy của tổ trưởng" not in page
    assert "Logged in" in page and "Last used" in page and "Expires" in page


def test_the_page_says_so_when_no_device_is_logged_in(cast):
    page = text(client_for(cast.owner.user, "vi").get("/devices/"))

    assert "Không có điện thoại hay chương trình nào đang đăng nhập bằng tài khoản của bạn." in page


def test_logging_out_a_lost_phone_from_the_page_revokes_its_token(cast):
    lost = phone_login(cast.owner.user.username, "Điện thoại bị mất")
    kept = phone_login(cast.owner.user.username, "Máy tính bảng")
    client = client_for(cast.owner.user)
    device_id = client.get("/devices/").context["tokens"][1].device.pk  # the older one: the lost phone

    response = client.post(f"/devices/{device_id}/revoke/", follow=True)

    assert messages_of(response) == ["Logged out: Điện thoại bị mất. It must log in again to be used."]
    assert (works(lost), works(kept)) == (False, True)
    assert [token.device.name for token in response.context["tokens"]] == ["Máy tính bảng"]


def test_another_persons_device_cannot_be_logged_out_from_the_page(cast):
    theirs = phone_login(cast.leader.user.username, "Máy của tổ trưởng")
    leader_page = client_for(cast.leader.user).get("/devices/")
    their_id = leader_page.context["tokens"][0].device.pk

    response = client_for(cast.owner.user).post(f"/devices/{their_id}/revoke/")

    assert response.status_code == 404
    assert works(theirs)


def test_the_page_needs_a_login(cast):
    response = client_for(None).get("/devices/")

    assert response.status_code == 302 and response["Location"].startswith("/login/")
