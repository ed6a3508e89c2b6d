"""The limits of what comes in: one definition of each, read by the models, the services,
the API's serializers and the pages' forms alike (docs/rules.md, "Limits").

Text is measured after NFC normalisation (`assignments.text`): a decomposed "Phúc Xá" and
a composed one are the same length, and a character whose NFC form is longer (U+FB2C is
three characters composed) is counted as stored. Numbers are the columns' own: 14
digits, 2 of them after the point. Dates fall in a window of years (settings
DATE_FIRST_YEAR and DATE_LAST_YEAR, 2000 to 2100 by default): a due date in the year 26
is a typo for 2026, and the reports cannot show it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments.text import format_date, normalize_text

# --------------------------------------------------------------------------- text (characters)

#: Free text: a description, a note, a reason, a step's note, a measurement's evidence,
#: a process's description. About four typed pages; without a limit any member could
#: store megabytes in every note of a task (and again in its event).
TEXT_MAX = 10_000
TASK_TITLE_MAX = 300
TASK_SOURCE_MAX = 500
INDICATOR_MAX = 300
UNIT_MAX = 50
WARD_CODE_MAX = 5
WARD_NAME_MAX = 100
MEMBER_NAME_MAX = 150
MEMBER_TITLE_MAX = 200
PHONE_MAX = 30
GROUP_NAME_MAX = 150
PROCESS_NAME_MAX = 200
STEP_NAME_MAX = 200
TARGET_CODE_MAX = 20
TARGET_NAME_MAX = 300
DOCUMENT_NUMBER_MAX = 50
DOCUMENT_ISSUER_MAX = 200
PRODUCT_DESCRIPTION_MAX = 300
FILE_NAME_MAX = 200
#: A login's username (Django's column).
USERNAME_MAX = 150
#: A password typed at a login (Django's own password column holds its hash).
PASSWORD_MAX = 128

#: The services' names of their text inputs and the limit of each; any other is TEXT_MAX.
SERVICE_TEXT_MAX: dict[str, int] = {
    "title": TASK_TITLE_MAX,
    "source": TASK_SOURCE_MAX,
    "outcome.indicator": INDICATOR_MAX,
    "outcome.unit": UNIT_MAX,
    "product.description": PRODUCT_DESCRIPTION_MAX,
}

# --------------------------------------------------------------------------- numbers

#: Baselines, targets, measured values, term targets: DecimalField(14, 2) everywhere.
NUMBER_DIGITS = 14
NUMBER_PLACES = 2
NUMBER_MAX = Decimal("999999999999.99")
NUMBER_MIN = -NUMBER_MAX
_CENT = Decimal("0.01")

#: The largest value of a PositiveSmallIntegerField on every database we run on (group
#: numbers, step numbers, expected days).
SMALL_INT_MAX = 32767
#: The largest primary key a row can have (a 64-bit BigAutoField, on SQLite and PostgreSQL).
ID_MAX = 2**63 - 1


def number_column(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """A baseline, target, measured or actual value: the one column every number is kept in."""
    return models.DecimalField(verbose_name, max_digits=NUMBER_DIGITS, decimal_places=NUMBER_PLACES, **kwargs)


# --------------------------------------------------------------------------- messages

NUMBER_REQUIRED = _("A number is required.")
NUMBER_OUT_OF_RANGE = _("The number is not valid or too large.")
DATE_OUT_OF_WINDOW = _("Enter a date between %(first)s and %(last)s.")


# --------------------------------------------------------------------------- checks


def text_max_length(value: str) -> None:
    """The model validator of free text (a TextField's `max_length` is only a widget's hint)."""
    MaxLengthValidator(TEXT_MAX)(value)


def clean_text(
    value: object,
    field: str,
    *,
    max_length: int | None = None,
    errors: dict[str, list[Promise | str]] | None = None,
) -> str:
    """The text NFC-normalised and stripped, refused if it holds NUL or is too long.

    The limit is `max_length`, else the service field's (SERVICE_TEXT_MAX), else TEXT_MAX.
    With `errors`, a refusal is added there under `field` (a service collecting every
    problem of a body); without, it is raised as a ValidationError naming `field`.
    """
    text = normalize_text(str(value or ""))
    limit = max_length if max_length is not None else SERVICE_TEXT_MAX.get(field, TEXT_MAX)
    try:
        ProhibitNullCharactersValidator()(text)
        MaxLengthValidator(limit)(text)
    except ValidationError as exc:
        if errors is None:
            raise ValidationError({field: exc.messages}, code=exc.code) from None
        errors.setdefault(field, []).extend(exc.messages)
    return text


def parse_decimal(value: object, field: str) -> Decimal:
    """A number of the columns' shape (two decimals, |n| ≤ NUMBER_MAX), or a 400 naming `field`.

    Checked without arithmetic first: `abs()` of 1e1000000 overflows the decimal context
    (a `decimal.Overflow`, a 500), while its `adjusted()` exponent is just a number.
    """
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: [NUMBER_REQUIRED]}, code="invalid") from None
    if not number.is_finite() or number.adjusted() >= NUMBER_DIGITS - NUMBER_PLACES:
        raise ValidationError({field: [NUMBER_OUT_OF_RANGE]}, code="invalid")
    # 999999999999.999 rounds up to 1000000000000.00: one digit too many for the column.
    rounded = number.quantize(_CENT)
    if not NUMBER_MIN <= rounded <= NUMBER_MAX:
        raise ValidationError({field: [NUMBER_OUT_OF_RANGE]}, code="invalid")
    return rounded


class NumberInRange:
    """Mixed into a decimal field (a form's, a serializer's): the columns' range unless the
    field says otherwise. One declaration for the pages and the API."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", NUMBER_MAX)
        kwargs.setdefault("min_value", NUMBER_MIN)
        super().__init__(*args, **kwargs)


def date_window() -> tuple[dt.date, dt.date]:
    """The first and the last day a date may fall on (settings; read when asked, not at import)."""
    first = getattr(settings, "DATE_FIRST_YEAR", 2000)
    last = getattr(settings, "DATE_LAST_YEAR", 2100)
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def in_date_window(value: dt.date) -> bool:
    first, last = date_window()
    day = value.date() if isinstance(value, dt.datetime) else value
    return first <= day <= last


def validate_date_in_window(value: dt.date | None) -> None:
    """A validator (models, forms, serializers, filters): a date (or time) inside the window."""
    if value is None or in_date_window(value):
        return
    first, last = date_window()
    raise ValidationError(
        DATE_OUT_OF_WINDOW,
        code="date_out_of_window",
        params={"first": format_date(first), "last": format_date(last)},
    )


class DateInWindow:
    """Mixed into a date or time field or filter (a form's, a serializer's, django-filter's):
    `validate_date_in_window` besides the validators it is given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", ()), validate_date_in_window]
        super().__init__(*args, **kwargs)


def check_date_in_window(
    value: dt.date | None, field: str, errors: dict[str, list[Promise | str]] | None = None
) -> None:
    """`validate_date_in_window` for a service: the refusal names `field` (or goes into `errors`)."""
    try:
        validate_date_in_window(value)
    except ValidationError as exc:
        if errors is None:
            raise ValidationError({field: exc.messages}, code=exc.code) from None
        errors.setdefault(field, []).extend(exc.messages)
