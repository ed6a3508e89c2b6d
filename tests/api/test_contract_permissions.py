"""Every endpoint of /api/v1/ × every role answers as docs/rules.md, "Who sees and does what", says.

The table below is the contract: one row per (route, method). A route the URLconf serves
without a row fails `test_every_api_endpoint_has_a_row`, so a new endpoint cannot slip in
without its permissions being decided here.

Statuses: anonymous 401 (except login); a task the user may not read 404; a task they read
but may not act on 403 with a message saying who may; allowed 200/201 (204 for deletes).
Each action row first puts the task in the state the action needs, so the role alone
decides. In the `cast`, the leaders are Standing Committee members (a group leader must
be one), so the leader of another group reads every task and gets 403, not 404.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.files.uploadedfile import SimpleUploadedFile

from api.tokens import token_issue
from assignments import clock, services
from assignments.models import Notification, PushSubscription, Target, Task, WebhookEndpoint
from tests.api.contract_helpers import (
    ONLY_FILE_WRITERS_VI,
    ONLY_GROUP_MANAGER_CREATES_VI,
    ONLY_MANAGER_VI,
    ONLY_NOTE_WRITERS_VI,
    ONLY_OWNER_OR_LEADER_VI,
    ONLY_OWNER_VI,
    ROLES,
    api_v1_endpoints,
    assert_error,
    body,
    client_as,
    create_payload,
    is_routed,
    login,
    paused,
    ready_to_submit,
    route_key,
    started,
    submitted,
    token_client,
    url,
    user_of,
)
from tests.factories import GroupFactory, MemberFactory, ProcessFactory, WardFactory
from tests.files import samples
from tests.files.samples import PDF

# A row is required when docs/api.md names it, pending when another change adds it (it applies
# as soon as the route exists), optional when docs/api.md leaves it to the team.
REQUIRED, PENDING, OPTIONAL = "required", "pending", "optional"

AUTHENTICATED = tuple(r for r in ROLES if r != "anonymous")
#: Who reads the cast's task: its group's members, its owner and coordinator, the
#: Standing Committee (both leaders are on it) and the office. Not: the other group's member.
TASK_READERS = ("group_member", "owner", "coordinator", "leader", "other_leader", "standing", "staff")

Statuses = tuple[int, ...]


@dataclass(frozen=True)
class Row:
    """One endpoint and method, and the status each role gets."""

    method: str
    route: str  # under /api/v1/, as docs/api.md writes it
    expected: Mapping[str, Statuses]
    payload: Mapping | Callable[[Any], Any] | None = None
    prepare: Callable[[Any], dict] | None = None  # puts the task in the state the action needs
    who_may: str | None = None  # the 403's detail, saying who may
    presence: str = REQUIRED
    auth: str = "session"  # "token": a real login; "credentials": the login endpoint itself
    format: str = "json"  # "multipart": an upload

    @property
    def key(self) -> tuple[str, str]:
        return route_key(self.route), self.method

    def path(self, cast: Any, ctx: dict) -> str:
        """The route with the cast's ids: its task, ward, owner, group, process; `ctx` overrides."""
        resource = self.route.split("/", 1)[0]
        ids = {
            "tasks": cast.task.pk,
            "wards": cast.ward.pk,
            "members": cast.owner.pk,
            "groups": cast.group.pk,
            "processes": cast.task.process_id,
        }
        return url(self.route.format(id=ctx.get("obj", ids.get(resource)), step_id=ctx.get("step")))

    def body(self, cast: Any) -> Any:
        return self.payload(cast) if callable(self.payload) else self.payload


def row(method: str, route: str, expected: Mapping[str, Statuses], **options: Any) -> Any:
    return pytest.param(Row(method, route, expected, **options), id=f"{method} {route or '(root)'}")


def _statuses(value: int | Statuses) -> Statuses:
    return value if isinstance(value, tuple) else (value,)


def everyone(ok: int | Statuses) -> dict[str, Statuses]:
    """Any authenticated user; anonymous 401."""
    return {"anonymous": (401,), **dict.fromkeys(AUTHENTICATED, _statuses(ok))}


