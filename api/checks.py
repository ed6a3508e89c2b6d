"""System checks (`manage.py check`, and before `runserver` and `migrate`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def check_trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A TRUSTED_PROXIES entry that is not an address fails at start, not at the first login."""
    from api.throttling import trusted_proxies

    try:
        trusted_proxies(tuple(settings.TRUSTED_PROXIES))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="taskforce.E001")]
    return []
