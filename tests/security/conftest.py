"""Fixtures of the security tests, and the schema fuzzing's figures at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict

import pytest
from django.core import signals
from django.db import close_old_connections

from tests.security.fuzzing import FORM_PROPERTY, PROPERTY, FuzzTally, summarize


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


#: Each kind of fuzzing: its user property, the test file it runs in, its heading, and
#: what one of its runs is called.
FUZZ_KINDS = [
    (PROPERTY, "test_fuzz_schema", "schema fuzzing (schemathesis)", "operations", "operation-role runs"),
    (FORM_PROPERTY, "test_fuzz_forms", "form fuzzing (Hypothesis)", "forms and lists", "runs"),
]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    for kind, test_file, heading, operations, runs in FUZZ_KINDS:
        properties = []
        failures = 0
        for reports in terminalreporter.stats.values():
            for report in reports:
                recorded = [p for p in getattr(report, "user_properties", ()) if p[0] == kind]
                if getattr(report, "when", None) == "teardown":
                    properties.extend(recorded)
                if getattr(report, "failed", False) and test_file in getattr(report, "nodeid", ""):
                    failures += 1
        if not properties and not failures:
            continue
        figures = summarize(properties, kind)
        terminalreporter.write_sep("-", heading)
        terminalreporter.write_line(
            f"{figures['operations']} {operations}, {figures['runs']} {runs}, "
            f"{figures['cases']} generated requests, {failures} failures"
        )
        answers = ", ".join(f"{status}: {count}" for status, count in figures["statuses"].items())
        terminalreporter.write_line(f"answers by status: {answers}")