def staff_only(ok: int | Statuses) -> dict[str, Statuses]:
    """Reference data writes: the office only; everyone else reads it, so 403."""
    return {**dict.fromkeys(AUTHENTICATED, (403,)), "anonymous": (401,), "staff": _statuses(ok)}


def on_task(ok: int | Statuses, *allowed: str) -> dict[str, Statuses]:
    """A task-scoped endpoint: readers not `allowed` 403, the other group's member 404."""
    expected = {role: (_statuses(ok) if role in allowed else (403,)) for role in TASK_READERS}
    return {**expected, "anonymous": (401,), "other_member": (404,)}


def on_document(ok: int | Statuses, *allowed: str) -> dict[str, Statuses]:
    """The cast task's document: read as its task is; readers not `allowed` 403."""
    return on_task(ok, *allowed)


LEADER_OR_STAFF = ("leader", "staff")


def owners_device(ok: int) -> dict[str, Statuses]:
    """One of the owner's devices: theirs to read and revoke; anyone else's is not found."""
    return {**dict.fromkeys(AUTHENTICATED, (404,)), "anonymous": (401,), "owner": (ok,)}


def a_device_of_the_owner(cast: Any) -> dict:
    token, _ = token_issue(user=cast.owner.user, name="Điện thoại")
    return {"obj": token.device.pk}


PUSH_ENDPOINT = "https://fcm.googleapis.com/fcm/send/contract-test"


def a_browser() -> dict:
    """A browser's PushSubscription JSON: a real P-256 point and a 16-byte secret."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": PUSH_ENDPOINT,
        "keys": {
            "p256dh": base64.urlsafe_b64encode(point).decode().rstrip("="),
            "auth": base64.urlsafe_b64encode(bytes(range(16))).decode().rstrip("="),
        },
    }


def a_subscription_of_the_owner(cast: Any) -> dict:
    keys = a_browser()["keys"]
    PushSubscription.objects.create(
        user=cast.owner.user, endpoint=PUSH_ENDPOINT, created_at=clock.now(), **keys
    )
    return {}


# --------------------------------------------------------------------------- set-up


def a_notification_of_the_owner(cast: Any) -> dict:
    """The owner's inbox item for the task assigned to them."""
    return {"obj": Notification.objects.get(recipient=cast.owner.user).pk}


def overdue(cast: Any) -> None:
    """The task due on 20 January: overdue on the contract's 2 February."""
    day = dt.date(2026, 1, 20)
    Task.objects.filter(pk=cast.task.pk).update(due_date=day, original_due_date=day)


def state(put: Callable[[Any], Any]) -> Callable[[Any], dict]:
    def prepare(cast: Any) -> dict:
        put(cast)
        return {}

    return prepare


def first_step(cast: Any) -> dict:
    started(cast)
    return {"step": cast.task.steps.order_by("order").first().pk}


def fresh(factory: Callable[[], Any]) -> Callable[[Any], dict]:
    """An object nothing refers to: the one the row reads, edits or deletes."""
    return lambda cast: {"obj": factory().pk}


def a_file(cast: Any, data: bytes = PDF, name: str = "bao-cao.pdf") -> dict:
    """A file the owner attached to the cast's task."""
    upload = SimpleUploadedFile(name, data)
    attachment = services.attachment_add(
        task=cast.task.pk, actor=cast.owner.user, upload=upload, kind="evidence"
    )
    return {"obj": attachment.pk}


def a_photo(cast: Any) -> dict:
    return a_file(cast, samples.png(), "anh.png")


def an_upload(cast: Any) -> dict:
    return {"file": SimpleUploadedFile("bao-cao.pdf", PDF), "kind": "evidence"}


def the_tasks_document(cast: Any) -> dict:
    """A document registered by the office, the cast's task assigned by it."""
    document = services.document_create(
        actor=cast.user("staff"),
        number="15-KL/QU",
        kind="conclusion",
        issued_on=dt.date(2026, 2, 3),
        issuer="Ban Thường vụ Quận ủy",
        excerpt="Kết luận về rà soát hộ nghèo",
    )
    Task.objects.filter(pk=cast.task.pk).update(document=document)
    return {"obj": document.pk}


