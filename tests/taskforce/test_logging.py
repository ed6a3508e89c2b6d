"""An ordinary refusal (403) is one line of the log, not a traceback (issue 16, item 7)."""

from __future__ import annotations

import logging
import sys

import pytest

from tests.web.web_helpers import client_for

pytestmark = pytest.mark.django_db


def test_a_refused_page_logs_one_line_without_a_traceback(cast, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(cast.owner.user).get("/groups/1/new-task/")  # the leader's form

    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    line = logging.Formatter().format(record)
    assert line == "Forbidden (Permission denied): /groups/1/new-task/"
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback():
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "Internal Server Error: /", (), sys.exc_info()
        )
    record.status_code = 500

    assert logger.filter(record)
    assert record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)
