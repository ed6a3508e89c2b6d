"""The clock of the background work: one process per deployment enqueues the jobs on time
(`manage.py run_scheduler`; docs/operations.md, "Background work").

APScheduler keeps the times (every minute: what is due to send and the webhooks; every
hour: failed deliveries tried again; every day at the office's hour: the reminders and the
digest). It only enqueues: the workers run the jobs. The lease (`SchedulerLease`) makes
it one scheduler per deployment: a second one waits as a standby, and takes over within
a lease's length when the first stops.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable

from django.db import IntegrityError, close_old_connections, transaction

from assignments import clock
from assignments.models import NotificationPolicy, SchedulerLease

logger = logging.getLogger(__name__)

LEASE = "scheduler"


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(holder: str, seconds: float) -> bool:
    """Take or renew the lease for `seconds`; False while another process holds it."""
    now = clock.now()
    try:
        with transaction.atomic():
            lease = SchedulerLease.objects.select_for_update().filter(name=LEASE).first()
            if lease is None:
                SchedulerLease.objects.create(
                    name=LEASE, holder=holder, expires_at=now + dt.timedelta(seconds=seconds)
                )
                return True
            if lease.holder != holder and lease.expires_at > now:
                return False
            lease.holder = holder
            lease.expires_at = now + dt.timedelta(seconds=seconds)
            lease.save(update_fields=["holder", "expires_at"])
            return True
    except IntegrityError:
        return False  # another process created the lease at the same moment


def release(holder: str) -> None:
    SchedulerLease.objects.filter(name=LEASE, holder=holder).delete()


def holds(holder: str) -> bool:
    return SchedulerLease.objects.filter(name=LEASE, holder=holder, expires_at__gt=clock.now()).exists()


def _enqueue_daily() -> None:
    from assignments.notifications import jobs

    jobs.daily_run.enqueue(clock.now().isoformat())


def _enqueue_deliver() -> None:
    from assignments.notifications import jobs

    jobs.deliver_due.enqueue()


def _enqueue_retry() -> None:
    from assignments.notifications import jobs

    jobs.retry_failed.enqueue()


def _enqueue_webhooks() -> None:
    from assignments.webhooks import jobs

    jobs.deliver_webhooks.enqueue()


#: On the minute: what is due to send (retries, the end of the quiet hours), by each way.
EVERY_MINUTE: list[Callable[[], None]] = [_enqueue_deliver, _enqueue_webhooks]


def run(
    *, lease_seconds: float = 90.0, stop: threading.Event | None = None, out: Callable[[str], None]
) -> None:
    """Hold the lease (or wait for it), and enqueue on time until `stop` is set."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger

    stop = stop or threading.Event()
    holder = holder_name()
    renew_every = lease_seconds / 3
    scheduler: BackgroundScheduler | None = None
    daily_at: dt.time | None = None

    def guarded(job: Callable[[], None]) -> Callable[[], None]:
        def enqueue() -> None:
            close_old_connections()
            # A process that stalled past its lease must not enqueue beside its successor.
            if holds(holder):
                job()

        return enqueue

    try:
        while not stop.is_set():
            close_old_connections()
            if acquire(holder, lease_seconds):
                if scheduler is None:
                    out(f"scheduler {holder}: holding the lease, enqueueing")
                    scheduler = BackgroundScheduler(timezone=str(clock.committee_tz()))
                    for job in EVERY_MINUTE:
                        scheduler.add_job(guarded(job), "interval", minutes=1, coalesce=True)
                    scheduler.add_job(guarded(_enqueue_retry), CronTrigger(minute=0), coalesce=True)
                    scheduler.start()
                NotificationPolicy.forget()
                at = NotificationPolicy.current().daily_run_at
                if at != daily_at:
                    # The office changed the hour in the admin: the daily job follows.
                    daily_at = at
                    scheduler.add_job(
                        guarded(_enqueue_daily),
                        CronTrigger(hour=at.hour, minute=at.minute),
                        id="daily",
                        replace_existing=True,
                        coalesce=True,
                        misfire_grace_time=3600,
                    )
                    out(f"scheduler {holder}: daily run at {at:%H:%M}")
            elif scheduler is not None:
                out(f"scheduler {holder}: lost the lease, standing by")
                scheduler.shutdown(wait=False)
                scheduler, daily_at = None, None
            else:
                logger.debug("scheduler %s: another process holds the lease", holder)
            stop.wait(renew_every)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        release(holder)
