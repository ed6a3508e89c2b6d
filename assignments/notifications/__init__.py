"""Telling people what concerns them (docs/rules.md, "Notifications"; issue "Đôn đốc").

- `recipients`: who is told at once of an event, and as what;
- `inbox`: the notification rows (one per person, task, kind and day) and their
  deliveries by mail and push, written in the caller's transaction;
- `texts`: what a notification says, in the reader's language;
- `daily`: the scheduled run (reminders, escalation, the digest) for a given moment;
- `delivery`: sending what is due by each channel, with retries;
- `jobs`: the background jobs (Django's Tasks API) the scheduler and the services enqueue.
"""

from assignments.notifications.inbox import mark_all_read, mark_read, suppressed, tell_event

__all__ = ["mark_all_read", "mark_read", "suppressed", "tell_event"]
