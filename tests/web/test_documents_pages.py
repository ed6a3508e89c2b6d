"""The assigning documents' pages: the list with each document's figures, a document's
page (its tasks and files), registering and editing one; each reader sees only the
documents one of whose tasks they may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from assignments import services
from assignments.models import Attachment, Document, ReferenceChange
from tests.factories import make_task
from tests.files import samples
from tests.web.web_helpers import client_for, messages_of, query_count, text

pytestmark = pytest.mark.django_db


def register(actor, number: str = "15-KL/QU", kind: str = "conclusion", **fields) -> Document:
    return services.document_create(
        actor=actor,
        number=number,
        kind=kind,
        issued_on=fields.pop("issued_on", dt.date(2026, 1, 10)),
        issuer=fields.pop("issuer", "Ban Thường vụ Quận ủy"),
        excerpt=fields.pop("excerpt", "Về đẩy mạnh cải cách hành chính trên địa bàn quận"),
    )


def title(document: Document) -> str:
    """The document's title as the English pages show it."""
    with translation.override("en"):
        return str(document)


def assign_by(document: Document, cast, **kwargs):
    return make_task(group=cast.group, owner=cast.owner, document=document, **kwargs)


def field_errors(response, name: str) -> str:
    html = response.content.decode()
    for block in html.split('<div class="field')[1:]:
        if block.startswith(' has-errors">') and f'name="{name}"' in block:
            return block
    raise AssertionError(f"no error next to {name}")


# --------------------------------------------------------------------------- the list


def test_the_list_shows_the_documents_a_member_may_read_with_their_figures(cast):
    document = register(cast.staff)
    assign_by(document, cast, due_date=dt.date(2026, 1, 20))  # overdue on 2026-02-02
    assign_by(document, cast)
    other = register(cast.staff, number="03-NQ/QU", kind="resolution")
    make_task(group=cast.other_group, owner=cast.other_member, document=other)

    response = client_for(cast.owner.user).get("/documents/")

    assert response.status_code == 200
    page = text(response)
    assert title(document) in page and "10/01/2026" in page and "Ban Thường vụ Quận ủy" in page
    assert "Về đẩy mạnh cải cách hành chính" in page
    assert title(other) not in page  # none of its tasks is theirs to read
    assert "Total tasks 2" in page and "In progress, overdue 1" in page and "Completion rate 0.0%" in page
    assert f'href="/documents/{document.pk}/"' in response.content.decode()
    # The office reads every document.
    assert title(other) in text(client_for(cast.staff).get("/documents/"))


def test_the_list_filters_by_kind_and_words(cast):
    conclusion = title(register(cast.staff))
    resolution = title(register(cast.staff, number="03-NQ/QU", kind="resolution", excerpt="Về chuyển đổi số"))
    office = client_for(cast.staff)

    by_kind = text(office.get("/documents/", {"kind": "resolution"}))
    assert resolution in by_kind and conclusion not in by_kind
    by_words = text(office.get("/documents/", {"q": "chuyen doi"}))
    assert resolution in by_words and conclusion not in by_words
    assert "Documents found: 1" in by_words
    # The form sent as it stands: every kind, no words.
    everything = office.get("/documents/", {"kind": "", "q": ""})
    assert everything.status_code == 200 and "Documents found: 2" in text(everything)
    refused = office.get("/documents/", {"colour": "red"})
    assert refused.status_code == 200 and "colour" in text(refused)


def test_the_list_costs_the_same_queries_whatever_the_number_of_documents(cast):
    document = register(cast.staff)
    assign_by(document, cast)
    one = query_count(cast.owner.user, "/documents/")
    for n in range(4):
        more = register(cast.staff, number=f"{20 + n}-TB/QU", kind="notice")
        assign_by(more, cast)
    assert query_count(cast.owner.user, "/documents/") == one


def test_the_menu_offers_the_documents_to_members_and_the_office(cast):
    assert 'href="/documents/"' in client_for(cast.owner.user).get("/my-tasks/").content.decode()
    assert 'href="/documents/"' in client_for(cast.staff).get("/dashboard/").content.decode()


# --------------------------------------------------------------------------- a document's page


