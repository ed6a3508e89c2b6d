"""The test suite: fast hashing, no debug, SQLite or PostgreSQL through DATABASE_URL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": STORAGES["attachments"],  # noqa: F405
}
# The docs pages' assets straight from the apps (drf-spectacular-sidecar), without collectstatic.
WHITENOISE_USE_FINDERS = True

# A second alias on the same test database, so a test can show that the reports read
# from the replica (tests/taskforce/test_routers.py). Off unless a test sets
# REPORTING_DATABASE = "replica": every other test reads and writes `default` only.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS = ["taskforce.routers.ReportingRouter"]
REPORTING_DATABASE = None

# Each test process's own memory: no table, no server, and the autouse fixture in
# tests/conftest.py empties it before every test. tests/security/test_login_throttling.py
# runs the login limits on the database cache and on Redis too.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Jobs run inline, in the test's process, when their transaction commits; the tests of
# the worker (tests/notifications/test_worker.py) start a real `db_worker` on the database backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]},
    # What the worker test enqueues for a real `db_worker --backend database` to run.
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
