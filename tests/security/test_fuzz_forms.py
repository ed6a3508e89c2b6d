"""Hypothesis drives every form of the pages and the admin through the test client.

The API is fuzzed from its schema (test_fuzz_schema.py); the pages and the admin have no
schema, so each form starts from what a browser would send (the valid body of
page_forms.py, or the admin page's own fields as shown) and Hypothesis spoils it: fields
replaced by generated text, numbers, dates, lone surrogates, NUL, huge values, lists;
fields dropped; unknown fields added. The filters and query strings of every list page
and admin list get the same treatment.

The property, for every request: no 5xx (the test client re-raises a server error, so a
failure shows its traceback and Hypothesis's smallest example), and a request the page
refused (anything but the redirect after success) changes no row. Each example runs in a
savepoint rolled back after it, so every example starts from the same scene.

Bounded for CI (a few examples per form, from a fixed seed); `FUZZ_DEEP=1` runs 200
examples a form with fresh randomness, for a run by hand.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.forms import MultiWidget
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.filtersets import TaskFilterSet
from assignments.models import Event, Group, Member, Process, Target, Task, Ward
from tests.factories import UserFactory
from tests.security.bad_input import Scene, make_scene, snapshot
from tests.security.page_forms import PAGE_FORMS, encode_form, prepare_page
from tests.web.web_helpers import client_for
from web.forms import PeriodForm

pytestmark = pytest.mark.django_db

DEEP = os.environ.get("FUZZ_DEEP") == "1"

FUZZ = settings(
    max_examples=200 if DEEP else 15,
    deadline=None,
    derandomize=not DEEP,
    database=None,
    suppress_health_check=list(HealthCheck),
)

#: Inputs that broke something once, here or in a product like it.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "1e1000000",
    "-1e1000000",
    "999999999999999999999999999999",
    "NaN",
    "Infinity",
    "-0",
    "0026-03-31",
    "2026-02-30",
    "9999-12-31",
    "31/12/2026",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "x" * 20_000,
    "\u0061\u0301" * 600,  # decomposed: shorter once composed
    "\ufb2c" * 100,  # one character as typed, three once composed
    "null",
    "true",
    "[]",
]

TEXT = st.text(st.characters(codec="utf-8"), max_size=200)
#: A lone surrogate somewhere in ordinary text: not UTF-8, sent as some encoders send it.
BROKEN_TEXT = st.tuples(TEXT, st.sampled_from(["\ud800", "\udc00", "\udbff"]), TEXT).map("".join)
NUMBER = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
DATE = st.one_of(st.dates().map(str), st.datetimes().map(str))


def values(ids: list[str]) -> st.SearchStrategy[Any]:
    """A value of a field: anything a client can type, or the id of a row that exists."""
    one = st.one_of(st.sampled_from(NASTY), TEXT, BROKEN_TEXT, NUMBER, DATE, st.sampled_from(ids))
    return st.one_of(one, st.lists(one, max_size=3))


def spoiled(body: dict[str, Any], ids: list[str], extra_names: list[str] = ()) -> st.SearchStrategy:
    """The body with some fields replaced, some dropped and some unknown ones added."""
    names = sorted({*body, *extra_names, "unknown"})
    replaced = st.dictionaries(st.sampled_from(names) | TEXT, values(ids), max_size=4)
    dropped = st.sets(st.sampled_from(sorted(body)), max_size=3) if body else st.just(set())

    def spoil(changes: tuple[dict[str, Any], set[str]]) -> dict[str, Any]:
        replace, drop = changes
        return {**{k: v for k, v in body.items() if k not in drop}, **replace}

    return st.tuples(replaced, dropped).map(spoil)


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's requests in a savepoint that is undone after it."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, encode_form(body), content_type="application/x-www-form-urlencoded")


def get(client: Client, path: str, query: dict[str, Any]) -> Any:
    return client.get(f"{path}?{encode_form(query).decode('ascii')}")


def row_ids(scene: Scene) -> list[str]:
    return sorted({str(i) for i in scene.ids.values()} | {"0", "-1"})


@pytest.fixture
def scene(cast) -> Scene:
    return make_scene(cast)


def assert_refusal_changed_nothing(response: Any, success: Callable[[Any], bool], before: dict) -> None:
    assert response.status_code < 500, response.status_code
    if not success(response):
        assert snapshot() == before, f"a refused request ({response.status_code}) changed rows"


def redirected(response: Any) -> bool:
    return response.status_code == 302


# --------------------------------------------------------------------------- the pages' forms


@dataclass
class Fuzzed:
    """What a test fuzzes, set up once (Hypothesis runs the test body once per example)."""

    client: Client
    path: str
    body: dict[str, Any]
    ids: list[str]
    before: dict[str, list[dict[str, Any]]]


@pytest.fixture
def page_form(scene, name) -> Fuzzed:
    form = PAGE_FORMS[name]
    prepare_page(scene, name)
    body = form.body(scene)
    return Fuzzed(client_for(scene.user(form.role)), form.url(scene), body, row_ids(scene), snapshot())


@pytest.mark.parametrize("name", list(PAGE_FORMS))
@FUZZ
@given(data=st.data())
def test_every_page_form_answers_without_a_server_error_and_a_refusal_writes_nothing(
    page_form, name, data, tally
):
    body = data.draw(spoiled(page_form.body, page_form.ids))
    with rolled_back():
        response = post(page_form.client, page_form.path, body)
        tally.tally(f"POST {PAGE_FORMS[name].path}", response.status_code)
        assert_refusal_changed_nothing(response, redirected, page_form.before)


@FUZZ
@given(data=st.data())
def test_the_login_form_answers_without_a_server_error(cast, data, tally):
    body = data.draw(spoiled({"username": "office", "password": "not the password"}, ["office"]))
    with rolled_back():
        response = post(Client(), "/login/", body)
        tally.tally("POST /login/", response.status_code)
        assert response.status_code < 500


#: Each list page, who reads it, and the query parameters its filters know.
LIST_PAGES = {
    "/my-tasks/": "owner",
    "/groups/": "leader",
    "/groups/1/": "leader",
    "/dashboard/": "standing",
    "/dashboard/tasks/": "standing",
    "/dashboard/download/": "standing",
    "/devices/": "owner",
    "/tasks/{task}/": "owner",
    "/notifications/": "owner",
    "/notifications/settings/": "owner",
    "/overdue/": "leader",
}
QUERY_NAMES = sorted(
    {
        *TaskFilterSet.base_filters,
        *(
            f"{name}_{end}"
            for name in TaskFilterSet.base_filters
            for end in ("after", "before", "min", "max")
        ),
        *PeriodForm.base_fields,
        "by",
        "figure",
        "page",
        "page_size",
        "format",
        "next",
        "unread",
    }
)


@pytest.fixture
def list_page(scene, path) -> Fuzzed:
    return Fuzzed(
        client_for(scene.user(LIST_PAGES[path])), path.format(**scene.ids), {}, row_ids(scene), snapshot()
    )


@pytest.mark.parametrize("path", list(LIST_PAGES))
@FUZZ
@given(data=st.data())
def test_every_page_answers_any_query_without_a_server_error(list_page, path, data, tally):
    query = data.draw(spoiled({}, list_page.ids, QUERY_NAMES))
    with rolled_back():
        response = get(list_page.client, list_page.path, query)
        tally.tally(f"GET {path}", response.status_code)
        assert response.status_code < 500
        assert snapshot() == list_page.before, "reading a page changed rows"


# --------------------------------------------------------------------------- the admin

#: Each model the office edits in the admin, and the row its change form is opened on.
ADMIN_MODELS: dict[str, Callable[[Scene], Any]] = {
    "ward": lambda s: s.cast.ward,
    "member": lambda s: s.cast.group_member,
    "group": lambda s: s.cast.group,
    "process": lambda s: Process.objects.get(pk=s.ids["process"]),
    "target": lambda s: s.target,
    "task": lambda s: s.task,
    "user": lambda s: s.cast.owner.user,
}
MODELS = {
    "ward": Ward,
    "member": Member,
    "group": Group,
    "process": Process,
    "target": Target,
    "task": Task,
    "user": get_user_model(),
    "event": Event,
}


def admin_client(scene: Scene, name: str) -> Client:
    """The office; Django's own admin of logins is for superusers only."""
    if name == "user":
        return client_for(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client_for(scene.cast.staff)


def admin_url(name: str, suffix: str = "") -> str:
    app = "auth" if name == "user" else "assignments"
    return f"/admin/{app}/{name}/{suffix}"


def as_browser_sends(response: Any) -> dict[str, Any]:
    """The admin page's form, and its inlines' forms, as a browser posts them unchanged."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    body: dict[str, Any] = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, MultiWidget):
                for index, part in enumerate(field.field.widget.decompress(value)):
                    body[f"{field.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    body[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                body[field.html_name] = [str(item) for item in value]
            elif value is not None:
                body[field.html_name] = str(value)
    return body


def shown_again(response: Any) -> bool:
    """The admin saves with a redirect; it shows the form again, with 200, when it refuses."""
    return redirected(response)


@pytest.fixture
def admin_form(scene, name, page) -> Fuzzed:
    client = admin_client(scene, name)
    path = admin_url(name, page.format(pk=ADMIN_MODELS[name](scene).pk))
    shown = client.get(path)
    assert shown.status_code == 200
    return Fuzzed(client, path, as_browser_sends(shown), row_ids(scene), snapshot())


#: Every add and change form of the admin; tasks are assigned on the pages, never added here.
ADMIN_FORMS = [(name, page) for name in ADMIN_MODELS for page in ("add/", "{pk}/change/")]
ADMIN_FORMS.remove(("task", "add/"))


@pytest.mark.parametrize(("name", "page"), ADMIN_FORMS)
@FUZZ
@given(data=st.data())
def test_every_admin_form_answers_without_a_server_error_and_a_refusal_writes_nothing(
    admin_form, name, page, data, tally
):
    body = data.draw(spoiled(admin_form.body, admin_form.ids))
    with rolled_back():
        response = post(admin_form.client, admin_form.path, body)
        tally.tally(f"POST {admin_url(name, page)}", response.status_code)
        assert_refusal_changed_nothing(response, shown_again, admin_form.before)


def filter_parameter(list_filter: Any) -> str:
    """A field's name, a (field, filter) pair's field, or a SimpleListFilter's parameter."""
    if isinstance(list_filter, str):
        return list_filter
    if isinstance(list_filter, tuple | list):
        return list_filter[0]
    return list_filter.parameter_name


@pytest.fixture
def admin_list(scene, name) -> Fuzzed:
    model_admin = admin.site._registry[MODELS[name]]
    filters = [filter_parameter(f) for f in model_admin.list_filter]
    names = [
        *filters,
        *(f"{f}__exact" for f in filters),
        *(f"{f}__id__exact" for f in filters),
        "q",
        "o",
        "p",
        "e",
    ]
    return Fuzzed(
        admin_client(scene, name), admin_url(name), dict.fromkeys(names), row_ids(scene), snapshot()
    )


@pytest.mark.parametrize("name", [*ADMIN_MODELS, "event"])
@FUZZ
@given(data=st.data())
def test_every_admin_list_answers_any_filter_without_a_server_error(admin_list, name, data, tally):
    query = data.draw(spoiled({}, admin_list.ids, list(admin_list.body)))
    with rolled_back():
        response = get(admin_list.client, admin_list.path, query)
        tally.tally(f"GET {admin_list.path}", response.status_code)
        assert response.status_code < 500
        assert snapshot() == admin_list.before, "reading a list changed rows"


def test_the_admin_body_as_shown_saves_unchanged(scene):
    """The starting point of the admin fuzzing is a real save: each change form, posted as
    shown, is accepted, so the spoiled bodies are one change away from a valid one."""
    for name, row in ADMIN_MODELS.items():
        client = admin_client(scene, name)
        path = admin_url(name, f"{row(scene).pk}/change/")
        response = post(client, path, as_browser_sends(client.get(path)))
        errors = response.context and response.context["adminform"].form.errors
        assert response.status_code == 302, (name, errors)


@pytest.mark.parametrize("field", ["members", "wards"])
def test_an_id_past_64_bits_among_a_groups_rows_is_refused_next_to_the_field(scene, field):
    """Found by the fuzzing: Django looks chosen rows up with `pk__in`, which SQLite cannot
    bind past 64 bits (a 500)."""
    client = admin_client(scene, "group")
    path = admin_url("group", f"{scene.cast.group.pk}/change/")
    body = as_browser_sends(client.get(path))
    before = snapshot()

    response = post(client, path, {**body, field: [*body[field], "9" * 30]})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert snapshot() == before