def test_a_documents_page_shows_its_details_tasks_figures_and_files(cast):
    document = register(cast.staff)
    task = assign_by(document, cast, title="Rà soát thủ tục hành chính")
    services.document_file_add(
        document=document, actor=cast.staff, upload=SimpleUploadedFile("Kết luận 15.pdf", samples.PDF)
    )
    attachment = Attachment.objects.get(document=document)

    response = client_for(cast.owner.user).get(f"/documents/{document.pk}/")

    assert response.status_code == 200
    page = text(response)
    assert title(document) in page and "Rà soát thủ tục hành chính" in page
    assert "Total tasks 1" in page and "Kết luận 15.pdf" in page
    html = response.content.decode()
    assert f'href="/tasks/{task.pk}/"' in html and f'href="/files/{attachment.pk}/"' in html
    # A reader who may not change it sees no upload, withdraw or edit form.
    assert 'id="attach"' not in html and "Withdraw this file" not in page and "/edit/" not in html
    got = client_for(cast.owner.user).get(f"/files/{attachment.pk}/")
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment;")


def test_a_documents_page_costs_the_same_queries_whatever_its_tasks_and_files(cast):
    document = register(cast.staff)
    assign_by(document, cast)
    upload = lambda n: SimpleUploadedFile(f"Bản {n}.pdf", samples.PDF)  # noqa: E731
    services.document_file_add(document=document, actor=cast.staff, upload=upload(0))
    one = query_count(cast.staff, f"/documents/{document.pk}/")
    for n in range(1, 4):
        assign_by(document, cast)
        services.document_file_add(document=document, actor=cast.staff, upload=upload(n))
    assert query_count(cast.staff, f"/documents/{document.pk}/") == one


def test_a_document_the_user_may_not_read_is_not_found(cast):
    document = register(cast.staff)
    make_task(group=cast.other_group, owner=cast.other_member, document=document)
    assert client_for(cast.owner.user).get(f"/documents/{document.pk}/").status_code == 404
    assert client_for(cast.owner.user).get(f"/documents/{document.pk}/edit/").status_code == 404
    assert client_for(None).get(f"/documents/{document.pk}/").status_code == 302


def test_the_task_page_links_its_document(cast):
    document = register(cast.staff)
    task = assign_by(document, cast)
    html = client_for(cast.owner.user).get(f"/tasks/{task.pk}/").content.decode()
    assert f'<a href="/documents/{document.pk}/">{title(document)}</a>' in html


def test_the_office_attaches_a_file_and_withdraws_it_with_a_reason(cast):
    document = register(cast.staff)
    office = client_for(cast.staff)
    page = office.get(f"/documents/{document.pk}/").content.decode()
    assert 'id="attach"' in page and 'enctype="multipart/form-data"' in page

    response = office.post(
        f"/documents/{document.pk}/files/", {"file": SimpleUploadedFile("Bản ký.pdf", samples.PDF)}
    )

    assert response.status_code == 302 and response["Location"] == f"/documents/{document.pk}/"
    attachment = Attachment.objects.get(document=document)
    assert attachment.kind == "document" and attachment.name == "Bản ký.pdf"
    shown = office.get(response["Location"])
    assert "The file “Bản ký.pdf” is attached." in messages_of(shown)
    assert "Withdraw this file" in text(shown)

    refused = office.post(
        f"/documents/{document.pk}/files/withdraw/", {"attachment": attachment.pk, "reason": ""}
    )
    assert refused.status_code == 400
    attachment.refresh_from_db()
    assert not attachment.withdrawn

    done = office.post(
        f"/documents/{document.pk}/files/withdraw/", {"attachment": attachment.pk, "reason": "Gửi nhầm bản"}
    )
    assert done.status_code == 302
    attachment.refresh_from_db()
    assert attachment.withdrawn and attachment.withdrawal_reason == "Gửi nhầm bản"
    page = text(office.get(f"/documents/{document.pk}/"))
    assert "1 withdrawn file" in page and "Gửi nhầm bản" in page
    assert office.get(f"/files/{attachment.pk}/").status_code == 410


def test_a_file_the_checks_refuse_is_said_next_to_the_field(cast):
    document = register(cast.staff)
    response = client_for(cast.staff).post(
        f"/documents/{document.pk}/files/",
        {"file": SimpleUploadedFile("bao-cao.pdf", samples.SVG_WITH_SCRIPT)},
    )
    assert response.status_code == 400 and field_errors(response, "file")
    assert not Attachment.objects.exists()
    empty = client_for(cast.staff).post(f"/documents/{document.pk}/files/", {})
    assert empty.status_code == 400 and field_errors(empty, "file")


