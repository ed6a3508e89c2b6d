"""Term targets ("chỉ tiêu nhiệm kỳ"): committee-level goals that tasks contribute to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments.choices import Direction


class Target(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("target name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    deadline = models.DateField(_("due date"))
    actual = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2, null=True, blank=True)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

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
