"""`python manage.py run_reminders --at 2026-12-05T07:00+07:00`: the daily run, now, for a moment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from assignments import clock
from assignments.choices import NotificationKind
from assignments.notifications import daily


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--at: not an ISO 8601 moment: {value!r} (e.g. 2026-12-05T07:00+07:00)") from exc
    # A moment without an offset is read in Hanoi, as the office means it.
    return timezone.make_aware(moment, clock.committee_tz()) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Run the day's reminders, escalations and digest mails for the moment given (default: now), "
        "synchronously, and print what was made and sent. Safe to repeat: nothing is sent twice. "
        "For catching up after downtime, run it for each missed day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", type=_moment, default=None, help="ISO 8601 moment, e.g. 2026-12-05T07:00+07:00."
        )
        parser.add_argument("--no-send", action="store_true", help="Write the notifications, send nothing.")

    def handle(self, *args: Any, at: dt.datetime | None, no_send: bool, **options: Any) -> None:
        moment = at or clock.now()
        with clock.frozen_at(moment):
            report = daily.run(moment, send=not no_send)
        local = moment.astimezone(clock.committee_tz())
        self.stdout.write(f"Reminders for {local:%Y-%m-%d %H:%M} (Asia/Ho_Chi_Minh):")
        if not report.made:
            self.stdout.write("  no new notification")
        for kind, count in sorted(report.made.items()):
            self.stdout.write(f"  {NotificationKind(kind).label}: {count}")
        sent = ", ".join(f"{channel} {count}" for channel, count in sorted(report.sent.items())) or "none"
        self.stdout.write(f"Sent: {sent}; digest mails: {report.digests}")