def a_target() -> Target:
    return Target.objects.create(
        code=f"CT{Target.objects.count() + 1:02d}",
        name="Tỷ lệ hồ sơ giải quyết đúng hạn",
        unit="%",
        target_value=99,
        deadline=dt.date(2030, 12, 31),
    )


def new_task(cast: Any) -> dict:
    return create_payload(cast, cast.task.process, title="Kiểm tra việc cấp giấy chứng nhận")


def new_member(cast: Any) -> dict:
    return {
        "full_name": "Vũ Thị Mới",
        "title": "Ủy viên Ban Chấp hành",
        "is_standing": False,
        "groups": [cast.group.pk],
        "wards": [],
        "active": True,
    }


def new_group(cast: Any) -> dict:
    return {
        "number": 7,
        "name": "Tổ 7",
        "leader": cast.standing.pk,
        "members": [cast.standing.pk],
        "wards": [],
    }


def same_group(cast: Any) -> dict:
    members = [m.pk for m in cast.group.members.all()]
    return {
        "number": 1,
        "name": "Tổ 1",
        "leader": cast.leader.pk,
        "members": members,
        "wards": [cast.ward.pk],
    }


PROCESS = {
    "name": "Quy trình giải quyết đơn thư",
    "steps": [
        {"order": 1, "name": "Tiếp nhận", "expected_days": 2},
        {"order": 2, "name": "Xử lý", "expected_days": 10},
    ],
}
TARGET = {
    "code": "CT09",
    "name": "Tỷ lệ hồ sơ đúng hạn",
    "unit": "%",
    "target_value": 99,
    "direction": "increase",
    "deadline": "2030-12-31",
}

DOCUMENT = {
    "number": "120-TB/QU",
    "kind": "notice",
    "issued_on": "2026-11-20",
    "issuer": "Ban Thường vụ Quận ủy",
    "excerpt": "Thông báo kết luận của Ban Thường vụ về công tác chuyển đổi số",
}
WEBHOOK = {"name": "Hệ thống của tỉnh", "url": "https://tracker.example.org/hooks", "event_types": []}


def a_webhook() -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(name="Hệ thống của tỉnh", url="https://tracker.example.org/hooks")


# --------------------------------------------------------------------------- the table

