"""The API's documentation: a valid OpenAPI 3 schema, and two pages that work offline.

docs/api.md: the schema at /api/schema/, Swagger UI at /api/docs/, Redoc at /api/redoc/; both
pages work with no internet, their assets served by the app itself; anonymous users may
read them (docs/rules.md: 401 everywhere in the API except login and the docs).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from tests.api.contract_helpers import body

PAGES = [pytest.param("/api/docs/", id="Swagger UI"), pytest.param("/api/redoc/", id="Redoc")]
OWN_HOSTS = {"", "testserver"}


class References(HTMLParser):
    """Every URL a page makes the browser fetch or follow: src, href, srcset, spec-url."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("src", "href", "spec-url", "data", "action", "poster"):
                self.urls.append(value)
            elif value and name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline.append(data)


def references(html: str) -> References:
    parser = References()
    parser.feed(html)
    return parser


def anonymous_get(path: str):
    return APIClient().get(path)


@pytest.fixture
def schema(db) -> dict:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, f"/api/schema/: {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


def test_the_schema_is_served_to_anonymous_users_and_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document


DOCUMENTED = [
    "auth/login/", "auth/logout/", "me/", "wards/", "wards/{}/", "members/", "members/{}/", "groups/",
    "groups/{}/", "processes/", "processes/{}/", "tasks/", "tasks/{}/", "tasks/{}/start/",
    "tasks/{}/submit/", "tasks/{}/accept/", "tasks/{}/return/", "tasks/{}/pause/", "tasks/{}/resume/",
    "tasks/{}/cancel/", "tasks/{}/reassign/", "tasks/{}/extend/", "tasks/{}/steps/{}/complete/",
    "tasks/{}/measurements/", "tasks/{}/notes/", "tasks/{}/events/",
]  # fmt: skip


def schema_routes(schema: dict) -> set[str]:
    return {re.sub(r"\{[^}]+\}", "{}", path).removeprefix("/api/v1/") for path in schema["paths"]}


def test_every_endpoint_api_md_names_is_in_the_schema(schema):
    missing = sorted(set(DOCUMENTED) - schema_routes(schema))
    assert not missing, f"not in the schema: {missing}"


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def test_every_operation_documents_its_errors_in_the_one_error_shape(schema):
    """docs/api.md: one shape for every 4xx, documented in the schema."""
    undocumented = []
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            errors = {code: r for code, r in operation.get("responses", {}).items() if code.startswith("4")}
            shaped = [
                code
                for code, response in errors.items()
                if {"code", "detail"}
                <= set(
                    _resolve(
                        schema, response.get("content", {}).get("application/json", {}).get("schema", {})
                    ).get("properties", {})
                )
            ]
            if not shaped:
                undocumented.append(f"{method.upper()} {path}")
    assert not undocumented, f"operations without an error response in the error shape: {undocumented}"


def test_every_operation_has_a_summary(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("get", "post", "put", "patch", "delete") and not operation.get("summary")
    ]
    assert not missing, f"operations without a summary: {missing}"


@pytest.mark.parametrize("page", PAGES)
def test_the_docs_page_loads_for_an_anonymous_user(db, page):
    response = anonymous_get(page)
    assert response.status_code == 200, f"{page}: {response.status_code} {body(response)}"
    assert "text/html" in response["Content-Type"]


@pytest.mark.parametrize("page", PAGES)
def test_the_docs_page_references_no_outside_host(db, page):
    html = anonymous_get(page).content.decode()
    found = references(html)
    outside = [
        u for u in found.urls if urlsplit(urljoin(f"http://testserver{page}", u)).hostname not in OWN_HOSTS
    ]
    # URLs written in inline scripts and styles count too (e.g. a font loaded from a CDN).
    inline = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", "\n".join(found.inline))
    assert not outside + inline, f"{page} reaches outside hosts: {outside + inline}"


@pytest.mark.parametrize("page", PAGES)
def test_the_assets_a_docs_page_references_are_served_by_the_app(db, page):
    found = references(anonymous_get(page).content.decode())
    local = [urljoin(page, u) for u in found.urls if not urlsplit(u).scheme and not u.startswith("//")]
    assets = [u for u in local if not u.startswith("/api/schema")]
    assert assets, f"{page} references no assets"
    failing = {}
    for asset in assets:
        response = APIClient().get(asset)
        if response.status_code != 200:
            failing[asset] = response.status_code
    assert not failing, f"{page}: assets not served: {failing}"


@pytest.mark.parametrize("page", PAGES)
def test_the_docs_page_points_at_the_local_schema(db, page):
    html = anonymous_get(page).content.decode()
    # Swagger UI's settings are a script of their own (no inline script: the CSP).
    scripts = [urljoin(page, u) for u in references(html).urls if "?script" in u]
    text = html + "".join(APIClient().get(script).content.decode() for script in scripts)
    assert "/api/schema/" in text
