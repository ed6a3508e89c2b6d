"""The daily reminder run on a generated database: `python -m bench.reminders --tasks 1000000`.

Runs `assignments.notifications.daily.run` for the morning after the data's last day,
as the scheduler would, and measures: its time, the peak of the Python memory it
allocates (tracemalloc; it must not grow with the number of tasks, since the run reads
by chunks), its queries and their number per notification written, then the same day
run again (nothing new to write: the time of the check alone). The notifications are
deleted afterwards, so the database is left as it was. The figures go to
var/bench/reminders-<label>.json and into docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.generate import ensure

VAR = Path(__file__).resolve().parent.parent / "var" / "bench"


def measure_run(at: dt.datetime) -> dict[str, Any]:
    from django.db import connection

    from assignments import clock
    from assignments.models import Notification
    from assignments.notifications import daily

    queries: list[int] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        # Counted, not kept: the bulk inserts' text would weigh in the memory measured.
        queries.append(1)
        return execute(sql, params, many, context)

    tracemalloc.start()
    started = time.perf_counter()
    with clock.frozen_at(at), connection.execute_wrapper(count):
        report = daily.run(at, send=False)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    made = sum(report.made.values())
    rows = Notification.objects.count()
    return {
        "seconds": round(seconds, 2),
        "peak_mib": round(peak / 2**20, 1),
        "queries": len(queries),
        "notifications": made,
        "rows": rows,
        "queries_per_1000_notifications": round(1000 * len(queries) / made, 2) if made else None,
        "by_kind": dict(sorted(report.made.items())),
    }


def main(argv: list[str] | None = None) -> None:
    from bench.database import default_name

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, required=True)
    parser.add_argument("--database")
    args = parser.parse_args(argv)
    database = args.database or default_name(args.tasks)
    ensure(args.tasks, database)

    from django.db.models import Max

    from assignments import clock
    from assignments.choices import CLOSED_STATUSES
    from assignments.models import Notification, Task

    # The morning after the data's latest due date among open tasks: the run then finds
    # work of every kind (due soon, due today, overdue at each level, waiting for acceptance).
    today = clock.today()
    at = dt.datetime.combine(today, dt.time(7, 0), tzinfo=clock.committee_tz())
    Notification.objects.all().delete()
    open_tasks = Task.objects.exclude(status__in=CLOSED_STATUSES).count()
    first = measure_run(at)
    again = measure_run(at)
    Notification.objects.all().delete()
    result = {
        "tasks": Task.objects.count(),
        "open_tasks": open_tasks,
        "latest_due": str(Task.objects.aggregate(Max("due_date"))["due_date__max"]),
        "at": at.isoformat(),
        "first_run": first,
        "second_run": again,
    }
    VAR.mkdir(parents=True, exist_ok=True)
    label = f"{args.tasks // 1000}k" if args.tasks < 1_000_000 else f"{args.tasks // 1_000_000}m"
    path = VAR / f"reminders-{label}.json"
    path.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
