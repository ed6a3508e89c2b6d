"""Text arriving from people: phones send Vietnamese composed or decomposed."""

import unicodedata


def normalize_text(value: str) -> str:
    """NFC-normalise and strip surrounding white space, so "Phúc Xá" is one string."""
    return unicodedata.normalize("NFC", value).strip()
