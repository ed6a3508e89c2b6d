"""The summary's figures in hand-written SQL, run with psycopg: the floor for `summary/`.

One statement per report: the tasks of the period grouped by their key (a plain
integer or date) and their deadline status, computed once per task; the outcome joined
for done tasks only; the key's names joined after grouping, so they are read once per
row of the report rather than once per task. (Of the forms tried on a million tasks,
this was the fastest: conditional counts per status, or the outcome joined for every
task, were 5-20% slower.)
The term targets are the same one-line aggregate as the product's. The deadline
statuses are those of docs/rules.md, with the completion date taken in Hanoi.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg

from assignments.deadlines import DUE_SOON_DAYS

#: Each task's deadline status, computed once (the completion date in Hanoi, once).
_STATUS = """
    CASE WHEN t.status = 'cancelled' THEN 'cancelled'
         WHEN t.status = 'done' THEN
             CASE WHEN (t.completed_at AT TIME ZONE %(tz)s)::date < t.due_date THEN 'done_early'
                  WHEN (t.completed_at AT TIME ZONE %(tz)s)::date = t.due_date THEN 'done_on_time'
                  ELSE 'done_late' END
         WHEN t.due_date < %(today)s THEN 'open_overdue'
         WHEN t.due_date <= %(soon)s THEN 'open_due_soon'
         ELSE 'open_on_track' END
"""
_ACHIEVED = (
    "(o.direction = 'increase' AND o.actual >= o.target) "
    "OR (o.direction = 'decrease' AND o.actual <= o.target)"
)

_KEYS = {
    "group": ("t.group_id", "LEFT JOIN assignments_group k ON k.id = c.key", "k.number", "k.number, k.name"),
    "ward": (
        "t.ward_id",
        "LEFT JOIN assignments_ward k ON k.id = c.key",
        "k.code NULLS LAST",
        "k.code, k.name",
    ),
    "owner": (
        "t.owner_id",
        "LEFT JOIN assignments_member k ON k.id = c.key",
        "k.full_name, c.key",
        "k.full_name, NULL",
    ),
    "month": ("date_trunc('month', t.due_date)::date", "", "c.key", "NULL, NULL"),
}

FIGURE_COLUMNS = (
    "done_early",
    "done_on_time",
    "done_late",
    "open_on_track",
    "open_due_soon",
    "open_overdue",
    "cancelled",
    "extended",
    "outcome_achieved",
)

TARGETS = """
    SELECT count(*), count(*) FILTER (WHERE achieved_on IS NOT NULL),
           count(*) FILTER (WHERE achieved_on < deadline)
    FROM assignments_target
"""


def statement(by: str) -> str:
    key, join, order, names = _KEYS[by]
    # The outcome is joined for done tasks only: the others cannot count as achieved.
    return f"""
        SELECT c.key, {names}, c.deadline_status, c.tasks, c.extended, c.outcome_achieved
        FROM (
            SELECT {key} AS key, {_STATUS} AS deadline_status,
                   count(*) AS tasks,
                   count(*) FILTER (WHERE t.status <> 'cancelled' AND t.due_date > t.original_due_date)
                       AS extended,
                   count(*) FILTER (WHERE {_ACHIEVED}) AS outcome_achieved
            FROM assignments_task t
            LEFT JOIN assignments_outcome o ON o.task_id = t.id AND t.status = 'done'
            WHERE t.due_date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2
        ) c {join}
        ORDER BY {order}
    """


def summary(
    conn: psycopg.Connection, *, by: str, start: dt.date, end: dt.date, today: dt.date, tz: str
) -> dict[str, Any]:
    """{"rows": {key: {figure: n}}, "targets": (total, achieved, early)} for the period."""
    params = {
        "start": start,
        "end": end,
        "today": today,
        "soon": today + dt.timedelta(DUE_SOON_DAYS),
        "tz": tz,
    }
    rows: dict[Any, dict[str, int]] = {}
    for key, _, _, status, tasks, extended, achieved in conn.execute(statement(by), params):
        key = key.strftime("%Y-%m") if by == "month" else key
        counts = rows.setdefault(key, dict.fromkeys(FIGURE_COLUMNS, 0))
        counts[status] += tasks
        counts["extended"] += extended
        counts["outcome_achieved"] += achieved
    targets = conn.execute(TARGETS).fetchone()
    return {"rows": rows, "targets": tuple(targets)}
