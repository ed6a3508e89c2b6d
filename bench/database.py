"""The benchmark's PostgreSQL databases: made, recognised and dropped by their comment.

A database made here carries a comment ("taskforce bench: 100000 tasks, data v1, made
2026-11-27"), so a second `make bench` reuses the data instead of writing it again,
and nothing but a benchmark database is ever dropped.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

#: Bumped whenever the generator writes different data: older databases are rebuilt.
DATA_VERSION = 1
COMMENT_PREFIX = "taskforce bench:"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def server_url() -> str:
    """The PostgreSQL server (no database): BENCH_PG, else the one DATABASE_URL names."""
    url = os.environ.get("BENCH_PG") or os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"The benchmark needs PostgreSQL; got {parts.scheme!r} (set BENCH_PG).")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def database_url(name: str) -> str:
    return f"{server_url()}/{name}"


def default_name(tasks: int) -> str:
    """tf_bench_10k, tf_bench_100k, tf_bench_1m."""
    if tasks % 1_000_000 == 0:
        return f"tf_bench_{tasks // 1_000_000}m"
    if tasks % 1000 == 0:
        return f"tf_bench_{tasks // 1000}k"
    return f"tf_bench_{tasks}"


@dataclass(frozen=True)
class Made:
    tasks: int
    version: int
    day: str


def _maintenance() -> psycopg.Connection:
    return psycopg.connect(f"{server_url()}/postgres", autocommit=True)


def describe(name: str) -> Made | None:
    """What the benchmark database `name` holds, or None if it is missing or not one of ours."""
    with _maintenance() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    if row is None or not row[0]:
        return None
    match = re.match(rf"{COMMENT_PREFIX} (\d+) tasks, data v(\d+), made (\S+)$", row[0])
    if match is None:
        return None
    return Made(int(match[1]), int(match[2]), match[3])


def exists(name: str) -> bool:
    with _maintenance() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def recreate(name: str) -> None:
    """Drop the benchmark database `name` (only if it is one) and make it anew, empty."""
    if exists(name) and describe(name) is None:
        raise SystemExit(
            f"Database {name!r} exists and is not a benchmark database: choose another name "
            "(it is never dropped)."
        )
    with _maintenance() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # Marked at once, so a half-made database can be dropped by the next run.
        mark(name, tasks=0, day="incomplete", conn=conn)


def mark(name: str, *, tasks: int, day: str, conn: psycopg.Connection | None = None) -> None:
    comment = f"{COMMENT_PREFIX} {tasks} tasks, data v{DATA_VERSION}, made {day}"
    statement = sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(comment))
    if conn is not None:
        conn.execute(statement)
        return
    with _maintenance() as own:
        own.execute(statement)
