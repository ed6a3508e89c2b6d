"""Measure the API against the floor on a generated database: `python -m bench.run --tasks 100000`.

In order: the summary (each grouping) against hand-written SQL; the task list (page of
50 and of 200, filters on, briefs nested; and the office's search for a ward's name
typed without accents) against a minimal `.values()` + orjson view,
with the share of the time spent counting rows; a task's detail and an action (pause
then resume) against minimal views doing the same reads and the same checked update;
gunicorn under wrk at 1 and 8 connections; the CSV export's first byte and memory.
Each comparison interleaves the two sides and takes the median of rounds. Before any
timing, each floor is checked to answer the same figures or document as the API.

The results go to a JSON file (var/bench/<label>.json); `python -m bench.report`
turns them into the tables of docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.generate import ensure
from bench.measure import Comparison, compare

VAR = Path(__file__).resolve().parent.parent / "var" / "bench"
OPEN = ("assigned", "in_progress", "paused", "submitted")


@dataclass
class Settings:
    rounds: int
    calls: int
    wrk_seconds: int
    wrk_rounds: int
    smoke: bool


class Failure(Exception):
    """The benchmark found the API or a floor answering wrongly."""


# --------------------------------------------------------------------------- the cast


@dataclass
class Cast:
    office_token: str
    member_token: str
    member_group: int
    detail_task: int
    action_task: int
    today: dt.date
    period: tuple[dt.date, dt.date]
    tasks: int


def make_cast() -> Cast:
    """Tokens for the office and for an ordinary member, and the tasks the member owns."""
    from django.contrib.auth import get_user_model
    from knox.models import AuthToken

    from api.tokens import token_issue
    from assignments import clock
    from assignments.models import Task

    User = get_user_model()
    office = User.objects.get(username="office")
    member_user = User.objects.select_related("member").get(username="member01")
    member = member_user.member
    AuthToken.objects.filter(user__in=[office, member_user]).delete()
    _, office_token = token_issue(user=office, name="bench")
    _, member_token = token_issue(user=member_user, name="bench")
    own = Task.objects.filter(owner=member, status="in_progress").order_by("-due_date")
    detail_task, action_task = list(own.values_list("pk", flat=True)[:2])
    group = member.member_groups.order_by("number").first()
    today = clock.today()
    return Cast(
        office_token=office_token,
        member_token=member_token,
        member_group=group.pk,
        detail_task=detail_task,
        action_task=action_task,
        today=today,
        period=(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
        tasks=Task.objects.count(),
    )


class Api:
    """Requests through Django's whole stack (middleware, auth, views) in this process."""

    def __init__(self, token: str) -> None:
        from django.test import Client

        self.client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    def get(self, path: str, expect: int = 200) -> Any:
        response = self.client.get(path)
        if response.status_code != expect:
            raise Failure(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")
        return response

    def post(self, path: str, body: dict[str, Any], if_match: str | None = None) -> Any:
        headers = {"If-Match": if_match} if if_match else {}
        response = self.client.post(path, json.dumps(body), content_type="application/json", headers=headers)
        if response.status_code != 200:
            raise Failure(f"POST {path} answered {response.status_code}: {response.content[:300]!r}")
        return response


# --------------------------------------------------------------------------- 1. summary


def measure_summary(cast: Cast, s: Settings) -> list[Comparison]:
    import psycopg
    from django.conf import settings as django_settings
    from django.db import connection

    from bench import floor_sql

    api = Api(cast.office_token)
    start, end = cast.period
    # No server-side prepared statements (psycopg prepares a query run 5 times): PostgreSQL
    # would then plan it once for any dates, as Django never has it do, and that generic
    # plan is slower for these aggregates. Each statement is planned for its dates.
    # Without JIT, as the product's connections (taskforce/settings/base.py): it made the
    # hand-written statement slower too (6% on a million tasks), and the floor is the best
    # the machine does.
    conn = psycopg.connect(
        _libpq_url(connection.settings_dict), autocommit=True, prepare_threshold=None, options="-c jit=off"
    )
    results = []
    for by in ("group", "ward", "owner", "month"):
        path = f"/api/v1/summary/?by={by}&period_start={start}&period_end={end}"

        def floor(by: str = by) -> dict[str, Any]:
            return floor_sql.summary(
                conn, by=by, start=start, end=end, today=cast.today, tz=django_settings.TIME_ZONE
            )

        _check_summary(api.get(path).json(), floor(), by)
        ours_ms, floor_ms, ratio = compare(
            lambda path=path: api.get(path), floor, rounds=s.rounds, calls=s.calls
        )
        results.append(
            Comparison(
                "summary",
                f"summary by {by}, {start.year}",
                ours_ms,
                floor_ms,
                ratio,
                # Issue 16: the summary within 1.15x of the hand statement (it was 1.25x).
                1.15,
                "hand-written SQL (psycopg)",
                s.rounds,
                s.calls,
            )
        )
    conn.close()
    return results


def _libpq_url(settings_dict: dict[str, Any]) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def _check_summary(api: dict[str, Any], floor: dict[str, Any], by: str) -> None:
    from bench.floor_sql import FIGURE_COLUMNS

    ours = {}
    for row in api["rows"]:
        key = row["key"]["month"] if by == "month" else row["key"]["id"]
        ours[key] = {f: row[f] for f in FIGURE_COLUMNS}
    if ours != floor["rows"]:
        raise Failure(f"summary by {by}: the API and the SQL disagree\n{ours}\n{floor['rows']}")
    targets = api["targets"]
    if (targets["total"], targets["achieved"], targets["achieved_early"]) != floor["targets"]:
        raise Failure(f"summary targets disagree: {targets} {floor['targets']}")


# --------------------------------------------------------------------------- 2. lists


#: What the office types in the search box: a ward's name, without its accents.
SEARCH = "q=phuc+xa"


def list_paths(cast: Cast) -> dict[str, tuple[str, str]]:
    """name -> (token, query) of each list compared with the floor."""
    open_filters = "&".join(f"status={s}" for s in OPEN)
    member = f"?{open_filters}&group={cast.member_group}&ordering=due_date"
    return {
        "member's open tasks of a group, page of 50": (cast.member_token, f"{member}&page_size=50"),
        "member's open tasks of a group, page of 200": (cast.member_token, f"{member}&page_size=200"),
        f"office, search `{SEARCH}`, page of 50": (cast.office_token, f"?{SEARCH}&page_size=50"),
    }


def main_list(cast: Cast) -> str:
    """The query of the list the other measurements reuse: the member's page of 50."""
    return next(iter(list_paths(cast).values()))[1]


def measure_lists(cast: Cast, s: Settings) -> list[Comparison]:
    results = []
    for name, (token, query) in list_paths(cast).items():
        api = Api(token)
        ours_path, floor_path = f"/api/v1/tasks/{query}", f"/bench/tasks/{query}"
        ours_doc = api.get(ours_path).json()
        floor_doc = json.loads(api.get(floor_path).content.replace(b"/bench/tasks/", b"/api/v1/tasks/"))
        if ours_doc != floor_doc:
            raise Failure(f"{name}: the floor's document differs from the API's")
        if len(ours_doc["results"]) == 0:
            raise Failure(f"{name}: no rows; the data does not fit the benchmark")
        if "q=" in query:
            _check_search(name, query, ours_doc["results"])
        ours_ms, floor_ms, ratio = compare(
            lambda p=ours_path, api=api: api.get(p),
            lambda p=floor_path, api=api: api.get(p),
            rounds=s.rounds,
            calls=s.calls,
        )
        # Issue 16: the page of 200 under 2x (it was 4x); the page of 50 under 3x, stretch 2x.
        goal = 2.0 if "200" in name else 3.0
        extra = {
            "rows": len(ours_doc["results"]),
            "count": ours_doc["count"],
            "stretch": 2.0 if goal == 3 else None,
        }
        results.append(
            Comparison(
                "list",
                name,
                ours_ms,
                floor_ms,
                ratio,
                goal,
                ".values() + orjson view",
                s.rounds,
                s.calls,
                extra,
            )
        )
    return results


def _check_search(name: str, query: str, rows: list[dict[str, Any]]) -> None:
    """Each task found shows every word of the query, read from the document itself."""
    from urllib.parse import parse_qs

    from assignments.text import fold_text, search_words

    words = search_words(parse_qs(query.lstrip("?"))["q"][0])
    for row in rows:
        ward = (row["ward"] or {}).get("name", "")
        shown = fold_text(" ".join([row["title"], row["description"], row["owner"]["name"], ward]))
        if not all(word in shown for word in words):
            raise Failure(f"{name}: task {row['id']} does not show {words}")


#: The statements that count a list's rows (api/pagination.py).
_COUNTING = ("SELECT COUNT(*)", "EXPLAIN")


def measure_counting(cast: Cast, s: Settings) -> list[dict[str, Any]]:
    """How much of a list's time its count takes, for the member's list and the office's feeds."""
    from django.db import connection

    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S%%2B00:00")
    cases = [
        ("member's open tasks of a group, page of 50", cast.member_token, main_list(cast)),
        ("office, every task, page of 50", cast.office_token, "?page_size=50"),
        (
            "office, sync feed (changed in 30 days), page of 200",
            cast.office_token,
            f"?updated_since={since}&ordering=updated_at&page_size=200",
        ),
        (f"office, search `{SEARCH}`, page of 50", cast.office_token, f"?{SEARCH}&page_size=50"),
    ]
    out = []
    for name, token, query in cases:
        api = Api(token)
        path = f"/api/v1/tasks/{query}"
        api.get(path)
        shares, totals, counts, dbs = [], [], [], []
        for _ in range(max(3, s.calls)):
            timings: list[tuple[str, float]] = []

            def timer(execute, sql, params, many, context, timings=timings):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    timings.append((sql, (time.perf_counter() - started) * 1000))

            started = time.perf_counter()
            with connection.execute_wrapper(timer):
                document = api.get(path).json()
            total = (time.perf_counter() - started) * 1000
            # The count, and the planner's estimate that stands for it past the threshold.
            count_ms = sum(ms for sql, ms in timings if sql.lstrip().upper().startswith(_COUNTING))
            totals.append(total)
            counts.append(count_ms)
            dbs.append(sum(ms for _, ms in timings))
            shares.append(count_ms / total)
        out.append(
            {
                "name": name,
                "rows": document["count"],
                "estimate": document.get("count_is_estimate", False),
                "total_ms": statistics.median(totals),
                "count_ms": statistics.median(counts),
                "db_ms": statistics.median(dbs),
                "share": statistics.median(shares),
                "met": statistics.median(shares) <= 0.25,
            }
        )
    return out


# --------------------------------------------------------------------------- 3. detail, action


def measure_task(cast: Cast, s: Settings) -> list[Comparison]:
    api = Api(cast.member_token)
    detail = f"/api/v1/tasks/{cast.detail_task}/"
    floor_detail = f"/bench/tasks/{cast.detail_task}/"
    if api.get(detail).json() != api.get(floor_detail).json():
        raise Failure("task detail: the floor's document differs from the API's")
    ours_ms, floor_ms, ratio = compare(
        lambda: api.get(detail), lambda: api.get(floor_detail), rounds=s.rounds, calls=s.calls
    )
    results = [
        Comparison(
            "task",
            "task detail",
            ours_ms,
            floor_ms,
            ratio,
            2.5,
            "same reads, .values() + orjson",
            s.rounds,
            s.calls,
        )
    ]

    task = cast.action_task
    etag = {"value": api.get(f"/api/v1/tasks/{task}/")["ETag"]}

    def act(prefix: str) -> None:
        # Pause then resume: the task is where it started, so every round can act again.
        for action, body in (("pause", {"note": "Chờ ý kiến chỉ đạo."}), ("resume", {"note": ""})):
            response = api.post(f"{prefix}{task}/{action}/", body, if_match=etag["value"])
            etag["value"] = response["ETag"]

    paused = api.post(f"/api/v1/tasks/{task}/pause/", {"note": "Kiểm tra."}, if_match=etag["value"])
    if paused.json() != api.get(f"/bench/tasks/{task}/").json():
        raise Failure("action: the task the API answers differs from the floor's reading of it")
    resumed = api.post(f"/bench/tasks/{task}/resume/", {"note": ""}, if_match=paused["ETag"])
    if resumed.json() != api.get(f"/api/v1/tasks/{task}/").json():
        raise Failure("action: the task the floor answers differs from the API's reading of it")
    etag["value"] = resumed["ETag"]
    ours_ms, floor_ms, ratio = compare(
        lambda: act("/api/v1/tasks/"), lambda: act("/bench/tasks/"), rounds=s.rounds, calls=s.calls
    )
    results.append(
        Comparison(
            "task",
            "action: pause then resume (If-Match)",
            ours_ms / 2,
            floor_ms / 2,
            ratio,
            3.0,
            "same checks and writes, by hand",
            s.rounds,
            s.calls,
        )
    )
    return results


# --------------------------------------------------------------------------- 4. load, 5. export


def measure_load(cast: Cast, s: Settings, database_url: str, label: str) -> dict[str, Any]:
    from bench.load import scenario, wrk_path
    from bench.server import Server

    wrk_path()
    workers = os.cpu_count() or 2
    out: dict[str, Any] = {"workers": workers}
    list_path = "/api/v1/tasks/" + main_list(cast)
    detail_paths = [f"/api/v1/tasks/{pk}/" for pk in _member_tasks(40)]
    with Server(database_url, workers=workers, log=VAR / f"gunicorn-{label}.log") as server:
        _warm(server.url, [list_path, *detail_paths[:4]], cast.member_token)

        def pids() -> list[int]:
            return [*server.worker_pids(), *_database_backends()]

        for name, paths in (("list", [list_path]), ("detail", detail_paths)):
            out[name] = scenario(
                server.url, paths, cast.member_token, rounds=s.wrk_rounds, seconds=s.wrk_seconds, pids=pids
            )
    return out


def _database_backends() -> list[int]:
    """The PostgreSQL processes serving the app: every connection to its database but ours."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _member_tasks(n: int) -> list[int]:
    from assignments.models import Task

    return list(
        Task.objects.filter(owner__user__username="member01")
        .order_by("-due_date")
        .values_list("pk", flat=True)[:n]
    )


def _warm(url: str, paths: list[str], token: str) -> None:
    import urllib.request

    for _ in range(3):
        for path in paths:
            request = urllib.request.Request(url + path, headers={"Authorization": f"Token {token}"})
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()


def measure_export(cast: Cast, s: Settings, database_url: str, label: str) -> dict[str, Any]:
    from assignments.models import Task
    from bench.export import download
    from bench.server import Server

    small_size = min(10_000, max(1, cast.tasks // 10))
    ordered = Task.objects.order_by("due_date").values_list("due_date", flat=True)
    small_end = ordered[small_size - 1]
    small = {"by": "group", "period_end": small_end.isoformat()}
    small_tasks = Task.objects.filter(due_date__lte=small_end).count()
    every = {"by": "group"}
    warm = {"by": "group", "period_end": ordered[min(99, small_size - 1)].isoformat()}
    runs: dict[str, list[dict[str, Any]]] = {"small": [], "all": []}
    # Each download in a new worker, warmed up by a tiny export (imports, translations,
    # connection): every growth starts from the same state, so the two sizes compare.
    for round_ in range(1 if s.smoke else 2):
        for size in ("all", "small") if round_ % 2 == 0 else ("small", "all"):
            with Server(database_url, workers=1, log=VAR / f"gunicorn-export-{label}.log") as server:
                worker = server.worker_pids()[0]
                download(server.port, worker, cast.office_token, warm)
                params = every if size == "all" else small
                runs[size].append(download(server.port, worker, cast.office_token, params))
    small_growth = max(r["growth"] for r in runs["small"])
    all_growth = max(r["growth"] for r in runs["all"])
    mib = 1 << 20
    return {
        "small_tasks": small_tasks,
        "all_tasks": cast.tasks,
        "small_growth_mib": small_growth / mib,
        "all_growth_mib": all_growth / mib,
        "growth_ratio": all_growth / max(small_growth, 1),
        "first_byte_s": statistics.median(r["first_byte_s"] for r in runs["all"]),
        "small_first_byte_s": statistics.median(r["first_byte_s"] for r in runs["small"]),
        "total_s": statistics.median(r["total_s"] for r in runs["all"]),
        "mib": statistics.median(r["bytes"] for r in runs["all"]) / mib,
        "lines": runs["all"][0]["lines"],
        "met": all_growth <= 1.2 * max(small_growth, mib)
        and all_growth < 64 * mib
        and statistics.median(r["first_byte_s"] for r in runs["all"]) <= 1.0,
    }


# --------------------------------------------------------------------------- profile


def profile_list(cast: Cast, label: str) -> Path:
    """pyinstrument's view of 20 member list requests (page of 50), as text."""
    from pyinstrument import Profiler

    api = Api(cast.member_token)
    path = "/api/v1/tasks/" + main_list(cast)
    api.get(path)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(20):
        api.get(path)
    profiler.stop()
    out = VAR / f"profile-list-{label}.txt"
    out.write_text(profiler.output_text(unicode=True, show_all=False))
    return out


# --------------------------------------------------------------------------- the command


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1 << 20)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "postgres": postgres,
        "load": os.getloadavg(),
    }


