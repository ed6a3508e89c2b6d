"""The one place the domain asks for the current time.

Services, the seed and the tests all read the time here, so a test (or the demo seed,
which replays two years of work) can set "now" without patching Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_frozen: ContextVar[dt.datetime | None] = ContextVar("taskforce_frozen_now", default=None)


def committee_tz() -> ZoneInfo:
    """The committee's time zone (Asia/Ho_Chi_Minh): calendar days are counted in it."""
    return ZoneInfo(settings.TIME_ZONE)


def now() -> dt.datetime:
    frozen = _frozen.get()
    return frozen if frozen is not None else timezone.now()


def today() -> dt.date:
    """Today's date in the committee's time zone."""
    return local_date(now())


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(committee_tz()).date()


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Make `now()` answer `moment` inside the block (must be timezone-aware)."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    token = _frozen.set(moment)
    try:
        yield moment
    finally:
        _frozen.reset(token)
