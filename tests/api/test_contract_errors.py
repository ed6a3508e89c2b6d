"""One error shape for every 4xx, in the request's language, and no 5xx for any input.

docs/api.md: `{"code": "<stable machine code>", "detail": "<message for a person>",
"errors": {"<field>": ["<message>", ...]}}`, Vietnamese by default, English with
`Accept-Language: en`.
"""

from __future__ import annotations

import pytest

from assignments.models import Task
from tests.api.contract_helpers import (
    ONLY_MANAGER_EN,
    ONLY_MANAGER_VI,
    assert_error,
    body,
    client_as,
    create_payload,
    field_errors,
    started,
    submitted,
    task_url,
    url,
)
from tests.factories import ProcessFactory, WardFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def first_message(data: dict, field: str) -> str:
    messages = field_errors(data, field)
    assert messages, f"no messages for {field!r}: {data!r}"
    return str(messages[0])


# --------------------------------------------------------------------------- 400: the five "rõ"


@pytest.mark.parametrize(
    "field",
    [
        pytest.param("owner", id="no owner (clear person)"),
        pytest.param("description", id="no description (clear task)"),
        pytest.param("group", id="no group (clear responsibility)"),
        pytest.param("process", id="no process (clear process)"),
        pytest.param("outcome", id="no outcome (clear outcome)"),
        pytest.param("due_date", id="no due date (clear deadline)"),
    ],
)
def test_a_task_missing_one_of_the_five_clear_is_400_naming_the_field_in_vietnamese(cast, field):
    staff = client_as(cast.staff)
    payload = create_payload(cast, ProcessFactory())
    del payload[field]
    before = Task.objects.count()

    vi = assert_error(staff.post(url("tasks/"), payload, format="json"), 400, field=field)
    en = assert_error(staff.post(url("tasks/"), payload, format="json", **EN), 400, field=field)

    assert first_message(vi, field) != first_message(en, field), (
        "the message is not in the request's language"
    )
    assert vi["detail"] != en["detail"], "the detail is not in the request's language"
    assert Task.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("description", "   ", id="blank description"),
        pytest.param("owner", None, id="null owner"),
        pytest.param("due_date", "2026-01-01", id="due date before start date"),
    ],
)
def test_an_empty_or_inconsistent_clear_is_400_naming_the_field(cast, field, value):
    payload = create_payload(cast, ProcessFactory(), **{field: value})
    assert_error(client_as(cast.staff).post(url("tasks/"), payload, format="json"), 400, field=field)


def test_an_owner_outside_the_group_is_400_naming_owner(cast):
    payload = create_payload(cast, ProcessFactory(), owner=cast.other_member.pk)
    assert_error(client_as(cast.leader.user).post(url("tasks/"), payload, format="json"), 400, field="owner")


def test_a_ward_outside_the_group_is_400_naming_ward(cast):
    payload = create_payload(cast, ProcessFactory(), ward=WardFactory().pk)
    assert_error(client_as(cast.leader.user).post(url("tasks/"), payload, format="json"), 400, field="ward")


def test_a_process_without_steps_is_400_naming_process(cast):
    payload = create_payload(cast, ProcessFactory(steps=0))
    assert_error(
        client_as(cast.leader.user).post(url("tasks/"), payload, format="json"), 400, field="process"
    )


# --------------------------------------------------------------------------- each status, one shape


def test_401_for_an_anonymous_client(cast):
    assert_error(client_as(None).get(url("tasks/")), 401)


def test_401_for_a_token_that_does_not_exist(cast):
    client = client_as(None)
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert_error(client.get(url("me/")), 401)


def test_403_in_vietnamese_by_default_says_who_may(cast):
    submitted(cast)
    response = client_as(cast.group_member.user).post(task_url(cast.task.pk, "accept/"), {}, format="json")
    assert assert_error(response, 403)["detail"] == ONLY_MANAGER_VI


def test_403_in_english_with_accept_language_en(cast):
    submitted(cast)
    response = client_as(cast.group_member.user).post(
        task_url(cast.task.pk, "accept/"), {}, format="json", **EN
    )
    assert assert_error(response, 403)["detail"] == ONLY_MANAGER_EN


