"""The pages' forms, each with who sends it and a body that succeeds: what the limits tests
and the form fuzzing (test_fuzz_forms.py) spoil.

The scene is the bad input catalogue's (bad_input.make_scene); `prepare_page` brings it
where the form's valid body goes through (a fresh task to start, a paused one to resume,
every step ticked to submit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.test import Client

from tests.security.bad_input import Scene, prepare

FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class PageForm:
    path: str  # with {task}, {submitted}, {step}... from Scene.ids
    role: str
    body: Callable[[Scene], dict[str, Any]]
    #: The bad input catalogue's endpoint whose preparation this form needs, if any.
    prepare_as: str | None = None
    #: The fields that hold free text, and their limit.
    texts: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    def url(self, scene: Scene) -> str:
        return self.path.format(**scene.ids)


def _create(scene: Scene) -> dict[str, Any]:
    cast = scene.cast
    return {
        "title": "Rà soát hộ nghèo",
        "description": "Rà soát, phân loại hộ nghèo.",
        "source": "Kết luận số 12-KL/QU",
        "priority": "high",
        "ward": cast.ward.pk,
        "owner": cast.group_member.pk,
        "coordinators": [cast.coordinator.pk],
        "process": scene.ids["process"],
        "indicator": "Số hộ được rà soát",
        "unit": "hộ",
        "baseline": "0",
        "target": "120",
        "direction": "increase",
        "start_date": "2026-02-02",
        "due_date": "2026-06-30",
        "term_target": scene.target.pk,
    }


def _versioned(body: Callable[[Scene], dict[str, Any]], task: str = "task") -> Callable[[Scene], dict]:
    """An action's body, with the version of its task as the page shows it."""

    def with_version(scene: Scene) -> dict[str, Any]:
        from assignments.models import Task

        return {"expected_version": Task.objects.get(pk=scene.ids[task]).version, **body(scene)}

    return with_version