def data_counts() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in ("task", "taskstep", "outcome", "measurement", "event", "note", "task_coordinators"):
            cursor.execute(f"SELECT reltuples::bigint FROM pg_class WHERE relname = 'assignments_{table}'")
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM assignments_task")
        counts["task"] = cursor.fetchone()[0]
        cursor.execute("SELECT status, count(*) FROM assignments_task GROUP BY status ORDER BY 2 DESC")
        counts["statuses"] = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM assignments_group")
        counts["groups"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM assignments_member")
        counts["members"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM assignments_ward")
        counts["wards"] = cursor.fetchone()[0]
    return counts


def main(argv: list[str] | None = None) -> int:
    from bench.database import database_url, default_name

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, required=True)
    parser.add_argument("--database", help="default: tf_bench_100k, tf_bench_1m...")
    parser.add_argument("--label", help="name of the results (default: 100k, 1m...)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=3, help="pairs of calls per round")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--wrk-rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="few rounds, short loads: checks it all runs")
    parser.add_argument("--profile", action="store_true", help="also write pyinstrument's view of a list")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["summary", "list", "task", "load", "export"]
    )
    args = parser.parse_args(argv)
    database = args.database or default_name(args.tasks)
    label = args.label or database.removeprefix("tf_bench_")
    s = Settings(args.rounds, args.calls, args.wrk_seconds, args.wrk_rounds, args.smoke)
    if args.smoke:
        s = Settings(rounds=3, calls=2, wrk_seconds=2, wrk_rounds=1, smoke=True)

    ensure(args.tasks, database)
    VAR.mkdir(parents=True, exist_ok=True)
    cast = make_cast()
    results: dict[str, Any] = {
        "label": label,
        "database": database,
        "tasks": cast.tasks,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])]),
        "smoke": args.smoke,
        "machine": machine(),
        "data": data_counts(),
        "git": _git(),
        "settings": s.__dict__,
    }
    steps = [
        ("summary", lambda: [c.as_dict() for c in measure_summary(cast, s)]),
        ("list", lambda: [c.as_dict() for c in measure_lists(cast, s)]),
        ("counting", lambda: measure_counting(cast, s)),
        ("task", lambda: [c.as_dict() for c in measure_task(cast, s)]),
        ("load", lambda: measure_load(cast, s, database_url(database), label)),
        ("export", lambda: measure_export(cast, s, database_url(database), label)),
    ]
    for name, step in steps:
        if name in args.skip or (name == "counting" and "list" in args.skip):
            continue
        started = time.monotonic()
        print(f"[{label}] {name}...", file=sys.stderr, flush=True)
        results[name] = step()
        print(f"[{label}] {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    if args.smoke:
        # The smoke judges no timing, but an error under load (a 5xx, a dropped connection) fails it.
        errors = sum(results.get("load", {}).get(name, {}).get("errors", 0) for name in ("list", "detail"))
        if errors:
            raise Failure(f"{errors} requests failed under load (see var/bench/gunicorn-{label}.log)")
    if args.profile:
        results["profile"] = str(profile_list(cast, label))
    results["load_after"] = os.getloadavg()
    out = VAR / f"{label}{'-smoke' if args.smoke else ''}.json"
    if args.skip and out.exists():
        # A partial run re-measures some parts: the others keep their earlier figures.
        earlier = json.loads(out.read_text())
        results["command"] = f"{earlier['command']}; then {results['command']}"
        results = {**earlier, **results}
    out.write_text(json.dumps(results, indent=1, default=str))
    from bench.report import summary_lines

    print("\n".join(summary_lines(results)))
    print(f"results: {out}")
    return 0


def _git() -> str:
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as failure:
        print(f"benchmark failed: {failure}", file=sys.stderr)
        sys.exit(1)
