from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the OpenAPI extensions before any schema is generated.
        from api import schema  # noqa: F401
        from api.checks import check_trusted_proxies

        checks.register(check_trusted_proxies, checks.Tags.security)