TABLE: list[Any] = [
    # auth: logging in is what an anonymous phone does, each person with their own password.
    row("POST", "auth/login/", dict.fromkeys(ROLES, (200,)), auth="credentials"),
    # docs/api.md names no success status for logout: 200, or knox's 204, both revoke the token.
    row("POST", "auth/logout/", everyone((200, 204)), auth="token"),
    row("POST", "auth/logoutall/", everyone((200, 204)), auth="token", presence=OPTIONAL),
    # A person's own password and devices (issue 10, issue 16): another person's device is
    # not found. The device of the rows below is the owner's.
    row(
        "POST",
        "auth/password/",
        everyone(200),
        payload={"old_password": "pass", "new_password": "Cờ-đỏ-sao-vàng-1945"},
        auth="token",
    ),
    row("GET", "auth/tokens/", everyone(200), auth="token"),
    row("GET", "auth/tokens/{id}/", owners_device(200), prepare=a_device_of_the_owner, auth="token"),
    row("DELETE", "auth/tokens/{id}/", owners_device(204), prepare=a_device_of_the_owner, auth="token"),
    row("GET", "", everyone(200), presence=OPTIONAL),  # a router's browsable index
    row("GET", "me/", everyone(200)),
    # A person's own push subscriptions and calendar feed (issue 11): another person's
    # subscription is not found. The subscription of the DELETE row is the owner's.
    row("GET", "push-subscriptions/", everyone(200)),
    row("POST", "push-subscriptions/", everyone((200, 201)), payload=lambda cast: a_browser()),
    row(
        "DELETE",
        "push-subscriptions/",
        owners_device(204),
        payload={"endpoint": PUSH_ENDPOINT},
        prepare=a_subscription_of_the_owner,
    ),
    # The inbox: each person's own; another person's notification is not found.
    row("GET", "notifications/", everyone(200)),
    row("POST", "notifications/read-all/", everyone(200)),
    row("POST", "notifications/{id}/read/", owners_device(200), prepare=a_notification_of_the_owner),
    row("GET", "me/notification-settings/", everyone(200)),
    row("PATCH", "me/notification-settings/", everyone(200), payload={"digest": False}),
    row("GET", "me/calendar/", everyone(200)),
    row("POST", "me/calendar/reset/", everyone(200)),
    # reference data: everyone authenticated reads, the office writes.
    row("GET", "wards/", everyone(200)),
    row("POST", "wards/", staff_only(201), payload={"code": "00099", "name": "Phường Mới", "active": True}),
    row("GET", "wards/{id}/", everyone(200)),
    row("PATCH", "wards/{id}/", staff_only(200), payload={"name": "Phúc Xá (mới)"}, presence=OPTIONAL),
    row(
        "PUT",
        "wards/{id}/",
        staff_only(200),
        payload={"code": "00001", "name": "Phúc Xá", "active": True},
        presence=OPTIONAL,
    ),
    row("DELETE", "wards/{id}/", staff_only(204), prepare=fresh(WardFactory), presence=OPTIONAL),
    row("GET", "members/", everyone(200)),
    # docs/api.md does not say how a member's login is made: past the role check, 201 or a 400
    # for this body both keep the contract.
    row("POST", "members/", staff_only((201, 400)), payload=new_member),
    row("GET", "members/{id}/", everyone(200)),
    row("PATCH", "members/{id}/", staff_only(200), payload={"title": "Phó Chủ tịch"}, presence=OPTIONAL),
    row("PUT", "members/{id}/", staff_only((200, 400)), payload=new_member, presence=OPTIONAL),
    row("DELETE", "members/{id}/", staff_only(204), prepare=fresh(MemberFactory), presence=OPTIONAL),
    row("GET", "groups/", everyone(200)),
    row("POST", "groups/", staff_only(201), payload=new_group),
    row("GET", "groups/{id}/", everyone(200)),
    row("PATCH", "groups/{id}/", staff_only(200), payload={"name": "Tổ Một"}, presence=OPTIONAL),
    row("PUT", "groups/{id}/", staff_only((200, 400)), payload=same_group, presence=OPTIONAL),
    row(
        "DELETE",
        "groups/{id}/",
        staff_only(204),
        prepare=fresh(lambda: GroupFactory(number=9)),
        presence=OPTIONAL,
    ),
    row("GET", "processes/", everyone(200)),
    row("POST", "processes/", staff_only(201), payload=PROCESS),
    row("GET", "processes/{id}/", everyone(200)),
    row("PATCH", "processes/{id}/", staff_only(200), payload={"name": "Quy trình đã sửa"}, presence=OPTIONAL),
    row("PUT", "processes/{id}/", staff_only((200, 400)), payload=PROCESS, presence=OPTIONAL),
    row("DELETE", "processes/{id}/", staff_only(204), prepare=fresh(ProcessFactory), presence=OPTIONAL),
    # tasks: creating in group 1 is for its leader or the office; the other leader is refused.
    row("GET", "tasks/", everyone(200)),
    row(
        "POST",
        "tasks/",
        {**staff_only(201), "leader": (201,)},
        payload=new_task,
        who_may=ONLY_GROUP_MANAGER_CREATES_VI,
    ),
    row("GET", "tasks/{id}/", on_task(200, *TASK_READERS)),
    row(
        "PATCH",
        "tasks/{id}/",
        on_task(200, *LEADER_OR_STAFF),
        payload={"title": "Rà soát hồ sơ tồn đọng (đợt 2)"},
        who_may=ONLY_MANAGER_VI,
    ),
    row("POST", "tasks/{id}/start/", on_task(200, "owner"), payload={}, who_may=ONLY_OWNER_VI),
    row(
        "POST",
        "tasks/{id}/submit/",
        on_task(200, "owner"),
        payload={"note": "Đã hoàn thành"},
        prepare=state(ready_to_submit),
        who_may=ONLY_OWNER_VI,
    ),
    # The owner is refused too: nobody accepts their own work.
    row(
        "POST",
        "tasks/{id}/accept/",
        on_task(200, *LEADER_OR_STAFF),
        payload={"note": "Đạt yêu cầu"},
        prepare=state(submitted),
        who_may=ONLY_MANAGER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/return/",
        on_task(200, *LEADER_OR_STAFF),
        payload={"note": "Bổ sung minh chứng"},
        prepare=state(submitted),
        who_may=ONLY_MANAGER_VI,
    ),
    # docs/rules.md's table: pause and resume by the owner or the group leader; it names no
    # office here, unlike every other leader action.
    row(
        "POST",
        "tasks/{id}/pause/",
        on_task(200, "owner", "leader"),
        payload={"note": "Chờ ý kiến của Thường trực"},
        prepare=state(started),
        who_may=ONLY_OWNER_OR_LEADER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/resume/",
        on_task(200, "owner", "leader"),
        payload={"note": "Đã có ý kiến"},
        prepare=state(paused),
        who_may=ONLY_OWNER_OR_LEADER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/cancel/",
        on_task(200, *LEADER_OR_STAFF),
        payload={"note": "Không còn phù hợp"},
        who_may=ONLY_MANAGER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/reassign/",
        on_task(200, *LEADER_OR_STAFF),
        payload=lambda cast: {"owner": cast.group_member.pk, "reason": "Đầu mối đi học dài hạn"},
        who_may=ONLY_MANAGER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/extend/",
        on_task(200, *LEADER_OR_STAFF),
        payload={"due_date": "2026-04-30", "reason": "Chờ số liệu quý I"},
        who_may=ONLY_MANAGER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/explain/",
        on_task(200, "owner"),
        payload={"reason": "Chờ phường gửi số liệu", "proposed_due_date": "2026-02-20"},
        prepare=state(overdue),
        who_may=ONLY_OWNER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/change_coordinators/",
        on_task(200, *LEADER_OR_STAFF),
        payload=lambda cast: {"coordinators": [cast.group_member.pk], "note": "Bổ sung"},
        who_may=ONLY_MANAGER_VI,
    ),
    # A watcher is a reader of the task with no duty: refused like any other reader.
    row(
        "POST",
        "tasks/{id}/change_watchers/",
        on_task(200, *LEADER_OR_STAFF),
        payload=lambda cast: {"watchers": [cast.other_member.pk]},
        who_may=ONLY_MANAGER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/correct_outcome/",
        on_task(200, *LEADER_OR_STAFF),
        payload={"target": 95, "reason": "Nhập nhầm giá trị mục tiêu"},
        who_may=ONLY_MANAGER_VI,
    ),
    row(
        "POST",
        "tasks/{id}/steps/{step_id}/complete/",
        on_task(200, "owner"),
        payload={"note": "Đã rà soát"},
        prepare=first_step,
        who_may=ONLY_OWNER_VI,
    ),
    row("GET", "tasks/{id}/measurements/", on_task(200, *TASK_READERS)),
    row(
        "POST",
        "tasks/{id}/measurements/",
        on_task(201, "owner"),
        payload={"value": 95.5, "measured_on": "2026-02-01", "note": "Báo cáo tuần"},
        prepare=state(started),
        who_may=ONLY_OWNER_VI,
    ),
    row("GET", "tasks/{id}/notes/", on_task(200, *TASK_READERS)),
    row(
        "POST",
        "tasks/{id}/notes/",
        on_task(201, "owner", "coordinator", *LEADER_OR_STAFF),
        payload={"text": "Đã liên hệ phường."},
        who_may=ONLY_NOTE_WRITERS_VI,
    ),
    row("GET", "tasks/{id}/events/", on_task(200, *TASK_READERS)),
    # Files: read as their task is; attached by who writes notes; withdrawn by who attached
    # them (here the owner), the leader or the office (docs/rules.md, "Files").
    row("GET", "tasks/{id}/attachments/", on_task(200, *TASK_READERS)),
    row(
        "POST",
        "tasks/{id}/attachments/",
        on_task(201, "owner", "coordinator", *LEADER_OR_STAFF),
        payload=an_upload,
        format="multipart",
        who_may=ONLY_FILE_WRITERS_VI,
    ),
    row("GET", "attachments/{id}/", on_task(200, *TASK_READERS), prepare=a_file),
    row("GET", "attachments/{id}/download/", on_task(200, *TASK_READERS), prepare=a_file),
    row("GET", "attachments/{id}/thumbnail/", on_task(200, *TASK_READERS), prepare=a_photo),
    row(
        "POST",
        "attachments/{id}/withdraw/",
        on_task(200, "owner", *LEADER_OR_STAFF),
        payload={"reason": "Gửi nhầm tệp."},
        prepare=a_file,
    ),
    row("GET", "documents/{id}/attachments/", on_document(200, *TASK_READERS), prepare=the_tasks_document),
    row(
        "POST",
        "documents/{id}/attachments/",
        on_document(201, "staff"),
        payload=lambda cast: {"file": SimpleUploadedFile("15-KL-QU.pdf", PDF)},
        format="multipart",
        prepare=the_tasks_document,
    ),
    # Documents: read by whoever reads one of their tasks; registered by the office and the
    # group leaders; changed by the office, or the leader who registered them.
    row("GET", "documents/", everyone(200)),
    row(
        "POST",
        "documents/",
        {**staff_only(201), "leader": (201,), "other_leader": (201,)},
        payload=DOCUMENT,
    ),
    row("GET", "documents/{id}/", on_document(200, *TASK_READERS), prepare=the_tasks_document),
    row("GET", "documents/{id}/tasks/", on_document(200, *TASK_READERS), prepare=the_tasks_document),
    row(
        "PATCH",
        "documents/{id}/",
        on_document(200, "staff"),
        payload={"excerpt": "Kết luận về rà soát hộ nghèo (sửa)"},
        prepare=the_tasks_document,
    ),
    # summary and targets, added by a separate change: they apply once routed. The summary
    # is for anyone authenticated, its figures scoped to the tasks they may read.
    row("GET", "summary/", everyone(200), presence=PENDING),
    row("GET", "targets/", everyone(200), presence=PENDING),
    # docs/api.md names no target fields: past the role check, 201 or a 400 for this body.
    row("POST", "targets/", staff_only((201, 400)), payload=TARGET, presence=PENDING),
    row("GET", "targets/{id}/", everyone(200), prepare=fresh(a_target), presence=PENDING),
    row(
        "PATCH",
        "targets/{id}/",
        staff_only((200, 400)),
        payload={"name": "Tỷ lệ hồ sơ giải quyết đúng hạn (sửa)"},
        prepare=fresh(a_target),
        presence=OPTIONAL,
    ),
    row(
        "PUT",
        "targets/{id}/",
        staff_only((200, 400)),
        payload=TARGET,
        prepare=fresh(a_target),
        presence=OPTIONAL,
    ),
    row("DELETE", "targets/{id}/", staff_only(204), prepare=fresh(a_target), presence=OPTIONAL),
    # The history of reference data (issue 16): the office reads it, nobody else.
    row("GET", "reference-changes/", staff_only(200)),
    # Webhooks for other systems (issue 11): the office's alone.
    row("GET", "webhooks/", staff_only(200)),
    row("POST", "webhooks/", staff_only(201), payload=WEBHOOK),
    row("GET", "webhooks/{id}/", staff_only(200), prepare=fresh(a_webhook)),
    row("PATCH", "webhooks/{id}/", staff_only(200), payload={"name": "Cổng SMS"}, prepare=fresh(a_webhook)),
    row("PUT", "webhooks/{id}/", staff_only(200), payload=WEBHOOK, prepare=fresh(a_webhook)),
    row("DELETE", "webhooks/{id}/", staff_only(204), prepare=fresh(a_webhook)),
    row("POST", "webhooks/{id}/resume/", staff_only(200), prepare=fresh(a_webhook)),
    row("GET", "webhooks/{id}/deliveries/", staff_only(200), prepare=fresh(a_webhook)),
]

