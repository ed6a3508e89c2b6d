"""A document's own files (its scan, its signed copy): attached by who may change the
document, read by who may read it, each change a row of the reference-data audit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments import services
from assignments.models import Attachment, ReferenceChange
from tests.api.api_helpers import API, client_for, error
from tests.api.test_documents import register
from tests.files import samples

pytestmark = pytest.mark.django_db


def attach(client, document, data=samples.PDF, name="15-KL-QU.pdf"):
    return client.post(
        f"{API}documents/{document.pk}/attachments/",
        {"file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


def test_the_office_attaches_the_scan_and_a_reader_of_its_task_downloads_it(cast, file_store):
    document = register(cast)
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"document": document})

    response = attach(client_for(cast.staff), document)

    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "document" and response.json()["document"] == document.pk
    got = client_for(cast.owner.user).get(response.json()["download_url"])
    assert got.status_code == 200 and b"".join(got.streaming_content) == samples.PDF
    change = ReferenceChange.objects.filter(kind="document", object_id=document.pk).latest("id")
    assert change.changes["files"]["to"]["sha256"] == response.json()["sha256"]
    listed = client_for(cast.owner.user).get(f"{API}documents/{document.pk}/attachments/").json()
    assert [row["id"] for row in listed["results"]] == [response.json()["id"]]


def test_a_member_cannot_attach_and_an_outsider_cannot_see(cast, file_store):
    document = register(cast)
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"document": document})

    error(attach(client_for(cast.owner.user), document), 403)
    assert file_store.names() == set()
    created = attach(client_for(cast.staff), document).json()
    outsider = client_for(cast.other_member.user)
    error(outsider.get(created["download_url"]), 404)
    error(outsider.get(f"{API}documents/{document.pk}/attachments/"), 404)
    error(attach(outsider, document), 404)


def test_a_hostile_file_on_a_document_is_refused(cast, file_store):
    document = register(cast)

    error(attach(client_for(cast.staff), document, data=samples.SVG_WITH_SCRIPT, name="x.pdf"), 400)
    assert not Attachment.objects.exists() and file_store.names() == set()


def test_the_office_withdraws_a_document_file_with_its_audit_row(cast, file_store):
    document = register(cast)
    created = attach(client_for(cast.staff), document).json()

    response = client_for(cast.staff).post(
        f"{API}attachments/{created['id']}/withdraw/", {"reason": "Bản scan mờ."}
    )

    assert response.status_code == 200 and response.json()["withdrawn"]
    change = ReferenceChange.objects.filter(kind="document", object_id=document.pk).latest("id")
    assert change.changes["files"]["reason"] == "Bản scan mờ."
    assert change.changes["files"]["from"]["id"] == created["id"]
