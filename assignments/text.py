"""Text arriving from people: phones send Vietnamese composed or decomposed.

Two forms of the same text:

- `normalize_text`, what is stored and shown: NFC, so "Phúc Xá" is one string however
  the phone composed it;
- `fold_text`, what search compares: lower case, without accents, "đ" as "d", so
  "Phuc Xa", "PHÚC XÁ" and "phúc xá" are one key (docs/api.md, "Search").
"""

import unicodedata

# Letters with a stroke have no decomposition: Unicode sees "đ" as its own letter.
_STROKES = str.maketrans({"đ": "d", "Đ": "d"})


def normalize_text(value: str) -> str:
    """NFC-normalise and strip surrounding white space, so "Phúc Xá" is one string."""
    return unicodedata.normalize("NFC", value).strip()


def fold_text(value: str) -> str:
    """The search key of a text: "Phường PHÚC XÁ  Đội 1" -> "phuong phuc xa doi 1".

    Compatibility forms are unified (NFKD: a full-width "Ａ" is "a"), combining marks
    (the Vietnamese tone and vowel marks) dropped, "đ" made "d", case folded, and runs
    of white space made one space.
    """
    decomposed = unicodedata.normalize("NFKD", value.translate(_STROKES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def search_document(*parts: str) -> str:
    """The folded text of several fields, one line each, as a search column holds it."""
    return "\n".join(folded for part in parts if (folded := fold_text(part or "")))


def search_words(query: str) -> list[str]:
    """The words of a query, folded, each once, in the order typed."""
    return list(dict.fromkeys(fold_text(query).split()))
