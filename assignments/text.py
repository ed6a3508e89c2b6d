"""Text arriving from people: phones send Vietnamese composed or decomposed.

Two forms of the same text:

- `normalize_text`, what is stored and shown: NFC, so "Phúc Xá" is one string however
  the phone composed it;
- `fold_text`, what search compares: lower case, without accents, "đ" as "d", so
  "Phuc Xa", "PHÚC XÁ" and "phúc xá" are one key (docs/api.md, "Search");
- `search_document`, a search column's value: the folded words of its fields, each after
  a space, so a query word is found at the start of a word as `LIKE '% word%'`.

Dates shown to people (pages, messages, spreadsheets) read dd/mm/yyyy in both languages,
always with four digits of year (strftime's %Y does not pad years before 1000 on every
platform, and "26" reads as a year nobody meant).
"""

import datetime as dt
import re
import unicodedata

#: The combining diacritical marks: every Vietnamese tone and vowel mark is one of them.
_MARKS = re.compile("[\u0300-\u036f]+")


def normalize_text(value: str) -> str:
    """NFC-normalise and strip surrounding white space, so "Phúc Xá" is one string."""
    return unicodedata.normalize("NFC", value).strip()


def _unaccented(value: str) -> str:
    # "đ" has no decomposition (Unicode sees a letter of its own); the common case, ASCII
    # or Vietnamese, needs no look at each character (a million titles are folded at once
    # by migration 0004 and the benchmark's generator).
    text = value.replace("đ", "d").replace("Đ", "D")
    if text.isascii():
        return text
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.combining(c))


def fold_text(value: str) -> str:
    """The search key of a text: "Phường PHÚC XÁ  Đội 1" -> "phuong phuc xa doi 1".

    Compatibility forms are unified (NFKD: a full-width "Ａ" is "a"), combining marks
    (the Vietnamese tone and vowel marks) dropped, "đ" made "d", case folded, and runs
    of white space made one space.
    """
    return " ".join(_unaccented(value).casefold().split())


#: A word: letters and digits; anything else (spaces, punctuation, "-", "/") parts words.
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The folded words of a text: "Kết luận 12-KL/QU" -> ["ket", "luan", "12", "kl", "qu"]."""
    return _WORD.findall(_unaccented(text).casefold())


def search_document(*parts: str) -> str:
    """A search column's value: the words of every part, each preceded by one space.

    " phuong phuc xa 12 kl qu": a word typed is looked for as `" " + word`, the start of
    a word (PostgreSQL's trigram index serves that pattern even for a two-letter word).
    """
    return "".join(f" {word}" for part in parts for word in words_of(part or ""))


def search_words(query: str) -> list[str]:
    """The words of a query, folded, each once, in the order typed."""
    return list(dict.fromkeys(words_of(query)))


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
