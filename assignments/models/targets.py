"""Term targets ("chỉ tiêu nhiệm kỳ"): committee-level goals that tasks contribute to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments.choices import Direction


class Target(models.Model):
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=50)
    target_value = models.DecimalField(_("giá trị mục tiêu"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("chiều"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    deadline = models.DateField(_("hạn hoàn thành"))
    actual = models.DecimalField(_("giá trị thực tế"), max_digits=14, decimal_places=2, null=True, blank=True)
    achieved_on = models.DateField(_("ngày đạt"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu nhiệm kỳ")
        verbose_name_plural = _("chỉ tiêu nhiệm kỳ")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="target_direction_valid",
                violation_error_message=_("Chiều của chỉ tiêu không hợp lệ."),
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
