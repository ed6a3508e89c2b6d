"""Assigning documents (docs/rules.md, "Documents"; docs/api.md, "Documents"): who registers
and changes them, their audit rows, a document registered with its tasks in one go (all or
nothing, each refusal naming its task), who reads them, their figures and their tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from assignments import services
from assignments.exceptions import NotPermitted
from assignments.models import Document, Event, ReferenceChange, Task
from tests.api.api_helpers import API, client_for, create_body
from tests.factories import make_task

pytestmark = pytest.mark.django_db

URL = f"{API}documents/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def spec(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "number": "15-KL/QU",
        "kind": "conclusion",
        "issued_on": dt.date(2026, 1, 10),
        "issuer": "Ban Thường vụ Quận ủy",
        "excerpt": "Về đẩy mạnh cải cách hành chính",
    }
    values.update(overrides)
    return values


def body(**overrides: Any) -> dict[str, Any]:
    values = spec(**overrides)
    if isinstance(values.get("issued_on"), dt.date):
        values["issued_on"] = values["issued_on"].isoformat()
    return values


def register(cast, actor=None, **overrides: Any) -> Document:
    return services.document_create(actor=actor or cast.staff, **spec(**overrides))


def task_spec(cast, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Rà soát hồ sơ tồn đọng",
        "description": "Rà soát, phân loại và giải quyết hồ sơ quá hạn.",
        "group": cast.group,
        "owner": cast.owner,
        "process": cast.task.process,
        "start_date": dt.date(2026, 1, 12),
        "due_date": dt.date(2026, 3, 31),
        "outcome": {"indicator": "Tỷ lệ hồ sơ đúng hạn", "unit": "%", "target": 99},
    }
    values.update(overrides)
    return values


# --------------------------------------------------------------------------- services


def test_the_office_registers_a_document_with_its_audit_row(cast):
    document = register(cast, excerpt="Ve\u0302\u0300 cải cách")  # a decomposed "Về"

    assert document.excerpt == "Về cải cách"
    row = ReferenceChange.objects.get(kind="document", object_id=document.pk)
    assert row.action == "created" and row.actor == cast.staff
    assert row.changes["number"] == {"from": None, "to": document.number}
    assert row.changes["issued_on"] == {"from": None, "to": "2026-01-10"}
    assert set(row.changes) == {"number", "kind", "issued_on", "issuer", "excerpt"}


def test_a_group_leader_registers_and_edits_their_own_document(cast):
    document = register(cast, actor=cast.leader.user)

    services.document_update(document, actor=cast.leader.user, changes={"excerpt": "Về cải cách hành chính"})

    document.refresh_from_db()
    assert document.excerpt == "Về cải cách hành chính"
    change = ReferenceChange.objects.filter(kind="document", action="changed").get()
    assert change.changes == {
        "excerpt": {"from": "Về đẩy mạnh cải cách hành chính", "to": "Về cải cách hành chính"}
    }


def test_a_leader_cannot_edit_another_s_document_nor_a_member_register(cast):
    document = register(cast)
    with pytest.raises(NotPermitted):
        services.document_update(document, actor=cast.other_leader.user, changes={"excerpt": "Khác"})
    with pytest.raises(NotPermitted):
        register(cast, actor=cast.owner.user, number="16-KL/QU")
    assert Document.objects.count() == 1


def test_a_change_that_changes_nothing_writes_nothing(cast):
    document = register(cast)
    services.document_update(
        document, actor=cast.staff, changes={"excerpt": "Về đẩy mạnh cải cách hành chính"}
    )
    assert ReferenceChange.objects.filter(kind="document").count() == 1


def test_the_same_number_issuer_and_date_is_a_400_on_number(cast):
    register(cast)
    with pytest.raises(ValidationError) as refused:
        register(cast)
    assert list(refused.value.message_dict) == ["number"]


def test_missing_fields_are_named(cast):
    with pytest.raises(ValidationError) as refused:
        services.document_create(
            actor=cast.staff, number="", kind="memo", issued_on=None, issuer="", excerpt=""
        )
    assert set(refused.value.message_dict) == {"number", "kind", "issued_on", "issuer", "excerpt"}


def test_register_assigns_every_task_by_the_document(cast):
    document, tasks = services.document_register(
        actor=cast.staff, document=spec(), tasks=[task_spec(cast), task_spec(cast, title="Việc thứ hai")]
    )
    assert [t.document_id for t in tasks] == [document.pk, document.pk]
    assert Event.objects.filter(task__document=document, kind="created").count() == 2


def test_register_is_all_or_nothing_and_names_the_task(cast):
    before = Task.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.document_register(
            actor=cast.staff,
            document=spec(),
            tasks=[task_spec(cast), task_spec(cast), task_spec(cast, owner=None, outcome={"indicator": "x"})],
        )
    names = set(refused.value.message_dict)
    assert {"tasks.2.owner", "tasks.2.outcome.unit", "tasks.2.outcome.target"} <= names
    assert not any(name.startswith(("tasks.0.", "tasks.1.")) for name in names)
    assert Task.objects.count() == before
    assert not Document.objects.exists()
    assert not ReferenceChange.objects.filter(kind="document").exists()


def test_a_leader_registering_tasks_of_another_group_gets_the_group_named(cast):
    with pytest.raises(ValidationError) as refused:
        services.document_register(actor=cast.other_leader.user, document=spec(), tasks=[task_spec(cast)])
    assert list(refused.value.message_dict) == ["tasks.0.group"]
    assert not Document.objects.exists()


def test_editing_the_document_of_a_task_is_in_its_events(cast):
    document = register(cast)
    services.task_edit(task=cast.task, actor=cast.staff, changes={"document": document})

    cast.task.refresh_from_db()
    assert cast.task.document == document
    event = Event.objects.filter(task=cast.task, kind="edited").get()
    assert event.data["changes"]["document"] == {
        "from": None,
        "to": {"id": document.pk, "name": str(document)},
    }


# --------------------------------------------------------------------------- API


def test_post_registers_a_document_and_its_tasks(cast):
    response = client_for(cast.staff).post(
        URL, {**body(), "tasks": [create_body(cast), create_body(cast, title="Việc hai")]}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == "15-KL/QU" and data["title"].endswith("số 15-KL/QU")
    assert data["figures"]["total"] == 2 and data["figures"]["open"] == 2
    tasks = client_for(cast.staff).get(f"{URL}{data['id']}/tasks/").json()
    assert tasks["count"] == 2
    assert tasks["results"][0]["document"] == {
        "id": data["id"],
        "number": "15-KL/QU",
        "kind": "conclusion",
        "title": data["title"],
    }


def test_a_documents_tasks_are_registered_with_their_product_and_approver(cast):
    product = {"kind": "decision", "description": "Quyết định kiện toàn", "file_required": True}
    task = create_body(cast, product=product, approver={"kind": "standing_committee"})
    response = client_for(cast.staff).post(URL, {**body(), "tasks": [task]}, format="json")
    assert response.status_code == 201, response.content
    (shown,) = client_for(cast.staff).get(f"{URL}{response.json()['id']}/tasks/").json()["results"]
    assert shown["product"]["description"] == "Quyết định kiện toàn"
    assert shown["approver"]["kind"] == "standing_committee"
    unnamed = create_body(cast, approver={"kind": "standing_member"})
    response = client_for(cast.staff).post(URL, {**body(), "tasks": [unnamed]}, format="json")
    assert response.status_code == 400
    assert "tasks.0.approver.member" in response.json()["errors"]


def test_post_names_the_task_in_error_and_writes_nothing(cast):
    bad = create_body(cast, owner=None)
    response = client_for(cast.staff).post(
        URL, {**body(), "tasks": [create_body(cast), bad]}, format="json", **EN
    )
    assert response.status_code == 400
    assert "tasks.1.owner" in response.json()["errors"]
    assert not Document.objects.exists()
    unknown = create_body(cast, owner=999999)
    response = client_for(cast.staff).post(URL, {**body(), "tasks": [unknown]}, format="json")
    assert response.status_code == 400
    # A body's own refusal (an id that does not exist) is DRF's, named as nested lists are.
    assert list(response.json()["errors"]) == ["tasks.0.owner"]


def test_a_member_cannot_register(cast):
    response = client_for(cast.owner.user).post(URL, body(), format="json")
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_the_duplicate_is_a_400_on_number(cast):
    register(cast)
    response = client_for(cast.staff).post(URL, body(), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["number"]


def test_outsiders_get_404_and_readers_see_figures_of_their_tasks(cast):
    document = register(cast)
    Task.objects.filter(pk=cast.task.pk).update(document=document)
    other = make_task(group=cast.other_group, owner=cast.other_member)
    Task.objects.filter(pk=other.pk).update(document=document)

    assert client_for(cast.other_member.user).get(f"{URL}{document.pk}/").json()["figures"]["total"] == 1
    assert client_for(cast.staff).get(f"{URL}{document.pk}/").json()["figures"]["total"] == 2
    hidden = register(cast, number="99-TB/QU", kind="notice")
    assert client_for(cast.owner.user).get(f"{URL}{hidden.pk}/").status_code == 404
    assert client_for(cast.owner.user).get(f"{URL}{hidden.pk}/tasks/").status_code == 404
    assert (
        client_for(cast.owner.user).patch(f"{URL}{hidden.pk}/", {"excerpt": "x"}, format="json").status_code
        == 404
    )
    listed = client_for(cast.owner.user).get(URL).json()
    assert [d["id"] for d in listed["results"]] == [document.pk]


def test_patch_by_the_office_and_refused_to_a_reader(cast):
    document = register(cast)
    Task.objects.filter(pk=cast.task.pk).update(document=document)
    assert (
        client_for(cast.owner.user).patch(f"{URL}{document.pk}/", {"excerpt": "x"}, format="json").status_code
        == 403
    )
    response = client_for(cast.staff).patch(
        f"{URL}{document.pk}/", {"issuer": "Thường trực Quận ủy"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["issuer"] == "Thường trực Quận ủy"
    refused = client_for(cast.staff).patch(f"{URL}{document.pk}/", {"created_by": 1}, format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["created_by"]


def test_filters_kind_dates_issuer_and_accent_free_search(cast):
    a = register(cast, excerpt="Về cải cách hành chính")
    b = register(
        cast,
        number="05-NQ/QU",
        kind="resolution",
        issued_on=dt.date(2025, 5, 1),
        issuer="Quận ủy",
        excerpt="Về công tác cán bộ",
    )
    client = client_for(cast.staff)

    def ids(**params: Any) -> list[int]:
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [d["id"] for d in response.json()["results"]]

    assert ids(kind="resolution") == [b.pk]
    assert ids(issued_after="2026-01-01") == [a.pk]
    assert ids(issued_before="2025-12-31") == [b.pk]
    assert ids(issuer="Quận ủy") == [b.pk]
    assert ids(q="cai cach") == [a.pk]
    assert ids(q="05 nq") == [b.pk]
    assert ids() == [a.pk, b.pk]  # latest first
    assert client.get(URL, {"kind": "memo"}).status_code == 400


def test_tasks_filter_by_document_and_none(cast):
    document = register(cast)
    Task.objects.filter(pk=cast.task.pk).update(document=document)
    other = make_task(group=cast.group, owner=cast.owner)
    client = client_for(cast.staff)
    assert [t["id"] for t in client.get(f"{API}tasks/", {"document": document.pk}).json()["results"]] == [
        cast.task.pk
    ]
    assert [t["id"] for t in client.get(f"{API}tasks/", {"document": "none"}).json()["results"]] == [other.pk]


def test_patching_a_task_s_document(cast):
    document = register(cast)
    response = client_for(cast.staff).patch(
        f"{API}tasks/{cast.task.pk}/", {"document": document.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["document"]["id"] == document.pk


def _documents(cast, count: int) -> None:
    for n in range(count):
        document = register(cast, number=f"{n + 1}-TB/QU", kind="notice")
        task = make_task(group=cast.group, owner=cast.owner)
        Task.objects.filter(pk=task.pk).update(document=document)


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_for_1_and_20_documents(cast, django_assert_num_queries, count):
    _documents(cast, count)
    client = client_for(cast.staff)
    client.get(URL)  # the session's login read once
    # Authenticated by force (no session): the count (1), the page with its registrars (1),
    # the figures of the page's documents in one aggregate (1).
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_a_document_s_tasks_cost_the_same_for_1_and_20_tasks(cast, django_assert_num_queries, count):
    document = register(cast)
    for _ in range(count):
        task = make_task(group=cast.group, owner=cast.owner)
        Task.objects.filter(pk=task.pk).update(document=document)
    client = client_for(cast.staff)
    client.get(f"{URL}{document.pk}/tasks/")
    # Authenticated by force (no session): the document's visibility (1), the count (1),
    # the page of tasks (1), their steps (1) and coordinators (1).
    with django_assert_num_queries(5):
        response = client.get(f"{URL}{document.pk}/tasks/")
    assert response.json()["count"] == count
