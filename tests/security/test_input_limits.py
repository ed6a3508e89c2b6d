"""One definition of each limit (assignments/limits.py), held by the pages as by the API.

Each test sends a class of input to every field of its kind, on every page form that has
one: text over its limit (measured once NFC-composed), numbers past the columns' range,
dates outside the window of years. Each is a 400 naming the field, and nothing is written.
The API's side of the same classes is in the bad input catalogue (test_bad_input.py).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from rest_framework.test import APIClient

from assignments import limits, services
from assignments.exports import SpreadsheetReport, summary_xlsx
from assignments.models import Event, Measurement, Note, Outcome, Task
from assignments.summaries import summary_for
from assignments.text import format_date
from tests.api.contract_helpers import assert_error
from tests.security.bad_input import Scene, make_scene, snapshot
from tests.security.page_forms import PAGE_FORMS, post_form, prepare_page
from tests.web.web_helpers import client_for
from web.forms import DateInput

#: The limit of each text field of the pages' forms (the services' names, and TEXT_MAX).
PAGE_TEXT_LIMITS = {
    "title": limits.TASK_TITLE_MAX,
    "source": limits.TASK_SOURCE_MAX,
    "indicator": limits.INDICATOR_MAX,
    "unit": limits.UNIT_MAX,
}


def cases(kind: str) -> list[tuple[str, str]]:
    return [(name, field) for name, form in PAGE_FORMS.items() for field in getattr(form, kind)]


@pytest.fixture
def scene(cast) -> Scene:
    return make_scene(cast)


def send(scene: Scene, name: str, field: str, value: str, language: str = "en"):
    """The form's valid body with `field` set to `value` (the scene already prepared)."""
    form = PAGE_FORMS[name]
    data = {**form.body(scene), field: value}
    return post_form(client_for(scene.user(form.role), language), form.url(scene), data)


def field_errors(response, name: str, field: str) -> list[str]:
    context = response.context
    form = context["form"] if name == "create task" else context["forms"][name.replace(" ", "_")]
    return list(form.errors.get(field, []))


def assert_refused(scene: Scene, name: str, field: str, value: str) -> list[str]:
    """Posted with the scene prepared and the user logged in (a login writes `last_login`)."""
    form = PAGE_FORMS[name]
    client = client_for(scene.user(form.role))
    data = {**form.body(scene), field: value}
    before = snapshot()

    response = post_form(client, form.url(scene), data)

    assert response.status_code == 400, response.status_code
    errors = field_errors(response, name, field)
    assert errors, f"no message next to {field!r}"
    assert snapshot() == before, "the database changed"
    return errors


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(("name", "field"), cases("texts"))
@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda limit: "ă" * (limit + 1), id="one character over"),
        pytest.param(lambda limit: "x" * 1_000_000, id="a million characters"),
        # U+FB2C is one character as typed, three once composed: measured as stored.
        pytest.param(lambda limit: "\ufb2c" * limit, id="grows past the limit when composed"),
    ],
)
def test_text_over_its_limit_is_refused_on_every_page_form_and_nothing_is_written(scene, name, field, spoil):
    limit = PAGE_TEXT_LIMITS.get(field, limits.TEXT_MAX)
    # The scene is ready before the snapshot: only the refused post may not write.
    prepare_page(scene, name)

    assert_refused(scene, name, field, spoil(limit))


@pytest.mark.parametrize(("name", "field"), cases("texts"))
def test_decomposed_text_that_fits_once_composed_is_taken_composed(scene, name, field):
    limit = PAGE_TEXT_LIMITS.get(field, limits.TEXT_MAX)
    decomposed = "a\u0301" * limit  # twice the limit as typed, the limit once composed
    prepare_page(scene, name)

    response = send(scene, name, field, decomposed)

    assert response.status_code == 302, response.status_code
    stored = {
        *Task.objects.values_list("title", flat=True),
        *Task.objects.values_list("description", flat=True),
        *Task.objects.values_list("source", flat=True),
        *Outcome.objects.values_list("indicator", flat=True),
        *Outcome.objects.values_list("unit", flat=True),
        *Note.objects.values_list("text", flat=True),
        *Measurement.objects.values_list("note", flat=True),
        *Event.objects.values_list("note", flat=True),
    }
    assert "á" * limit in stored


def test_a_million_character_note_through_the_page_is_refused_and_stored_nowhere(scene):
    errors = assert_refused(scene, "add_note", "text", "x" * 1_000_000)

    assert errors == [f"Ensure this value has at most {limits.TEXT_MAX} characters (it has 1000000)."]
    assert not Note.objects.exists()
    assert not Event.objects.filter(kind="note_added").exists()


def test_the_services_hold_the_limits_for_every_caller(cast):
    """The admin, the seed and any other caller get the same 400 as the pages and the API."""
    with pytest.raises(ValidationError) as refused:
        services.note_add(task=cast.task, actor=cast.coordinator.user, text="x" * (limits.TEXT_MAX + 1))
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.task_edit(task=cast.task, actor=cast.leader.user, changes={"title": "\ufb2c" * 300})
    assert "title" in refused.value.message_dict
    assert not Note.objects.exists()


# --------------------------------------------------------------------------- numbers

HUGE_NUMBERS = ["1e1000000", "-1e1000000", "1E+999999999999", "1000000000000", "999999999999.999", "NaN"]


@pytest.mark.parametrize(("name", "field"), cases("numbers"))
@pytest.mark.parametrize("value", HUGE_NUMBERS)
def test_a_number_past_the_columns_range_is_refused_on_every_page_form(scene, name, field, value):
    prepare_page(scene, name)

    assert_refused(scene, name, field, value)


