"""`python manage.py run_scheduler`: enqueue the background jobs on time (one per deployment)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assignments.notifications import scheduler


class Command(BaseCommand):
    help = (
        "Enqueue the background jobs on time: the deliveries every minute, failed ones every hour, "
        "the reminders and the digest every day at the office's hour. One runs per deployment "
        "(a lease in the database); another started beside it stands by. Workers run the jobs "
        "(`manage.py db_worker`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lease-seconds",
            type=float,
            default=90.0,
            help="How long the lease lasts unrenewed: a standby takes over within it (default 90).",
        )

    def handle(self, *args: Any, lease_seconds: float, **options: Any) -> None:
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        scheduler.run(lease_seconds=lease_seconds, stop=stop, out=self._say)

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
