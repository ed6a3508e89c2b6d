"""Reading a task's free-text source for the document it names (migration 0013).

Party and state documents are cited by their number and symbol: "Kết luận số 15-KL/QU
ngày 03/02/2026 của Ban Thường vụ Quận ủy", "NQ 05-NQ/QU", "Thông báo 120-TB/QU". The
symbol's middle part says the kind (KL a conclusion, NQ a resolution, CTr a programme...),
the last part the issuer (QU the district committee, TW the Central Committee). A source
that names no number and symbol ("Ý kiến chỉ đạo của Thường trực Quận ủy") names no
document: it stays text.

`parse_source` is a plain function of the text, so it is tested by itself; migration
0013 holds a frozen copy of it (migrations do not import code that may change).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from assignments.choices import DocumentKind

#: The kind of a document from its symbol (the part between the number and the issuer).
#: "QĐ" and "QD" (typed without the Đ) are decisions; "QC" (quy chế) and "QyĐ" (quy
#: định) are regulations; "CTr" is a programme, where "CT" alone is a directive.
KIND_OF_SYMBOL: dict[str, str] = {
    "NQ": DocumentKind.RESOLUTION,
    "KL": DocumentKind.CONCLUSION,
    "CT": DocumentKind.DIRECTIVE,
    "QĐ": DocumentKind.DECISION,
    "QD": DocumentKind.DECISION,
    "TB": DocumentKind.NOTICE,
    "KH": DocumentKind.PLAN,
    "CV": DocumentKind.OFFICIAL_LETTER,
    "QC": DocumentKind.REGULATION,
    "QYĐ": DocumentKind.REGULATION,
    "QYD": DocumentKind.REGULATION,
    "CTR": DocumentKind.PROGRAMME,
    "BC": DocumentKind.REPORT,
    "HD": DocumentKind.OTHER,  # hướng dẫn (a guide)
    "HĐ": DocumentKind.OTHER,
}

# A number and symbol: "15-KL/QU", "05 - NQ/QU", "120-TB/QU", "01-CTr/QU", "226-KL/TW",
# "12/QĐ-UBND" (a state decision: number / kind - issuer). Letters may carry Đ.
_PARTY = re.compile(
    r"(?<![\w/-])(?P<number>\d{1,5})\s*-\s*(?P<kind>[A-Za-zĐđ]{2,4})\s*/\s*(?P<issuer>[A-Za-zĐđ]{1,10}(?:-[A-Za-zĐđ]{1,10})?)(?![\w])"
)
_STATE = re.compile(
    r"(?<![\w/-])(?P<number>\d{1,5})\s*/\s*(?P<kind>[A-Za-zĐđ]{2,4})\s*-\s*(?P<issuer>[A-Za-zĐđ]{1,10}(?:-[A-Za-zĐđ]{1,10})?)(?![\w])"
)
# "ngày 03/02/2026", "ngày 3-2-2026", "ngày 03 tháng 02 năm 2026".
_DATE = re.compile(
    r"ngày\s+(?P<day>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(?P<month>\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
# "của Ban Thường vụ Quận ủy", up to the end or a comma, a semicolon, a bracket or " về".
_ISSUER = re.compile(r"\bcủa\s+(?P<issuer>[^,;()\"“”]+?)(?=\s+về\b|\s*[,;()\"“”]|\s*$)", re.IGNORECASE)


@dataclass(frozen=True)
class CitedDocument:
    """What a source says of the document it names."""

    number: str
    kind: str
    issued_on: dt.date | None
    issuer: str | None


def _symbol_kind(symbol: str) -> str:
    return KIND_OF_SYMBOL.get(symbol.upper(), DocumentKind.OTHER)


def parse_source(text: str) -> CitedDocument | None:
    """The document a task's source names, or None when it names none.

    The number is given as the documents print it ("15-KL/QU", with the symbol's own
    case: "01-CTr/QU"); the date only when the text says it ("ngày dd/mm/yyyy") and it is
    a real day; the issuer only when the text names one ("của Ban Thường vụ Quận ủy").
    """
    text = unicodedata.normalize("NFC", text or "").strip()
    match = _PARTY.search(text)
    state = False
    if match is None:
        match = _STATE.search(text)
        state = True
    if match is None:
        return None
    number, kind, issuer_code = match["number"], match["kind"], match["issuer"]
    if not state and kind.upper() not in KIND_OF_SYMBOL:
        # "2020-2025/QU" or "Tổ 3-5/QU" is not a document's symbol.
        return None
    symbol = f"{number}/{kind}-{issuer_code}" if state else f"{number}-{kind}/{issuer_code}"
    issued_on = None
    date = _DATE.search(text)
    if date is not None:
        try:
            issued_on = dt.date(int(date["year"]), int(date["month"]), int(date["day"]))
        except ValueError:
            issued_on = None
    issuer = None
    named = _ISSUER.search(text)
    if named is not None:
        issuer = " ".join(named["issuer"].split())
    return CitedDocument(number=symbol, kind=_symbol_kind(kind), issued_on=issued_on, issuer=issuer)
