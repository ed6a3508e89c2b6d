"""The pages under their Content-Security-Policy, in a real browser (issue 10, item 9).

Each page opens and does its job with no breach of the policy reported (conftest.py fails
any test whose pages report one) and no request outside the app; an inline script
injected into a page does not run.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Browsing
from tests.e2e.test_pages import TITLE, Committee, committee  # noqa: F401  (the fixture)
from tests.factories import StaffUserFactory

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the tests are skipped (conftest.py)
    Page = Any  # type: ignore[assignment,misc]

pytestmark = pytest.mark.django_db(transaction=True)


def policy_of(page: Page, path: str, browsing: Browsing) -> str:
    response = page.goto(browsing.url(path))
    assert response is not None and response.status == 200, path
    return response.headers["content-security-policy"]


def test_the_members_and_leaders_pages_work_under_the_policy(browsing: Browsing, committee: Committee):  # noqa: F811
    page = browsing.page()
    browsing.log_in(page, "leader")
    for path in (
        "/groups/1/",
        "/my-tasks/",
        f"/tasks/{committee.task.pk}/",
        f"/dashboard/?{committee.period}",
    ):
        policy = policy_of(page, path, browsing)
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # The dashboard's charts are drawn, the task page's forms work: a note is added.
    page.goto(browsing.url(f"/dashboard/?{committee.period}"))
    expect(page.locator("svg.chart[role=img]")).to_have_count(3)
    page.goto(browsing.url(f"/tasks/{committee.task.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.goto(browsing.url("/devices/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My devices")


def test_an_injected_inline_script_does_not_run(browsing: Browsing, committee: Committee):  # noqa: F811
    page = browsing.page()
    browsing.log_in(page, "member")
    page.goto(browsing.url(f"/tasks/{committee.task.pk}/"))

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.appendChild(script);
          const button = document.createElement("button");
          button.setAttribute("onclick", "window.clicked = true");
          document.body.appendChild(button);
          button.click();
        }"""
    )

    assert page.evaluate("window.injected === undefined && window.clicked === undefined")
    assert any("script-src" in v for v in browsing.csp_violations())
    browsing.forget_violations()  # breached on purpose


def test_the_admin_works_under_the_policy(browsing: Browsing, committee: Committee):  # noqa: F811
    StaffUserFactory(username="office", is_superuser=True)
    page = browsing.page()
    page.goto(browsing.url("/admin/login/"))
    page.fill("#id_username", "office")
    page.fill("#id_password", "pass")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    for path in ("/admin/", "/admin/assignments/task/", "/admin/assignments/member/"):
        policy_of(page, path, browsing)
    # A change form with its widgets (the two-list selection is drawn by the admin's scripts).
    page.goto(browsing.url(f"/admin/assignments/member/{committee.member.pk}/change/"))
    expect(page.locator("#id_wards_from")).to_be_visible()
    page.goto(browsing.url(f"/admin/assignments/task/{committee.task.pk}/change/"))
    expect(page.locator("#content h1")).to_be_visible()


def test_the_api_docs_work_under_the_policy_and_ask_nothing_outside(browsing: Browsing, db):
    page = browsing.page()

    policy = policy_of(page, "/api/docs/", browsing)
    expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)  # Swagger UI drew the operations
    assert "script-src 'self'" in policy and "script-src 'self' 'unsafe" not in policy

    policy = policy_of(page, "/api/redoc/", browsing)
    expect(page.locator(".api-content h1").first).to_be_visible(timeout=30_000)  # Redoc drew the schema
    expect(page.get_by_text("API docs by Redocly")).to_be_visible()
    assert "script-src 'self'" in policy and "script-src 'self' 'unsafe" not in policy
    assert not [url for url in browsing.requests if "redoc.ly" in url]


def test_the_browsable_api_works_under_the_policy(browsing: Browsing, committee: Committee):  # noqa: F811
    page = browsing.page()
    browsing.log_in(page, "leader")
    policy_of(page, f"/api/v1/tasks/{committee.task.pk}/", browsing)
    expect(page.locator(".response-info")).to_contain_text(TITLE)
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").click()  # DRF's login page, under the policy too
    page.fill("#id_username", "leader")
    page.fill("#id_password", "pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".response-info")).to_contain_text(TITLE)
