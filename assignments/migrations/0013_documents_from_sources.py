"""The tasks' free-text sources that name a document become documents (docs/rules.md,
"Documents"). A source citing a number and symbol ("Kết luận số 15-KL/QU ngày
03/02/2026") gets a Document of that number: its kind from the symbol, its date from the
text or else the earliest start date of the tasks citing it, its issuer from the text or
else the committee (settings.COMMITTEE_NAME), its excerpt the source text. Tasks citing
the same number share one document. Each task keeps its `source` as it was and points at
the document; a source naming no document stays text only.

The parsing is a frozen copy of assignments/documents.py's `parse_source` (a migration
does not import code that may change). Reversing unsets the tasks' documents that a
source names and deletes those documents once no task and no file points at them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import migrations

from assignments.text import search_document

# --------------------------------------------------------------------------- frozen parse_source

KIND_OF_SYMBOL: dict[str, str] = {
    "NQ": "resolution",
    "KL": "conclusion",
    "CT": "directive",
    "QĐ": "decision",
    "QD": "decision",
    "TB": "notice",
    "KH": "plan",
    "CV": "official_letter",
    "QC": "regulation",
    "QYĐ": "regulation",
    "QYD": "regulation",
    "CTR": "programme",
    "BC": "report",
    "HD": "other",  # hướng dẫn (a guide)
    "HĐ": "other",
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
    return KIND_OF_SYMBOL.get(symbol.upper(), "other")


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


def documents_from_sources(apps, schema_editor):
    Task = apps.get_model("assignments", "Task")
    Document = apps.get_model("assignments", "Document")
    now = dt.datetime.now(dt.UTC)
    committee = getattr(settings, "COMMITTEE_NAME", "") or "Ban Thường vụ"
    cited: dict[str, list[tuple[CitedDocument, object]]] = {}
    tasks = Task.objects.filter(document__isnull=True).exclude(source="").order_by("start_date", "id")
    for task in tasks.only("id", "source", "start_date", "assigned_by_id").iterator(chunk_size=2000):
        found = parse_source(task.source)
        if found is not None:
            cited.setdefault(found.number, []).append((found, task))
    for number, citations in cited.items():
        first = citations[0][1]
        issued_on = next((c.issued_on for c, _ in citations if c.issued_on), None) or first.start_date
        issuer = (next((c.issuer for c, _ in citations if c.issuer), None) or committee)[:200]
        excerpt = first.source
        document, _ = Document.objects.get_or_create(
            number=number[:50],
            issuer=issuer,
            issued_on=issued_on,
            defaults={
                "kind": citations[0][0].kind,
                "excerpt": excerpt,
                "created_by_id": first.assigned_by_id,
                "created_at": now,
                "updated_at": now,
                "search_text": search_document(number, issuer, excerpt),
            },
        )
        Task.objects.filter(pk__in=[task.pk for _, task in citations]).update(document=document)


def unlink(apps, schema_editor):
    Task = apps.get_model("assignments", "Task")
    Document = apps.get_model("assignments", "Document")
    Attachment = apps.get_model("assignments", "Attachment")
    made = set()
    for task in Task.objects.filter(document__isnull=False).select_related("document").iterator():
        found = parse_source(task.source)
        if found is not None and found.number[:50] == task.document.number:
            made.add(task.document_id)
            Task.objects.filter(pk=task.pk).update(document=None)
    Document.objects.filter(pk__in=made).exclude(
        pk__in=Task.objects.filter(document__isnull=False).values("document_id")
    ).exclude(pk__in=Attachment.objects.filter(document__isnull=False).values("document_id")).delete()


class Migration(migrations.Migration):
    dependencies = [("assignments", "0012_documents_products_files")]

    operations = [migrations.RunPython(documents_from_sources, unlink)]
