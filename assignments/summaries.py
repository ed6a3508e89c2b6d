"""Summary figures for the Standing Committee (docs/rules.md, "Summary figures").

Reads that aggregate, kept apart from `selectors.py` (which says who may read which
task) because they are one subject with its own types: the report's figures, its row
keys and the term targets' standing. Scope comes from `selectors.tasks_visible_to`,
so a summary covers exactly the tasks its reader may see.

Every figure is counted by the database: one aggregate query for the rows, grouped by
the row key and by the same `deadline_status` annotation the task list uses; the
totals are the sum of the rows, so the rows add up to the totals by construction. The
number of queries (two: the rows, the term targets) does not depend on the number of
tasks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypedDict, cast

from django.db.models import Count, F, FilteredRelation, Model, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import clock
from assignments.choices import DeadlineStatus, DocumentKind, Escalation, Status
from assignments.escalation import level_conditions
from assignments.models import Document, Group, Member, Target, Ward
from assignments.models.outcomes import achieved_condition, is_achieved
from assignments.models.tasks import TaskQuerySet
from assignments.roles import AnyUser
from assignments.selectors import tasks_visible_to
from assignments.text import iso_month

Grouping = Literal["group", "ward", "owner", "month", "document"]
GROUPINGS: tuple[Grouping, ...] = ("group", "ward", "owner", "month", "document")

#: The key of the row of tasks that have no ward.
NO_WARD: Promise = _("No ward")
#: The key of the row of tasks assigned by no registered document.
NO_DOCUMENT: Promise = _("No document")

#: The counts the database makes, one per deadline status, in report order.
STATUS_COUNTS = (
    DeadlineStatus.DONE_EARLY,
    DeadlineStatus.DONE_ON_TIME,
    DeadlineStatus.DONE_LATE,
    DeadlineStatus.OPEN_ON_TRACK,
    DeadlineStatus.OPEN_DUE_SOON,
    DeadlineStatus.OPEN_OVERDUE,
    DeadlineStatus.CANCELLED,
)
#: The other counts the database makes, summed per row like the status counts.
TALLIES = ("extended", "escalated_leader", "escalated_committee", "outcome_achieved")
DONE_STATUSES = (DeadlineStatus.DONE_EARLY, DeadlineStatus.DONE_ON_TIME, DeadlineStatus.DONE_LATE)
DONE_IN_TIME_STATUSES = (DeadlineStatus.DONE_EARLY, DeadlineStatus.DONE_ON_TIME)
OPEN_DEADLINE_STATUSES = (
    DeadlineStatus.OPEN_ON_TRACK,
    DeadlineStatus.OPEN_DUE_SOON,
    DeadlineStatus.OPEN_OVERDUE,
)

#: Every figure of a row and of the totals, in the order reports show them.
FIGURES = (
    "total",
    "done",
    "done_in_time",
    "done_early",
    "done_on_time",
    "done_late",
    "open",
    "open_on_track",
    "open_due_soon",
    "open_overdue",
    "cancelled",
    "extended",
    "escalated_leader",
    "escalated_committee",
    "outcome_achieved",
    "completion_rate",
    "on_time_rate",
    "overdue_rate",
    "outcome_rate",
)
RATES = ("completion_rate", "on_time_rate", "overdue_rate", "outcome_rate")
COUNTS = tuple(f for f in FIGURES if f not in RATES)

#: The name of every figure, the one vocabulary of the reports (the glossary's terms):
#: the dashboard's tiles, charts and tables, the spreadsheet's and the CSV's headers
#: all read it, so a name means one figure wherever it is shown. The deadline statuses
#: keep their labels (DeadlineStatus), which the API's tasks also give.
FIGURE_LABELS: dict[str, Promise | str] = {
    "total": _("Total tasks"),
    "done": _("Done"),
    "done_in_time": _("Done in time (early or on time)"),
    "done_early": DeadlineStatus.DONE_EARLY.label,
    "done_on_time": DeadlineStatus.DONE_ON_TIME.label,
    "done_late": DeadlineStatus.DONE_LATE.label,
    "open": _("Not yet done"),
    "open_on_track": DeadlineStatus.OPEN_ON_TRACK.label,
    "open_due_soon": DeadlineStatus.OPEN_DUE_SOON.label,
    "open_overdue": DeadlineStatus.OPEN_OVERDUE.label,
    "cancelled": DeadlineStatus.CANCELLED.label,
    "extended": _("Deadline extended (tasks)"),
    "escalated_leader": _("Overdue, not explained: raised to the group leader"),
    "escalated_committee": _("Long overdue: raised to the Standing Committee"),
    "outcome_achieved": _("Outcome achieved"),
    "completion_rate": _("Completion rate"),
    "on_time_rate": _("On-time rate"),
    "overdue_rate": _("Overdue rate"),
    "outcome_rate": _("Outcome achievement rate"),
}


class Figures(TypedDict):
    total: int
    done: int
    done_in_time: int
    done_early: int
    done_on_time: int
    done_late: int
    open: int
    open_on_track: int
    open_due_soon: int
    open_overdue: int
    cancelled: int
    extended: int
    escalated_leader: int
    escalated_committee: int
    outcome_achieved: int
    completion_rate: float | None
    on_time_rate: float | None
    overdue_rate: float | None
    outcome_rate: float | None


class Row(Figures):
    #: group {id, name, number}; ward {id, name, code}; owner {id, name}; month {month};
    #: document {id, name, code (its number and symbol), kind}.
    key: dict[str, Any]


class TargetFigures(TypedDict):
    total: int
    achieved: int
    achieved_early: int


@dataclass(frozen=True)
class Period:
    """Tasks whose due date falls between the bounds, both included; None: no bound."""

    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Summary:
    as_of: dt.date
    by: Grouping
    period: Period
    totals: Figures
    rows: list[Row]
    targets: TargetFigures
    #: The narrowing asked for (ids), so the report's task list covers the same tasks.
    group: int | None = None
    ward: int | None = None


def rate(numerator: int, divisor: int) -> float | None:
    """A fraction rounded to 4 decimals (0.6667, not 66.67%); None where nothing to divide by."""
    return round(numerator / divisor, 4) if divisor else None


def no_figures() -> Figures:
    """The figures of no task at all (a row with nothing in it)."""
    return figures_from_counts(dict.fromkeys((*TALLIES, *STATUS_COUNTS), 0))


def figures_from_counts(counts: dict[str, int]) -> Figures:
    """All the figures from the database's counts (one per deadline status, extended, outcomes)."""
    done = sum(counts[s] for s in DONE_STATUSES)
    done_in_time = sum(counts[s] for s in DONE_IN_TIME_STATUSES)
    open_ = sum(counts[s] for s in OPEN_DEADLINE_STATUSES)
    total = done + open_
    return Figures(
        total=total,
        done=done,
        done_in_time=done_in_time,
        done_early=counts[DeadlineStatus.DONE_EARLY],
        done_on_time=counts[DeadlineStatus.DONE_ON_TIME],
        done_late=counts[DeadlineStatus.DONE_LATE],
        open=open_,
        open_on_track=counts[DeadlineStatus.OPEN_ON_TRACK],
        open_due_soon=counts[DeadlineStatus.OPEN_DUE_SOON],
        open_overdue=counts[DeadlineStatus.OPEN_OVERDUE],
        cancelled=counts[DeadlineStatus.CANCELLED],
        extended=counts["extended"],
        escalated_leader=counts["escalated_leader"],
        escalated_committee=counts["escalated_committee"],
        outcome_achieved=counts["outcome_achieved"],
        completion_rate=rate(done, total),
        on_time_rate=rate(done_in_time, done),
        overdue_rate=rate(counts[DeadlineStatus.OPEN_OVERDUE], total),
        outcome_rate=rate(counts["outcome_achieved"], done),
    )


