"""The admin's documents, saved through their services (the audit row written), and the
files, read only: a file is withdrawn, never deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments import services
from assignments.models import Attachment, Document, ReferenceChange
from tests.assignments.test_admin import EN, VI, form_data, office, staff_client, superuser, url  # noqa: F401  (the admin tests' fixtures)
from tests.files import samples

pytestmark = pytest.mark.django_db

BODY = {
    "number": "15-KL/QU",
    "kind": "conclusion",
    "issued_on": "2026-01-10",
    "issuer": "Ban Thường vụ Quận ủy",
    "excerpt": "Về đẩy mạnh cải cách hành chính",
}


def register(actor, number: str = "15-KL/QU", issued_on: dt.date = dt.date(2026, 1, 10)) -> Document:
    return services.document_create(
        actor=actor,
        number=number,
        kind="conclusion",
        issued_on=issued_on,
        issuer="Ban Thường vụ Quận ủy",
        excerpt="Về đẩy mạnh cải cách hành chính",
    )


def audit_rows(document: Document) -> list[str]:
    return list(
        ReferenceChange.objects.filter(kind="document", object_id=str(document.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_the_document_pages_load_in_vietnamese(office, cast):  # noqa: F811
    document = register(cast.staff)
    for page in (
        url("document", "changelist"),
        url("document", "change", document.pk),
        url("document", "add"),
    ):
        response = office.get(page, **VI)
        assert response.status_code == 200, page
        assert "Văn bản" in response.content.decode()


def test_a_document_added_in_the_admin_is_registered_through_the_service(office, cast):  # noqa: F811
    response = office.post(url("document", "add"), BODY, **EN)

    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.search_text  # the service's folded search column
    assert document.created_by_id is not None
    assert audit_rows(document) == ["created"]


def test_a_change_in_the_admin_writes_one_audit_row_and_a_save_that_changes_nothing_none(staff_client, cast):  # noqa: F811
    document = register(cast.staff)
    page = url("document", "change", document.pk)
    data = form_data(staff_client.get(page))

    assert staff_client.post(page, data).status_code == 302
    assert audit_rows(document) == ["created"]
    data["excerpt"] = "Về cải cách hành chính"
    assert staff_client.post(page, data).status_code == 302

    document.refresh_from_db()
    assert document.excerpt == "Về cải cách hành chính"
    assert audit_rows(document) == ["created", "changed"]


def test_a_second_document_of_the_same_number_issuer_and_date_is_refused(staff_client, cast):  # noqa: F811
    register(cast.staff)
    response = staff_client.post(url("document", "add"), BODY, **EN)
    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert Document.objects.count() == 1


def test_documents_are_not_deleted_and_the_list_filters_by_kind_and_year(staff_client, cast):  # noqa: F811
    document = register(cast.staff)
    register(cast.staff, number="03-NQ/QU", issued_on=dt.date(2025, 12, 1))
    assert staff_client.get(url("document", "delete", document.pk)).status_code == 403

    listed = staff_client.get(url("document", "changelist"), {"year": "2026"})
    assert listed.context["cl"].result_count == 1
    by_kind = staff_client.get(url("document", "changelist"), {"kind__exact": "resolution"})
    assert by_kind.context["cl"].result_count == 0
    found = staff_client.get(url("document", "changelist"), {"q": "15 kl"})
    assert found.context["cl"].result_count == 1


def test_files_are_read_only_in_the_admin(office, cast):  # noqa: F811
    document = register(cast.staff)
    services.document_file_add(
        document=document, actor=cast.staff, upload=SimpleUploadedFile("Kết luận.pdf", samples.PDF)
    )
    attachment = Attachment.objects.get()

    listed = office.get(url("attachment", "changelist"), **EN)
    assert listed.status_code == 200 and "Kết luận.pdf" in listed.content.decode()
    page = office.get(url("attachment", "change", attachment.pk), **EN)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert office.get(url("attachment", "add")).status_code == 403
    assert office.post(url("attachment", "delete", attachment.pk), {"post": "yes"}).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    # The document's page lists its files, read only.
    assert "Kết luận.pdf" in office.get(url("document", "change", document.pk)).content.decode()
    withdrawn = office.get(url("attachment", "changelist"), {"withdrawn": "no"})
    assert withdrawn.context["cl"].result_count == 1
