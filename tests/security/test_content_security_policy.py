"""Every answer carries a Content-Security-Policy; no page lets an inline script run.

The pages' behaviour under the policy, in a real browser, is tests/e2e/test_csp.py; here,
the header itself, page by page, and the Redoc bundle that asks nothing outside the app.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.web_helpers import client_for

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in parts}


def test_the_pages_allow_only_the_apps_own_scripts_and_styles(cast):
    client = client_for(cast.leader.user)
    for path in ("/my-tasks/", "/groups/1/", f"/tasks/{cast.task.pk}/", "/dashboard/", "/devices/"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "<script>" not in response.content.decode()  # nothing inline for the policy to refuse


def test_the_login_the_admin_and_the_api_carry_the_policy_too(cast):
    office = Client()
    office.force_login(cast.staff)
    for response in (
        Client().get("/login/"),
        office.get("/admin/"),
        office.get("/api/v1/tasks/"),
        Client().get("/api/v1/tasks/"),  # a 401 as well
    ):
        assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/", "/api/v1/tasks/", "/api/session/login/"])
def test_the_library_pages_allow_inline_styles_but_never_inline_scripts(cast, path):
    client = Client()
    client.force_login(cast.leader.user)

    response = client.get(path, HTTP_ACCEPT="text/html")

    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    html = response.content.decode()
    assert "<script>" not in html and "onclick" not in html


def test_the_redoc_bundle_asks_for_no_logo_outside_the_app(db):
    page = Client().get("/api/redoc/").content.decode()
    assert 'src="/api/redoc/redoc.standalone.js"' in page
    assert "fonts.googleapis.com" not in page

    response = Client().get("/api/redoc/redoc.standalone.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    bundle = response.content.decode()
    assert "cdn.redoc.ly" not in bundle
    assert "Redoc" in bundle and len(bundle) > 500_000
    again = Client().get("/api/redoc/redoc.standalone.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
