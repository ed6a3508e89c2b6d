"""Process templates: the ordered steps a task follows ("rõ quy trình")."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import limits


class Process(models.Model):
    name = models.CharField(_("process name"), max_length=limits.PROCESS_NAME_MAX, unique=True)
    description = models.TextField(_("description"), validators=[limits.text_max_length], blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("process")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="steps", verbose_name=_("process")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), validators=[MinValueValidator(1), MaxValueValidator(limits.SMALL_INT_MAX)]
    )
    name = models.CharField(_("step name"), max_length=limits.STEP_NAME_MAX)
    expected_days = models.PositiveSmallIntegerField(
        _("expected days"), default=1, validators=[MaxValueValidator(limits.SMALL_INT_MAX)]
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "order"],
                name="process_step_order_unique",
                violation_error_message=_("Each step number is used once in a process."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
