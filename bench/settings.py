"""The production settings, plus the baseline views the benchmark compares against.

The baseline views are mounted here only (bench/urls.py), never in the product's URLs.
Plain HTTP on the loopback: no redirect to HTTPS, hosts of the local test client and
of gunicorn allowed.
"""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

from taskforce.settings.production import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No access log or per-request output: the load test measures the app, not the terminal.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

# The static files are not collected for a benchmark (the API serves none): quiet whitenoise.
warnings.filterwarnings("ignore", message="No directory at")
