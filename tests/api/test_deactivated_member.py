"""A deactivated member reads nothing: every read of the API is a 401, every page asks to log in.

Issue 10, item 7: a deactivated member still read the member list (with phone numbers),
groups, wards, targets and processes. docs/rules.md says they can no longer read. A
deactivated person is no longer a user of the app, as a deactivated login is: the API
refuses their token and their session alike with 401 (the token `authentication_failed`,
the session `not_authenticated`, since it has ended), and the pages send them to the login.
"""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assignments.models import Member
from tests.api.api_helpers import API, error
from tests.api.contract_helpers import api_v1_endpoints

pytestmark = pytest.mark.django_db


#: Lists only the office reads (403 for a member even while active).
OFFICE_ONLY = {"reference-changes/", "webhooks/"}


def get_routes() -> list[str]:
    return sorted(route for route, method in api_v1_endpoints() if method == "GET")


def path_of(route: str, cast) -> str:
    # The cast's task for every id: the refusal comes before any object is looked up.
    return API + route.replace("{}", str(cast.task.pk), 1).replace("{}", "1")


def test_every_read_of_the_api_is_refused_to_a_deactivated_member(cast):
    routes = get_routes()
    assert {"members/", "groups/", "wards/", "targets/", "processes/", "tasks/", "me/"} <= set(routes)
    user = cast.owner.user
    answer = APIClient().post(f"{API}auth/login/", {"username": user.username, "password": "pass"})
    token = answer.json()["token"]
    phone = APIClient()
    phone.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    browser = APIClient()
    browser.force_login(user)
    lists = [r for r in routes if "{}" not in r and r not in OFFICE_ONLY]
    before = {route: phone.get(path_of(route, cast)).status_code for route in lists}
    assert set(before.values()) == {200}, before

    Member.objects.filter(pk=cast.owner.pk).update(active=False)  # however it was done

    for route in routes:
        error(phone.get(path_of(route, cast)), 401, "authentication_failed")
        error(browser.get(path_of(route, cast)), 401, "not_authenticated")


PAGES = [
    "/my-tasks/",
    "/tasks/{task}/",
    "/groups/",
    "/groups/1/",
    "/dashboard/",
    "/dashboard/tasks/",
    "/devices/",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_sends_a_deactivated_member_to_the_login(cast, page):
    path = page.format(task=cast.task.pk)
    browser = Client()
    browser.force_login(cast.owner.user)
    assert browser.get(path).status_code == 200

    Member.objects.filter(pk=cast.owner.pk).update(active=False)
    response = browser.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
