"""Webhooks for other systems (docs/rules.md and docs/operations.md, "Webhooks").

- `outbox`: each event as a JSON message with its pending deliveries, written in the
  event's transaction (`add`, called by assignments/services/base.py for every event);
- `delivery`: sending what is due, signed the Standard Webhooks way, with retries, and
  pausing an endpoint that keeps failing (the office is told);
- `endpoints`: the office's pause, resume and test message;
- `jobs`: the background job the scheduler enqueues every minute.
"""

from assignments.webhooks import outbox

__all__ = ["outbox"]
