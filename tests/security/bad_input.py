"""The bad input catalogue's parts: the scene, the endpoints with a valid body each, the
hostile values, and a snapshot of every row the API can write.

Each entry of the catalogue (test_bad_input.py) is one endpoint, one body (the valid
body with one field spoiled, or a raw text) and the answer it must get.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from knox.models import AuthToken

from api.models import IdempotencyKey
from assignments import limits, services
from assignments.choices import Status
from assignments.models import (
    Event,
    Group,
    Measurement,
    Member,
    Note,
    Outcome,
    Process,
    ProcessStep,
    Target,
    Task,
    TaskStep,
    Ward,
)
from assignments.text import is_valid_unicode
from tests.api.api_helpers import create_body
from tests.assignments.lifecycle import bring_to
from tests.conftest import Cast
from tests.factories import ProcessFactory, UserFactory, WardFactory, make_task

User = get_user_model()

#: 100 kB of text: far over every limit (limits.TEXT_MAX is 10,000 characters).
HUGE_TEXT = "x" * 100_000
assert len(HUGE_TEXT) > limits.TEXT_MAX

#: Every table an API write can touch, many-to-many links included.
TABLES = [
    Task,
    Task.coordinators.through,
    TaskStep,
    Outcome,
    Measurement,
    Note,
    Event,
    Task.watchers.through,
    Ward,
    Member,
    Member.wards.through,
    Group,
    Group.members.through,
    Group.wards.through,
    Process,
    ProcessStep,
    Target,
    User,
    AuthToken,
    IdempotencyKey,
]


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the API writes, in a fixed order."""
    return {table._meta.label: list(table.objects.order_by("pk").values()) for table in TABLES}


class Literal(str):
    """A value written into the JSON body as it is: `1e309`, which no Python float prints."""


def encode(body: Any) -> str:
    """The body as JSON text, with each Literal in place of its quoted string."""
    literals: dict[str, str] = {}

    def mark(value: Any) -> Any:
        if isinstance(value, Literal):
            placeholder = f"@@literal{len(literals)}@@"
            literals[json.dumps(placeholder)] = str(value)
            return placeholder
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if isinstance(value, list):
            return [mark(item) for item in value]
        return value

    text = json.dumps(mark(body), ensure_ascii=False)
    if not is_valid_unicode(text):
        # A lone surrogate cannot be sent as UTF-8: as JSON's \ud800 escape, as a client would.
        text = json.dumps(mark(body))
    for placeholder, literal in literals.items():
        text = text.replace(placeholder, literal)
    return text


@dataclass
class Scene:
    """The cast, with a task in progress, a submitted one, and a row of each reference kind."""

    cast: Cast
    task: Task  # in progress, its first step open
    submitted: Task
    foreign_ward: Ward  # a ward of the other group
    foreign_step: TaskStep  # a step of another task
    new_login: Any  # a login with no member yet
    target: Target
    ids: dict[str, int] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.cast.user(role)


def make_scene(cast: Cast) -> Scene:
    task = services.task_start(task=cast.task, actor=cast.owner.user)
    other = make_task(group=cast.group, owner=cast.owner, process=ProcessFactory(steps=1))
    submitted = bring_to(other, Status.SUBMITTED)
    foreign_ward = WardFactory(code="00099", name="Phường Tổ Khác")
    cast.other_group.wards.add(foreign_ward)
    target = Target.objects.create(
        code="CT-01", name="Hồ sơ đúng hạn", unit="%", target_value=99, deadline=dt.date(2026, 12, 31)
    )
    scene = Scene(
        cast=cast,
        task=task,
        submitted=submitted,
        foreign_ward=foreign_ward,
        foreign_step=submitted.steps.get(),
        new_login=UserFactory(username="newcomer"),
        target=target,
    )
    scene.ids = {
        "task": task.pk,
        "submitted": submitted.pk,
        "step": task.steps.order_by("order").first().pk,
        "foreign_step": scene.foreign_step.pk,
        "ward": cast.ward.pk,
        "member": cast.group_member.pk,
        "group": cast.group.pk,
        "process": task.process_id,
        "target": target.pk,
    }
    return scene


# --------------------------------------------------------------------------- the endpoints


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # with {task}, {step}... from Scene.ids
    role: str
    body: Callable[[Scene], dict[str, Any]]  # a body that succeeds
    ok: int = 200

    def url(self, scene: Scene) -> str:
        return "/api/v1/" + self.path.format(**scene.ids)


