"""A task's whole life through HTTP only, as the phones and the leader's browser drive it.

Each person logs in with `POST /api/v1/auth/login/` and sends their token. The committee's
clock moves on between the steps, so every event has its own time.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.api.contract_helpers import (
    at,
    body,
    brief_id,
    create_payload,
    etag_version,
    names_person,
    parse_time,
    paused,
    ready_to_submit,
    started,
    submitted,
    task_url,
    token_client,
    url,
)
from tests.factories import ProcessFactory

READ_BACK = (
    "id", "title", "description", "group", "ward", "owner", "assigned_by", "coordinators", "process",
    "steps", "outcome", "status", "deadline_status", "start_date", "due_date", "original_due_date",
    "completed_at", "priority", "source", "version", "created_at", "updated_at",
)  # fmt: skip


def acted(response, previous_version: int) -> dict:
    """Every action answers 200 with the task, a new version, and an ETag equal to it."""
    assert response.status_code == 200, f"expected 200, got {response.status_code}: {body(response)}"
    task = response.json()
    assert set(READ_BACK) <= set(task), f"missing fields: {sorted(set(READ_BACK) - set(task))}"
    assert task["version"] > previous_version, f"version not bumped: {task['version']} ≤ {previous_version}"
    assert etag_version(response) == task["version"], (
        f"ETag {response.headers.get('ETag')!r} differs from version {task['version']}"
    )
    return task


@pytest.fixture
def process(db):
    return ProcessFactory(name="Giải quyết hồ sơ tồn đọng", steps=3)


def test_a_task_goes_from_assignment_to_acceptance_through_http_only(cast, process):
    leader = token_client(cast.leader.user)
    member = token_client(cast.owner.user)

    # The leader finds the process and assigns the task, with the body docs/api.md shows.
    with at(9):
        processes = leader.get(url("processes/")).json()["results"]
        chosen = next(p for p in processes if p["name"] == "Giải quyết hồ sơ tồn đọng")
        payload = create_payload(cast, process)
        payload["process"] = chosen["id"]
        created = leader.post(url("tasks/"), payload, format="json")
    assert created.status_code == 201, body(created)
    task = created.json()
    assert set(READ_BACK) <= set(task), f"missing fields: {sorted(set(READ_BACK) - set(task))}"
    assert task["status"] == "assigned"
    assert task["deadline_status"] == "open_on_track"
    assert brief_id(task["owner"]) == cast.owner.pk
    assert brief_id(task["group"]) == cast.group.pk
    assert brief_id(task["ward"]) == cast.ward.pk
    assert brief_id(task["process"]) == process.pk
    assert [brief_id(c) for c in task["coordinators"]] == [cast.coordinator.pk]
    assert task["original_due_date"] == task["due_date"] == "2026-03-31"
    assert task["completed_at"] is None
    assert [(s["order"], s["name"], s["completed_at"]) for s in task["steps"]] == [
        (1, "Bước 1", None),
        (2, "Bước 2", None),
        (3, "Bước 3", None),
    ]
    assert task["outcome"]["actual"] is None
    assert task["outcome"]["achieved"] is False
    task_id, version = task["id"], task["version"]

    # The member sees it, starts it and ticks the steps in order.
    with at(10):
        assert member.get(task_url(task_id)).status_code == 200
        task = acted(member.post(task_url(task_id, "start/"), {}, format="json"), version)
    assert task["status"] == "in_progress"
    for minute, step in enumerate(sorted(task["steps"], key=lambda s: s["order"]), start=1):
        with at(11, minute):
            response = member.post(
                task_url(task_id, f"steps/{step['id']}/complete/"),
                {"note": f"Xong {step['name']}"},
                format="json",
            )
            task = acted(response, task["version"])
        done = next(s for s in task["steps"] if s["id"] == step["id"])
        assert done["completed_at"] is not None

    # A measured value, with its evidence.
    with at(12):
        measured = member.post(
            task_url(task_id, "measurements/"),
            {"value": 99.5, "measured_on": "2026-02-01", "note": "Báo cáo của phường"},
            format="json",
        )
    assert measured.status_code == 201, body(measured)
    task = member.get(task_url(task_id)).json()
    assert Decimal(str(task["outcome"]["actual"])) == Decimal("99.5")
    assert task["outcome"]["achieved"] is True

    with at(13):
        task = acted(
            member.post(task_url(task_id, "submit/"), {"note": "Đã xong"}, format="json"), task["version"]
        )
    assert task["status"] == "submitted"

    # The leader sends it back with a reason; the member submits again.
    with at(14):
        response = leader.post(task_url(task_id, "return/"), {"note": "Bổ sung biên bản"}, format="json")
        task = acted(response, task["version"])
    assert task["status"] == "in_progress"
    with at(15) as resubmitted:
        task = acted(member.post(task_url(task_id, "submit/"), {}, format="json"), task["version"])
    assert task["status"] == "submitted"

    with at(16):
        task = acted(
            leader.post(task_url(task_id, "accept/"), {"note": "Đạt"}, format="json"), task["version"]
        )
    assert task["status"] == "done"
    assert task["deadline_status"] == "done_early"
    # Completed when the accepted submission was made, not when it was accepted.
    assert parse_time(task["completed_at"]) == resubmitted

    detail = member.get(task_url(task_id))
    assert etag_version(detail) == detail.json()["version"] == task["version"]

    events = member.get(task_url(task_id, "events/"))
    assert events.status_code == 200, body(events)
    rows = events.json()["results"]
    assert [e["kind"] for e in rows] == [
        "created",
        "started",
        "step_completed",
        "step_completed",
        "step_completed",
        "measurement_recorded",
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    actors = [cast.leader, *[cast.owner] * 6, cast.leader, cast.owner, cast.leader]
    for event, person in zip(rows, actors, strict=True):
        assert names_person(event["actor"], person), (
            f"{event['kind']}: actor {event['actor']!r} is not {person}"
        )
    # docs/rules.md: each event has its actor, time and note; `at` is the model's name for the time.
    times = [parse_time(e.get("at") or e["time"]) for e in rows]
    assert times == sorted(times), "events are not oldest first"
    returned = next(e for e in rows if e["kind"] == "returned")
    assert returned["note"] == "Bổ sung biên bản"


ACTIONS = [
    pytest.param("start/", "owner", {}, None, id="start"),
    pytest.param("submit/", "owner", {}, ready_to_submit, id="submit"),
    pytest.param("accept/", "leader", {}, submitted, id="accept"),
    pytest.param("return/", "staff", {"note": "Bổ sung"}, submitted, id="return"),
    pytest.param("pause/", "leader", {"note": "Chờ ý kiến"}, started, id="pause"),
    pytest.param("resume/", "owner", {}, paused, id="resume"),
    pytest.param("cancel/", "leader", {"note": "Không còn phù hợp"}, None, id="cancel"),
    pytest.param("reassign/", "staff", "reassign", None, id="reassign"),
    pytest.param("extend/", "leader", {"due_date": "2026-04-30", "reason": "Chờ số liệu"}, None, id="extend"),
    pytest.param("step", "owner", {}, started, id="complete step"),
]


@pytest.mark.parametrize(("action", "role", "payload", "prepare"), ACTIONS)
def test_every_action_answers_the_task_with_a_new_version_and_its_etag(cast, action, role, payload, prepare):
    if prepare:
        prepare(cast)
    if action == "step":
        action = f"steps/{cast.task.steps.order_by('order').first().pk}/complete/"
    if payload == "reassign":
        payload = {"owner": cast.group_member.pk, "reason": "Đầu mối đi học"}
    client = token_client(cast.user(role))
    before = client.get(task_url(cast.task.pk)).json()["version"]

    task = acted(client.post(task_url(cast.task.pk, action), payload, format="json"), before)

    assert task["id"] == cast.task.pk
    assert client.get(task_url(cast.task.pk)).json() == task, (
        "the answer is not the task as tasks/{id}/ shows it"
    )
