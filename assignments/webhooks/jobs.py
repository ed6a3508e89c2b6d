"""The webhooks' background job, on Django's Tasks API (as assignments/notifications/jobs.py).
The scheduler enqueues it every minute, and each action that writes a delivery enqueues
it once its transaction commits; running it twice sends nothing twice (each delivery is
locked and marked in its own transaction)."""

from __future__ import annotations

from django_tasks import task

from assignments.webhooks import delivery


@task()
def deliver_webhooks() -> dict[str, int]:
    """Send the webhook deliveries that are due (new ones and retries) and tell the office
    of endpoints just paused."""
    return dict(delivery.deliver_due())
