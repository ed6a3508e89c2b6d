"""The floor: minimal Django views that answer what the API answers, by hand.

Each view does the same work as its API counterpart and nothing more: the same token
authentication (knox, with the API's checks: api/authentication.py), the same scoping
(`selectors.tasks_visible_to`), the same filters, count, page and nested briefs, the
same checks and update for an action, and the same JSON document, but read with
`.values()` and written with orjson: no DRF request, serializer, filterset or
paginator. The runner checks that both answer the same document, so a ratio compares
two ways of doing one job.

Only what the benchmark sends is parsed here (the filters of its list, a pause or
resume); these views are mounted by bench/urls.py and never by the product.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import orjson
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.authentication import TokenAuthentication
from api.pagination import counted
from assignments import clock, roles, selectors
from assignments.choices import (
    ApproverKind,
    DeadlineStatus,
    DocumentKind,
    Escalation,
    EventKind,
    Priority,
    ProductKind,
    Status,
)
from assignments.models import Document, Event, Task, TaskStep
from assignments.models.outcomes import is_achieved
from assignments.models.tasks import TaskQuerySet
from assignments.text import normalize_text, search_words

_AUTH = TokenAuthentication()

#: The task's own columns and those of the rows it joins, as `.values()` names them.
_COLUMNS = (
    "id",
    "title",
    "description",
    "group_id",
    "group__number",
    "group__name",
    "ward_id",
    "ward__code",
    "ward__name",
    "owner_id",
    "owner__full_name",
    "assigned_by_id",
    "assigned_by__username",
    "assigned_by__member__full_name",
    "process_id",
    "process__name",
    "target_id",
    "target__code",
    "target__name",
    "outcome__indicator",
    "outcome__unit",
    "outcome__baseline",
    "outcome__target",
    "outcome__direction",
    "outcome__actual",
    "status",
    "deadline_status",
    "escalation",
    "explained_at",
    "explained_for_due_date",
    "explanation",
    "proposed_due_date",
    "document_id",
    "document__number",
    "document__kind",
    "product_kind",
    "product_description",
    "product_file_required",
    "approver_kind",
    "approver_id",
    "approver__full_name",
    "priority",
    "source",
    "start_date",
    "due_date",
    "original_due_date",
    "submitted_at",
    "completed_at",
    "version",
    "created_at",
    "updated_at",
)
_ORDERINGS = {
    "due_date": ("due_date", "id"),
    "-due_date": ("-due_date", "id"),
    "updated_at": ("updated_at", "id"),
}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    body = orjson.dumps(data, default=_default)
    return HttpResponse(body, status=status, content_type="application/json", headers=headers)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError


def _error(status: int, code: str, detail: str) -> HttpResponse:
    return _json({"code": code, "detail": detail}, status=status)


def _user(request: HttpRequest) -> Any:
    try:
        found = _AUTH.authenticate(request)
    except AuthenticationFailed:
        found = None
    return found[0] if found else None


def _local(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


class _Labels:
    """The choice labels in the request's language, translated once per request."""

    def __init__(self) -> None:
        self.status = {s.value: str(s.label) for s in Status}
        self.deadline = {s.value: str(s.label) for s in DeadlineStatus}
        self.priority = {p.value: str(p.label) for p in Priority}
        self.escalation = {e.value: str(e.label) for e in Escalation}
        self.product = {k.value: str(k.label) for k in ProductKind}
        self.approver = {k.value: str(k.label) for k in ApproverKind}


