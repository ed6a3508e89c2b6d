from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Task assignments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assignments import audit_guard

        audit_guard.install()
