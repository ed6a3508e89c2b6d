"""Production settings: `check --deploy` clean, security headers, no secret or debug default.

Each runs in a subprocess: settings load once per process, and this one runs the tests.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PRODUCTION = "taskforce.settings.production"


def run(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    """Run Python in the project with the environment changed as given (None: removed)."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": PRODUCTION}
    # Set for the whole session by the end-to-end tests' browser (tests/e2e/conftest.py)
    # when they ran earlier in this worker; never a production setting (async.E001).
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, *args],
        env=environment,
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=120,
    )


def a_secret() -> str:
    return secrets.token_urlsafe(60)


def test_check_deploy_is_clean_under_production_settings():
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=a_secret(),
        ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("secret", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_a_secret_key(secret):
    result = run("-c", "import django; django.setup()", SECRET_KEY=secret)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set in production" in result.stderr


_HEADERS = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
secure = client.get("/api/schema/", secure=True)
plain = client.get("/api/v1/tasks/")
print(json.dumps({
    "debug": settings.DEBUG,
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "plain": [plain.status_code, plain.headers.get("Location")],
}))
"""


@pytest.fixture(scope="module")
def served():
    """One request over HTTPS and one over plain HTTP, under the production settings."""
    result = run("-c", _HEADERS, SECRET_KEY=a_secret(), ALLOWED_HOSTS="testserver", DEBUG=None)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_debug_is_off_unless_asked_for(served):
    assert served["debug"] is False


def test_https_answers_carry_the_security_headers(served):
    assert served["status"] == 200
    headers = served["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(served):
    assert served["plain"] == [301, "https://testserver/api/v1/tasks/"]
