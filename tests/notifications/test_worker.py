"""A real worker process (`manage.py db_worker`) runs the daily job from the database queue,
and mails through a real SMTP server; killed in the middle and its job run again, it sends
each mail exactly once.

PostgreSQL only: the worker is another process, and must see the test's rows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from assignments.choices import Channel, DeliveryStatus
from assignments.models import Delivery
from assignments.notifications import jobs
from tests.factories import GroupFactory, MemberFactory, StandingMemberFactory, make_task
from tests.notifications.conftest import SMTPServer
from tests.notifications.test_scheduler import database_url

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process shares the test database")


class SlowAfterFirst:
    """Answers the first mail at once, then holds each next one before taking it (at MAIL
    FROM: nothing of it has been sent yet), so a worker can be killed mid-send."""

    def __init__(self, server: SMTPServer) -> None:
        self.inbox = server.inbox
        self.hold = True

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.hold and self.inbox.messages:
            await asyncio.sleep(30)
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return await self.inbox.handle_DATA(server, session, envelope)


def _overdue_committee() -> list[Any]:
    """Five people with a mail address and each a reason to be told this morning."""
    owners = [MemberFactory() for _ in range(3)]
    group = GroupFactory(members=owners)
    StandingMemberFactory()
    for owner in owners:
        make_task(group=group, owner=owner, start_date=dt.date(2026, 1, 5), due_date=dt.date(2026, 3, 1))
    people = [*owners, group.leader]
    for member in people:
        member.user.email = f"{member.user.username}@example.org"
        member.user.save()
    return people


def _worker(env: dict[str, str], *, batch: bool) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--backend", "database", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, "--batch"] if batch else command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _env(smtp: SMTPServer) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taskforce.settings.test",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "NOTIFICATION_CLAIM_SECONDS": "2",
    }


MORNING = "2026-03-05T07:00:00+07:00"


def test_the_worker_runs_the_daily_job_and_the_mail_arrives():
    people = _overdue_committee()
    smtp = SMTPServer()
    smtp.start()
    try:
        jobs.daily_run.using(backend="database").enqueue(MORNING)
        worker = _worker(_env(smtp), batch=True)
        output, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0, output
    finally:
        smtp.stop()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    received = Counter(to for rcpts in smtp.inbox.recipients for to in rcpts)
    # One digest each: the owners' overdue reminders, the leader's escalations.
    assert received == Counter({m.user.email: 1 for m in people})
    assert not Delivery.objects.filter(channel=Channel.EMAIL).exclude(status=DeliveryStatus.SENT).exists()


def test_a_worker_killed_mid_send_and_its_job_run_again_sends_each_mail_once():
    people = _overdue_committee()
    smtp = SMTPServer()
    slow = SlowAfterFirst(smtp)
    from aiosmtpd.controller import Controller

    smtp.controller = Controller(slow, hostname="127.0.0.1", port=smtp.port)
    smtp.controller.start()
    try:
        env = _env(smtp)
        jobs.daily_run.using(backend="database").enqueue(MORNING)
        worker = _worker(env, batch=False)
        deadline = time.monotonic() + 60
        while not smtp.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        assert smtp.inbox.messages, "the first mail never arrived"
        time.sleep(1)  # the worker is now waiting on the second mail's MAIL FROM
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        assert len(smtp.inbox.messages) == 1

        # The job is retried (the scheduler's next enqueue, or the office by hand).
        slow.hold = False
        time.sleep(2.5)  # the killed worker's claim lapses
        jobs.daily_run.using(backend="database").enqueue(MORNING)
        again = _worker(env, batch=True)
        output, _ = again.communicate(timeout=120)
        assert again.returncode == 0, output
    finally:
        smtp.stop()
    received = Counter(to for rcpts in smtp.inbox.recipients for to in rcpts)
    assert received == Counter({m.user.email: 1 for m in people})
    ids = [m["Message-ID"] for m in smtp.inbox.messages]
    assert len(ids) == len(set(ids))
    assert not Delivery.objects.filter(channel=Channel.EMAIL).exclude(status=DeliveryStatus.SENT).exists()


def test_the_redis_backend_chosen_by_settings_runs_the_job_in_an_rq_worker():
    """TASKS_BACKEND=rq: the same job, queued in a real Redis and run by `rqworker`."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/2").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    people = _overdue_committee()
    smtp = SMTPServer()
    smtp.start()
    env = {**_env(smtp), "TASKS_BACKEND": "rq", "TASKS_REDIS_URL": "redis://127.0.0.1:6379/2"}
    try:
        enqueue = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                f"from assignments.notifications import jobs; jobs.daily_run.enqueue({MORNING!r})",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert enqueue.returncode == 0, enqueue.stderr
        worker = subprocess.run(
            [sys.executable, "manage.py", "rqworker", "default", "--burst"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr
    finally:
        smtp.stop()
    received = Counter(to for rcpts in smtp.inbox.recipients for to in rcpts)
    assert received == Counter({m.user.email: 1 for m in people})
