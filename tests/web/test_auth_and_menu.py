"""Logging in and out, the language switch, where each role lands and what its menu offers."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.web.web_helpers import client_for, text

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_vietnamese_by_default_with_a_switch_to_english(cast):
    response = Client().get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'name="language" value="en"' in html and 'name="language" value="vi"' in html
    assert 'aria-pressed="true"' in html.split('value="vi"')[1].split(">")[0]


def test_the_language_switch_turns_the_pages_to_english_and_back():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in text(response)
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"}, follow=True)
    assert '<html lang="vi">' in response.content.decode()


def test_a_member_logs_in_with_the_password_and_lands_on_their_tasks(cast):
    client = Client(headers={"accept-language": "en"})
    response = client.post("/login/", {"username": cast.owner.user.username, "password": "pass"}, follow=True)
    assert response.redirect_chain[-1][0] == "/my-tasks/"
    assert "My tasks" in text(response)


def test_a_wrong_password_is_refused_on_the_login_page(cast):
    response = client_for(None).post("/login/", {"username": cast.owner.user.username, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in text(response)


def test_an_anonymous_visitor_is_sent_to_the_login_page():
    for path in ("/my-tasks/", "/dashboard/", "/groups/1/", "/tasks/1/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")
    assert Client().get("/")["Location"] == "/login/"


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("owner", "/my-tasks/"),
        ("group_member", "/my-tasks/"),
        ("leader", "/groups/1/"),
        ("standing", "/dashboard/"),
        ("staff", "/dashboard/"),
    ],
)
def test_home_takes_each_role_to_its_page(cast, role, landing):
    response = client_for(cast.user(role)).get("/")
    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_members_menu_offers_their_tasks_their_groups_board_and_the_summary(cast):
    page = text(client_for(cast.owner.user).get("/my-tasks/"))
    assert "My tasks" in page and "Group 1" in page and "Summary" in page
    assert "Group 2" not in page and "All groups" not in page and "Administration" not in page


def test_the_offices_menu_offers_every_group_the_summary_and_the_admin(cast):
    page = text(client_for(cast.staff).get("/dashboard/"))
    assert "All groups" in page and "Summary" in page and "Administration" in page
    assert "My tasks" not in page  # the office's login is no member: no task is theirs


def test_the_current_page_is_marked_in_the_menu(cast):
    html = client_for(cast.leader.user).get("/groups/1/").content.decode()
    assert '<a href="/groups/1/" aria-current="page">' in html
    assert '<a href="/groups/" aria-current="page">' not in html


def test_logging_out_ends_the_session(cast):
    client = client_for(cast.owner.user)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/my-tasks/").status_code == 302


def test_the_pages_have_landmarks_a_skip_link_and_labelled_navigation(cast):
    html = client_for(cast.owner.user).get("/my-tasks/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert '<nav class="site-nav" aria-label="Main menu">' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_every_address_in_a_page_is_the_apps_own(cast):
    html = client_for(cast.owner.user).get("/my-tasks/").content.decode()
    addresses = re.findall(r'(?:src|href|action)="([^"]*)"', html)
    assert addresses
    assert [a for a in addresses if a.startswith("//") or re.match(r"^[a-z]+:", a)] == []
    for asset in ("/static/web/app.css", "/static/web/app.js", "/static/web/icon.svg"):
        assert asset in addresses
        assert Client().get(asset).status_code == 200
