"""Helpers for the API's own tests (the contract tests have theirs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from assignments import services
from assignments.models import Task

API = "/api/v1/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def client_for(user: Any | None, **headers: str) -> APIClient:
    """A client authenticated as `user` (None: anonymous), with default headers."""
    client = APIClient(**headers)
    if user is not None:
        client.force_authenticate(user=user)
    return client


def fresh_client(user: Any, **headers: str) -> APIClient:
    """As `client_for`, with a user object read anew: nothing cached from earlier requests,
    so a query count measures one request as a phone would make it."""
    return client_for(get_user_model().objects.get(pk=user.pk), **headers)


def task_url(task: Task | int, suffix: str = "") -> str:
    pk = task.pk if isinstance(task, Task) else task
    return f"{API}tasks/{pk}/{suffix}"


def error(response: Any, status: int, code: str | None = None) -> dict:
    """The one error shape: {"code", "detail", "errors"?}, nothing else."""
    assert response.status_code == status, (response.status_code, getattr(response, "data", response.content))
    data = response.json()
    assert set(data) <= {"code", "detail", "errors"}, data
    assert data["code"] and data["detail"], data
    if code is not None:
        assert data["code"] == code, data
    return data


def ready_to_submit(task: Task) -> Task:
    owner = task.owner.user
    task = services.task_start(task=task, actor=owner)
    for step in task.steps.order_by("order"):
        task = services.task_complete_step(task=task, step=step, actor=owner)
    services.measurement_record(task=task, actor=owner, value=99, measured_on=dt.date(2026, 2, 1))
    return Task.objects.get(pk=task.pk)


def submitted(task: Task) -> Task:
    task = ready_to_submit(task)
    return services.task_submit(task=task, actor=task.owner.user)


def create_body(cast: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Rà soát hồ sơ tồn đọng phường Phúc Xá",
        "description": "Rà soát, phân loại và giải quyết hồ sơ quá hạn.",
        "group": cast.group.pk,
        "ward": cast.ward.pk,
        "owner": cast.owner.pk,
        "process": cast.task.process_id,
        "start_date": "2026-01-05",
        "due_date": "2026-03-31",
        "priority": "high",
        "source": "Kết luận số 12-KL/QU",
        "coordinators": [cast.coordinator.pk],
        "outcome": {"indicator": "Tỷ lệ hồ sơ đúng hạn", "unit": "%", "baseline": 80, "target": 99},
    }
    body.update(overrides)
    return body
