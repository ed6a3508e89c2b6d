"""The background jobs, on Django's Tasks API (the `django-tasks` backport; the same
code runs on `django.tasks` from Django 6). The scheduler (`manage.py run_scheduler`)
and the services only enqueue them; a worker (`manage.py db_worker`, or the Redis or
RabbitMQ backend chosen in settings) runs them. Each is safe to run twice: what it
sends is keyed in the database (assignments/notifications/inbox.py).
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from assignments.notifications import daily, delivery


def _moment(at: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(at) if at else None


@task()
def deliver_due() -> dict[str, int]:
    """Send the mail and push that are due (enqueued after each action that tells someone,
    and every minute by the scheduler, for retries and the end of the quiet hours)."""
    sent = delivery.deliver_due()
    sent["digest_retried"] = delivery.send_digests(retries_only=True)
    return dict(sent)


@task()
def daily_run(at: str | None = None) -> dict[str, int]:
    """The day's reminders, escalations and digest mails, as of `at` (ISO; now if None)."""
    return daily.run(_moment(at)).as_dict()


@task()
def retry_failed() -> int:
    return delivery.retry_failed()
