"""Text arriving from people, and dates as people read them.

Phones send Vietnamese composed or decomposed: it is NFC-normalised on the way in.
Dates shown to people (pages, messages, spreadsheets) read dd/mm/yyyy in both languages,
always with four digits of year (strftime's %Y does not pad years before 1000 on every
platform, and "26" reads as a year nobody meant).
"""

import datetime as dt
import unicodedata


def normalize_text(value: str) -> str:
    """NFC-normalise and strip surrounding white space, so "Phúc Xá" is one string."""
    return unicodedata.normalize("NFC", value).strip()


def is_valid_unicode(value: str) -> bool:
    """False for text holding a lone surrogate ("\\ud800"): JSON can say it, UTF-8 cannot."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def format_date(value: dt.date) -> str:
    """dd/mm/yyyy: 31/03/2026, and 31/03/0026 for a year that is surely a typo."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def iso_month(value: dt.date) -> str:
    """yyyy-mm, four digits of year whatever the year."""
    return f"{value.year:04d}-{value.month:02d}"
