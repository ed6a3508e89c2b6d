"""Filters of the log: a refusal is a line, not a traceback.

Django logs every 4xx of `django.request`; for a PermissionDenied raised by a page (a
member opening a form that is the leader's) it adds the exception's traceback, which
`runserver` and gunicorn print in full. A 403 is an answer, not a fault: one line says
which path was refused. Server errors (5xx) keep their traceback.
"""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
