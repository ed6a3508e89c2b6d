"""Fixtures of the security tests (the fuzzing's figures are printed by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict

import pytest
from django.core import signals
from django.db import close_old_connections

from tests.security.fuzzing import FORM_PROPERTY, PROPERTY, FuzzTally


@pytest.fixture
def django_wsgi() -> Iterator[None]:
    """Call Django's WSGI handler inside a test's transaction, as Django's test client does:
    a real server closes the database connection at the end of each request, which would
    end the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _tally(record_property, kind: str) -> Iterator[FuzzTally]:
    tally = FuzzTally()
    yield tally
    if tally.cases:
        # A user property reaches the terminal summary from xdist's workers too.
        record_property(kind, asdict(tally))


@pytest.fixture
def fuzz_tally(record_property) -> Iterator[FuzzTally]:
    yield from _tally(record_property, PROPERTY)


@pytest.fixture
def tally(record_property) -> Iterator[FuzzTally]:
    """The form fuzzing's figures (test_fuzz_forms.py)."""
    yield from _tally(record_property, FORM_PROPERTY)