ROWS: list[Row] = [param.values[0] for param in TABLE]


# --------------------------------------------------------------------------- the table is complete


def test_every_api_endpoint_has_a_row_in_the_permission_table():
    """A new endpoint (or a new method on one) must be given its row above."""
    known = {row.key for row in ROWS}
    missing = sorted(f"{method} /api/v1/{route}" for route, method in api_v1_endpoints() - known)
    assert not missing, "endpoints without a row in the permission table: " + ", ".join(missing)


def test_every_endpoint_that_api_md_names_is_routed():
    absent = sorted(
        f"{row.method} /api/v1/{row.route}"
        for row in ROWS
        if row.presence == REQUIRED and not row_is_routed(row)
    )
    assert not absent, "endpoints docs/api.md names that the API does not serve: " + ", ".join(absent)


def test_the_table_has_no_duplicate_rows():
    keys = [row.key for row in ROWS]
    assert len(keys) == len(set(keys))


def row_is_routed(row: Row) -> bool:
    return is_routed(row.route, row.method)


# --------------------------------------------------------------------------- each row × each role


def _request(row: Row, role: str, cast: Any) -> Any:
    ctx = row.prepare(cast) if row.prepare else {}
    path = row.path(cast, ctx)
    if row.auth == "credentials":
        # Login: everyone (the anonymous phone too) with their own credentials.
        who = cast.owner.user if role == "anonymous" else cast.user(role)
        return login(who.username)
    if row.auth == "token" and role != "anonymous":
        client = token_client(cast.user(role))
    else:
        client = client_as(user_of(cast, role))
    send = getattr(client, row.method.lower())
    if row.payload is None:
        return send(path)
    return send(path, row.body(cast), format=row.format)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", TABLE)
