"""What a phone on a bad connection relies on (docs/api.md: Concurrency, Retries, Lists, filters).

- `If-Match` with a stale version: 412 in the error shape, and nothing changes.
- `Idempotency-Key` on creating POSTs: a retry replays the first answer, creates nothing.
- `updated_since` for incremental sync; `q=` whatever Unicode form the keyboard sent.
- Lists are paginated, `page_size` up to 200.
"""

from __future__ import annotations

import pytest

from assignments.models import Task
from tests.api.contract_helpers import (
    assert_error,
    at,
    body,
    client_as,
    create_payload,
    etag_version,
    if_match,
    nfd,
    started,
    task_url,
    url,
)
from tests.factories import ProcessFactory, make_task


def snapshot(client, task_id: int) -> tuple[dict, int]:
    """The task as the API shows it, and the number of its events."""
    task = client.get(task_url(task_id)).json()
    events = client.get(task_url(task_id, "events/")).json()["count"]
    return task, events


# --------------------------------------------------------------------------- If-Match


def test_task_detail_sends_its_version_as_etag(cast):
    response = client_as(cast.owner.user).get(task_url(cast.task.pk))
    assert response.status_code == 200
    assert etag_version(response) == response.json()["version"]


def test_stale_if_match_on_patch_is_412_and_changes_nothing(cast):
    leader, staff = client_as(cast.leader.user), client_as(cast.staff)
    seen = leader.get(task_url(cast.task.pk))
    stale = etag_version(seen)
    # Meanwhile the office edits the task from its own copy.
    fresh = staff.patch(task_url(cast.task.pk), {"priority": "high"}, format="json", **if_match(stale))
    assert fresh.status_code == 200, body(fresh)
    before, events_before = snapshot(leader, cast.task.pk)

    response = leader.patch(task_url(cast.task.pk), {"title": "Tiêu đề cũ"}, format="json", **if_match(stale))

    assert_error(response, 412)
    after, events_after = snapshot(leader, cast.task.pk)
    assert after["version"] == before["version"]
    assert after["title"] == before["title"] != "Tiêu đề cũ"
    assert events_after == events_before


def test_stale_if_match_on_an_action_is_412_and_changes_nothing(cast):
    owner = client_as(cast.owner.user)
    stale = etag_version(owner.get(task_url(cast.task.pk)))
    client_as(cast.leader.user).patch(task_url(cast.task.pk), {"source": "Nghị quyết 05"}, format="json")
    before, events_before = snapshot(owner, cast.task.pk)

    response = owner.post(task_url(cast.task.pk, "start/"), {}, format="json", **if_match(stale))

    assert_error(response, 412)
    after, events_after = snapshot(owner, cast.task.pk)
    assert (after["status"], after["version"]) == ("assigned", before["version"])
    assert events_after == events_before


def test_a_fresh_if_match_lets_the_write_through(cast):
    owner = client_as(cast.owner.user)
    seen = owner.get(task_url(cast.task.pk))
    response = owner.post(
        task_url(cast.task.pk, "start/"), {}, format="json", HTTP_IF_MATCH=seen.headers["ETag"]
    )
    assert response.status_code == 200, body(response)
    assert etag_version(response) == response.json()["version"] > etag_version(seen)

    leader = client_as(cast.leader.user)
    patched = leader.patch(
        task_url(cast.task.pk),
        {"title": "Rà soát hồ sơ"},
        format="json",
        HTTP_IF_MATCH=response.headers["ETag"],
    )
    assert patched.status_code == 200, body(patched)
    assert patched.json()["title"] == "Rà soát hồ sơ"


# --------------------------------------------------------------------------- Idempotency-Key


def test_a_retried_task_creation_replays_the_first_answer_and_creates_one_task(cast):
    leader = client_as(cast.leader.user)
    payload = create_payload(cast, ProcessFactory())
    before = Task.objects.count()

    first = leader.post(url("tasks/"), payload, format="json", HTTP_IDEMPOTENCY_KEY="a1b2c3")
    retry = leader.post(url("tasks/"), payload, format="json", HTTP_IDEMPOTENCY_KEY="a1b2c3")

    assert first.status_code == 201, body(first)
    assert retry.status_code == first.status_code
    assert retry.json() == first.json()
    assert Task.objects.count() == before + 1
    # The cast's task is in the ward Phúc Xá (searched too): words of this title alone.
    titled = leader.get(url("tasks/"), {"q": "tồn đọng phường Phúc Xá"}).json()
    assert titled["count"] == 1


