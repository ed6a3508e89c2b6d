"""Files on a task, through the API, on the file system and on S3 (conftest.py)."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assignments import services
from assignments.models import Attachment, Event
from tests.api.api_helpers import API, EN, client_for, error, task_url
from tests.files import samples

pytestmark = pytest.mark.django_db


def upload(client, task, data: bytes, name: str = "bao-cao.pdf", kind: str = "evidence", **fields):
    return client.post(
        task_url(task, "attachments/"),
        {"file": SimpleUploadedFile(name, data), "kind": kind, **fields},
        format="multipart",
    )


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_owner_attaches_a_pdf_and_the_reader_downloads_the_same_bytes(cast, file_store):
    response = upload(client_for(cast.owner.user), cast.task, samples.PDF, name="Báo cáo rà soát.pdf")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Báo cáo rà soát.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(samples.PDF)
    assert body["sha256"] == hashlib.sha256(samples.PDF).hexdigest()
    assert body["kind"] == "evidence" and body["task"] == cast.task.pk and not body["withdrawn"]
    assert response["ETag"] == '"2"'  # the task's version moved on
    attachment = Attachment.objects.get()
    # Stored under a name of the app's making, never the uploaded one.
    assert "Báo cáo" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert file_store.names() == {attachment.file.name}

    got = client_for(cast.coordinator.user).get(body["download_url"])
    assert got.status_code == 200
    assert downloaded(got) == samples.PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o" in got["Content-Disposition"]
    assert "sandbox" in got["Content-Security-Policy"]
    assert got["Cache-Control"].startswith("private")


def test_the_upload_is_an_event_with_its_checksum(cast, file_store):
    upload(client_for(cast.owner.user), cast.task, samples.docx(), name="Biên bản.docx", kind="product")

    event = Event.objects.filter(task=cast.task, kind="file_attached").get()
    attachment = Attachment.objects.get()
    assert event.actor == cast.owner.user
    assert event.data["file"] == {
        "id": attachment.pk,
        "name": "Biên bản.docx",
        "kind": "product",
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "size": attachment.size,
        "sha256": attachment.sha256,
    }
    listed = client_for(cast.leader.user).get(task_url(cast.task, "attachments/")).json()
    assert [row["name"] for row in listed["results"]] == ["Biên bản.docx"]


def test_a_spreadsheet_and_a_file_on_a_measurement(cast, file_store):
    owner = cast.owner.user
    task = services.task_start(task=cast.task, actor=owner)
    import datetime as dt

    measurement = services.measurement_record(
        task=task, actor=owner, value=12, measured_on=dt.date(2026, 2, 1)
    )
    response = upload(
        client_for(owner), task, samples.xlsx(), name="Số liệu.xlsx", measurement=measurement.pk
    )

    assert response.status_code == 201, response.json()
    assert response.json()["measurement"] == measurement.pk
    assert Attachment.objects.get().measurement == measurement


def test_a_record_of_another_task_is_refused(cast, file_store):
    other = services.note_add(task=cast.task, actor=cast.owner.user, text="x")
    from tests.factories import make_task

    second = make_task(group=cast.group, owner=cast.owner, ward=cast.ward)
    response = upload(client_for(cast.owner.user), second, samples.PDF, note=other.pk)

    assert error(response, 400)["errors"]["note"]
    assert not Attachment.objects.exists() and file_store.names() == set()


def test_a_photo_is_downscaled_turned_upright_stripped_of_its_location_with_a_thumbnail(cast, file_store):
    photo = samples.jpeg(4000, 3000, orientation=6)  # the camera was held upright: turn it
    response = upload(client_for(cast.owner.user), cast.task, photo, name="Hiện trường.jpg")

    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get()
    kept = file_store.read(attachment.file.name)
    assert hashlib.sha256(kept).hexdigest() == attachment.sha256 and len(kept) == attachment.size
    with Image.open(io.BytesIO(kept)) as image:
        assert image.size == (1920, 2560)  # upright, the longer side 2,560
        exif = image.getexif()
        assert 0x8825 not in exif and 0x010F not in exif  # no GPS, no maker
    thumbnail = client_for(cast.owner.user).get(response.json()["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(downloaded(thumbnail))) as small:
        assert max(small.size) == 320
    assert file_store.names() == {attachment.file.name, attachment.thumbnail.name}


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("bao-cao.pdf", samples.SCRIPT, "file_type"),
        ("so-do.svg", samples.SVG_WITH_SCRIPT, "file_type"),
        ("trang.pdf", samples.HTML, "file_type"),
        ("bao-cao.pdf", samples.PDF_WITH_SCRIPT, "active_content"),
        ("bao-cao.docx", "docx_bomb", "zip_bomb"),
        ("bao-cao.docx", "docm", "macros"),
        ("anh.png", "png_bomb", "too_many_pixels"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_hostile_files_are_refused_and_nothing_is_stored(cast, file_store, name, data, code):
    content = getattr(samples, data)() if isinstance(data, str) else data
    response = upload(client_for(cast.owner.user), cast.task, content, name=name)

    body = error(response, 400)
    assert body["errors"]["file"], body
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(kind="file_attached").exists()
    assert file_store.names() == set()


def raw_upload(client, task, data: bytes, filename: str):
    """A multipart body written by hand: the test client would clean the name itself."""
    boundary = "----taskforce-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nevidence\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.generic(
        "POST", task_url(task, "attachments/"), body, content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "bao\x00cao.pdf", "gpj\u202e.pdf"]
)
def test_a_name_that_is_a_path_or_hides_characters_is_refused(cast, file_store, name):
    response = raw_upload(client_for(cast.owner.user), cast.task, samples.PDF, name)

    body = error(response, 400)
    assert "file" in body["errors"]
    assert not Attachment.objects.exists() and file_store.names() == set()


def test_an_oversized_file_is_refused_in_the_users_language(cast, file_store, settings):
    settings.FILES_MAX_SIZE = 1024 * 1024
    data = samples.PDF + b"%" * (1024 * 1024)

    vi = error(upload(client_for(cast.owner.user), cast.task, data), 400)
    en = error(upload(client_for(cast.owner.user, **EN), cast.task, data), 400)

    assert vi["errors"]["file"] == ["Tệp quá lớn: tối đa 1,0\xa0MB."]
    assert en["errors"]["file"] == ["The file is too large: at most 1.0\xa0MB."]
    assert not Attachment.objects.exists() and file_store.names() == set()


def test_the_service_refuses_no_file_on_the_file_field(cast, file_store):
    # The pages' form lets the field be empty: the service says what is missing.
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(task=cast.task, actor=cast.owner.user, upload=None, kind="evidence")

    assert refused.value.message_dict == {"file": ["Hãy chọn tệp để đính kèm."]}
    assert not Attachment.objects.exists() and file_store.names() == set()


def test_kind_must_be_one_of_the_tasks_kinds(cast, file_store):
    body = error(upload(client_for(cast.owner.user), cast.task, samples.PDF, kind="document"), 400)

    assert "kind" in body["errors"]
    assert file_store.names() == set()


def test_a_member_of_another_group_gets_404_even_knowing_the_url(cast, file_store):
    created = upload(client_for(cast.owner.user), cast.task, samples.PDF).json()

    outsider = client_for(cast.other_member.user)
    assert error(outsider.get(created["download_url"]), 404)
    assert error(outsider.get(f"{API}attachments/{created['id']}/"), 404)
    assert error(outsider.get(task_url(cast.task, "attachments/")), 404)
    assert error(client_for(None).get(created["download_url"]), 401)
    # The Standing Committee reads everything.
    assert client_for(cast.standing.user).get(created["download_url"]).status_code == 200


def test_a_reader_who_may_not_attach_is_refused_and_nothing_is_stored(cast, file_store):
    response = upload(client_for(cast.standing.user), cast.task, samples.PDF)

    error(response, 403)
    assert file_store.names() == set()


def test_no_file_on_a_closed_task(cast, file_store):
    services.task_cancel(task=cast.task, actor=cast.leader.user, note="Không còn cần.")

    error(upload(client_for(cast.leader.user), cast.task, samples.PDF), 409)
    assert file_store.names() == set()


def test_withdrawn_with_a_reason_it_stays_in_the_record_and_is_no_longer_served(cast, file_store):
    created = upload(client_for(cast.owner.user), cast.task, samples.PDF).json()
    leader = client_for(cast.leader.user)

    assert error(leader.post(f"{API}attachments/{created['id']}/withdraw/", {"reason": ""}), 400)["errors"][
        "reason"
    ]
    response = leader.post(f"{API}attachments/{created['id']}/withdraw/", {"reason": "Nhầm tệp."})

    assert response.status_code == 200
    assert response.json()["withdrawn"] is True and response.json()["download_url"] is None
    assert response.json()["withdrawal_reason"] == "Nhầm tệp."
    assert error(client_for(cast.owner.user).get(created["download_url"]), 410, "file_withdrawn")
    event = Event.objects.get(kind="file_withdrawn")
    assert event.note == "Nhầm tệp." and event.actor == cast.leader.user
    assert event.data["file"]["sha256"] == created["sha256"]
    # Never deleted: the bytes are still in the store, and the row in the list.
    assert file_store.names() == {Attachment.objects.get().file.name}
    listed = (
        client_for(cast.owner.user).get(task_url(cast.task, "attachments/"), {"withdrawn": "true"}).json()
    )
    assert [row["id"] for row in listed["results"]] == [created["id"]]
    assert error(leader.post(f"{API}attachments/{created['id']}/withdraw/", {"reason": "x"}), 409)


def test_only_the_uploader_the_leader_or_the_office_withdraws(cast, file_store):
    created = upload(client_for(cast.owner.user), cast.task, samples.PDF).json()

    body = error(
        client_for(cast.coordinator.user).post(
            f"{API}attachments/{created['id']}/withdraw/", {"reason": "x"}
        ),
        403,
    )
    assert body["detail"] == (
        "Chỉ người đã đính kèm tệp, tổ trưởng của tổ hoặc Văn phòng Quận ủy mới được thu hồi tệp."
    )
    assert (
        client_for(cast.owner.user)
        .post(f"{API}attachments/{created['id']}/withdraw/", {"reason": "Bản cũ."})
        .status_code
        == 200
    )


def test_a_retried_upload_with_the_same_key_stores_one_file(cast, file_store):
    client = client_for(cast.owner.user)
    headers = {"HTTP_IDEMPOTENCY_KEY": "c0ffee-upload-1"}
    first = client.post(
        task_url(cast.task, "attachments/"),
        {"file": SimpleUploadedFile("a.pdf", samples.PDF), "kind": "evidence"},
        format="multipart",
        **headers,
    )
    again = client.post(
        task_url(cast.task, "attachments/"),
        {"file": SimpleUploadedFile("a.pdf", samples.PDF), "kind": "evidence"},
        format="multipart",
        **headers,
    )

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Attachment.objects.count() == 1 and len(file_store.names()) == 1
    other_bytes = client.post(
        task_url(cast.task, "attachments/"),
        {"file": SimpleUploadedFile("a.pdf", samples.PDF + b"\n"), "kind": "evidence"},
        format="multipart",
        **headers,
    )
    error(other_bytes, 422, "idempotency_key_reused")