def test_endpoint_answers_each_role_as_the_domain_says(row: Row, role: str, cast):
    if not row_is_routed(row):
        if row.presence == REQUIRED:
            pytest.fail(f"{row.method} /api/v1/{row.route} is not routed (docs/api.md names it)")
        pytest.skip(f"{row.method} /api/v1/{row.route} is not routed ({row.presence} row)")

    response = _request(row, role, cast)

    expected = row.expected[role]
    assert response.status_code in expected, (
        f"{role}: {row.method} /api/v1/{row.route}: expected {' or '.join(map(str, expected))}, "
        f"got {response.status_code}: {body(response)}"
    )
    if response.status_code in (401, 403, 404):
        data = assert_error(response, response.status_code)
        if response.status_code == 403 and row.who_may:
            assert data["detail"] == row.who_may, f"the 403 does not say who may: {data['detail']!r}"
    if row.route == "auth/login/":
        data = response.json()
        assert data.get("token") and data.get("expiry"), f"login answers no token/expiry: {data!r}"


def test_a_revoked_token_is_refused(cast):
    client = token_client(cast.owner.user)
    assert client.get(url("me/")).status_code == 200
    assert client.post(url("auth/logout/")).status_code in (200, 204)
    assert_error(client.get(url("me/")), 401)


def test_each_device_has_its_own_token_and_logout_revokes_only_the_one_in_use(cast):
    phone, tablet = token_client(cast.owner.user), token_client(cast.owner.user)
    assert phone._credentials != tablet._credentials
    assert phone.post(url("auth/logout/")).status_code in (200, 204)
    assert phone.get(url("me/")).status_code == 401
    assert tablet.get(url("me/")).status_code == 200


def test_wrong_password_gets_no_token(cast):
    response = login(cast.owner.user.username, "not-the-password")
    assert response.status_code in (400, 401)
    data = assert_error(response, response.status_code)
    assert "token" not in data


def test_a_member_lists_only_the_tasks_they_may_read(cast):
    """Lists are scoped, not refused: the other group's member sees an empty list."""
    listed = client_as(cast.other_member.user).get(url("tasks/"))
    assert listed.status_code == 200
    assert listed.json()["count"] == 0
    mine = client_as(cast.group_member.user).get(url("tasks/")).json()
    assert [t["id"] for t in mine["results"]] == [cast.task.pk]
