"""The append-only audit trail of reference data: every change of a ward, a member, a
group, a process (with its steps) or a term target (docs/rules.md, "Reference data").

One row per object changed, written by the services (assignments/services/reference.py)
in the transaction of the change. Like the task's events (events.py) the rows are never
changed or deleted: the model and its queryset refuse, and so does the database
(migration 0007, on PostgreSQL and SQLite).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .append_only import AppendOnly, AppendOnlyQuerySet

#: Long enough for a target's "code. name", the longest label of reference data.
LABEL_MAX = 400


class ReferenceKind(models.TextChoices):
    WARD = "ward", pgettext_lazy("reference data", "Ward")
    MEMBER = "member", pgettext_lazy("reference data", "Executive Committee member")
    GROUP = "group", pgettext_lazy("reference data", "Committee group")
    PROCESS = "process", pgettext_lazy("reference data", "Process")
    TARGET = "target", pgettext_lazy("reference data", "Term target")
    DOCUMENT = "document", pgettext_lazy("reference data", "Document")


class ReferenceAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("reference data", "Created")
    CHANGED = "changed", pgettext_lazy("reference data", "Changed")
    # A change that retires the object (`active` unticked) or brings it back.
    DEACTIVATED = "deactivated", pgettext_lazy("reference data", "Deactivated")
    REACTIVATED = "reactivated", pgettext_lazy("reference data", "Reactivated")
    DELETED = "deleted", pgettext_lazy("reference data", "Deleted")


class ReferenceChange(AppendOnly):
    kind = models.CharField(_("kind"), max_length=12, choices=ReferenceKind.choices)
    # Not a foreign key: the row outlives the object (a deleted term target).
    object_id = models.PositiveBigIntegerField(_("object id"))
    label = models.CharField(_("object"), max_length=LABEL_MAX)
    action = models.CharField(_("action"), max_length=12, choices=ReferenceAction.choices)
    # Nobody for the demo seed and other programs of the system.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("time"))
    # {field: {"from": ..., "to": ...}} for the fields that changed, JSON values: dates in
    # ISO, numbers as strings, related objects as ids, many-to-many as sorted id lists, a
    # process's steps as a list of {order, name, expected_days}.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference data change")
        verbose_name_plural = _("history of reference data")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["kind", "object_id", "at"], name="refchange_object_idx"),
            models.Index(fields=["at", "id"], name="refchange_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReferenceKind.values),
                name="refchange_kind_valid",
                violation_error_message=_("The kind of reference data is not valid."),
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=ReferenceAction.values),
                name="refchange_action_valid",
                violation_error_message=_("The action is not valid."),
            ),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)
        return f"{self.get_action_display()}: {self.label} ({at.date().isoformat()} {at:%H:%M})"
