"""`targets/`: the term targets. Everyone logged in reads them; only the office writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from assignments.models import Target
from tests.factories import MemberFactory, StaffUserFactory, StandingMemberFactory

URL = "/api/v1/targets/"
DEADLINE = dt.date(2025, 12, 31)


def client_for(user, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user=user)
    return client


def a_target(code: str, *, achieved_on: dt.date | None = None, direction: str = "increase") -> Target:
    return Target.objects.create(
        code=code,
        name=f"Chỉ tiêu {code}",
        unit="%",
        target_value=99,
        direction=direction,
        deadline=DEADLINE,
        actual=99 if achieved_on else None,
        achieved_on=achieved_on,
    )


@pytest.fixture
def targets(db):
    return [
        a_target("CT01", achieved_on=dt.date(2025, 6, 1)),
        a_target("CT02", achieved_on=DEADLINE),
        a_target("CT03", direction="decrease"),
    ]


@pytest.fixture
def staff(db):
    return StaffUserFactory(username="office")


@pytest.fixture
def member(db):
    return MemberFactory().user


def test_a_member_reads_the_targets_with_whether_and_when_they_were_met(targets, member):
    response = client_for(member).get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 3
    first = response.json()["results"][0]
    assert first == {
        "id": targets[0].pk,
        "code": "CT01",
        "name": "Chỉ tiêu CT01",
        "unit": "%",
        "target_value": 99.0,
        "direction": "increase",
        "deadline": "2025-12-31",
        "actual": 99.0,
        "achieved_on": "2025-06-01",
        "achieved": True,
        "achieved_early": True,
    }
    flags = [(t["code"], t["achieved"], t["achieved_early"]) for t in response.json()["results"]]
    assert flags == [("CT01", True, True), ("CT02", True, False), ("CT03", False, False)]


def test_a_member_reads_one_target(targets, member):
    response = client_for(member).get(f"{URL}{targets[2].pk}/")

    assert response.status_code == 200
    assert response.json()["code"] == "CT03"


def test_targets_filter_by_whether_they_were_met(targets, member):
    client = client_for(member)

    met = client.get(URL, {"achieved": "true"}).json()["results"]
    not_met = client.get(URL, {"achieved": "false"}).json()["results"]

    assert [t["code"] for t in met] == ["CT01", "CT02"]
    assert [t["code"] for t in not_met] == ["CT03"]


def test_targets_filter_by_direction(targets, member):
    results = client_for(member).get(URL, {"direction": "decrease"}).json()["results"]

    assert [t["code"] for t in results] == ["CT03"]


@pytest.mark.parametrize("params", [{"achieved": "maybe"}, {"direction": "sideways"}])
def test_a_bad_filter_is_a_400_naming_it(targets, member, params):
    response = client_for(member).get(URL, params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_anonymous_gets_401(targets):
    assert client_for(None).get(URL).status_code == 401


NEW = {
    "code": "CT16",
    "name": "Tỷ lệ hồ sơ giải quyết đúng hạn",
    "unit": "%",
    "target_value": 99,
    "direction": "increase",
    "deadline": "2030-12-31",
}


def test_the_office_adds_a_target(staff):
    response = client_for(staff).post(URL, NEW, format="json")

    assert response.status_code == 201
    assert response.json()["achieved"] is False
    assert Target.objects.get(code="CT16").target_value == 99


def test_the_office_records_when_a_target_was_met(targets, staff):
    response = client_for(staff).patch(
        f"{URL}{targets[2].pk}/", {"actual": 3.5, "achieved_on": "2025-11-30"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["achieved"], response.json()["achieved_early"]) == (True, True)


def test_a_target_code_is_used_once(targets, staff):
    response = client_for(staff).post(URL, {**NEW, "code": "CT01"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["code"]


@pytest.mark.parametrize("who", ["member", "standing"])
def test_only_the_office_writes_targets(targets, member, who):
    user = member if who == "member" else StandingMemberFactory().user
    client = client_for(user)
    detail = f"{URL}{targets[0].pk}/"

    answers = [
        client.post(URL, NEW, format="json").status_code,
        client.put(detail, NEW, format="json").status_code,
        client.patch(detail, {"name": "Khác"}, format="json").status_code,
        client.delete(detail).status_code,
    ]

    assert answers == [403, 403, 403, 403]
    assert Target.objects.count() == 3
    assert Target.objects.get(pk=targets[0].pk).name == "Chỉ tiêu CT01"


def test_the_office_deletes_a_target_no_task_serves(targets, staff):
    response = client_for(staff).delete(f"{URL}{targets[2].pk}/")

    assert response.status_code == 204
    assert not Target.objects.filter(code="CT03").exists()


def test_a_target_that_tasks_serve_cannot_be_deleted(cast, staff):
    target = a_target("CT05")
    cast.task.target = target
    cast.task.save(update_fields=["target"])

    response = client_for(staff).delete(f"{URL}{target.pk}/")

    assert response.status_code == 409
    assert response.json() == {
        "code": "target_in_use",
        "detail": "Tasks contribute to this term target, so it cannot be deleted.",
    }
    assert Target.objects.filter(pk=target.pk).exists()