ENDPOINTS: dict[str, Endpoint] = {
    "create task": Endpoint("post", "tasks/", "leader", lambda s: create_body(s.cast), ok=201),
    "edit task": Endpoint("patch", "tasks/{task}/", "leader", lambda s: {"title": "Tiêu đề mới"}),
    "start": Endpoint("post", "tasks/{task}/start/", "owner", lambda s: {}),
    "submit": Endpoint("post", "tasks/{task}/submit/", "owner", lambda s: {"note": "Đã xong"}),
    "accept": Endpoint("post", "tasks/{submitted}/accept/", "leader", lambda s: {"note": "Đạt"}),
    "return": Endpoint("post", "tasks/{submitted}/return/", "leader", lambda s: {"note": "Bổ sung"}),
    "pause": Endpoint("post", "tasks/{task}/pause/", "owner", lambda s: {"note": "Chờ ý kiến"}),
    "resume": Endpoint("post", "tasks/{task}/resume/", "owner", lambda s: {"note": "Tiếp tục"}),
    "cancel": Endpoint("post", "tasks/{task}/cancel/", "leader", lambda s: {"note": "Không còn phù hợp"}),
    "reassign": Endpoint(
        "post",
        "tasks/{task}/reassign/",
        "leader",
        lambda s: {"owner": s.cast.group_member.pk, "reason": "Điều chỉnh"},
    ),
    "extend": Endpoint(
        "post",
        "tasks/{task}/extend/",
        "leader",
        lambda s: {"due_date": "2026-04-30", "reason": "Chờ số liệu"},
    ),
    "complete step": Endpoint(
        "post", "tasks/{task}/steps/{step}/complete/", "owner", lambda s: {"note": "Đã rà soát 37 hồ sơ"}
    ),
    "measurement": Endpoint(
        "post",
        "tasks/{task}/measurements/",
        "owner",
        lambda s: {"value": 97.5, "measured_on": "2026-02-01", "note": "Báo cáo của phường"},
        ok=201,
    ),
    "note": Endpoint("post", "tasks/{task}/notes/", "coordinator", lambda s: {"text": "Đã phối hợp"}, ok=201),
    "direction": Endpoint(
        "post",
        "tasks/{task}/notes/",
        "standing",
        lambda s: {"kind": "direction", "text": "Ưu tiên hồ sơ đất đai"},
        ok=201,
    ),
    "change coordinators": Endpoint(
        "post",
        "tasks/{task}/change_coordinators/",
        "leader",
        lambda s: {"coordinators": [s.cast.coordinator.pk, s.cast.group_member.pk], "note": "Bổ sung"},
    ),
    "change watchers": Endpoint(
        "post",
        "tasks/{task}/change_watchers/",
        "leader",
        lambda s: {"watchers": [s.cast.other_member.pk], "note": "Theo dõi"},
    ),
    "correct outcome": Endpoint(
        "post",
        "tasks/{task}/correct_outcome/",
        "leader",
        lambda s: {"indicator": "Số hồ sơ tồn", "unit": "hồ sơ", "target": 0, "reason": "Nhập nhầm"},
    ),
    "login": Endpoint(
        "post",
        "auth/login/",
        "anonymous",
        lambda s: {"username": s.cast.owner.user.username, "password": "pass"},
    ),
    "create ward": Endpoint(
        "post", "wards/", "staff", lambda s: {"code": "00077", "name": "Phường Mới", "active": True}, ok=201
    ),
    "edit ward": Endpoint("patch", "wards/{ward}/", "staff", lambda s: {"name": "Phúc Xá (mới)"}),
    "create member": Endpoint(
        "post",
        "members/",
        "staff",
        lambda s: {"user": s.new_login.pk, "full_name": "Người Mới", "wards": [s.cast.ward.pk]},
        ok=201,
    ),
    "edit member": Endpoint("patch", "members/{member}/", "staff", lambda s: {"title": "Ủy viên"}),
    "create group": Endpoint(
        "post",
        "groups/",
        "staff",
        lambda s: {
            "number": 7,
            "name": "Tổ 7",
            "leader": s.cast.standing.pk,
            "members": [s.cast.standing.pk],
        },
        ok=201,
    ),
    "edit group": Endpoint("patch", "groups/{group}/", "staff", lambda s: {"name": "Tổ 1 (mới)"}),
    "create process": Endpoint(
        "post",
        "processes/",
        "staff",
        lambda s: {"name": "Quy trình mới", "steps": [{"order": 1, "name": "Tiếp nhận", "expected_days": 2}]},
        ok=201,
    ),
    "edit process": Endpoint("patch", "processes/{process}/", "staff", lambda s: {"description": "Mô tả"}),
    "create target": Endpoint(
        "post",
        "targets/",
        "staff",
        lambda s: {
            "code": "CT-99",
            "name": "Tỷ lệ hồ sơ đúng hạn",
            "unit": "%",
            "target_value": 99,
            "direction": "increase",
            "deadline": "2026-12-31",
        },
        ok=201,
    ),
    "edit target": Endpoint("patch", "targets/{target}/", "staff", lambda s: {"actual": 97}),
}


def prepare(scene: Scene, endpoint_name: str) -> None:
    """Bring the scene where the endpoint's valid body succeeds (most need the task in progress)."""
    owner = scene.cast.owner.user
    if endpoint_name == "start":
        fresh = make_task(group=scene.cast.group, owner=scene.cast.owner, process=ProcessFactory(steps=1))
        scene.ids["task"] = fresh.pk
    elif endpoint_name == "resume":
        services.task_pause(task=scene.task.pk, actor=owner, note="Chờ ý kiến")
    elif endpoint_name == "submit":
        for step in scene.task.steps.order_by("order"):
            services.task_complete_step(task=scene.task.pk, step=step, actor=owner)
        services.measurement_record(
            task=scene.task.pk, actor=owner, value=99, measured_on=dt.date(2026, 2, 1)
        )


# --------------------------------------------------------------------------- spoiling a body


_MISSING = object()


def spoil(body: dict[str, Any], path: str, value: Any = _MISSING) -> dict[str, Any]:
    """The body with `path` ("outcome.target", "steps.0.expected_days") set to `value`,
    or removed when no value is given."""
    body = json.loads(json.dumps(body))
    *parents, last = path.split(".")
    node: Any = body
    for name in parents:
        node = node[int(name)] if isinstance(node, list) else node[name]
    key: Any = int(last) if isinstance(node, list) else last
    if value is _MISSING:
        del node[key]
    else:
        node[key] = value
    return body