def test_the_same_key_with_another_body_is_422(cast):
    leader = client_as(cast.leader.user)
    process = ProcessFactory()
    first = leader.post(
        url("tasks/"), create_payload(cast, process), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == 201, body(first)
    before = Task.objects.count()

    other = leader.post(
        url("tasks/"),
        create_payload(cast, process, title="Việc khác"),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )

    assert_error(other, 422)
    assert Task.objects.count() == before


def test_the_same_key_from_another_user_is_not_a_replay(cast):
    """docs/api.md: the same key *from the same user* replays; another user's request is their own."""
    payload = create_payload(cast, ProcessFactory())
    first = client_as(cast.leader.user).post(
        url("tasks/"), payload, format="json", HTTP_IDEMPOTENCY_KEY="shared"
    )
    second = client_as(cast.staff).post(url("tasks/"), payload, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert first.status_code == second.status_code == 201, (body(first), body(second))
    assert first.json()["id"] != second.json()["id"]


MEASUREMENT = {"value": 97, "measured_on": "2026-02-01", "note": "Báo cáo tuần 1"}
NOTE = {"text": "Đã làm việc với phường Phúc Xá."}


@pytest.mark.parametrize(
    ("resource", "payload", "changed"),
    [
        pytest.param("measurements/", MEASUREMENT, {**MEASUREMENT, "value": 98}, id="measurements"),
        pytest.param("notes/", NOTE, {"text": "Ghi chú khác."}, id="notes"),
    ],
)
def test_a_retried_post_under_a_task_replays_and_creates_one_row(cast, resource, payload, changed):
    started(cast)
    owner = client_as(cast.owner.user)
    path = task_url(cast.task.pk, resource)

    first = owner.post(path, payload, format="json", HTTP_IDEMPOTENCY_KEY="m-42")
    retry = owner.post(path, payload, format="json", HTTP_IDEMPOTENCY_KEY="m-42")
    other = owner.post(path, changed, format="json", HTTP_IDEMPOTENCY_KEY="m-42")

    assert first.status_code == 201, body(first)
    assert (retry.status_code, retry.json()) == (first.status_code, first.json())
    assert_error(other, 422)
    assert owner.get(path).json()["count"] == 1
    kind = "measurement_recorded" if resource == "measurements/" else "note_added"
    events = owner.get(task_url(cast.task.pk, "events/")).json()["results"]
    assert [e["kind"] for e in events].count(kind) == 1


# --------------------------------------------------------------------------- sync and search


def ids(response) -> set[int]:
    assert response.status_code == 200, body(response)
    return {t["id"] for t in response.json()["results"]}


def test_updated_since_lists_only_what_changed_since_the_last_sync(cast):
    staff = client_as(cast.staff)
    with at(10):
        later = make_task(group=cast.group, owner=cast.group_member)

    assert ids(staff.get(url("tasks/"), {"updated_since": "2026-02-02T09:30:00+07:00"})) == {later.pk}
    # The same moment in UTC.
    assert ids(staff.get(url("tasks/"), {"updated_since": "2026-02-02T02:30:00Z"})) == {later.pk}

    with at(11):
        assert (
            client_as(cast.owner.user).post(task_url(cast.task.pk, "start/"), {}, format="json").status_code
            == 200
        )
    assert ids(staff.get(url("tasks/"), {"updated_since": "2026-02-02T10:30:00+07:00"})) == {cast.task.pk}
    assert ids(staff.get(url("tasks/"), {"updated_since": "2026-02-02T08:00:00+07:00"})) == {
        cast.task.pk,
        later.pk,
    }


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_q_finds_phuc_xa_whether_the_phone_sends_composed_or_decomposed_text(cast, form):
    leader = client_as(cast.leader.user)
    process = ProcessFactory()
    # No ward: a task's ward name is searched too, and the cast's ward is Phúc Xá.
    composed = leader.post(
        url("tasks/"),
        create_payload(cast, process, title="Kiểm tra hồ sơ phường Phúc Xá", ward=None),
        format="json",
    )
    # A phone whose keyboard sends decomposed Vietnamese.
    decomposed = leader.post(
        url("tasks/"),
        create_payload(cast, process, title=nfd("Rà soát đất công Phúc Xá"), ward=None),
        format="json",
    )
    unrelated = leader.post(
        url("tasks/"), create_payload(cast, process, title="Việc của phường khác", ward=None), format="json"
    )
    assert {composed.status_code, decomposed.status_code, unrelated.status_code} == {201}

    query = "Phúc Xá" if form == "NFC" else nfd("Phúc Xá")
    found = ids(leader.get(url("tasks/"), {"q": query}))

    # The cast's task is found by its ward's name.
    assert found == {composed.json()["id"], decomposed.json()["id"], cast.task.pk}


# --------------------------------------------------------------------------- pagination


def test_lists_are_paginated_with_count_next_previous_results(cast):
    for _ in range(2):
        make_task(group=cast.group, owner=cast.owner)
    response = client_as(cast.staff).get(url("tasks/"), {"page_size": 2})
    assert response.status_code == 200
    page = response.json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["previous"] is None
    assert page["next"]
    rest = client_as(cast.staff).get(page["next"]).json()
    assert len(rest["results"]) == 1
    assert rest["next"] is None and rest["previous"]


def test_page_size_is_capped_at_200(cast):
    process = ProcessFactory(steps=1)
    for _ in range(200):
        make_task(group=cast.group, owner=cast.owner, process=process)
    page = client_as(cast.staff).get(url("tasks/"), {"page_size": 500}).json()
    assert page["count"] == 201
    assert len(page["results"]) == 200
    assert page["next"]
    assert len(client_as(cast.staff).get(url("tasks/"), {"page_size": 200}).json()["results"]) == 200


@pytest.mark.parametrize(
    "path",
    [
        "wards/",
        "members/",
        "groups/",
        "processes/",
        "tasks/",
        "tasks/{id}/measurements/",
        "tasks/{id}/notes/",
        "tasks/{id}/events/",
    ],
)
def test_every_list_has_the_same_page_shape(cast, path):
    response = client_as(cast.staff).get(url(path.format(id=cast.task.pk)), {"page_size": 1})
    assert response.status_code == 200, body(response)
    page = response.json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert len(page["results"]) <= 1
