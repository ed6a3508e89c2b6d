"""Fixtures of the security tests, and the schema fuzzing's figures at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict

import pytest
from django.core import signals
from django.db import close_old_connections

from tests.security.fuzzing import PROPERTY, FuzzTally, summarize


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


@pytest.fixture
def fuzz_tally(record_property) -> Iterator[FuzzTally]:
    tally = FuzzTally()
    yield tally
    if tally.cases:
        # A user property reaches the terminal summary from xdist's workers too.
        record_property(PROPERTY, asdict(tally))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    properties = []
    failures = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            recorded = [p for p in getattr(report, "user_properties", ()) if p[0] == PROPERTY]
            if getattr(report, "when", None) == "teardown":
                properties.extend(recorded)
            if getattr(report, "failed", False) and "test_fuzz_schema" in getattr(report, "nodeid", ""):
                failures += 1
    if not properties and not failures:
        return
    figures = summarize(properties)
    terminalreporter.write_sep("-", "schema fuzzing (schemathesis)")
    terminalreporter.write_line(
        f"{figures['operations']} operations, {figures['runs']} operation-role runs, "
        f"{figures['cases']} generated requests, {failures} failures"
    )
    answers = ", ".join(f"{status}: {count}" for status, count in figures["statuses"].items())
    terminalreporter.write_line(f"answers by status: {answers}")
