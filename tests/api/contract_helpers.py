"""A client's view of /api/v1/, for the contract tests (written from docs/api.md and docs/rules.md).

Nothing here imports `api`: the contract tests talk HTTP, and read the URLconf only to
list the endpoints that exist.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.contrib.admindocs.views import simplify_regex
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from assignments import clock, services

BASE = "/api/v1/"
#: The factories' password for every user.
PASSWORD = "pass"
HANOI = dt.timezone(dt.timedelta(hours=7))

#: Everyone the permission table speaks of (see the `cast` fixture).
ROLES = (
    "anonymous",
    "group_member",
    "other_member",
    "owner",
    "coordinator",
    "leader",
    "other_leader",
    "standing",
    "staff",
)

# The 403 messages that say who may (the Vietnamese of the domain's messages).
ONLY_OWNER_VI = "Chỉ đầu mối chủ trì của nhiệm vụ mới được thực hiện thao tác này."
ONLY_MANAGER_VI = "Chỉ tổ trưởng của tổ hoặc Văn phòng Quận ủy mới được thực hiện thao tác này."
ONLY_MANAGER_EN = "Only the group's leader or the committee office may do this."
ONLY_OWNER_OR_LEADER_VI = "Chỉ đầu mối chủ trì hoặc tổ trưởng của tổ mới được thực hiện thao tác này."
ONLY_NOTE_WRITERS_VI = (
    "Chỉ đầu mối chủ trì, người phối hợp, tổ trưởng của tổ hoặc Văn phòng Quận ủy mới được thêm ghi chú."
)
ONLY_FILE_WRITERS_VI = (
    "Chỉ đầu mối chủ trì, người phối hợp, tổ trưởng của tổ hoặc Văn phòng Quận ủy mới được đính kèm "
    "hoặc thu hồi tệp."
)
ONLY_GROUP_MANAGER_CREATES_VI = "Chỉ tổ trưởng của tổ hoặc Văn phòng Quận ủy mới được giao nhiệm vụ cho tổ."


def url(path: str = "") -> str:
    return BASE + path


def task_url(task_id: int, suffix: str = "") -> str:
    return f"{BASE}tasks/{task_id}/{suffix}"


# --------------------------------------------------------------------------- clients


def user_of(cast: Any, role: str) -> Any:
    return None if role == "anonymous" else cast.user(role)


def client_as(user: Any | None) -> APIClient:
    """A client authenticated as `user` (None: anonymous), without a login round trip."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def login(username: str, password: str = PASSWORD, client: APIClient | None = None) -> Any:
    return (client or APIClient()).post(
        url("auth/login/"), {"username": username, "password": password}, format="json"
    )


def token_client(user: Any) -> APIClient:
    """A phone: logs in through `POST auth/login/` and sends `Authorization: Token ...`."""
    response = login(user.username)
    assert response.status_code == 200, f"login of {user.username}: {response.status_code} {body(response)}"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


# --------------------------------------------------------------------------- reading answers


def body(response: Any) -> Any:
    """The JSON body, or the raw text when there is none (for failure messages)."""
    try:
        return response.json()
    except Exception:
        content = getattr(response, "content", b"")
        return content[:500].decode("utf-8", "replace") if isinstance(content, bytes) else content


def assert_error(response: Any, status: int, *, field: str | None = None) -> dict:
    """The one error shape of docs/api.md: {"code", "detail", "errors"}; `errors` names `field`."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {body(response)}"
    data = response.json()
    assert isinstance(data, dict), f"error body is not an object: {data!r}"
    assert isinstance(data.get("code"), str) and data["code"], f"no stable `code`: {data!r}"
    assert isinstance(data.get("detail"), str) and data["detail"], f"no `detail` message: {data!r}"
    # docs/api.md: `errors` on validation failures; elsewhere absent or an object.
    assert isinstance(data.get("errors", {}), dict), f"`errors` is not an object: {data!r}"
    unknown = set(data) - {"code", "detail", "errors"}
    assert not unknown, f"keys outside the error shape: {sorted(unknown)} in {data!r}"
    if field is not None:
        assert field_errors(data, field), f"`errors` does not name {field!r}: {data!r}"
    return data


def field_errors(data: dict, field: str) -> list[str]:
    """The messages `errors` has for `field`, nested ones ("outcome.target") included."""
    found: list[str] = []
    for key, messages in (data.get("errors") or {}).items():
        if key == field or key.startswith(f"{field}."):
            found.extend(messages if isinstance(messages, list) else [messages])
    return found


def etag_version(response: Any) -> int | None:
    """The version an `ETag: "<version>"` header carries."""
    etag = response.headers.get("ETag")
    if etag is None:
        return None
    match = re.fullmatch(r'"(\d+)"', etag)
    assert match, f'ETag is not "<version>": {etag!r}'
    return int(match.group(1))


def if_match(version: int) -> dict[str, str]:
    return {"HTTP_IF_MATCH": f'"{version}"'}


def brief_id(value: Any) -> Any:
    """The id of a related object sent as a brief {"id", "name", ...}."""
    assert isinstance(value, dict) and "id" in value, f"not a brief {{'id', 'name'...}}: {value!r}"
    return value["id"]


def names_person(brief: Any, member: Any) -> bool:
    """Whether an actor brief shows `member` (by full name or login)."""
    if not isinstance(brief, dict):
        return False
    shown = {str(v) for k, v in brief.items() if k in ("name", "full_name", "username")}
    return bool(shown & {member.full_name, member.user.username})


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- bodies


def create_payload(cast: Any, process: Any, **overrides: Any) -> dict[str, Any]:
    """A task as docs/api.md "Create with" shows it, for the cast's group."""
    payload: dict[str, Any] = {
        "title": "Rà soát hồ sơ tồn đọng phường Phúc Xá",
        "description": "Rà soát, phân loại và giải quyết hồ sơ quá hạn.",
        "group": cast.group.pk,
        "ward": cast.ward.pk,
        "owner": cast.owner.pk,
        "process": process.pk,
        "start_date": "2026-01-05",
        "due_date": "2026-03-31",
        "priority": "normal",
        "source": "Kết luận số 12-KL/QU",
        "coordinators": [cast.coordinator.pk],
        "outcome": {
            "indicator": "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "unit": "%",
            "baseline": 80,
            "target": 99,
            "direction": "increase",
        },
    }
    payload.update(overrides)
    return payload