@pytest.mark.parametrize("value", ["1e1000000", "-1e1000000", "1E+999999999999", "999999999999.999"])
@pytest.mark.parametrize("field", ["value", "outcome.target", "outcome.baseline"])
def test_the_services_refuse_a_huge_number_naming_the_field(value, field):
    with pytest.raises(ValidationError) as refused:
        limits.parse_decimal(value, field)
    assert list(refused.value.message_dict) == [field]


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("999999999999.99", Decimal("999999999999.99")),
        ("-999999999999.99", Decimal("-999999999999.99")),
        ("1e-1000000", Decimal("0.00")),
        ("97.555", Decimal("97.56")),
        (Decimal("1E+2"), Decimal("100.00")),
    ],
)
def test_a_number_in_range_is_kept_to_two_decimals(value, kept):
    assert limits.parse_decimal(value, "value") == kept


# --------------------------------------------------------------------------- dates

OUTSIDE_THE_WINDOW = ["0026-03-31", "1999-12-31", "2101-01-01", "9999-12-31"]


@pytest.mark.parametrize(("name", "field"), cases("dates"))
@pytest.mark.parametrize("value", OUTSIDE_THE_WINDOW)
def test_a_date_outside_the_window_is_refused_on_every_page_form(scene, name, field, value):
    prepare_page(scene, name)

    errors = assert_refused(scene, name, field, value)

    if value != "2101-01-01" or field != "measured_on":  # 2101 is also in the future
        assert "Enter a date between 01/01/2000 and 31/12/2100." in errors


@pytest.mark.parametrize(
    ("path", "param", "value"),
    [
        ("tasks/", "due_after", "0026-01-01"),
        ("tasks/", "due_before", "2101-01-01"),
        ("tasks/", "updated_since", "0026-01-01T00:00:00+07:00"),
        ("summary/", "period_start", "0026-01-01"),
        ("summary/", "period_end", "2101-12-31"),
    ],
)
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a date between 01/01/2000 and 31/12/2100."),
        ("vi", "Nhập ngày trong khoảng từ 01/01/2000 đến 31/12/2100."),
    ],
)
def test_a_date_filter_outside_the_window_is_a_400_naming_it(cast, path, param, value, language, message):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(cast.staff)

    response = client.get(f"/api/v1/{path}", {param: value})

    assert assert_error(response, 400, field=param)["errors"][param] == [message]


def test_the_pages_filters_refuse_a_date_outside_the_window(cast):
    client = client_for(cast.staff)

    dashboard = client.get("/dashboard/", {"period_start": "0026-01-01", "period_end": "2026-12-31"})
    report = client.get("/dashboard/tasks/", {"due_after": "0026-01-01"})

    assert dashboard.status_code == 200
    assert dashboard.context["form"].errors["period_start"] == [
        "Enter a date between 01/01/2000 and 31/12/2100."
    ]
    assert dashboard.context["period"].start == dt.date(2026, 1, 1)  # this year, as for any wrong period
    assert report.status_code == 200
    assert "due_after" in report.context["filters"].errors


@override_settings(DATE_FIRST_YEAR=1990, DATE_LAST_YEAR=2030)
def test_the_window_is_a_setting(cast):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(cast.staff)

    old = client.get("/api/v1/tasks/", {"due_after": "1995-01-01"})
    late = client.get("/api/v1/tasks/", {"due_after": "2031-01-01"})

    assert old.status_code == 200
    assert assert_error(late, 400, field="due_after")["errors"]["due_after"] == [
        "Enter a date between 01/01/1990 and 31/12/2030."
    ]


def test_the_services_refuse_a_date_outside_the_window_naming_the_field(cast):
    with pytest.raises(ValidationError) as refused:
        services.task_extend(
            task=cast.task, actor=cast.leader.user, due_date=dt.date(2101, 1, 1), reason="Chờ số liệu"
        )
    assert list(refused.value.message_dict) == ["due_date"]


# --------------------------------------------------------------------------- four-digit years


@pytest.fixture
def legacy_task(cast) -> Task:
    """A task written before the window existed, due in the year 26 (a typo for 2026)."""
    Task.objects.filter(pk=cast.task.pk).update(
        start_date=dt.date(26, 1, 5), due_date=dt.date(26, 3, 31), original_due_date=dt.date(26, 3, 31)
    )
    return Task.objects.get(pk=cast.task.pk)


def test_a_month_key_has_four_digits_of_year(cast, legacy_task):
    summary = summary_for(cast.staff, by="month")

    assert [row["key"]["month"] for row in summary.rows] == ["0026-03"]


def test_the_spreadsheet_shows_a_date_excel_cannot_hold_as_text(cast, legacy_task):
    summary = summary_for(cast.staff, by="month")
    report = SpreadsheetReport(summary=summary, committee="Đảng bộ", tasks=[], targets=[])
    with summary_xlsx(report) as output:
        book = openpyxl.load_workbook(io.BytesIO(output.read()))
    values = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]

    assert "0026-03" in values
    assert not any(isinstance(v, str) and v.startswith("#") for v in values)


def test_a_date_input_shows_four_digits_of_year():
    assert DateInput().format_value(dt.date(26, 3, 31)) == "0026-03-31"


def test_dates_in_messages_read_as_on_the_pages():
    assert format_date(dt.date(2026, 3, 31)) == "31/03/2026"
    assert format_date(dt.date(26, 3, 31)) == "31/03/0026"