def test_403_changes_nothing(cast):
    submitted(cast)
    client_as(cast.owner.user).post(task_url(cast.task.pk, "accept/"), {}, format="json")
    task = client_as(cast.owner.user).get(task_url(cast.task.pk)).json()
    assert task["status"] == "submitted"


def test_404_for_a_task_the_user_may_not_read(cast):
    assert_error(client_as(cast.other_member.user).get(task_url(cast.task.pk)), 404)


def test_404_for_a_task_that_does_not_exist(cast):
    assert_error(client_as(cast.staff).get(task_url(999_999)), 404)


def test_404_for_a_step_of_another_task(cast):
    started(cast)
    other = client_as(cast.leader.user).post(
        url("tasks/"), create_payload(cast, ProcessFactory()), format="json"
    )
    foreign_step = other.json()["steps"][0]["id"]
    response = client_as(cast.owner.user).post(
        task_url(cast.task.pk, f"steps/{foreign_step}/complete/"), {}, format="json"
    )
    assert_error(response, 404)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        pytest.param("delete", "", id="DELETE a task (tasks are cancelled, never deleted)"),
        pytest.param("put", "", id="PUT a task (PATCH only)"),
        pytest.param("get", "start/", id="GET an action"),
    ],
)
def test_405_for_a_method_the_endpoint_does_not_have(cast, method, suffix):
    response = getattr(client_as(cast.staff), method)(task_url(cast.task.pk, suffix))
    assert_error(response, 405)
    assert Task.objects.filter(pk=cast.task.pk).exists()


def test_409_for_an_action_from_the_wrong_state_in_the_request_language(cast):
    started(cast)
    owner = client_as(cast.owner.user)
    vi = assert_error(owner.post(task_url(cast.task.pk, "start/"), {}, format="json"), 409)
    en = assert_error(owner.post(task_url(cast.task.pk, "start/"), {}, format="json", **EN), 409)
    assert vi["detail"] != en["detail"]
    assert vi["code"] == en["code"], "the machine code does not depend on the language"


def test_412_for_a_stale_version(cast):
    response = client_as(cast.owner.user).post(
        task_url(cast.task.pk, "start/"), {}, format="json", HTTP_IF_MATCH='"99"'
    )
    assert_error(response, 412)


def test_a_reason_is_required_to_return_work(cast):
    submitted(cast)
    response = client_as(cast.leader.user).post(task_url(cast.task.pk, "return/"), {}, format="json")
    assert_error(response, 400, field="note")


# --------------------------------------------------------------------------- PATCH: content only


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("status", "done", id="status"),
        pytest.param("owner", "group_member", id="owner"),
        pytest.param("due_date", "2026-12-31", id="due_date"),
    ],
)
def test_patch_of_status_owner_or_due_date_is_400_naming_it_and_changes_nothing(cast, field, value):
    leader = client_as(cast.leader.user)
    if value == "group_member":
        value = cast.group_member.pk
    before = leader.get(task_url(cast.task.pk)).json()

    response = leader.patch(task_url(cast.task.pk), {field: value, "title": "Đổi tiêu đề"}, format="json")

    assert_error(response, 400, field=field)
    after = leader.get(task_url(cast.task.pk)).json()
    assert after == before


# --------------------------------------------------------------------------- no input gives a 5xx

# Each sent by someone who may do the request, so only the body is wrong.
BAD_BODIES = [
    pytest.param("tasks/", "post", "staff", '{"title": ', id="truncated JSON"),
    pytest.param("tasks/", "post", "staff", "[1, 2, 3]", id="a JSON list"),
    pytest.param("tasks/", "post", "staff", '"just a string"', id="a JSON string"),
    pytest.param("tasks/", "post", "staff", "not json at all", id="not JSON"),
    pytest.param("tasks/{id}/", "patch", "leader", '{"title": ', id="truncated JSON on PATCH"),
    pytest.param("tasks/{id}/start/", "post", "owner", "{", id="truncated JSON on an action"),
    pytest.param("tasks/{id}/cancel/", "post", "staff", "[]", id="a list as an action body"),
    pytest.param("tasks/{id}/notes/", "post", "coordinator", "{", id="truncated JSON on a note"),
]


