"""Process templates: the ordered steps a task follows ("rõ quy trình")."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Process(models.Model):
    name = models.CharField(_("tên quy trình"), max_length=200, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("quy trình")
        verbose_name_plural = _("quy trình")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="steps", verbose_name=_("quy trình")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), validators=[MinValueValidator(1)])
    name = models.CharField(_("tên bước"), max_length=200)
    expected_days = models.PositiveSmallIntegerField(_("số ngày dự kiến"), default=1)

    class Meta:
        verbose_name = _("bước")
        verbose_name_plural = _("các bước")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "order"],
                name="process_step_order_unique",
                violation_error_message=_("Mỗi thứ tự bước chỉ dùng một lần trong quy trình."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
