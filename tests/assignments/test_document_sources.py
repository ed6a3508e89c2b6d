"""A task's free-text source read for the document it names (assignments/documents.py),
and migration 0013, which makes those documents from the sources already written."""

from __future__ import annotations

import datetime as dt
import importlib
import unicodedata

import pytest
from django.apps import apps as django_apps

from assignments.choices import DocumentKind
from assignments.documents import CitedDocument, parse_source
from assignments.models import Document, Task
from tests.factories import GroupFactory, make_task


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Kết luận số 15-KL/QU ngày 03/02/2026 của Ban Thường vụ Quận ủy",
            CitedDocument("15-KL/QU", DocumentKind.CONCLUSION, dt.date(2026, 2, 3), "Ban Thường vụ Quận ủy"),
            id="conclusion with date and issuer",
        ),
        pytest.param(
            "Nghị quyết 05-NQ/QU",
            CitedDocument("05-NQ/QU", DocumentKind.RESOLUTION, None, None),
            id="resolution",
        ),
        pytest.param(
            "Thông báo 120-TB/QU ngày 5 tháng 11 năm 2026",
            CitedDocument("120-TB/QU", DocumentKind.NOTICE, dt.date(2026, 11, 5), None),
            id="notice, date in words",
        ),
        pytest.param(
            "Chương trình 01-CTr/QU",
            CitedDocument("01-CTr/QU", DocumentKind.PROGRAMME, None, None),
            id="programme",
        ),
        pytest.param(
            "Chỉ thị 07-CT/QU", CitedDocument("07-CT/QU", DocumentKind.DIRECTIVE, None, None), id="directive"
        ),
        pytest.param(
            "Quyết định số 12/QĐ-UBND",
            CitedDocument("12/QĐ-UBND", DocumentKind.DECISION, None, None),
            id="state form",
        ),
        pytest.param(
            "Kết luận 15-KL/QU ngày 31/02/2026",
            CitedDocument("15-KL/QU", DocumentKind.CONCLUSION, None, None),
            id="not a real day: no date",
        ),
    ],
)
def test_a_source_naming_a_document_gives_its_number_kind_date_and_issuer(text, expected):
    assert parse_source(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ý kiến chỉ đạo của Thường trực Quận ủy",
        "Kế hoạch quý 1/2026",
        "Nhiệm kỳ 2020-2025/QU",
        "",
    ],
)
def test_a_source_naming_no_document_stays_text(text):
    assert parse_source(text) is None


def test_the_source_is_read_after_nfc_normalisation():
    text = "Kết luận số 15-KL/QU ngày 03/02/2026 của Ban Thường vụ Quận ủy"
    cited = parse_source(unicodedata.normalize("NFD", text))
    assert cited is not None and cited.issuer == "Ban Thường vụ Quận ủy"
    assert cited.issuer == unicodedata.normalize("NFC", cited.issuer)


# --------------------------------------------------------------------------- migration 0013
MIGRATION = importlib.import_module("assignments.migrations.0013_documents_from_sources")


@pytest.mark.django_db
def test_the_migration_makes_one_document_per_cited_number_and_keeps_the_text():
    group = GroupFactory()
    owner = group.members.first()
    cited = "Kết luận số 15-KL/QU ngày 03/02/2026 của Ban Thường vụ Quận ủy"
    first = make_task(group=group, owner=owner, source=cited)
    second = make_task(group=group, owner=owner, source="Thực hiện Kết luận 15-KL/QU")
    plain = make_task(group=group, owner=owner, source="Ý kiến chỉ đạo tại hội nghị giao ban")

    MIGRATION.documents_from_sources(django_apps, None)

    document = Document.objects.get()
    assert (document.number, document.kind) == ("15-KL/QU", DocumentKind.CONCLUSION)
    assert (document.issued_on, document.issuer) == (dt.date(2026, 2, 3), "Ban Thường vụ Quận ủy")
    tasks = {t.pk: t for t in Task.objects.all()}
    assert tasks[first.pk].document == document and tasks[second.pk].document == document
    assert tasks[first.pk].source == cited, "the free text stays readable"
    assert tasks[plain.pk].document is None

    MIGRATION.documents_from_sources(django_apps, None)  # run again: nothing new
    assert Document.objects.count() == 1

    MIGRATION.unlink(django_apps, None)
    assert not Document.objects.exists()
    assert not Task.objects.filter(document__isnull=False).exists()