@pytest.mark.parametrize(("path", "method", "role", "raw"), BAD_BODIES)
def test_malformed_json_is_400_not_500(cast, path, method, role, raw):
    client = client_as(cast.user(role))
    response = getattr(client, method)(
        url(path.format(id=cast.task.pk)), data=raw.encode("utf-8"), content_type="application/json"
    )
    assert_error(response, 400)


WRONG_TYPES = [
    pytest.param({"owner": "abc"}, "owner", id="owner not an id"),
    pytest.param({"owner": 999_999}, "owner", id="owner that does not exist"),
    pytest.param({"group": [1]}, "group", id="group a list"),
    pytest.param({"coordinators": 5}, "coordinators", id="coordinators not a list"),
    pytest.param({"coordinators": ["x"]}, "coordinators", id="coordinator not an id"),
    pytest.param({"outcome": "99%"}, "outcome", id="outcome a string"),
    pytest.param({"due_date": "31/03/2026"}, "due_date", id="date in the wrong format"),
    pytest.param({"priority": "whenever"}, "priority", id="unknown priority"),
    pytest.param({"title": "x" * 5000}, "title", id="title too long"),
    pytest.param({"ward": -1}, "ward", id="negative ward id"),
]


@pytest.mark.parametrize(("override", "field"), WRONG_TYPES)
def test_a_wrong_value_on_create_is_400_naming_the_field(cast, override, field):
    payload = create_payload(cast, ProcessFactory(), **override)
    assert_error(client_as(cast.staff).post(url("tasks/"), payload, format="json"), 400, field=field)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("abc", id="text"),
        pytest.param("1e400", id="overflowing"),
        pytest.param("NaN", id="NaN"),
        pytest.param(None, id="null"),
    ],
)
def test_a_measurement_that_is_not_a_number_is_400(cast, value):
    started(cast)
    response = client_as(cast.owner.user).post(
        task_url(cast.task.pk, "measurements/"), {"value": value, "measured_on": "2026-02-01"}, format="json"
    )
    assert_error(response, 400, field="value")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"status": "bogus"}, "status", id="unknown status"),
        pytest.param({"deadline_status": "late-ish"}, "deadline_status", id="unknown deadline status"),
        pytest.param({"due_before": "yesterday"}, "due_before", id="not a date"),
        pytest.param({"updated_since": "last week"}, "updated_since", id="not a time"),
        pytest.param({"group": "one"}, "group", id="group not an id"),
    ],
)
def test_a_bad_filter_is_400_naming_it(cast, params, field):
    assert_error(client_as(cast.staff).get(url("tasks/"), params), 400, field=field)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param("tasks/", {"page": "999"}, id="a page past the end"),
        pytest.param("tasks/", {"page": "zero"}, id="a page that is not a number"),
        pytest.param("tasks/", {"ordering": "nonexistent"}, id="unknown ordering"),
        pytest.param("tasks/", {"page_size": "-5"}, id="negative page size"),
        pytest.param("tasks/abc/", {}, id="a task id that is not a number"),
        pytest.param("tasks/99999999999999999999/", {}, id="a task id too large for the database"),
        pytest.param("members/", {"q": "\x00"}, id="a NUL byte in q"),
        pytest.param("tasks/", {"q": "%_\\"}, id="LIKE wildcards in q"),
    ],
)
def test_odd_queries_answer_4xx_or_200_never_5xx(cast, path, params):
    response = client_as(cast.staff).get(url(path), params)
    assert response.status_code < 500, f"{path} {params}: {response.status_code} {body(response)}"
    if response.status_code >= 400:
        assert_error(response, response.status_code)


@pytest.mark.parametrize("header", ['"abc"', 'W/"1"', "*", "", '"1", "2"'])
def test_an_odd_if_match_is_never_a_5xx(cast, header):
    response = client_as(cast.owner.user).post(
        task_url(cast.task.pk, "start/"), {}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code < 500, f"If-Match {header!r}: {response.status_code} {body(response)}"
    if response.status_code >= 400:
        assert_error(response, response.status_code)


def test_deleting_a_ward_a_task_points_at_is_refused_not_a_5xx(cast):
    """docs/rules.md: never deleted while a task points at it (where DELETE exists at all)."""
    response = client_as(cast.staff).delete(url(f"wards/{cast.ward.pk}/"))
    assert response.status_code in (400, 405, 409), f"{response.status_code} {body(response)}"
    assert_error(response, response.status_code)
