"""The append-only audit trail of a task ("nhật ký")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.choices import EventKind, Status

from .append_only import AppendOnly, AppendOnlyQuerySet
from .tasks import Task


class Event(AppendOnly):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events", verbose_name=_("task"))
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"))
    from_status = models.CharField(_("from status"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=Status.choices)
    note = models.TextField(_("note"), validators=[limits.text_max_length], blank=True)
    # What else changed, by kind: owners (from_owner/to_owner), due dates
    # (from_due_date/to_due_date), the step, the measurement, the edited fields.
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("history (audit trail)")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at", "id"], name="event_task_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values),
                name="event_kind_valid",
                violation_error_message=_("The event kind is not valid."),
            ),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)
        return f"{self.get_kind_display()} ({at.date().isoformat()} {at:%H:%M})"