def _counts_by_status(today: dt.date) -> dict[str, Count]:
    # `extended` and `outcome_achieved` are about the tasks `total` counts: a cancelled
    # task's extension or outcome says nothing about the work done. The outcome is the
    # done tasks' only (`_DONE_OUTCOME`): the others cannot count as achieved.
    not_cancelled = ~Q(status=Status.CANCELLED)
    # The escalation's levels as of the report's day (assignments/escalation.py).
    levels = level_conditions(today)
    return {
        "tasks": Count("pk"),
        "extended": Count("pk", filter=not_cancelled & Q(due_date__gt=F("original_due_date"))),
        "escalated_leader": Count("pk", filter=levels[Escalation.LEADER]),
        "escalated_committee": Count("pk", filter=levels[Escalation.COMMITTEE]),
        "outcome_achieved": Count("pk", filter=achieved_condition(prefix=f"{_DONE_OUTCOME}__")),
    }


#: The outcome joined for done tasks only (`ON outcome.task_id = task.id AND task.status =
#: 'done'`), as the hand-written statement does: a report reads no outcome of an open task.
_DONE_OUTCOME = "done_outcome"

# The row key of each grouping: the task's own column grouped on (an id, or the month of
# the due date), the model and columns that name it, and the order of the rows.
_KEY_COLUMN: dict[Grouping, str] = {
    "group": "group_id",
    "ward": "ward_id",
    "owner": "owner_id",
    "month": "month",
    "document": "document_id",
}
_KEY_NAMES: dict[Grouping, tuple[type[Model], tuple[str, ...]]] = {
    "group": (Group, ("number", "name")),
    "ward": (Ward, ("code", "name")),
    "owner": (Member, ("full_name",)),
    "document": (Document, ("number", "kind", "issued_on")),
}
_KEY_ORDER: dict[Grouping, tuple[Any, ...]] = {
    "group": ("key_number",),
    "ward": (F("key_code").asc(nulls_last=True),),
    "owner": ("key_full_name", "owner_id"),
    "month": ("month",),
    # The latest documents first, as their list; the tasks of no document last.
    "document": (F("key_issued_on").desc(nulls_last=True), F("document_id").desc()),
}


