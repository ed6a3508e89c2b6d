"""Text that is not valid Unicode, and NUL characters, wherever a client can send them.

- JSON can spell a lone surrogate (`"\\ud800"`): in any value or key of any body, with or
  without an Idempotency-Key, the API answers one 400 `invalid_unicode` before anything
  reads the body (api/parsers.py), in Vietnamese or English, and nothing is written.
- A query string or a form post is bytes: those that are not UTF-8 (`%ED%A0%80`, the
  bytes some encoders write for a surrogate, or `%FF`) are a 400 too
  (taskforce/middleware.py), on the API and on the pages, instead of a "�" stored.
- A NUL in any filter of any admin list reached PostgreSQL (a 500); it is refused as the
  admin refuses any filter it cannot apply.
"""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from assignments.models import NotificationPolicy
from tests.api.contract_helpers import assert_error
from tests.security.bad_input import ENDPOINTS, Scene, make_scene, prepare, snapshot
from tests.security.page_forms import FORM_TYPE, PAGE_FORMS, prepare_page
from tests.web.web_helpers import client_for

SURROGATES = ["\ud800", "\udfff", "Phúc Xá \udc00"]


@pytest.fixture
def scene(cast) -> Scene:
    return make_scene(cast)


def _strings(body, path=()):
    """Every string value of a body, by its path."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield from _strings(value, (*path, key))
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from _strings(value, (*path, index))
    elif isinstance(body, str):
        yield path


def _set(body, path, value):
    body = json.loads(json.dumps(body))
    node = body
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return body


def api_client(scene: Scene, role: str, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if role != "anonymous":
        client.force_authenticate(scene.user(role))
    return client


def send_json(client: APIClient, method: str, url: str, body, **headers):
    # json.dumps escapes a lone surrogate as \\ud800, as a client's JSON library does.
    return client.generic(method.upper(), url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_a_lone_surrogate_anywhere_in_a_body_is_one_400_and_writes_nothing(scene, name):
    endpoint = ENDPOINTS[name]
    prepare(scene, name)
    client = api_client(scene, endpoint.role)
    valid = endpoint.body(scene)
    spoiled = [_set(valid, path, surrogate) for path in _strings(valid) for surrogate in SURROGATES]
    spoiled.append({**valid, "\ud800": "x"})  # as a key: a PATCH body's unknown field, say
    spoiled.append({**valid, "extra": {"deep": ["\udbff"]}})  # where no field reads it
    before = snapshot()

    for body in spoiled:
        response = send_json(client, endpoint.method, endpoint.url(scene), body)

        assert assert_error(response, 400)["code"] == "invalid_unicode", response.content
        assert "errors" not in response.json()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        (
            "en",
            "The request holds text that is not valid Unicode (a lone surrogate such as \\ud800); "
            "send UTF-8 text.",
        ),
        (
            "vi",
            "Yêu cầu chứa văn bản không phải Unicode hợp lệ (một nửa cặp surrogate đứng riêng, "
            "như \\ud800); hãy gửi văn bản UTF-8.",
        ),
    ],
)
def test_the_refusal_is_said_in_the_clients_language(scene, language, detail):
    client = api_client(scene, "leader", language)

    response = send_json(client, "patch", f"/api/v1/tasks/{scene.task.pk}/", {"priority": "\ud800"})

    assert assert_error(response, 400)["detail"] == detail


def test_the_login_name_with_a_lone_surrogate_is_refused(scene):
    response = send_json(APIClient(), "post", "/api/v1/auth/login/", {"username": "\ud800", "password": "x"})

    assert assert_error(response, 400)["code"] == "invalid_unicode"


@pytest.mark.parametrize("name", ["create task", "measurement", "note"])
def test_a_body_with_an_idempotency_key_and_a_lone_surrogate_is_refused_and_keeps_no_key(scene, name):
    endpoint = ENDPOINTS[name]
    client = api_client(scene, endpoint.role)
    before = snapshot()

    response = send_json(
        client,
        endpoint.method,
        endpoint.url(scene),
        {**endpoint.body(scene), "extra": "\ud800"},
        HTTP_IDEMPOTENCY_KEY="3f2a9c1e-8d4b-4f7a-9a51-0c6e2d7b8e10",
    )

    assert assert_error(response, 400)["code"] == "invalid_unicode"
    assert snapshot() == before


def test_a_surrogate_pair_is_an_ordinary_character(scene):
    client = api_client(scene, "coordinator")

    response = send_json(
        client, "post", f"/api/v1/tasks/{scene.task.pk}/notes/", {"text": "Xong \ud83d\ude00"}
    )

    assert response.status_code == 201
    assert response.json()["text"] == "Xong 😀"


# --------------------------------------------------------------------------- query strings, form posts

NOT_UTF8 = ["%ED%A0%80", "%FF", "abc%C3"]


@pytest.mark.parametrize("raw", NOT_UTF8)
@pytest.mark.parametrize("path", ["/api/v1/tasks/?q=", "/api/v1/summary/?period_start=", "/api/v1/wards/?"])
def test_a_query_string_that_is_not_utf8_is_a_400_on_the_api(cast, path, raw):
    _, token = AuthToken.objects.create(user=cast.staff)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get(path + raw)

    assert assert_error(response, 400)["code"] == "invalid_unicode"


@pytest.mark.parametrize("raw", NOT_UTF8)
@pytest.mark.parametrize(
    "path",
    [
        "/groups/1/?owner=",
        "/dashboard/?period_start=",
        "/dashboard/tasks/?due_after=",
        "/admin/assignments/task/?q=",
    ],
)
def test_a_query_string_that_is_not_utf8_is_a_400_on_the_pages(cast, path, raw):
    response = client_for(cast.staff).get(path + raw)

    assert response.status_code == 400
    assert "The request holds text that is not valid Unicode" in response.content.decode()


@pytest.mark.parametrize("name", list(PAGE_FORMS))
def test_a_form_post_that_is_not_utf8_is_a_400_and_writes_nothing(scene, name):
    prepare_page(scene, name)
    form = PAGE_FORMS[name]
    client = client_for(scene.user(form.role))
    before = snapshot()

    for raw in NOT_UTF8:
        response = client.post(
            form.url(scene), f"title=ok&note={raw}&text={raw}".encode(), content_type=FORM_TYPE
        )

        assert response.status_code == 400
    assert snapshot() == before


def test_the_login_page_refuses_a_name_that_is_not_utf8(cast):
    response = Client().post("/login/", b"username=%ED%A0%80&password=x", content_type=FORM_TYPE)

    assert response.status_code == 400


def test_utf8_vietnamese_in_a_query_string_is_read_as_ever(cast):
    response = client_for(cast.staff).get("/dashboard/tasks/?q=Ph%C3%BAc%20X%C3%A1")

    assert response.status_code == 200


# --------------------------------------------------------------------------- NUL in the admin's lists


def _list_parameters(client: Client, model) -> list[str]:
    """Every query parameter the model's admin list reads: search, order, page, each filter's,
    the date hierarchy's."""
    opts = model._meta
    response = client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
    assert response.status_code == 200
    changelist = response.context["cl"]
    names = {"q", "o", "p"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    hierarchy = changelist.date_hierarchy
    if hierarchy:
        names.update(f"{hierarchy}__{part}" for part in ("year", "month", "day"))
    return sorted(names)


#: Admins with no list to filter: the reminder rules are one row, which their list opens.
WITHOUT_LIST = {NotificationPolicy}


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label == "assignments" and m not in WITHOUT_LIST],
)
@pytest.mark.parametrize("value", ["\x00", "a\x00b", "1\x00"])
def test_a_nul_in_any_filter_of_any_admin_list_is_no_server_error(cast, model, value):
    client = client_for(cast.staff)

    for name in _list_parameters(client, model):
        response = client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/", {name: value})

        assert response.status_code in (200, 302), (name, response.status_code)
