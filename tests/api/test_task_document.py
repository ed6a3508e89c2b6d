"""A task's document is written by hand (`TaskSerializer.to_representation`, for the speed
of a page of 200) and must stay exactly what the declared fields would give: the same
keys in the same order, the same values, the same JSON bytes, in both languages, for
tasks of every shape (no ward, no target, the office as assigner, steps done, a
measured value, done, submitted, extended, watchers, coordinators)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
import types
from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from api.serializers.tasks import TaskSerializer
from assignments.models import Outcome, Target, Task, TaskStep
from tests.api.api_helpers import API, client_for
from tests.factories import MemberFactory, ProcessFactory, make_task, outcome_spec

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def shapes(cast) -> list[Task]:
    target = Target.objects.create(
        code="CT07",
        name="Chỉ tiêu 7",
        unit="%",
        target_value=90,
        direction="increase",
        deadline=dt.date(2026, 12, 31),
    )
    watcher = MemberFactory(full_name="Vũ Thị Theo Dõi")
    by_office = make_task(
        group=cast.group,
        owner=cast.owner,
        actor=cast.staff,
        process=ProcessFactory(steps=3),
        target=target,
        source="Nghị quyết số 12-NQ/QU",
        priority="urgent",
        outcome=outcome_spec(baseline=Decimal("10.5"), target=Decimal("80"), direction="decrease"),
        title="Việc  không có địa bàn",
        product={"kind": "report", "description": "Báo cáo kết quả", "file_required": True},
        approver={"kind": "standing_committee"},
    )
    done = make_task(
        group=cast.group,
        owner=cast.owner,
        ward=cast.ward,
        coordinators=[cast.coordinator],
        product={"kind": "photos", "description": "Ảnh hiện trường"},
        approver={"kind": "standing_member", "member": cast.standing},
    )
    submitted = make_task(group=cast.group, owner=cast.coordinator, ward=cast.ward)
    done.watchers.set([watcher, cast.group_member])
    step = TaskStep.objects.filter(task=by_office).order_by("order").first()
    assert step is not None
    TaskStep.objects.filter(pk=step.pk).update(
        completed_at=dt.datetime(2026, 2, 1, 17, 30, 0, 123456, tzinfo=UTC), note="Đã xong bước 1."
    )
    Outcome.objects.filter(task=by_office).update(actual=Decimal("12.25"))
    Outcome.objects.filter(task=done).update(actual=Decimal("100"))
    Task.objects.filter(pk=done.pk).update(
        status="done",
        # 23:30 in Hanoi on the due date, 16:30 UTC: done on time, shown at +07:00.
        completed_at=dt.datetime(2026, 3, 31, 16, 30, tzinfo=UTC),
        submitted_at=dt.datetime(2026, 3, 31, 16, 30, tzinfo=UTC),
        due_date=dt.date(2026, 3, 31),
        original_due_date=dt.date(2026, 3, 1),
    )
    Task.objects.filter(pk=submitted.pk).update(
        status="submitted", submitted_at=dt.datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
    )
    return list(Task.objects.for_display().order_by("id"))


def by_fields(task: Task) -> dict:
    """The document as DRF's field machinery writes it from the declared fields."""
    serializer = TaskSerializer(task)
    return serializers.ModelSerializer.to_representation(serializer, task)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_hand_written_document_is_the_declared_fields_own(cast, language):
    tasks = shapes(cast)
    assert len(tasks) == 4
    with translation.override(language):
        for task in tasks:
            ours = TaskSerializer(task).data
            theirs = by_fields(task)
            assert list(ours) == list(theirs)
            assert ours == theirs
            assert JSONRenderer().render(ours) == JSONRenderer().render(theirs)


def test_the_list_answers_the_declared_documents(cast):
    tasks = shapes(cast)
    response = client_for(cast.staff).get(f"{API}tasks/", {"ordering": "due_date", "page_size": 200})

    assert response.status_code == 200
    shown = {row["id"]: row for row in response.json()["results"]}
    assert len(shown) == 4
    for task in tasks:
        document = JSONRenderer().render(by_fields(task))
        assert JSONRenderer().render(shown[task.pk]) == document
    assert shown[tasks[2].pk]["completed_at"] == "2026-03-31T23:30:00+07:00"
    assert shown[tasks[2].pk]["deadline_status_label"] == "Hoàn thành đúng hạn"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_benchmarks_floor_answers_the_apis_document(cast, language, monkeypatch):
    """bench/baseline.py writes the task's document by hand from `.values()`: for the bench's
    ratio to compare one job, it must be the API's, product and approver included."""
    if importlib.util.find_spec("orjson") is None:
        # The bench's own JSON library (its extra); the documents are compared as data here.
        stub = types.SimpleNamespace(dumps=lambda data, default: json.dumps(data, default=default).encode())
        monkeypatch.setitem(sys.modules, "orjson", stub)
    from bench import baseline

    tasks = shapes(cast)
    rows = list(
        Task.objects.with_deadline_status().with_escalation().order_by("id").values(*baseline._COLUMNS)
    )
    with translation.override(language):
        floor = json.loads(json.dumps(baseline._documents(rows), default=baseline._default))
        api = json.loads(JSONRenderer().render([by_fields(task) for task in tasks]))
    assert floor == api
