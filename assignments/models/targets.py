"""Term targets ("chỉ tiêu nhiệm kỳ"): committee-level goals that tasks contribute to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.choices import Direction


class Target(models.Model):
    code = models.CharField(_("code"), max_length=limits.TARGET_CODE_MAX, unique=True)
    name = models.CharField(_("target name"), max_length=limits.TARGET_NAME_MAX)
    unit = models.CharField(_("unit"), max_length=limits.UNIT_MAX)
    target_value = limits.number_column(_("target value"))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    deadline = models.DateField(_("due date"), validators=[limits.validate_date_in_window])
    actual = limits.number_column(_("actual value"), null=True, blank=True)
    achieved_on = models.DateField(
        _("achieved on"), null=True, blank=True, validators=[limits.validate_date_in_window]
    )

    class Meta:
        verbose_name = _("term target")
        verbose_name_plural = _("term target")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="target_direction_valid",
                violation_error_message=_("The target's direction is not valid."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def achieved(self) -> bool:
        return self.achieved_on is not None

    @property
    def achieved_early(self) -> bool:
        return self.achieved_on is not None and self.achieved_on < self.deadline
