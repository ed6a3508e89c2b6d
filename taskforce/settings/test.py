"""The test suite: fast hashing, no debug, SQLite or PostgreSQL through DATABASE_URL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The docs pages' assets straight from the apps (drf-spectacular-sidecar), without collectstatic.
WHITENOISE_USE_FINDERS = True
