"""One machine, `make run`: SQLite by default. DEBUG stays off unless DEBUG=1 is set."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.str("SECRET_KEY", default="local-development-only-not-secret")

# Static files straight from the apps, without collectstatic, whether DEBUG is on or off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": STORAGES["attachments"],  # noqa: F405
}
