"""The dashboard's reporting period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from assignments import clock
from web.forms.base import (
    PageForm,
    date_field,
)

# --------------------------------------------------------------------------- the dashboard


class PeriodForm(PageForm):
    """The reporting period: tasks whose due date falls in it (both days included)."""

    period_start = date_field(label=_("From"))
    period_end = date_field(label=_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() answers its cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        return data

    @staticmethod
    def this_year() -> dict[str, dt.date]:
        today = clock.today()
        return {"period_start": dt.date(today.year, 1, 1), "period_end": dt.date(today.year, 12, 31)}