def _row_key(by: Grouping, values: dict[str, Any]) -> dict[str, Any]:
    if by == "group":
        return {"id": values["group_id"], "name": values["key_name"], "number": values["key_number"]}
    if by == "ward":
        if values["ward_id"] is None:
            return {"id": None, "name": NO_WARD, "code": None}
        return {"id": values["ward_id"], "name": values["key_name"], "code": values["key_code"]}
    if by == "owner":
        return {"id": values["owner_id"], "name": values["key_full_name"]}
    if by == "document":
        if values["document_id"] is None:
            return {"id": None, "name": NO_DOCUMENT, "code": None, "kind": None}
        kind = DocumentKind(values["key_kind"])
        return {
            "id": values["document_id"],
            "name": Document.title_for(kind, values["key_number"]),
            "code": values["key_number"],
            "kind": kind.value,
        }
    return {"month": iso_month(values["month"])}


def tasks_in_report(
    user: AnyUser,
    *,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    group: int | None = None,
    ward: int | None = None,
) -> TaskQuerySet:
    """The tasks a report covers: those `user` may see, narrowed by the period and filters."""
    tasks = tasks_visible_to(user)
    if period_start is not None:
        tasks = tasks.filter(due_date__gte=period_start)
    if period_end is not None:
        tasks = tasks.filter(due_date__lte=period_end)
    if group is not None:
        tasks = tasks.filter(group_id=group)
    if ward is not None:
        tasks = tasks.filter(ward_id=ward)
    return tasks


def summary_rows(tasks: TaskQuerySet, *, by: Grouping, today: dt.date) -> list[Row]:
    """One row per key, counted in one aggregate query.

    The query groups by the row key and the `deadline_status` annotation, and counts;
    the few grouped rows (at most seven per key) are then folded into one row per key.
    Grouping on the annotation evaluates it once per task, where one conditional count
    per status (COUNT ... FILTER (WHERE deadline_status = ...)) would evaluate it seven
    times: on SQLite, where the local completion date is a Python function, that made
    the report more than twice as slow (docs/reports.md, "Speed").

    The shape is the hand-written statement's (bench/floor_sql.py): grouped on the
    task's own column (an id, the month), not on the key's names, which are read after
    grouping, once per row of the report (a subquery by primary key) instead of joined
    to every task and sorted on; and the outcome joined for done tasks only.
    """
    if by not in GROUPINGS:
        raise ValueError(f"Unknown grouping: {by!r}")
    tasks = tasks.with_deadline_status(today).alias(
        **{_DONE_OUTCOME: FilteredRelation("outcome", condition=Q(status=Status.DONE))}
    )
    if by == "month":
        tasks = tasks.annotate(month=TruncMonth("due_date"))
    key_column = _KEY_COLUMN[by]
    grouped = tasks.values(key_column, "deadline_status").annotate(**_counts_by_status(today))
    if by in _KEY_NAMES:
        model, names = _KEY_NAMES[by]
        named_by = model._default_manager.filter(pk=OuterRef(key_column)).order_by()
        grouped = grouped.annotate(**{f"key_{name}": Subquery(named_by.values(name)) for name in names})
    counts_by_key: dict[Any, dict[str, Any]] = {}
    for values in grouped.order_by(*_KEY_ORDER[by]):
        counts = counts_by_key.setdefault(
            values[key_column],
            {"key": _row_key(by, values), **dict.fromkeys((*TALLIES, *STATUS_COUNTS), 0)},
        )
        counts[values["deadline_status"]] += values["tasks"]
        for figure in TALLIES:
            counts[figure] += values[figure]
    return [Row(key=counts["key"], **figures_from_counts(counts)) for counts in counts_by_key.values()]


def sum_figures(rows: list[Row]) -> Figures:
    """The totals: each count summed over the rows, the rates recomputed from the sums."""
    # A key the checker cannot follow: each deadline status's value is a Figures key.
    counts: dict[str, int] = {
        s.value: sum(r[s.value] for r in rows)  # type: ignore[literal-required]
        for s in STATUS_COUNTS
    }
    counts["extended"] = sum(r["extended"] for r in rows)
    counts["escalated_leader"] = sum(r["escalated_leader"] for r in rows)
    counts["escalated_committee"] = sum(r["escalated_committee"] for r in rows)
    counts["outcome_achieved"] = sum(r["outcome_achieved"] for r in rows)
    return figures_from_counts(counts)