def test_a_reader_who_may_not_change_the_document_attaches_nothing(cast):
    document = register(cast.staff)
    assign_by(document, cast)
    response = client_for(cast.owner.user).post(
        f"/documents/{document.pk}/files/", {"file": SimpleUploadedFile("x.pdf", samples.PDF)}
    )
    assert response.status_code == 403 and not Attachment.objects.exists()


# --------------------------------------------------------------------------- registering, editing


def test_a_leader_registers_a_document_from_the_page(cast):
    client = client_for(cast.leader.user)
    assert client.get("/documents/new/").status_code == 200

    response = client.post(
        "/documents/new/",
        {
            "number": "45-KH/QU",
            "kind": "plan",
            "issued_on": "2026-01-15",
            "issuer": "Ban Thường vụ Quận ủy",
            "excerpt": "Kế hoạch thực hiện chuyển đổi số",
        },
    )

    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{document.pk}/"
    assert document.created_by == cast.leader.user and document.number == "45-KH/QU"
    assert ReferenceChange.objects.filter(kind="document", object_id=str(document.pk)).count() == 1
    # The registrar reads it before any task points to it, and may change it.
    page = client.get(response["Location"])
    assert f"The document “{title(document)}” is registered." in messages_of(page)
    assert f'href="/documents/{document.pk}/edit/"' in page.content.decode()


def test_the_refusals_are_shown_next_to_the_fields(cast):
    register(cast.staff)
    response = client_for(cast.staff).post(
        "/documents/new/",
        {
            "number": "15-KL/QU",
            "kind": "conclusion",
            "issued_on": "2026-01-10",
            "issuer": "Ban Thường vụ Quận ủy",
        },
    )
    assert response.status_code == 400
    assert "already registered" in field_errors(response, "number")
    assert field_errors(response, "excerpt")
    assert Document.objects.count() == 1


def test_who_may_not_register_gets_the_403_page(cast):
    for user in (cast.owner.user, cast.standing.user):
        if services.documents.roles.registers_documents(user):
            continue
        assert client_for(user).get("/documents/new/").status_code == 403
        assert client_for(user).post("/documents/new/", {"number": "1-TB/QU"}).status_code == 403
    assert not Document.objects.exists()


def test_the_office_edits_a_document_and_another_leader_may_not(cast):
    document = register(cast.leader.user)
    office = client_for(cast.staff)
    form = office.get(f"/documents/{document.pk}/edit/")
    assert form.status_code == 200 and 'value="15-KL/QU"' in form.content.decode()

    response = office.post(
        f"/documents/{document.pk}/edit/",
        {
            "number": "15-KL/QU",
            "kind": "conclusion",
            "issued_on": "2026-01-10",
            "issuer": "Ban Thường vụ Quận ủy",
            "excerpt": "Về cải cách hành chính",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.excerpt == "Về cải cách hành chính"
    empty = office.post(f"/documents/{document.pk}/edit/", {"number": "", "kind": "conclusion"})
    assert empty.status_code == 400 and field_errors(empty, "number")
    # Another group's leader, who reads the document through a task, may not change it.
    make_task(group=cast.other_group, owner=cast.other_member, document=document, actor=cast.staff)
    other = client_for(cast.other_leader.user)
    assert other.get(f"/documents/{document.pk}/").status_code == 200
    assert other.get(f"/documents/{document.pk}/edit/").status_code == 403


def test_the_pages_speak_vietnamese(cast):
    document = register(cast.staff)
    assign_by(document, cast)
    client = client_for(cast.owner.user, "vi")
    listed = text(client.get("/documents/"))
    assert "Văn bản giao việc" in listed and "Kết luận số 15-KL/QU" in listed and "Số văn bản: 1" in listed
    page = text(client.get(f"/documents/{document.pk}/"))
    assert "Tình hình thực hiện các nhiệm vụ" in page and "Cơ quan ban hành" in page


def test_a_leader_assigns_a_task_under_the_document_from_its_page(cast):
    document = register(cast.staff)
    assign_by(document, cast)

    leader_page = client_for(cast.leader.user).get(f"/documents/{document.pk}/")
    office_page = client_for(cast.staff).get(f"/documents/{document.pk}/")
    member_page = client_for(cast.owner.user).get(f"/documents/{document.pk}/")

    link = f'href="/groups/1/new-task/?document={document.pk}"'
    assert link in leader_page.content.decode()
    assert 'href="/groups/2/new-task/' not in leader_page.content.decode()  # not their group
    assert (
        link in office_page.content.decode() and 'href="/groups/2/new-task/' in office_page.content.decode()
    )
    assert "new-task" not in member_page.content.decode()
