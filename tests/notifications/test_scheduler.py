"""One scheduler per deployment: the lease (assignments/notifications/scheduler.py)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from assignments import clock
from assignments.models import SchedulerLease
from assignments.notifications import scheduler

ROOT = Path(__file__).resolve().parents[2]
NOON = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.mark.django_db
def test_a_second_scheduler_waits_until_the_lease_lapses():
    with clock.frozen_at(NOON):
        assert scheduler.acquire("first", 90)
        assert not scheduler.acquire("second", 90)
        assert scheduler.acquire("first", 90)  # renewed
        assert scheduler.holds("first") and not scheduler.holds("second")
    with clock.frozen_at(NOON + dt.timedelta(seconds=91)):
        assert not scheduler.holds("first")
        assert scheduler.acquire("second", 90)
        assert SchedulerLease.objects.get().holder == "second"
        # The first, back from a stall, finds the lease taken and enqueues nothing.
        assert not scheduler.acquire("first", 90)


@pytest.mark.django_db
def test_stopping_releases_the_lease_at_once():
    with clock.frozen_at(NOON):
        assert scheduler.acquire("first", 90)
        scheduler.release("first")
        assert scheduler.acquire("second", 90)


def database_url() -> str:
    """The test database, as a process of its own reaches it."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Scheduler:
    """A real `manage.py run_scheduler` process, its output collected by a thread."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_scheduler", "--lease-seconds", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def says(self, words: str, seconds: float = 20) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(words in line for line in self.lines):
                return True
            time.sleep(0.1)
        return False

    def stop(self, signum: int = signal.SIGINT) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signum)
            self.process.wait(15)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_scheduler_processes_one_enqueues_the_other_takes_over_when_it_stops():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the processes share the test database")
    url = database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "taskforce.settings.test"}
    first = Scheduler(env)
    second = None
    try:
        assert first.says("holding the lease"), first.lines
        second = Scheduler(env)
        assert not second.says("holding the lease", seconds=4), second.lines
        first.stop(signal.SIGKILL)  # no release: the lease must lapse
        assert second.says("holding the lease", seconds=15), second.lines
        second.stop()
    finally:
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop(signal.SIGKILL)
    assert not SchedulerLease.objects.exists()  # the second released it on Ctrl-C