def target_figures() -> TargetFigures:
    """Where the term targets stand ("14 of 15 met, 10 of them early"), in one query."""
    # aggregate() is typed dict[str, Any]: its keys are the three named here.
    return cast(
        TargetFigures,
        Target.objects.aggregate(
            total=Count("pk"),
            achieved=Count("pk", filter=Q(achieved_on__isnull=False)),
            achieved_early=Count("pk", filter=Q(achieved_on__lt=F("deadline"))),
        ),
    )


def summary_for(
    user: AnyUser,
    *,
    by: Grouping = "group",
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    group: int | None = None,
    ward: int | None = None,
    today: dt.date | None = None,
) -> Summary:
    """The report of the tasks `user` may see: two queries, whatever the number of tasks."""
    today = today or clock.today()
    tasks = tasks_in_report(user, period_start=period_start, period_end=period_end, group=group, ward=ward)
    rows = summary_rows(tasks, by=by, today=today)
    return Summary(
        as_of=today,
        by=by,
        period=Period(start=period_start, end=period_end),
        totals=sum_figures(rows),
        rows=rows,
        targets=target_figures(),
        group=group,
        ward=ward,
    )


class TaskLine(TypedDict):
    id: int
    title: str
    group_number: int
    group_name: str
    ward_code: str | None
    ward_name: str | None
    owner_name: str
    source: str
    product_kind: str
    product_description: str
    approver_kind: str
    #: The named Standing Committee member who accepts the task, when one is.
    approver_name: str | None
    original_due_date: dt.date
    due_date: dt.date
    extended: bool
    status: str
    deadline_status: str
    #: The day the accepted submission was made, in Hanoi; None while not done.
    completed_on: dt.date | None
    outcome_unit: str | None
    outcome_target: Decimal | None
    outcome_actual: Decimal | None
    #: The latest measured value reaches the target (at or above it for "increase").
    outcome_reached: bool


#: Each column read for a task line and the field it is read from.
_TASK_LINE_FIELDS = {
    "id": "id",
    "title": "title",
    "group_number": "group__number",
    "group_name": "group__name",
    "ward_code": "ward__code",
    "ward_name": "ward__name",
    "owner_name": "owner__full_name",
    "source": "source",
    "product_kind": "product_kind",
    "product_description": "product_description",
    "approver_kind": "approver_kind",
    "approver_name": "approver__full_name",
    "original_due_date": "original_due_date",
    "due_date": "due_date",
    "status": "status",
    "deadline_status": "deadline_status",
    "completed_at": "completed_at",
    "outcome_unit": "outcome__unit",
    "outcome_target": "outcome__target",
    "outcome_actual": "outcome__actual",
    "outcome_direction": "outcome__direction",
}


def _task_line(values: dict[str, Any]) -> TaskLine:
    completed_at = values.pop("completed_at")
    direction = values.pop("outcome_direction")
    target = values["outcome_target"]
    # values: the _TASK_LINE_FIELDS keys left, each a TaskLine key.
    return TaskLine(
        **values,  # type: ignore[typeddict-item]
        extended=values["due_date"] > values["original_due_date"],
        completed_on=clock.local_date(completed_at) if completed_at else None,
        outcome_reached=target is not None
        and is_achieved(actual=values["outcome_actual"], target=target, direction=direction),
    )


def report_task_lines(user: AnyUser, summary: Summary) -> Iterator[TaskLine]:
    """The tasks behind `summary`, for the spreadsheet's task list.

    One query whatever the number of tasks (the group, ward, owner and outcome joined),
    read in chunks (a server-side cursor on PostgreSQL), only the columns shown, so a
    report over every task of the term does not sit in memory.
    """
    tasks = (
        tasks_in_report(
            user,
            period_start=summary.period.start,
            period_end=summary.period.end,
            group=summary.group,
            ward=summary.ward,
        )
        .with_deadline_status(summary.as_of)
        .order_by("group__number", "due_date", "id")
        .values_list(*_TASK_LINE_FIELDS.values())
    )
    for values in tasks.iterator(chunk_size=2000):
        yield _task_line(dict(zip(_TASK_LINE_FIELDS, values, strict=True)))


def figures_by_document(user: AnyUser, documents: list[Document]) -> dict[int, Figures]:
    """The figures of each document's tasks that `user` may read: one aggregate query for
    the whole page (a document none of whose tasks they read has zeros)."""
    counts = summary_rows(
        tasks_visible_to(user).filter(document__in=[d.pk for d in documents]),
        by="document",
        today=clock.today(),
    )
    by_id: dict[int, Figures] = {row["key"]["id"]: row for row in counts}
    zero = no_figures()
    return {d.pk: by_id.get(d.pk, zero) for d in documents}
