"""Delete the idempotency keys older than 24 hours (run it daily, e.g. from cron).

Keys also expire lazily (a user's old keys go when they next use one); this clears the
keys of users who stopped sending any.
"""

from django.core.management.base import BaseCommand

from api.models import IdempotencyKey
from assignments import clock


class Command(BaseCommand):
    help = "Delete the idempotency keys older than 24 hours."

    def handle(self, *args, **options) -> None:
        deleted, _ = IdempotencyKey.objects.expired(clock.now()).delete()
        self.stdout.write(f"{deleted} expired idempotency key(s) deleted.")
