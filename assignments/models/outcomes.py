"""The outcome measure of a task ("rõ hiệu quả") and its log of measurements."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.choices import Direction

from .tasks import Task


def is_achieved(*, actual: Decimal | None, target: Decimal, direction: str) -> bool:
    if actual is None:
        return False
    if direction == Direction.DECREASE:
        return actual <= target
    return actual >= target


def achieved_condition(prefix: str = "") -> models.Q:
    """`is_achieved` as a filter; `prefix` reaches the outcome from another model."""
    return models.Q(
        **{f"{prefix}direction": Direction.INCREASE, f"{prefix}actual__gte": models.F(f"{prefix}target")}
    ) | models.Q(
        **{f"{prefix}direction": Direction.DECREASE, f"{prefix}actual__lte": models.F(f"{prefix}target")}
    )


class Outcome(models.Model):
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, related_name="outcome", verbose_name=_("task")
    )
    indicator = models.CharField(_("indicator"), max_length=limits.INDICATOR_MAX)
    unit = models.CharField(_("unit"), max_length=limits.UNIT_MAX)
    baseline = limits.number_column(_("baseline"), null=True, blank=True)
    target = limits.number_column(_("target value"))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    # The latest measurement's value, kept by the service that records measurements:
    # summaries over a million tasks read it without a subquery per task.
    actual = limits.number_column(_("actual value"), null=True, blank=True)

    class Meta:
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measure")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="outcome_direction_valid",
                violation_error_message=_("The indicator's direction is not valid."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.unit})"

    @property
    def achieved(self) -> bool:
        return is_achieved(actual=self.actual, target=self.target, direction=self.direction)


class Measurement(models.Model):
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("indicator")
    )
    value = limits.number_column(_("measured value"))
    measured_on = models.DateField(_("measured on"), validators=[limits.validate_date_in_window])
    note = models.TextField(_("evidence"), validators=[limits.text_max_length], blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured value")
        ordering = ["measured_on", "id"]

    def __str__(self) -> str:
        return f"{self.value} ({self.measured_on})"
