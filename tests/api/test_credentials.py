"""A password change, by the person or by the office, and a deactivation end every login.

Issue 10, item 1: after the office set a new password in the admin, the person's token
kept working. Now a token issued before any password change is refused, whatever path
changed it (the admin's forms, `manage.py changepassword`, the API's `auth/password/`),
and a deactivated login or member loses every token and session (docs/security.md).
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from api.models import Device
from tests.api.api_helpers import API, EN, error
from tests.factories import MemberFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW = "Cờ-đỏ-sao-vàng-1945"


def login(username: str, password: str = "pass", device: str = "Điện thoại", **headers: str) -> str:
    response = APIClient(**headers).post(
        f"{API}auth/login/", {"username": username, "password": password, "device": device}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(token: str, **headers: str) -> APIClient:
    client = APIClient(**headers)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def me(token: str) -> int:
    return with_token(token).get(f"{API}me/").status_code


def office_admin(superuser: bool = True) -> Client:
    office = StaffUserFactory(username="office-admin", is_superuser=superuser)
    client = Client()
    client.force_login(office)
    return client


def web_session(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/my-tasks/").status_code == 200
    return client


def ended(client: Client) -> bool:
    response = client.get("/my-tasks/")
    return response.status_code == 302 and response["Location"].startswith("/login/")


# --------------------------------------------------------------------------- the office sets it


def test_a_password_set_by_the_office_in_the_member_form_revokes_the_old_token(cast):
    token = login(cast.owner.user.username)
    page = web_session(cast.owner.user)
    admin = office_admin()

    response = admin.post(
        f"/admin/assignments/member/{cast.owner.pk}/change/",
        {
            "full_name": cast.owner.full_name,
            "title": cast.owner.title,
            "phone": "",
            "active": "on",
            "password1": NEW,
            "password2": NEW,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    error(with_token(token, **EN).get(f"{API}me/"), 401, "authentication_failed")
    assert not AuthToken.objects.filter(user=cast.owner.user).exists()  # deleted, not only refused
    assert ended(page)
    assert me(login(cast.owner.user.username, NEW)) == 200


def test_a_password_set_in_djangos_own_login_admin_revokes_the_old_token(cast):
    token = login(cast.owner.user.username)

    response = office_admin().post(
        f"/admin/auth/user/{cast.owner.user.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert me(token) == 401


def test_a_password_set_with_manage_py_changepassword_revokes_the_old_token(cast, monkeypatch):
    token = login(cast.owner.user.username)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)

    call_command("changepassword", cast.owner.user.username, stdout=io.StringIO())

    assert me(token) == 401


def test_a_password_set_anywhere_else_revokes_the_old_token_too(cast):
    """No path needs to remember to revoke: a token is stamped with the password it was issued under."""
    token = login(cast.owner.user.username)
    user = User.objects.get(pk=cast.owner.user.pk)
    user.set_password(NEW)
    user.save()

    assert me(token) == 401
    assert not AuthToken.objects.filter(user=user).exists()


def test_a_new_hash_of_the_same_password_keeps_the_tokens(cast, settings):
    """Django rehashes a password with its present hasher at login (after an upgrade): not a change."""
    phone = login(cast.owner.user.username)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    tablet = login(cast.owner.user.username)  # checks "pass" and stores it as PBKDF2

    assert User.objects.get(pk=cast.owner.user.pk).password.startswith("pbkdf2_sha256$")
    assert (me(phone), me(tablet)) == (200, 200)


def test_a_token_without_its_device_row_is_refused(cast):
    """Every token is issued with its stamp (api/tokens.py); one made around that is not trusted."""
    _instance, token = AuthToken.objects.create(user=cast.owner.user)

    assert me(token) == 401


# --------------------------------------------------------------------------- the person changes it


def change(token: str, old: str, new: str, **headers: str):
    return with_token(token, **headers).post(
        f"{API}auth/password/", {"old_password": old, "new_password": new}
    )


def test_changing_my_password_revokes_my_other_tokens_and_answers_a_new_one(cast):
    phone = login(cast.owner.user.username, device="Điện thoại Samsung A52")
    tablet = login(cast.owner.user.username, device="Máy tính bảng")
    other_person = login(cast.leader.user.username)
    page = web_session(cast.owner.user)

    response = change(phone, "pass", NEW)

    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == {"token", "expiry", "user"}
    assert data["user"]["username"] == cast.owner.user.username
    assert (me(phone), me(tablet), me(other_person)) == (401, 401, 200)
    assert me(data["token"]) == 200
    assert ended(page)
    # The new token is the same device's: its name carries over.
    assert list(Device.objects.filter(token__user=cast.owner.user).values_list("name", flat=True)) == [
        "Điện thoại Samsung A52"
    ]
    # The new password is the one that logs in now.
    assert me(login(cast.owner.user.username, NEW)) == 200
    error(
        APIClient(**EN).post(f"{API}auth/login/", {"username": cast.owner.user.username, "password": "pass"}),
        400,
        "invalid_credentials",
    )


def test_a_wrong_old_password_is_a_400_naming_it_and_changes_nothing(cast):
    token = login(cast.owner.user.username)

    english = error(change(token, "wrong", NEW, **EN), 400, "invalid")
    vietnamese = error(change(token, "wrong", NEW), 400, "invalid")

    assert english["errors"] == {"old_password": ["The current password is wrong."]}
    assert vietnamese["errors"] == {"old_password": ["Mật khẩu hiện tại không đúng."]}
    assert me(token) == 200
    assert User.objects.get(pk=cast.owner.user.pk).check_password("pass")


@pytest.mark.parametrize(
    ("new", "vietnamese"),
    [
        ("abc", "Mật khẩu quá ngắn. Nó phải chứa ít nhất 8 ký tự."),
        ("password", "Mật khẩu này quá phổ biến."),
        ("84912345678", "Mật khẩu này hoàn toàn là số."),
    ],
)
def test_a_weak_new_password_is_a_400_in_vietnamese_naming_it(cast, new, vietnamese):
    token = login(cast.owner.user.username)

    data = error(change(token, "pass", new), 400, "invalid")

    assert vietnamese in data["errors"]["new_password"]
    assert set(data["errors"]) == {"new_password"}
    assert me(token) == 200


def test_a_password_similar_to_the_username_is_refused(cast):
    user = UserFactory(username="nguyenvanhung")
    token = login(user.username)

    data = error(change(token, "pass", "nguyenvanhung1", **EN), 400, "invalid")

    assert data["errors"]["new_password"] == ["The password is too similar to the username."]


def test_the_password_change_needs_both_fields_and_a_login(cast):
    token = login(cast.owner.user.username)

    data = error(with_token(token, **EN).post(f"{API}auth/password/", {}), 400, "invalid")
    assert set(data["errors"]) == {"old_password", "new_password"}
    error(APIClient().post(f"{API}auth/password/", {"old_password": "pass", "new_password": NEW}), 401)


def test_wrong_old_passwords_count_toward_the_login_limits(cast, settings):
    """A stolen token is not a way to guess the password."""
    settings.LOGIN_FAILURES_PER_USERNAME = 4  # from the 2nd failure on, each try waits
    token = login(cast.owner.user.username)
    for _ in range(2):
        error(change(token, "wrong", NEW), 400, "invalid")

    response = change(token, "pass", NEW)  # the right one, too soon: not even checked

    error(response, 429, "throttled")
    assert response.headers["Retry-After"] == "1"
    assert User.objects.get(pk=cast.owner.user.pk).check_password("pass")


# --------------------------------------------------------------------------- deactivation


def test_deactivating_a_member_in_the_admin_ends_their_tokens_and_sessions(cast):
    token = login(cast.owner.user.username)
    page = web_session(cast.owner.user)

    response = office_admin(superuser=False).post(
        "/admin/assignments/member/",
        {"action": "deactivate", "_selected_action": [cast.owner.pk]},
    )

    assert response.status_code == 302
    assert me(token) == 401
    assert ended(page)
    assert not AuthToken.objects.filter(user=cast.owner.user).exists()
    # Reactivated, the person logs in again; the old token stays revoked.
    office_admin_client = Client()
    office_admin_client.force_login(User.objects.get(username="office-admin"))
    office_admin_client.post(
        "/admin/assignments/member/", {"action": "reactivate", "_selected_action": [cast.owner.pk]}
    )
    assert me(token) == 401
    assert me(login(cast.owner.user.username)) == 200


def test_deactivating_a_member_in_the_member_form_ends_their_logins(cast):
    token = login(cast.owner.user.username)

    office_admin().post(
        f"/admin/assignments/member/{cast.owner.pk}/change/",
        {"full_name": cast.owner.full_name, "title": cast.owner.title, "phone": ""},  # "active" unticked
    )

    cast.owner.refresh_from_db()
    assert not cast.owner.active
    assert not AuthToken.objects.filter(user=cast.owner.user).exists()
    assert me(token) == 401


def test_deactivating_a_member_through_the_api_ends_their_logins(cast):
    token = login(cast.owner.user.username)
    office = login(cast.staff.username)

    response = with_token(office).patch(f"{API}members/{cast.owner.pk}/", {"active": False})

    assert response.status_code == 200
    assert not AuthToken.objects.filter(user=cast.owner.user).exists()
    assert me(token) == 401


def test_deactivating_a_login_in_djangos_admin_ends_its_tokens_and_sessions(cast):
    token = login(cast.owner.user.username)
    page = web_session(cast.owner.user)
    user = cast.owner.user

    response = office_admin().post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "09:00:00",
        },  # "is_active" unticked
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert not AuthToken.objects.filter(user=user).exists()
    assert me(token) == 401
    assert ended(page)


def test_a_member_deactivated_behind_the_services_back_is_refused_all_the_same(cast):
    """A raw update skips the revocation; every request still asks who may sign in."""
    token = login(cast.owner.user.username)
    page = web_session(cast.owner.user)

    type(cast.owner).objects.filter(pk=cast.owner.pk).update(active=False)

    error(with_token(token, **EN).get(f"{API}tasks/"), 401, "authentication_failed")
    assert ended(page)
    error(
        APIClient(**EN).post(f"{API}auth/login/", {"username": cast.owner.user.username, "password": "pass"}),
        400,
        "invalid_credentials",
    )


def test_an_office_login_whose_member_record_is_retired_keeps_the_offices_access(cast):
    member = MemberFactory(user=StaffUserFactory(username="office-member"), active=False)
    token = login(member.user.username)

    assert with_token(token).get(f"{API}members/").status_code == 200
