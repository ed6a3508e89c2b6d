"""The bad input catalogue: hostile and broken input to every write endpoint.

Each input gets a 4xx in the one error shape (naming the field where there is one), and
afterwards every row of every table the API writes is as it was. The valid body of each
endpoint goes through first (the control), so a refusal is the spoiled field's doing.

Decisions the catalogue pins down (docs/security.md):
- Unknown fields in a body are ignored, as DRF does (a newer phone may send more), and
  so are read-only ones (`status`, `version`, `assigned_by`... on create): they change
  nothing. PATCH of a task is the exception: a field that is not content is a 400.
- Numbers sent for text are taken as their text (DRF's CharField); booleans, lists and
  objects are refused.
- Text: NUL characters are refused (PostgreSQL cannot store them); free text is at most
  10,000 characters, names and titles their column's length.
- SQL and HTML are text like any other: stored verbatim, harmless (see the tests at the end).
- A page number out of range is a 404 in the one shape (DRF's "Invalid page").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from assignments.models import Note, Task
from tests.api.contract_helpers import assert_error, body
from tests.security.bad_input import (
    ENDPOINTS,
    HUGE_TEXT,
    Literal,
    Scene,
    encode,
    make_scene,
    prepare,
    snapshot,
    spoil,
)

_UNSET = object()


@dataclass(frozen=True)
class Bad:
    """One hostile input: the endpoint's valid body with `path` set to `value` (or removed),
    or a raw body; the status it must get and the field `errors` must name."""

    label: str
    path: str | None = None
    value: Any = _UNSET
    status: int = 400
    field: str | None = None
    code: str | None = None  # the answer's `code`, where it matters
    raw: str | bytes | None = None
    role: str | None = None  # someone else than the endpoint's usual caller
    target: dict[str, str] | None = None  # other ids in the URL


def texts(
    path: str, *, required: bool = False, limit: int | None = None, normalized: bool = True
) -> list[Bad]:
    field = path
    cases = [
        Bad("a NUL character", path, "Rà soát\x00 hồ sơ", field=field),
        Bad("100 kB of text", path, HUGE_TEXT, field=field),
        Bad("a list", path, ["Rà soát"], field=field),
        Bad("an object", path, {"vi": "Rà soát"}, field=field),
        Bad("a boolean", path, True, field=field),
        # Refused as a whole, before any field is read: not valid Unicode.
        Bad("a lone surrogate", path, "Rà soát \ud800", code="invalid_unicode"),
        Bad("a lone low surrogate", path, "\udfff", code="invalid_unicode"),
        Bad("1,000,000 characters", path, "x" * 1_000_000, field=field),
    ]
    if required:
        cases += [Bad("empty", path, "", field=field), Bad("only white space", path, " \t\n ", field=field)]
    if limit is not None:
        cases.append(Bad(f"one character over {limit}", path, "ă" * (limit + 1), field=field))
    if limit is not None and normalized:
        # U+FB2C is one character as typed and three once NFC-composed: measured as stored.
        cases.append(
            Bad(f"{limit} characters that compose to {3 * limit}", path, "\ufb2c" * limit, field=field)
        )
    return cases


def ids(path: str, *, many: bool = False) -> list[Bad]:
    wrap = (lambda v: [v]) if many else (lambda v: v)
    cases = [
        Bad("an id that is text", path, wrap("abc"), field=path),
        Bad("a negative id", path, wrap(-1), field=path),
        Bad("id zero", path, wrap(0), field=path),
        Bad("an id past 64 bits", path, wrap(10**30), field=path),
        Bad("an id that exists nowhere", path, wrap(999_999), field=path),
        Bad("a boolean id", path, wrap(True), field=path),
        Bad("an id as an object", path, wrap({"id": 1}), field=path),
    ]
    if many:
        cases.append(Bad("one id, not a list", path, 5, field=path))
    else:
        cases.append(Bad("a list of ids", path, [1], field=path))
    return cases


def dates(path: str) -> list[Bad]:
    return [
        Bad("30 February", path, "2026-02-30", field=path),
        Bad("month 13", path, "2026-13-01", field=path),
        Bad("day/month/year", path, "31/03/2026", field=path),
        Bad("year zero", path, "0000-01-01", field=path),
        Bad("a date as a number", path, 20260331, field=path),
        Bad("a date as a boolean", path, True, field=path),
        Bad("an empty date", path, "", field=path),
        # Outside the window of years (2000 to 2100): a typo, never a real date.
        Bad("the year 26 for 2026", path, "0026-03-31", field=path),
        Bad("the year 1999", path, "1999-12-31", field=path),
        Bad("the year 2101", path, "2101-01-01", field=path),
        Bad("the year 9999", path, "9999-12-31", field=path),
    ]


def numbers(path: str) -> list[Bad]:
    return [
        Bad("a number that is text", path, "ba mươi", field=path),
        Bad("1e309 (infinite as a float)", path, Literal("1e309"), field=path),
        Bad("-1e309", path, Literal("-1e309"), field=path),
        Bad("10**30", path, 10**30, field=path),
        Bad("NaN as text", path, "NaN", field=path),
        Bad("Infinity as text", path, "Infinity", field=path),
        Bad("a boolean number", path, True, field=path),
        Bad("a list as a number", path, [1], field=path),
        # Past the decimal context: abs(1e1000000) overflows (a 500 before).
        Bad("1e1000000 as text", path, "1e1000000", field=path),
        Bad("-1e1000000 as text", path, "-1e1000000", field=path),
        Bad("an exponent of 999,999,999,999", path, "1E+999999999999", field=path),
        Bad("10**12", path, "1000000000000", field=path),
        Bad("rounding past the column", path, "999999999999.999", field=path),
    ]


def broken(*, list_body: bool = True) -> list[Bad]:
    cases = [
        Bad("truncated JSON", raw='{"note": ', field=None),
        Bad("JSON nested 100,000 deep", raw="[" * 100_000, field=None),
        Bad("bytes that are not UTF-8", raw=b'{"note": "\xff\xfe"}', field=None),
        Bad("NaN, which strict JSON does not have", raw='{"value": NaN}', field=None),
        Bad("a lone surrogate as a key", raw='{"\\ud800": "x"}', code="invalid_unicode"),
        Bad("a lone surrogate deep inside", raw='{"a": [{"b": ["\\udc00"]}]}', code="invalid_unicode"),
    ]
    if list_body:
        cases.append(Bad("a JSON list for the body", raw="[1, 2, 3]", field="non_field_errors"))
    return cases


def foreign() -> list[Bad]:
    return [
        # A member of another group may not read the task: it is not there for them.
        Bad("by a member of another group", role="other_member", status=404),
        # A leader sits on the Standing Committee, which reads every task, but acts only
        # on their own group's.
        Bad("by the leader of another group", role="other_leader", status=403),
    ]


def a_note(*, required: bool = False) -> list[Bad]:
    return texts("note", required=required)


CATALOGUE: dict[str, list[Bad]] = {
    "create task": [
        *broken(),
        *texts("title", required=True, limit=300),
        *texts("description", required=True),
        *texts("source", limit=500),
        *texts("outcome.indicator", required=True, limit=300),
        *texts("outcome.unit", required=True, limit=50),
        *ids("group"),
        *ids("owner"),
        *ids("ward"),
        *ids("process"),
        *ids("target"),
        *ids("coordinators", many=True),
        *dates("start_date"),
        *dates("due_date"),
        *numbers("outcome.target"),
        *numbers("outcome.baseline"),
        Bad("no owner (clear person)", "owner", field="owner"),
        Bad("no outcome (clear outcome)", "outcome", field="outcome"),
        Bad("the outcome as text", "outcome", "99%", field="outcome"),
        Bad("an unknown priority", "priority", "urgent!!", field="priority"),
        Bad("an unknown direction", "outcome.direction", "sideways", field="outcome.direction"),
        Bad("due before the start", "due_date", "2026-01-01", field="due_date"),
        Bad("an owner from another group", "owner", "@other_member", field="owner"),
        Bad("a ward of another group", "ward", "@foreign_ward", field="ward"),
        Bad("in another group than the leader's", "group", "@other_group", status=403),
        Bad("the owner also a coordinator", "coordinators", ["@owner"], field="coordinators"),
    ],
    "edit task": [
        *broken(),
        *texts("title", required=True, limit=300),
        *texts("description", required=True),
        *ids("ward"),
        *ids("target"),
        Bad("a ward of another group", "ward", "@foreign_ward", field="ward"),
        Bad("the status", "status", "done", field="status"),
        Bad("the owner", "owner", "@group_member", field="owner"),
        Bad("the due date", "due_date", "2026-12-31", field="due_date"),
        Bad("the version", "version", 99, field="version"),
        Bad("the group", "group", "@other_group", field="group"),
        Bad("who assigned it", "assigned_by", 1, field="assigned_by"),
        Bad("an unknown priority", "priority", 3, field="priority"),
        *foreign(),
    ],
    "start": [
        *broken(list_body=False),
        *foreign(),
        Bad("a task id past 64 bits", target={"task": str(10**30)}, status=404),
    ],
    "submit": [*broken(), *a_note()],
    "accept": [*broken(), *a_note(), *foreign()],
    "return": [*broken(), *a_note(required=True), *foreign()],
    "pause": [*broken(), *a_note(required=True)],
    "resume": [*broken(), *a_note()],
    "cancel": [*broken(), *a_note(required=True), *foreign()],
    "reassign": [
        *broken(),
        *ids("owner"),
        *texts("reason", required=True),
        Bad("no new owner", "owner", field="owner"),
        Bad("the current owner", "owner", "@owner", field="owner"),
        Bad("an owner from another group", "owner", "@other_member", field="owner"),
        *foreign(),
    ],
    "extend": [
        *broken(),
        *dates("due_date"),
        *texts("reason", required=True),
        Bad("no due date", "due_date", field="due_date"),
        Bad("an earlier due date", "due_date", "2026-03-01", field="due_date"),
        Bad("the same due date", "due_date", "2026-03-31", field="due_date"),
        *foreign(),
    ],
    "complete step": [
        *broken(),
        *a_note(),
        Bad("a step of another task", target={"step": "{foreign_step}"}, status=404),
        Bad("a step id past 64 bits", target={"step": str(10**30)}, status=404),
        *foreign(),
    ],
    "measurement": [
        *broken(),
        *numbers("value"),
        *dates("measured_on"),
        *texts("note"),
        Bad("no value", "value", field="value"),
        Bad("a null value", "value", None, field="value"),
        Bad("measured tomorrow", "measured_on", "2026-02-03", field="measured_on"),
        *foreign(),
    ],
    "note": [*broken(), *texts("text", required=True), *foreign()],
    "direction": [
        *broken(),
        *texts("text", required=True),
        Bad("an unknown kind", "kind", "order", field="kind"),
        Bad("by a member", role="group_member", status=403),
    ],
    "change coordinators": [
        *broken(),
        *ids("coordinators", many=True),
        *a_note(),
        Bad("the owner", "coordinators", ["@owner"], field="coordinators"),
        *foreign(),
    ],
    "change watchers": [
        *broken(),
        *ids("watchers", many=True),
        *a_note(),
        Bad("the owner", "watchers", ["@owner"], field="watchers"),
        *foreign(),
    ],
    "correct outcome": [
        *broken(),
        *texts("indicator", required=True, limit=300),
        *texts("unit", required=True, limit=50),
        *numbers("target"),
        *numbers("baseline"),
        *texts("reason", required=True),
        Bad("no target", "target", None, field="target"),
        Bad("an unknown direction", "direction", "sideways", field="direction"),
        Bad("the actual value", "actual", 5, field="actual"),
        *foreign(),
    ],
    "login": [
        *broken(),
        *texts("username", limit=150, normalized=False),  # a login name is looked up as sent
        Bad("a password of 100 kB", "password", HUGE_TEXT, field="password"),
        Bad("a password as a list", "password", ["pass"], field="password"),
        Bad("no password", "password", field="password"),
        Bad("SQL for a username", "username", "' OR '1'='1' --", status=400),
        Bad("a wrong password", "password", "pass' OR '1'='1", status=400),
    ],
    "create ward": [
        *broken(),
        *texts("name", required=True, limit=100),
        Bad("a code that is not 5 digits", "code", "0001a", field="code"),
        Bad("a code taken", "code", "00001", field="code"),
        Bad("a code with a NUL", "code", "0000\x00", field="code"),
        Bad("active as text", "active", "maybe", field="active"),
    ],
    "edit ward": [
        *broken(),
        *texts("name", required=True, limit=100),
        Bad("a code taken", "code", "00099", field="code"),
    ],
    "create member": [
        *broken(),
        *ids("user"),
        *texts("full_name", required=True, limit=150),
        *texts("phone", limit=30),
        *ids("wards", many=True),
        Bad("a login that has a member", "user", "@owner_login", field="user"),
    ],
    "edit member": [
        *broken(),
        *texts("title", limit=200),
        Bad("is_standing as text", "is_standing", "có", field="is_standing"),
    ],
    "create group": [
        *broken(),
        *ids("leader"),
        *ids("members", many=True),
        *texts("name", required=True, limit=150),
        Bad("group number 0", "number", 0, field="number"),
        Bad("a negative group number", "number", -1, field="number"),
        Bad("a group number past 64 bits", "number", 10**30, field="number"),
        Bad("a group number taken", "number", 1, field="number"),
        Bad("a leader outside the Standing Committee", "leader", "@group_member", field="leader"),
        Bad("a leader not among the members", "members", ["@group_member"], field="leader"),
    ],
    "edit group": [*broken(), *texts("name", required=True, limit=150), *ids("leader")],
    "create process": [
        *broken(),
        *texts("name", required=True, limit=200),
        *texts("description"),
        Bad("no steps", "steps", [], field="steps"),
        Bad("steps as text", "steps", "Tiếp nhận", field="steps"),
        Bad("a negative number of days", "steps.0.expected_days", -1, field="steps.0.expected_days"),
        Bad("days past 64 bits", "steps.0.expected_days", 10**30, field="steps.0.expected_days"),
        Bad("step number 0", "steps.0.order", 0, field="steps.0.order"),
        Bad("a step name with a NUL", "steps.0.name", "Tiếp\x00 nhận", field="steps.0.name"),
    ],
    "edit process": [*broken(), *texts("description")],
    "create target": [
        *broken(),
        *texts("code", required=True, limit=20),
        *texts("name", required=True, limit=300),
        *numbers("target_value"),
        *dates("deadline"),
        Bad("three decimal places", "target_value", 99.125, field="target_value"),
        Bad("an unknown direction", "direction", "sideways", field="direction"),
        Bad("a code taken", "code", "CT-01", field="code"),
    ],
    "edit target": [*broken(), *numbers("actual"), *dates("achieved_on")],
}

#: For the closing figures: how many hostile inputs the catalogue sends.
INPUTS = sum(len(cases) for cases in CATALOGUE.values())


def resolve(value: Any, scene: Scene) -> Any:
    """ "@name" stands for a row of the scene, by its id."""
    cast = scene.cast
    named = {
        "@other_member": cast.other_member.pk,
        "@foreign_ward": scene.foreign_ward.pk,
        "@other_group": cast.other_group.pk,
        "@owner": cast.owner.pk,
        "@group_member": cast.group_member.pk,
        "@owner_login": cast.owner.user.pk,
    }
    if isinstance(value, str) and value in named:
        return named[value]
    if isinstance(value, list):
        return [resolve(item, scene) for item in value]
    return value


_CLIENT = APIClient(HTTP_ACCEPT_LANGUAGE="en")


def client_for(scene: Scene, role: str) -> APIClient:
    # One client for the module, authenticated anew for each request: a new client loads
    # the middleware again, and whitenoise then walks every static file (a quarter second).
    _CLIENT.force_authenticate(user=None if role == "anonymous" else scene.user(role))
    return _CLIENT


def send(scene: Scene, endpoint_name: str, bad: Bad | None = None):
    endpoint = ENDPOINTS[endpoint_name]
    ids = dict(scene.ids)
    if bad is not None and bad.target:
        ids.update({name: value.format(**scene.ids) for name, value in bad.target.items()})
    url = "/api/v1/" + endpoint.path.format(**ids)
    client = client_for(scene, (bad and bad.role) or endpoint.role)
    if bad is not None and bad.raw is not None:
        data: Any = bad.raw
    else:
        data = endpoint.body(scene)
        if bad is not None and bad.path is not None:
            value = bad.value if bad.value is _UNSET else resolve(bad.value, scene)
            data = spoil(data, bad.path) if bad.value is _UNSET else spoil(data, bad.path, value)
        data = encode(data)
    return client.generic(endpoint.method.upper(), url, data, content_type="application/json")


@pytest.fixture
def scene(cast) -> Scene:
    return make_scene(cast)


@pytest.mark.parametrize("endpoint_name", list(CATALOGUE))
def test_hostile_input_is_refused_in_the_one_shape_and_changes_nothing(scene, endpoint_name, subtests):
    prepare(scene, endpoint_name)
    for bad in CATALOGUE[endpoint_name]:
        with subtests.test(msg=bad.label):
            before = snapshot()

            response = send(scene, endpoint_name, bad)

            assert 400 <= response.status_code < 500, f"{response.status_code}: {body(response)}"
            data = assert_error(response, bad.status, field=bad.field)
            if bad.code is not None:
                assert data["code"] == bad.code, data
            assert snapshot() == before, "the database changed"

    # The control: the valid body goes through, so each refusal above was its input's doing.
    response = send(scene, endpoint_name)
    assert response.status_code == ENDPOINTS[endpoint_name].ok, body(response)


# --------------------------------------------------------------------------- taken, harmlessly


def test_sql_and_html_in_text_are_stored_verbatim_and_served_as_json(scene):
    hostile = "Robert'); DROP TABLE assignments_task; -- <script>alert('xss')</script>"
    client = client_for(scene, "coordinator")

    response = client.post(f"/api/v1/tasks/{scene.task.pk}/notes/", {"text": hostile}, format="json")

    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert response.json()["text"] == hostile
    assert Note.objects.get().text == hostile
    assert Task.objects.filter(pk=scene.task.pk).exists()


def test_html_in_a_title_is_escaped_in_the_admin(scene, client):
    create = ENDPOINTS["create task"].body(scene)
    create["title"] = "<img src=x onerror=alert(1)> Rà soát"
    created = client_for(scene, "leader").post("/api/v1/tasks/", create, format="json").json()
    client.force_login(scene.cast.staff)

    page = client.get(f"/admin/assignments/task/{created['id']}/change/").content.decode()

    assert "<img src=x onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_sql_in_a_search_finds_nothing_and_breaks_nothing(scene):
    response = client_for(scene, "staff").get("/api/v1/tasks/", {"q": "' OR 1=1 --"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_decomposed_vietnamese_is_stored_composed(scene):
    decomposed = "Phu\u0301c Xa\u0301: ra\u0300 soa\u0301t"  # as some phone keyboards send it
    client = client_for(scene, "coordinator")

    response = client.post(f"/api/v1/tasks/{scene.task.pk}/notes/", {"text": decomposed}, format="json")

    assert response.json()["text"] == "Phúc Xá: rà soát"
    assert Note.objects.get().text == "Phúc Xá: rà soát"


def test_read_only_and_unknown_fields_on_create_are_ignored(scene):
    create = ENDPOINTS["create task"].body(scene)
    create.update(
        {
            "status": "done",
            "version": 99,
            "assigned_by": scene.cast.staff.pk,
            "completed_at": "2026-01-01T00:00:00+07:00",
            "id": 424242,
            "is_admin": True,
        }
    )

    response = client_for(scene, "leader").post("/api/v1/tasks/", create, format="json")

    assert response.status_code == 201
    task = Task.objects.get(pk=response.json()["id"])
    assert task.pk != 424242
    assert (task.status, task.version, task.completed_at) == ("assigned", 1, None)
    assert task.assigned_by == scene.cast.leader.user


@pytest.mark.parametrize("page", ["0", "-1", "999", str(10**30), "abc", "1.5"])
def test_a_page_out_of_range_is_a_404_in_the_one_shape(scene, page):
    for path in ("tasks/", f"tasks/{scene.task.pk}/events/", "wards/"):
        response = client_for(scene, "staff").get(f"/api/v1/{path}", {"page": page})

        assert_error(response, 404)


def test_a_page_size_past_the_limit_is_cut_to_200(scene):
    response = client_for(scene, "staff").get("/api/v1/tasks/", {"page_size": str(10**30)})

    assert response.status_code == 200


def test_a_body_over_the_upload_limit_is_a_400_in_the_one_shape(scene):
    client = client_for(scene, "coordinator")
    before = snapshot()

    response = client.post(f"/api/v1/tasks/{scene.task.pk}/notes/", {"text": "x" * 3_000_000}, format="json")

    data = assert_error(response, 400)
    assert data["code"] == "bad_request"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("since", "status"),
    [
        pytest.param("2026-02-01T00:00:00+07:00", 200, id="an ordinary time"),
        pytest.param("2052-05-12T15:32:51+18:28", 200, id="an offset PostgreSQL does not take"),
        pytest.param("9952-05-12T15:32:51+18:28", 400, id="a year past the window"),
        pytest.param("0026-02-01T00:00:00+07:00", 400, id="the year 26 for 2026"),
        pytest.param("9999-12-31T23:00:00-05:00", 400, id="past the last year in UTC"),
        pytest.param("0001-01-01T00:30:00+01:00", 400, id="before the first year in UTC"),
        pytest.param("2026-02-30T00:00:00", 400, id="30 February"),
    ],
)
def test_a_sync_time_at_the_edge_of_the_calendar_is_answered_not_a_500(scene, since, status):
    response = client_for(scene, "staff").get("/api/v1/tasks/", {"updated_since": since})

    assert response.status_code == status, body(response)
    if status == 400:
        assert_error(response, 400, field="updated_since")