# --------------------------------------------------------------------------- time


@contextmanager
def at(hour: int, minute: int = 0, day: int = 2) -> Iterator[dt.datetime]:
    """Freeze the committee's clock at `day` February 2026, `hour`:`minute` in Hanoi."""
    with clock.frozen_at(dt.datetime(2026, 2, day, hour, minute, tzinfo=HANOI)) as moment:
        yield moment


def parse_time(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert moment.tzinfo is not None, f"time without offset: {value!r}"
    return moment


# --------------------------------------------------------------------------- the URLconf

_PARAM = re.compile(r"<[^>]+>")
_FORMAT_SUFFIX = re.compile(r"<(\w+:)?format>")
_IGNORED_METHODS = {"options", "head", "trace"}


def route_key(route: str) -> str:
    """`tasks/{id}/steps/{step_id}/complete/` and `tasks/<pk>/...` compare equal."""
    return re.sub(r"\{[^}]*\}", "{}", route)


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        here = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, here)
        elif isinstance(entry, URLPattern):
            yield here, entry.callback


def _methods(callback: Any) -> set[str]:
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    allowed = set(view.http_method_names) - _IGNORED_METHODS if view else {"get"}
    actions = getattr(callback, "actions", None)  # a DRF ViewSet bound to its actions
    if actions:
        return {m.upper() for m in actions if m in allowed}
    return {m.upper() for m in allowed if view is None or hasattr(view, m)}


@lru_cache(maxsize=1)
def api_v1_endpoints() -> frozenset[tuple[str, str]]:
    """Every (route under /api/v1/, METHOD) the URLconf serves, routes with `{}` for parameters."""
    found: set[tuple[str, str]] = set()
    for raw, callback in _walk(get_resolver().url_patterns):
        simple = simplify_regex(raw)
        if _FORMAT_SUFFIX.search(simple):
            continue  # DRF's `.json` format-suffix twins of the same endpoints
        path = _PARAM.sub("{}", simple).lstrip("/")
        if not path.startswith(BASE.lstrip("/")):
            continue
        route = path[len(BASE.lstrip("/")) :]
        found.update((route, method) for method in _methods(callback))
    return frozenset(found)


def is_routed(route: str, method: str) -> bool:
    return (route_key(route), method) in api_v1_endpoints()


# --------------------------------------------------------------------------- task states (set-up)
# Set-up goes through the services, as the domain's tests do; the request under test is HTTP.


def started(cast: Any) -> Any:
    return services.task_start(task=cast.task, actor=cast.owner.user)


def paused(cast: Any) -> Any:
    started(cast)
    return services.task_pause(task=cast.task, actor=cast.owner.user, note="Chờ số liệu của phường.")


def ready_to_submit(cast: Any) -> Any:
    """In progress, every step ticked and one measurement recorded."""
    task = started(cast)
    for step in task.steps.order_by("order"):
        task = services.task_complete_step(task=task, step=step, actor=cast.owner.user)
    services.measurement_record(
        task=task, actor=cast.owner.user, value=99, measured_on=dt.date(2026, 2, 1), note="Báo cáo tháng 1"
    )
    return task


def submitted(cast: Any) -> Any:
    ready_to_submit(cast)
    return services.task_submit(task=cast.task, actor=cast.owner.user)
