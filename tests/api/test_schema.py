"""The OpenAPI schema: valid, complete, published in docs/openapi.yaml; the docs pages
work without internet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

PUBLISHED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
REGENERATE = "manage.py spectacular --validate --fail-on-warn --lang en --file docs/openapi.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    """The schema as the published file is made: validated, no warning, in English."""
    target = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--lang", "en", "--file", str(target))
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schema(generated) -> dict:
    return yaml.safe_load(generated)


def test_the_published_schema_is_up_to_date(generated):
    published = PUBLISHED.read_text(encoding="utf-8") if PUBLISHED.exists() else ""

    stale = yaml.safe_load(published) != yaml.safe_load(generated)
    assert not stale, f"docs/openapi.yaml is stale: run {REGENERATE}"


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def has_example(operation: dict) -> bool:
    bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
    return any(media.get("examples") for body in bodies for media in body.get("content", {}).values())


def test_every_operation_is_documented_with_summary_tags_errors_and_an_example(schema):
    for name, operation in operations(schema):
        assert operation.get("summary"), f"{name}: no summary"
        assert operation.get("tags"), f"{name}: no tag"
        assert has_example(operation), f"{name}: no example"
        errors = [code for code in operation["responses"] if code.startswith("4")]
        assert errors, f"{name}: no error response"
        for code in errors:
            content = operation["responses"][code]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}, f"{name} {code}: not the error shape"
        if operation.get("security") != [{}] and name != "POST /api/v1/auth/login/":
            assert "401" in operation["responses"], f"{name}: an authenticated operation without its 401"
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert "Accept-Language" in headers, f"{name}: no Accept-Language"


def test_the_phone_headers_are_documented_where_they_apply(schema):
    for name, operation in operations(schema):
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        is_task_write = re.match(r"(POST|PATCH) /api/v1/tasks/\{(id|task_id)\}/", name)
        if is_task_write:
            assert "If-Match" in headers, f"{name}: no If-Match"
        if re.match(r"POST /api/v1/tasks/(\{task_id\}/(measurements|notes)/)?$", name):
            assert "Idempotency-Key" in headers, f"{name}: no Idempotency-Key"
    detail = schema["paths"]["/api/v1/tasks/{id}/"]["get"]["responses"]["200"]
    assert "ETag" in detail["headers"]


def test_the_token_scheme_is_knoxs_authorization_header(schema):
    scheme = schema["components"]["securitySchemes"]["knoxApiToken"]

    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "Token" in scheme["description"]


def test_the_login_is_public_and_the_rest_needs_a_token(schema):
    login = schema["paths"]["/api/v1/auth/login/"]["post"]
    tasks = schema["paths"]["/api/v1/tasks/"]["get"]

    assert login.get("security", [{}]) == [{}]
    assert {"knoxApiToken": []} in tasks["security"]


# --------------------------------------------------------------------------- the pages


@pytest.mark.django_db
def test_anonymous_reads_the_schema():
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Taskforce API"


_OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)
_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_load_for_anonymous_and_reference_no_outside_host(page):
    response = APIClient().get(page)

    assert response.status_code == 200
    html = response.content.decode()
    assert not _OUTSIDE.search(html), _OUTSIDE.search(html)
    assert "fonts.googleapis" not in html
    assets = [a for a in _ASSET.findall(html) if a.startswith("/static/")]
    assert assets, "the page loads no asset of its own"
    for asset in assets:
        name = asset.split("/static/", 1)[1].split("?")[0]
        assert finders.find(name), f"{asset} is not among the static files"
        assert APIClient().get(asset).status_code == 200, f"{asset} is not served"


def test_swagger_ui_does_not_send_the_schema_to_an_outside_validator():
    assert settings.SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"]["validatorUrl"] is None


@pytest.mark.django_db
def test_the_browsable_api_has_a_session_login_page():
    response = APIClient().get("/api/session/login/")

    assert response.status_code == 200