def _documents(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tasks as `TaskSerializer` shows them: briefs, steps, coordinators, watchers, outcome."""
    ids = [row["id"] for row in rows]
    steps: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    for step in (
        TaskStep.objects.filter(task_id__in=ids)
        .order_by("order")
        .values("task_id", "id", "order", "name", "expected_days", "completed_at", "note")
    ):
        task_id = step.pop("task_id")
        step["completed_at"] = _local(step["completed_at"])
        steps[task_id].append(step)
    coordinators: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    for link in (
        Task.coordinators.through.objects.filter(task_id__in=ids)
        .order_by("member__full_name", "member_id")
        .values("task_id", "member_id", "member__full_name")
    ):
        coordinators[link["task_id"]].append({"id": link["member_id"], "name": link["member__full_name"]})
    watchers: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    for link in (
        Task.watchers.through.objects.filter(task_id__in=ids)
        .order_by("member__full_name", "member_id")
        .values("task_id", "member_id", "member__full_name")
    ):
        watchers[link["task_id"]].append({"id": link["member_id"], "name": link["member__full_name"]})
    labels = _Labels()
    return [
        _document(row, steps[row["id"]], coordinators[row["id"]], watchers[row["id"]], labels) for row in rows
    ]


def _document(
    row: dict[str, Any],
    steps: list[dict[str, Any]],
    coordinators: list[dict[str, Any]],
    watchers: list[dict[str, Any]],
    labels: _Labels,
) -> dict[str, Any]:
    ward = row["ward_id"]
    target = row["target_id"]
    actual = row["outcome__actual"]
    return {
        "id": row["id"],
        "title": row["title"],
        "description": row["description"],
        "group": {"id": row["group_id"], "number": row["group__number"], "name": row["group__name"]},
        "ward": {"id": ward, "code": row["ward__code"], "name": row["ward__name"]} if ward else None,
        "owner": {"id": row["owner_id"], "name": row["owner__full_name"]},
        "assigned_by": {
            "id": row["assigned_by_id"],
            "username": row["assigned_by__username"],
            "name": row["assigned_by__member__full_name"] or row["assigned_by__username"],
        },
        "coordinators": coordinators,
        "watchers": watchers,
        "process": {"id": row["process_id"], "name": row["process__name"]},
        "target": {"id": target, "code": row["target__code"], "name": row["target__name"]}
        if target
        else None,
        "steps": steps,
        "outcome": {
            "indicator": row["outcome__indicator"],
            "unit": row["outcome__unit"],
            "baseline": row["outcome__baseline"],
            "target": row["outcome__target"],
            "direction": row["outcome__direction"],
            "actual": actual,
            "achieved": is_achieved(
                actual=actual, target=row["outcome__target"], direction=row["outcome__direction"]
            ),
        },
        "status": row["status"],
        "status_label": labels.status[row["status"]],
        "deadline_status": row["deadline_status"],
        "deadline_status_label": labels.deadline[row["deadline_status"]],
        "escalation": row["escalation"],
        "escalation_label": labels.escalation[row["escalation"]],
        "explanation": (
            {
                "reason": row["explanation"],
                "proposed_due_date": row["proposed_due_date"].isoformat(),
                "explained_at": _local(row["explained_at"]),
            }
            if row["explained_for_due_date"] is not None
            and row["explained_for_due_date"] == row["due_date"]
            and row["explained_at"] is not None
            and row["proposed_due_date"] is not None
            else None
        ),
        "priority": row["priority"],
        "priority_label": labels.priority[row["priority"]],
        "source": row["source"],
        "document": {
            "id": row["document_id"],
            "number": row["document__number"],
            "kind": row["document__kind"],
            "title": Document.title_for(DocumentKind(row["document__kind"]), row["document__number"]),
        }
        if row["document_id"]
        else None,
        "product": {
            "kind": row["product_kind"],
            "kind_label": labels.product[row["product_kind"]],
            "description": row["product_description"],
            "file_required": row["product_file_required"],
        }
        if row["product_kind"]
        else None,
        "approver": {
            "kind": row["approver_kind"],
            "kind_label": labels.approver[row["approver_kind"]],
            "member": {"id": row["approver_id"], "name": row["approver__full_name"]}
            if row["approver_id"]
            else None,
        },
        "start_date": row["start_date"].isoformat(),
        "due_date": row["due_date"].isoformat(),
        "original_due_date": row["original_due_date"].isoformat(),
        "extended": row["due_date"] > row["original_due_date"],
        "submitted_at": _local(row["submitted_at"]),
        "completed_at": _local(row["completed_at"]),
        "version": row["version"],
        "created_at": _local(row["created_at"]),
        "updated_at": _local(row["updated_at"]),
    }


def _tasks(user: Any) -> TaskQuerySet:
    return selectors.tasks_visible_to(user).with_deadline_status().with_escalation()


def task_list(request: HttpRequest) -> HttpResponse:
    """`tasks/` with the filters the benchmark sends: status, group, due_after, q, ordering."""
    user = _user(request)
    if user is None:
        return _error(401, "not_authenticated", "Authentication credentials were not provided.")
    query = request.GET
    tasks = _tasks(user)
    if statuses := query.getlist("status"):
        tasks = tasks.filter(status__in=statuses)
    if group := query.get("group"):
        tasks = tasks.filter(group_id=int(group))
    if due_after := query.get("due_after"):
        tasks = tasks.filter(due_date__gte=dt.date.fromisoformat(due_after))
    if updated_since := query.get("updated_since"):
        tasks = tasks.filter(updated_at__gte=dt.datetime.fromisoformat(updated_since))
    for word in search_words(normalize_text(query.get("q", ""))):
        tasks = tasks.filter(search_text__contains=word)
    size = min(int(query.get("page_size", 50)), 200)
    page = int(query.get("page", 1))
    # The API's count (api/pagination.py): exact up to the threshold, else the planner's
    # estimate, and then one row more than the page read, for whether a next page exists.
    count, estimated = counted(tasks)
    ordering = _ORDERINGS[query.get("ordering", "due_date")]
    bottom = (page - 1) * size
    rows = list(tasks.order_by(*ordering).values(*_COLUMNS)[bottom : bottom + size + (1 if estimated else 0)])
    if estimated:
        seen = bottom + min(len(rows), size)
        if len(rows) > size:
            count = max(count, seen + 1)
        else:
            count, estimated = seen, False
        rows = rows[:size]
    url = request.build_absolute_uri()
    following = replace_query_param(url, "page", page + 1) if page * size < count else None
    previous = None
    if page > 1:
        previous = replace_query_param(url, "page", page - 1) if page > 2 else remove_query_param(url, "page")
    document: dict[str, Any] = {"count": count}
    if estimated:
        document["count_is_estimate"] = True
    document |= {"next": following, "previous": previous, "results": _documents(rows)}
    return _json(document)


def _read(task_id: int) -> dict[str, Any] | None:
    rows = list(Task.objects.with_deadline_status().with_escalation().filter(pk=task_id).values(*_COLUMNS))
    return _documents(rows)[0] if rows else None


def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    if user is None:
        return _error(401, "not_authenticated", "Authentication credentials were not provided.")
    rows = list(_tasks(user).filter(pk=task_id).values(*_COLUMNS))
    if not rows:
        return _error(404, "not_found", "Not found.")
    document = _documents(rows)[0]
    return _json(document, headers={"ETag": f'"{document["version"]}"'})


_MOVES = {
    "pause": (Status.IN_PROGRESS, Status.PAUSED, EventKind.PAUSED, True),
    "resume": (Status.PAUSED, Status.IN_PROGRESS, EventKind.RESUMED, False),
}


def task_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    """Pause or resume: the checks of the service, in its order, and the same writes."""
    user = _user(request)
    if user is None:
        return _error(401, "not_authenticated", "Authentication credentials were not provided.")
    if request.method != "POST" or action not in _MOVES:
        return _error(405, "method_not_allowed", "Method not allowed.")
    if not selectors.tasks_visible_to(user).filter(pk=task_id).exists():
        return _error(404, "not_found", "Not found.")
    body = orjson.loads(request.body or b"{}")
    if_match = request.headers.get("If-Match")
    expected = int(if_match.strip('W/"')) if if_match and if_match != "*" else None
    source, to, kind, reason_required = _MOVES[action]
    with transaction.atomic():
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("group")
            .only("status", "version", "owner_id", "group__leader_id")
            .get(pk=task_id)
        )
        if expected is not None and expected != task.version:
            return _error(412, "version_mismatch", "The task has changed.")
        member = roles.member_of(user)
        if member is None or member.pk not in (task.owner_id, task.group.leader_id):
            return _error(
                403, "permission_denied", "Only the task's owner or the group's leader may do this."
            )
        if task.status != source:
            return _error(409, "invalid_transition", "Wrong state.")
        note = normalize_text(str(body.get("note") or ""))
        if reason_required and not note:
            return _error(400, "invalid", "A reason is required.")
        moment = clock.now()
        Task.objects.filter(pk=task_id).update(status=to, version=task.version + 1, updated_at=moment)
        Event.objects.create(
            task_id=task_id, kind=kind, actor=user, at=moment, from_status=source, to_status=to, note=note
        )
    document = _read(task_id)
    assert document is not None
    return _json(document, headers={"ETag": f'"{document["version"]}"'})
