"""What an append-only trail is: rows are added, never changed or deleted.

The task's events (events.py) and the changes of reference data (reference_changes.py)
share it. The database refuses too (triggers: migrations 0002, 0005 and 0007), so a raw
UPDATE or DELETE fails as these methods do.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from assignments.exceptions import AuditTrailImmutable


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses every bulk write but insertion: the trail only grows."""

    def update(self, **kwargs: Any) -> int:
        raise AuditTrailImmutable()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailImmutable()

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AuditTrailImmutable()

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditTrailImmutable()


class AppendOnly(models.Model):
    """A row saved once, when it is added; never saved again, never deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AuditTrailImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailImmutable()
