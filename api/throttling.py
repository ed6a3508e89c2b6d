"""Failed logins: slowed, then refused for a while, per username and per client address.

Every password check goes through `LoginThrottleBackend` (AUTHENTICATION_BACKENDS), so
the API's login, the browsable API's and the admin's count alike. Failures are counted
in the default cache, which every worker process shares: the database cache by default,
Redis when `CACHE_URL` says so (settings/base.py).

- A username that has failed LOGIN_FAILURES_PER_USERNAME times, or an address that has
  failed LOGIN_FAILURES_PER_ADDRESS times, within LOGIN_LOCKOUT_SECONDS is locked out:
  every login for it is refused, right password or not, until LOGIN_LOCKOUT_SECONDS
  after its last failure.
- From half its limit on, each further try must wait after the last failure: 1 s, then
  2, 4... up to a minute. A guesser is slowed long before the lock-out; someone who
  mistyped twice is not.
- A successful login clears its username's count, not its address's (a guesser who owns
  one account must not be able to wipe the address's count with it).
- No password is checked while a login must wait, so waiting is not a way to guess.

The client's address is REMOTE_ADDR, unless the request comes from one of
TRUSTED_PROXIES (settings, from the environment: addresses or networks of the TLS
proxy in front): then it is the address that proxy saw, read from X-Forwarded-For
from the right, past every trusted proxy. Behind a proxy that is not listed, every
client shares the proxy's address (and one guesser locks everyone out); with a proxy
listed, an `X-Forwarded-For` sent by anyone else is ignored, so a client cannot choose
its own address to escape the limit per address.

The API answers a refused login with 429 and `Retry-After` (api/views/auth.py); the admin's
form has no such answer and shows its usual "wrong username or password".

Each count is one small record read and then written (`get`, `set`): two failures at
the very same moment may count once. The slip is at most the number of requests served
at once, which the limits leave room for.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from api import tokens
from assignments import accounts, clock

#: The longest wait between two tries before the lock-out, in seconds.
MAX_DELAY_SECONDS = 60

_PREFIX = "login-failures"


@dataclass(frozen=True)
class _Subject:
    key: str
    limit: int


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the address the
    proxies saw: X-Forwarded-For read from the right, skipping every trusted proxy. What
    lies left of the first untrusted hop is the client's to forge, and is never read."""
    meta = request.META
    remote = str(meta.get("REMOTE_ADDR") or "")
    proxies = trusted_proxies(tuple(settings.TRUSTED_PROXIES))
    if not proxies or not _trusted(_parse(remote), proxies):
        return remote
    address = remote
    for hop in reversed(str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        ip = _parse(hop)
        if ip is None:
            break  # not an address: the proxies wrote none here; keep the last one they vouch for
        address = str(ip)
        if not _trusted(ip, proxies):
            break  # the first hop no trusted proxy is: the client
    return address


@functools.lru_cache(maxsize=8)
def trusted_proxies(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """TRUSTED_PROXIES as networks ("10.0.0.5", "10.0.0.0/24", "::1"); ImproperlyConfigured
    for an entry that is neither (`manage.py check` runs this: api/apps.py)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/24)."
            ) from None
    return tuple(networks)


def _parse(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(ip: IPAddress | None, proxies: Iterable[IPNetwork]) -> bool:
    return ip is not None and any(ip in network for network in proxies)


def retry_after(username: str | None, address: str) -> int:
    """Seconds before a login for `username` from `address` may be tried; 0: now."""
    now = _now()
    waits = [_wait(cache.get(subject.key), subject.limit, now) for subject in _subjects(username, address)]
    return max(waits, default=0)


def record_failure(username: str | None, address: str) -> None:
    now = _now()
    for subject in _subjects(username, address):
        record = cache.get(subject.key)
        if record is None or _expired(record, subject.limit, now):
            record = {"failures": 0, "first": now}
        record["failures"] += 1
        record["last"] = now
        # The timeout only clears the cache of old records; the times decide.
        cache.set(subject.key, record, timeout=3 * settings.LOGIN_LOCKOUT_SECONDS)


def record_success(username: str | None) -> None:
    if username:
        cache.delete(_key("username", _normalized(username)))


class LoginThrottleBackend(ModelBackend):
    """Django's username-and-password backend, behind the failed-login counts.

    Who may sign in is `accounts.may_sign_in` (not a deactivated login or member): asked at
    each login and each time a session is read, so a deactivated person's sessions end.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        return accounts.may_sign_in(user)

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None  # not a password login: nothing to count
        address = client_address(request) if request is not None else ""
        if retry_after(username, address):
            raise PermissionDenied  # authenticate() stops here: no other backend is asked
        user = self._check_password(username, password)
        if user is None:
            record_failure(username, address)
        else:
            record_success(username)
        return user

    def _check_password(self, username: str, password: str) -> Any:
        # ModelBackend.authenticate's own steps, with one more: when checking the password
        # upgrades its hash to the present hasher (a new Django, a changed PASSWORD_HASHERS),
        # the password is the same, so the person's tokens are stamped anew rather than
        # refused as after a change (assignments/accounts.py).
        model = get_user_model()
        try:
            user = model._default_manager.get_by_natural_key(username)
        except model.DoesNotExist:
            model().set_password(password)  # as long as a wrong password takes (Django #20760)
            return None
        before = user.password
        if not (user.check_password(password) and self.user_can_authenticate(user)):
            return None
        if user.password != before:
            tokens.devices_restamp(user=user, old_password_hash=before)
        return user


# --------------------------------------------------------------------------- the records


def _now() -> float:
    # The committee's clock: tests move it past the lock-out instead of waiting.
    return clock.now().timestamp()


def _subjects(username: str | None, address: str) -> list[_Subject]:
    subjects = []
    if username:
        subjects.append(
            _Subject(_key("username", _normalized(username)), settings.LOGIN_FAILURES_PER_USERNAME)
        )
    if address:
        subjects.append(_Subject(_key("address", address), settings.LOGIN_FAILURES_PER_ADDRESS))
    return subjects


def _normalized(username: str) -> str:
    # "Office", "office" and a decomposed spelling are one target for a guesser.
    return unicodedata.normalize("NFC", username).strip().casefold()


def _key(kind: str, value: str) -> str:
    # Hashed: any text a client sends makes a short, safe cache key.
    return f"{_PREFIX}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _expired(record: dict[str, Any], limit: int, now: float) -> bool:
    window = settings.LOGIN_LOCKOUT_SECONDS
    if record["failures"] >= limit:
        return now - record["last"] >= window
    return now - record["first"] >= window


def _wait(record: dict[str, Any] | None, limit: int, now: float) -> int:
    if record is None or _expired(record, limit, now):
        return 0
    since_last = now - record["last"]
    if record["failures"] >= limit:
        return math.ceil(settings.LOGIN_LOCKOUT_SECONDS - since_last)
    slow_from = max(limit // 2, 1)
    if record["failures"] < slow_from:
        return 0
    delay = min(2 ** (record["failures"] - slow_from), MAX_DELAY_SECONDS)
    return max(math.ceil(delay - since_last), 0)
