"""Guessing passwords: failed logins are slowed, then refused with 429 for a while.

The limits are set small here (6 per username, 8 per address, a minute) so each test
reads as the story it tells; the production defaults are in settings/base.py and
docs/security.md. Time moves through the committee's clock, never by sleeping.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from rest_framework.test import APIClient

from api import throttling
from api.checks import check_trusted_proxies
from assignments import clock
from tests.api.api_helpers import API, EN, error
from tests.conftest import NOW
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

LIMITS = {"LOGIN_FAILURES_PER_USERNAME": 6, "LOGIN_FAILURES_PER_ADDRESS": 8, "LOGIN_LOCKOUT_SECONDS": 60}
HOME = "198.51.100.7"
ELSEWHERE = "203.0.113.20"


@pytest.fixture(autouse=True)
def small_limits(settings):
    for name, value in LIMITS.items():
        setattr(settings, name, value)


@pytest.fixture
def member(db):
    return UserFactory(username="member07")


def login(username: str, password: str, address: str = HOME, **headers: str):
    client = APIClient(**EN)
    return client.post(
        f"{API}auth/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def at(seconds: float):
    return clock.frozen_at(NOW + dt.timedelta(seconds=seconds))


def keep_failing(
    times: int,
    send: Callable[[int], object],
    username: Callable[[int], str] = lambda n: "member07",
    address: str = HOME,
) -> float:
    """Fail `times` logins as fast as the limits let them through; answer when the last was."""
    moment = 0.0
    for n in range(times):
        with at(moment):
            moment += throttling.retry_after(username(n), address)
        with at(moment):
            send(n)
    return moment


def refused(response, retry_after: int) -> None:
    data = error(response, 429, "throttled")
    assert data["detail"] == "Too many requests; wait a moment and try again (see Retry-After)."
    assert response.headers["Retry-After"] == str(retry_after)


# --------------------------------------------------------------------------- one username


def test_wrong_passwords_for_one_username_are_slowed_then_refused_then_let_through(member):
    # Three failures (half the limit) cost nothing: someone mistyped.
    with at(0):
        for _ in range(3):
            error(login("member07", "wrong"), 400, "invalid_credentials")
        # From the third failure on, each try waits after the last one: 1 s, 2 s, 4 s...
        refused(login("member07", "wrong"), retry_after=1)
    with at(1):
        error(login("member07", "wrong"), 400, "invalid_credentials")  # the 4th failure
        refused(login("member07", "pass"), retry_after=2)  # the right password must wait too
    with at(3):
        error(login("member07", "wrong"), 400, "invalid_credentials")  # the 5th
    with at(7):
        error(login("member07", "wrong"), 400, "invalid_credentials")  # the 6th: locked out
        refused(login("member07", "pass"), retry_after=60)
    with at(66):
        refused(login("member07", "pass", address=ELSEWHERE), retry_after=1)  # from anywhere
    with at(67):
        response = login("member07", "pass")  # the lock-out window has passed

    assert response.status_code == 200
    assert response.json()["user"]["username"] == "member07"


def test_no_password_is_checked_while_a_login_must_wait(member, django_assert_num_queries):
    last = keep_failing(6, lambda n: login("member07", "wrong"))

    with at(last), django_assert_num_queries(0):  # the user is not even looked up
        refused(login("member07", "pass"), retry_after=60)


def test_a_successful_login_clears_the_count_of_its_username(member):
    with at(0):
        for _ in range(2):
            login("member07", "wrong")
        assert login("member07", "pass").status_code == 200
        for _ in range(2):
            error(login("member07", "wrong"), 400, "invalid_credentials")

        assert throttling.retry_after("member07", "") == 0  # 2 failures counted, not 4


def test_the_same_username_in_other_capitals_counts_as_one(member):
    spellings = ("member07", "MEMBER07", "Member07", " member07", "member07", "mEmber07")
    last = keep_failing(6, lambda n: login(spellings[n], "wrong"))

    with at(last):
        refused(login("member07", "pass"), retry_after=60)


def test_the_admin_login_is_refused_during_a_lock_out(client):
    StaffUserFactory(username="office")
    last = keep_failing(6, lambda n: login("office", "wrong"), username=lambda n: "office")

    with at(last):
        page = client.post("/admin/login/", {"username": "office", "password": "pass"}, REMOTE_ADDR=HOME)

    assert page.status_code == 200  # the form again, with its "wrong username or password"
    assert "_auth_user_id" not in client.session


def test_a_wrong_admin_password_counts_like_an_api_one(client):
    StaffUserFactory(username="office")
    last = keep_failing(
        6,
        lambda n: client.post("/admin/login/", {"username": "office", "password": "wrong"}, REMOTE_ADDR=HOME),
        username=lambda n: "office",
    )

    with at(last):
        refused(login("office", "pass"), retry_after=60)


# --------------------------------------------------------------------------- one address


def nobody(n: int) -> str:
    return f"nobody{n}"


def test_failures_over_many_usernames_from_one_address_lock_the_address(member):
    # Password spraying: one guess per username, all from one address.
    last = keep_failing(8, lambda n: error(login(nobody(n), "123456"), 400), username=nobody)

    with at(last):
        refused(login("member07", "pass"), retry_after=60)  # a real user behind the same address
        assert login("member07", "pass", address=ELSEWHERE).status_code == 200


def test_a_forged_x_forwarded_for_does_not_change_the_address(member):
    last = keep_failing(
        8, lambda n: login(nobody(n), "123456", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"), username=nobody
    )

    with at(last):
        refused(login("member07", "pass", HTTP_X_FORWARDED_FOR="10.9.9.9"), retry_after=60)


PROXY = "10.0.0.1"


def test_behind_an_untrusted_proxy_every_client_shares_its_address(member):
    """Issue 10, item 6, as it was: the proxy is not listed, so all its clients count as one."""
    last = keep_failing(
        8,
        lambda n: login(nobody(n), "123456", address=PROXY, HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}"),
        username=nobody,
        address=PROXY,
    )

    with at(last):
        refused(login("member07", "pass", address=PROXY, HTTP_X_FORWARDED_FOR=HOME), retry_after=60)


def test_behind_a_trusted_proxy_the_clients_are_counted_apart(member, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # A guesser behind the proxy sprays nine names until its own address is locked out...
    last = keep_failing(
        8,
        lambda n: login(nobody(n), "123456", address=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE),
        username=nobody,
        address=ELSEWHERE,
    )

    with at(last):
        refused(login("member07", "pass", address=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE), retry_after=60)
        # ...and the member at home, behind the same proxy, logs in.
        response = login("member07", "pass", address=PROXY, HTTP_X_FORWARDED_FOR=HOME)

    assert response.status_code == 200


def test_what_a_client_writes_left_of_the_proxys_entry_is_ignored(member, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # Each try forges a new address in front; the proxy appends the one it saw: ELSEWHERE.
    last = keep_failing(
        8,
        lambda n: login(nobody(n), "123456", address=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ELSEWHERE}"),
        username=nobody,
        address=ELSEWHERE,
    )

    with at(last):
        refused(login("member07", "pass", address=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ELSEWHERE}"), 60)
        assert throttling.retry_after(None, ELSEWHERE) == 60
        assert throttling.retry_after(None, "192.0.2.1") == 0  # the forged ones counted nothing


def test_a_forged_x_forwarded_for_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(member, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    last = keep_failing(
        8,
        lambda n: login(nobody(n), "123456", address=ELSEWHERE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"),
        username=nobody,
        address=ELSEWHERE,
    )

    with at(last):
        refused(login("member07", "pass", address=ELSEWHERE, HTTP_X_FORWARDED_FOR=HOME), retry_after=60)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client"),
    [
        ([], PROXY, HOME, PROXY),  # no proxy trusted: the peer
        ([PROXY], PROXY, HOME, HOME),
        ([PROXY], PROXY, f"203.0.113.9, {HOME}", HOME),  # the client's own entry is not read
        (["10.0.0.0/24"], PROXY, f"{HOME}, 10.0.0.2", HOME),  # two proxies of one network
        (["10.0.0.0/24"], PROXY, "10.0.0.3, 10.0.0.2", "10.0.0.3"),  # only proxies: the farthest
        ([PROXY], PROXY, "", PROXY),  # the proxy sent no header
        ([PROXY], PROXY, "not-an-address", PROXY),  # nor an address: keep the one it vouches for
        ([PROXY], PROXY, f"not-an-address, {HOME}", HOME),
        ([PROXY], ELSEWHERE, HOME, ELSEWHERE),  # the peer is no proxy: its header is ignored
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_saw(settings, trusted, remote, forwarded, client):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert throttling.client_address(request) == client


def test_a_trusted_proxy_that_is_not_an_address_stops_the_app_at_its_checks(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1", "proxy.example.org"]

    errors = check_trusted_proxies()

    assert [e.id for e in errors] == ["taskforce.E001"]
    assert "proxy.example.org" in errors[0].msg


# --------------------------------------------------------------------------- the shared cache


def test_the_counts_live_in_the_database_cache_by_default(member, settings):
    assert django_settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "taskforce_cache"}
    }
    call_command("createcachetable", verbosity=0)  # migrate does it (api/migrations/0002)
    last = keep_failing(6, lambda n: login("member07", "wrong"))
    with at(last):
        refused(login("member07", "pass"), retry_after=60)

        # Another worker process opens its own cache on the same table and sees the lock-out.
        other_worker = DatabaseCache("taskforce_cache", {})
        key = throttling._key("username", "member07")
        assert other_worker.get(key)["failures"] == 6
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM taskforce_cache")
        assert cursor.fetchone()[0] == 2  # one record for the username, one for the address


def _redis_url() -> str | None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:
        return None
    return url


REDIS_URL = _redis_url()


@pytest.mark.skipif(REDIS_URL is None, reason="no Redis server reachable (TEST_REDIS_URL)")
def test_with_redis_the_worker_processes_share_the_counts(settings):
    """Another process (a second worker) fails the logins; this one is refused."""
    username = f"guessed-{uuid.uuid4().hex[:12]}"
    UserFactory(username=username)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "taskforce.settings.local",
        "CACHE_URL": REDIS_URL,
        **{name: str(value) for name, value in LIMITS.items()},
    }
    script = (
        "import django; django.setup()\n"
        "from api import throttling\n"
        f"for _ in range(6): throttling.record_failure({username!r}, {ELSEWHERE!r})\n"
    )
    try:
        subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=Path(django_settings.BASE_DIR),
            check=True,
            timeout=60,
        )

        response = login(username, "pass")  # the real clock: the other process used it too

        data = error(response, 429, "throttled")
        assert data["code"] == "throttled"
        assert 55 <= int(response.headers["Retry-After"]) <= 60
    finally:
        caches["default"].delete_many(
            [throttling._key("username", username), throttling._key("address", ELSEWHERE)]
        )
