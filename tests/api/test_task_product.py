"""A task's product and approver through the API: the body, the 400s, the 403 and the 409."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments.models import Task
from tests.api.api_helpers import (
    API,
    EN,
    client_for,
    create_body,
    error,
    ready_to_submit,
    submitted,
    task_url,
)
from tests.factories import AttachmentFactory, MemberFactory, make_task

pytestmark = pytest.mark.django_db

PRODUCT = {"kind": "report", "description": "Báo cáo kết quả rà soát", "file_required": True}


def test_a_task_is_assigned_with_its_product_and_approver_and_reads_them_back(cast):
    body = create_body(
        cast, product=PRODUCT, approver={"kind": "standing_member", "member": cast.standing.pk}
    )
    response = client_for(cast.leader.user).post(f"{API}tasks/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["product"] == {
        "kind": "report",
        "kind_label": "Báo cáo",
        "description": "Báo cáo kết quả rà soát",
        "file_required": True,
    }
    assert data["approver"] == {
        "kind": "standing_member",
        "kind_label": "Một đồng chí Ủy viên Ban Thường vụ được chỉ định",
        "member": {"id": cast.standing.pk, "name": cast.standing.full_name},
    }


def test_without_a_product_the_body_says_null_and_the_leader_accepts(cast):
    data = client_for(cast.leader.user).get(task_url(cast.task), **EN).json()
    assert data["product"] is None
    assert data["approver"] == {"kind": "group_leader", "kind_label": "The group's leader", "member": None}


@pytest.mark.parametrize(
    ("product", "approver", "field"),
    [
        ({"kind": "report", "description": ""}, None, "product.description"),
        ({"kind": "report", "description": "x" * 301}, None, "product.description"),
        ({"kind": "poem", "description": "Bài thơ"}, None, "product.kind"),
        (None, {"kind": "standing_member"}, "approver.member"),
        (None, {"kind": "standing_member", "member": "plain"}, "approver.member"),
        (None, {"kind": "standing_member", "member": 10**9}, "approver.member"),
        (None, {"kind": "nobody"}, "approver.kind"),
    ],
)
def test_a_product_or_approver_that_does_not_hold_is_a_400_naming_it(cast, product, approver, field):
    if approver and approver.get("member") == "plain":
        approver = {**approver, "member": MemberFactory().pk}
    body = create_body(
        cast, **({"product": product} if product else {}), **({"approver": approver} if approver else {})
    )
    before = Task.objects.count()
    data = error(client_for(cast.leader.user).post(f"{API}tasks/", body, format="json"), 400, "invalid")
    assert list(data["errors"]) == [field]
    assert Task.objects.count() == before


def test_a_missing_named_approver_is_said_in_vietnamese_by_default(cast):
    body = create_body(cast, approver={"kind": "standing_member"})
    data = error(client_for(cast.leader.user).post(f"{API}tasks/", body, format="json"), 400)
    assert data["errors"]["approver.member"] == ["Chọn Ủy viên Ban Thường vụ nghiệm thu nhiệm vụ."]


def test_the_leader_patches_the_product_and_the_approver(cast):
    client = client_for(cast.leader.user)
    response = client.patch(
        task_url(cast.task),
        {"product": PRODUCT, "approver": {"kind": "standing_committee"}},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["product"]["description"] == "Báo cáo kết quả rà soát"
    assert data["approver"]["kind"] == "standing_committee"
    assert data["version"] == 2
    # null states no product again
    response = client.patch(task_url(cast.task), {"product": None}, format="json")
    assert response.json()["product"] is None


def test_a_standing_member_approver_accepts_and_the_leader_is_refused_naming_them(cast):
    task = make_task(
        group=cast.group, owner=cast.owner, approver={"kind": "standing_member", "member": cast.standing}
    )
    submitted(task)
    data = error(client_for(cast.leader.user).post(task_url(task, "accept/"), {}, format="json", **EN), 403)
    assert (
        data["detail"]
        == f"Only {cast.standing.full_name} (Standing Committee) may accept or return this task."
    )
    response = client_for(cast.standing.user).post(task_url(task, "accept/"), {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done"


def test_submit_without_the_required_product_is_a_409_then_passes_with_it(cast):
    task = make_task(group=cast.group, owner=cast.owner, product=PRODUCT)
    ready_to_submit(task)
    client = client_for(cast.owner.user)
    data = error(client.post(task_url(task, "submit/"), {}, format="json", **EN), 409, "product_missing")
    assert "Báo cáo kết quả rà soát" in data["detail"]
    AttachmentFactory(task=task)
    response = client.post(task_url(task, "submit/"), {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    events = client.get(task_url(task, "events/")).json()
    submitted_event = next(e for e in events["results"] if e["kind"] == "submitted")
    assert [f["name"] for f in submitted_event["data"]["product_files"]] == [task.attachments.get().name]


def test_the_list_of_tasks_with_approvers_costs_the_same_queries(cast):
    client = client_for(cast.staff)
    client.get(f"{API}tasks/")  # warm-up
    with CaptureQueriesContext(connection) as one:
        client.get(f"{API}tasks/")
    for n in range(3):
        make_task(
            group=cast.group,
            owner=cast.owner,
            product=PRODUCT,
            approver={"kind": "standing_member", "member": cast.standing if n % 2 else cast.other_leader},
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get(f"{API}tasks/")
    assert response.json()["count"] == 4
    assert len(four.captured_queries) == len(one.captured_queries)