PAGE_FORMS: dict[str, PageForm] = {
    "create task": PageForm(
        "/groups/1/new-task/",
        "leader",
        _create,
        texts=("title", "description", "source", "indicator", "unit"),
        numbers=("baseline", "target"),
        dates=("start_date", "due_date"),
    ),
    "start": PageForm("/tasks/{task}/start/", "owner", _versioned(lambda s: {}), prepare_as="start"),
    "complete_step": PageForm(
        "/tasks/{task}/complete_step/", "owner", _versioned(lambda s: {"step": s.ids["step"]})
    ),
    "record_measurement": PageForm(
        "/tasks/{task}/record_measurement/",
        "owner",
        _versioned(lambda s: {"value": "97.5", "measured_on": "2026-02-01", "note": "Báo cáo của phường"}),
        texts=("note",),
        numbers=("value",),
        dates=("measured_on",),
    ),
    "submit": PageForm(
        "/tasks/{task}/submit/", "owner", _versioned(lambda s: {"note": "Đã xong"}), "submit", ("note",)
    ),
    "pause": PageForm(
        "/tasks/{task}/pause/", "owner", _versioned(lambda s: {"note": "Chờ ý kiến"}), None, ("note",)
    ),
    "resume": PageForm(
        "/tasks/{task}/resume/", "owner", _versioned(lambda s: {"note": "Tiếp tục"}), "resume", ("note",)
    ),
    "accept": PageForm(
        "/tasks/{submitted}/accept/",
        "leader",
        _versioned(lambda s: {"note": "Đạt"}, "submitted"),
        None,
        ("note",),
    ),
    "return": PageForm(
        "/tasks/{submitted}/return/",
        "leader",
        _versioned(lambda s: {"note": "Bổ sung số liệu"}, "submitted"),
        None,
        ("note",),
    ),
    "cancel": PageForm(
        "/tasks/{task}/cancel/",
        "leader",
        _versioned(lambda s: {"note": "Không còn phù hợp"}),
        None,
        ("note",),
    ),
    "reassign": PageForm(
        "/tasks/{task}/reassign/",
        "leader",
        _versioned(lambda s: {"owner": s.cast.group_member.pk, "reason": "Điều chỉnh phân công"}),
        texts=("reason",),
    ),
    "extend": PageForm(
        "/tasks/{task}/extend/",
        "leader",
        _versioned(lambda s: {"due_date": "2026-04-30", "reason": "Chờ số liệu"}),
        texts=("reason",),
        dates=("due_date",),
    ),
    "explain": PageForm(
        "/tasks/{task}/explain/",
        "owner",
        _versioned(lambda s: {"reason": "Chờ số liệu của phường", "proposed_due_date": "2026-02-20"}),
        prepare_as="explain",
        texts=("reason",),
        dates=("proposed_due_date",),
    ),
    "add_note": PageForm(
        "/tasks/{task}/add_note/",
        "coordinator",
        _versioned(lambda s: {"text": "Đã phối hợp"}),
        None,
        ("text",),
    ),
    "give_direction": PageForm(
        "/tasks/{task}/give_direction/",
        "standing",
        _versioned(lambda s: {"text": "Ưu tiên hồ sơ đất đai"}),
        None,
        ("text",),
    ),
    "change_coordinators": PageForm(
        "/tasks/{task}/change_coordinators/",
        "leader",
        _versioned(lambda s: {"coordinators": [s.cast.group_member.pk], "note": "Bổ sung"}),
        None,
        ("note",),
    ),
    "change_watchers": PageForm(
        "/tasks/{task}/change_watchers/",
        "leader",
        _versioned(lambda s: {"watchers": [s.cast.other_member.pk], "note": "Theo dõi"}),
        None,
        ("note",),
    ),
    "correct_outcome": PageForm(
        "/tasks/{task}/correct_outcome/",
        "leader",
        _versioned(
            lambda s: {
                "indicator": "Số hồ sơ tồn",
                "unit": "hồ sơ",
                "baseline": "40",
                "target": "0",
                "direction": "decrease",
                "reason": "Nhập nhầm",
            }
        ),
        texts=("indicator", "unit", "reason"),
        numbers=("baseline", "target"),
    ),
    "notification settings": PageForm(
        "/notifications/settings/",
        "owner",
        lambda s: {
            "email": "on",
            "digest": "on",
            "email_kinds": ["assigned", "overdue"],
            "push_kinds": ["due_today"],
        },
    ),
    "notifications read all": PageForm("/notifications/read-all/", "owner", lambda s: {}),
    "calendar reset": PageForm("/notifications/settings/calendar/", "owner", lambda s: {}),
}


def _overdue_task(scene: Scene) -> None:
    """A task of the owner past its due date (today is 2026-02-02): one to explain."""
    from tests.factories import ProcessFactory, make_task

    late = make_task(
        group=scene.cast.group,
        owner=scene.cast.owner,
        process=ProcessFactory(steps=1),
        start_date=dt.date(2026, 1, 2),
        due_date=dt.date(2026, 1, 29),
    )
    scene.ids["task"] = late.pk


def prepare_page(scene: Scene, name: str) -> None:
    form = PAGE_FORMS[name]
    if form.prepare_as == "explain":
        _overdue_task(scene)
    elif form.prepare_as is not None:
        prepare(scene, form.prepare_as)


def encode_form(data: dict[str, Any]) -> bytes:
    """A form post as a browser sends it, byte for byte; text that UTF-8 cannot hold (a lone
    surrogate) as the bytes some encoders write for it, so the server meets those too."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            key = quote(str(name).encode("utf-8", "surrogatepass"), safe="")
            text = quote(str(item).encode("utf-8", "surrogatepass"), safe="")
            pairs.append(f"{key}={text}")
    return "&".join(pairs).encode("ascii")


def post_form(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, encode_form(data), content_type=FORM_TYPE)
