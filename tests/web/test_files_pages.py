"""A task's files on its page: attached from a phone or a desk, listed, downloaded by the
task's readers only, withdrawn (never deleted) by the uploader, the leader or the office."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments import services
from assignments.files import checks
from assignments.models import Attachment, Event, Task
from tests.files import samples
from tests.files.conftest import file_store, s3_server  # noqa: F401  (the files' fixtures)
from tests.web.web_helpers import action, client_for, events_of, messages_of, query_count, text

pytestmark = pytest.mark.django_db


def attach(
    client, task: Task, data: bytes, name: str = "Báo cáo rà soát.pdf", kind: str = "evidence", **fields
):
    return action(
        client, task, "attach_file", {"file": SimpleUploadedFile(name, data), "kind": kind, **fields}
    )


def attached(user, task: Task, data: bytes = samples.PDF, name: str = "Báo cáo.pdf", kind: str = "evidence"):
    return services.attachment_add(task=task, actor=user, upload=SimpleUploadedFile(name, data), kind=kind)


def withdraw(client, task: Task, attachment: Attachment, reason: str = "Gửi nhầm tệp"):
    return action(client, task, "withdraw_file", {"attachment": attachment.pk, "reason": reason})


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def field_with_errors(response, name: str) -> str:
    """The HTML of the field wrapper that holds the named input and shows its errors."""
    html = response.content.decode()
    for block in html.split('<div class="field')[1:]:
        if block.startswith(' has-errors">') and f'name="{name}"' in block:
            return block
    raise AssertionError(f"no error next to {name}")


def stored_files(tmp_path) -> list:
    root = tmp_path / "files"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --------------------------------------------------------------------------- attaching


def test_the_owner_attaches_a_photo_from_the_page_and_sees_its_thumbnail(cast, file_store):  # noqa: F811
    client = client_for(cast.owner.user)

    response = attach(client, cast.task, samples.jpeg(1600, 1200), name="Ảnh hiện trường.jpg")

    assert response.status_code == 302 and response["Location"] == f"/tasks/{cast.task.pk}/"
    attachment = Attachment.objects.get()
    assert attachment.task == cast.task and attachment.kind == "evidence" and attachment.thumbnail
    assert file_store.names() == {attachment.file.name, attachment.thumbnail.name}
    assert events_of(cast.task)[-1] == "file_attached"
    page = client.get(response["Location"])
    assert "The file “Ảnh hiện trường.jpg” is attached." in messages_of(page)
    html = page.content.decode()
    assert f'src="/files/{attachment.pk}/thumbnail/"' in html
    assert f'href="/files/{attachment.pk}/"' in html
    assert "Ảnh hiện trường.jpg" in text(page) and "Attached by Trần Thị Chủ Trì" in text(page)

    got = client_for(cast.coordinator.user).get(f"/files/{attachment.pk}/")
    assert got.status_code == 200 and got["Content-Type"] == "image/jpeg"
    assert got["Content-Disposition"].startswith("attachment;") and got["X-Content-Type-Options"] == "nosniff"
    assert downloaded(got) == file_store.read(attachment.file.name)
    thumb = client_for(cast.leader.user).get(f"/files/{attachment.pk}/thumbnail/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert downloaded(thumb) == file_store.read(attachment.thumbnail.name)


def test_the_form_offers_the_camera_or_a_file_and_says_the_allowed_types(cast):
    html = client_for(cast.owner.user).get(f"/tasks/{cast.task.pk}/").content.decode()
    form = re.search(r'<form id="attach".*?</form>', html, re.S)
    assert form is not None
    assert 'enctype="multipart/form-data"' in form.group()
    accept = re.search(r'<input type="file" name="file" accept="([^"]+)"', form.group())
    assert accept is not None
    for allowed in ("image/jpeg", "image/png", "application/pdf", ".docx", ".xlsx", ".jpg"):
        assert allowed in accept.group(1).split(",")
    assert "capture" not in form.group()
    assert 'name="kind"' in form.group()
    # A member of the group with no part in the task reads it but attaches nothing.
    html = client_for(cast.group_member.user).get(f"/tasks/{cast.task.pk}/").content.decode()
    assert 'id="attach"' not in html


def test_a_hostile_file_named_as_a_pdf_is_refused_next_to_the_field(cast, tmp_path):
    response = attach(client_for(cast.owner.user), cast.task, samples.SVG_WITH_SCRIPT, name="bao-cao.pdf")

    assert response.status_code == 400
    assert str(checks.NOT_ALLOWED_TYPE) in field_with_errors(response, "file")
    assert "Nothing was done: see the message next to the field." in messages_of(response)
    assert not Attachment.objects.exists() and stored_files(tmp_path) == []
    assert "file_attached" not in events_of(cast.task)


def test_a_file_past_the_size_limit_is_refused_with_the_limit(cast, settings, tmp_path):
    settings.FILES_MAX_SIZE = 1024

    response = attach(client_for(cast.owner.user), cast.task, samples.PDF + b"%" * 4096)

    assert response.status_code == 400
    assert "The file is too large: at most 1.0" in field_with_errors(response, "file")
    assert not Attachment.objects.exists() and stored_files(tmp_path) == []


def test_no_file_chosen_is_said_next_to_the_field(cast):
    response = action(client_for(cast.owner.user), cast.task, "attach_file", {"kind": "evidence"})

    assert response.status_code == 400
    assert "Choose a file to attach." in field_with_errors(response, "file")


def test_a_file_backing_a_measured_value_says_so_and_the_product_comes_first(cast):
    owner = cast.owner.user
    services.task_start(task=cast.task, actor=owner)
    measurement = services.measurement_record(
        task=cast.task.pk, actor=owner, value=95, measured_on=dt.date(2026, 2, 1)
    )
    client = client_for(owner)
    assert (
        attach(client, cast.task, samples.PDF, name="Biên bản đo.pdf", measurement=measurement.pk).status_code
        == 302
    )
    assert (
        attach(client, cast.task, samples.docx(), name="Báo cáo kết quả.docx", kind="product").status_code
        == 302
    )

    page = text(client.get(f"/tasks/{cast.task.pk}/"))
    assert Attachment.objects.get(name="Biên bản đo.pdf").measurement == measurement
    assert "For the value measured on 01/02/2026: 95" in page
    files = page[page.index("Files") :]
    assert files.index("Báo cáo kết quả.docx") < files.index("Biên bản đo.pdf")


def test_a_group_member_outside_the_task_may_not_attach(cast, tmp_path):
    response = attach(client_for(cast.group_member.user), cast.task, samples.PDF)

    assert response.status_code == 403
    assert not Attachment.objects.exists() and stored_files(tmp_path) == []


# --------------------------------------------------------------------------- downloading


def test_an_outsider_gets_not_found_whoever_knows_the_address(cast):
    attachment = attached(cast.owner.user, cast.task, samples.png(), name="ảnh.png")
    outsider = client_for(cast.other_member.user)

    assert outsider.get(f"/files/{attachment.pk}/").status_code == 404
    assert outsider.get(f"/files/{attachment.pk}/thumbnail/").status_code == 404
    assert client_for(cast.owner.user).get("/files/999999/").status_code == 404


def test_a_file_other_than_a_photo_has_no_thumbnail(cast):
    attachment = attached(cast.owner.user, cast.task)
    client = client_for(cast.owner.user)

    assert client.get(f"/files/{attachment.pk}/thumbnail/").status_code == 404
    assert 'src="/files/' not in client.get(f"/tasks/{cast.task.pk}/").content.decode()


def test_anonymous_is_sent_to_the_login(cast):
    attachment = attached(cast.owner.user, cast.task)

    response = client_for(None).get(f"/files/{attachment.pk}/")

    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/files/")


def test_a_withdrawn_file_is_gone_and_says_why(cast):
    attachment = attached(cast.owner.user, cast.task, samples.png(), name="ảnh.png")
    services.attachment_withdraw(attachment=attachment, actor=cast.owner.user, reason="Ảnh bị mờ")
    client = client_for(cast.leader.user)

    response = client.get(f"/files/{attachment.pk}/")
    assert response.status_code == 410
    assert "This file was withdrawn" in text(response) and "Ảnh bị mờ" in text(response)
    assert client.get(f"/files/{attachment.pk}/thumbnail/").status_code == 410
    assert client_for(cast.other_member.user).get(f"/files/{attachment.pk}/").status_code == 404


def test_a_documents_file_is_downloaded_by_a_reader_of_its_task(cast):
    document = services.document_create(
        actor=cast.staff,
        number="15-KL/QU",
        kind="conclusion",
        issued_on=dt.date(2026, 1, 15),
        issuer="Ban Thường vụ Quận ủy",
        excerpt="Kết luận về rà soát hồ sơ",
    )
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"document": document})
    scan = services.document_file_add(
        document=document, actor=cast.staff, upload=SimpleUploadedFile("15-KL-QU.pdf", samples.PDF)
    )

    got = client_for(cast.owner.user).get(f"/files/{scan.pk}/")
    assert got.status_code == 200 and downloaded(got) == samples.PDF
    assert client_for(cast.other_member.user).get(f"/files/{scan.pk}/").status_code == 404


# --------------------------------------------------------------------------- withdrawing


@pytest.mark.parametrize("who", ["owner", "leader"])
def test_the_uploader_or_the_leader_withdraws_with_a_reason(cast, who):
    attachment = attached(cast.owner.user, cast.task, name="Bản cũ.pdf")
    client = client_for(cast.user(who))

    response = withdraw(client, cast.task, attachment)

    assert response.status_code == 302 and response["Location"] == f"/tasks/{cast.task.pk}/"
    attachment.refresh_from_db()
    assert attachment.withdrawn and attachment.withdrawal_reason == "Gửi nhầm tệp"
    assert attachment.withdrawn_by == cast.user(who)
    event = Event.objects.filter(task=cast.task).latest("at", "id")
    assert event.kind == "file_withdrawn" and event.note == "Gửi nhầm tệp"
    page = client.get(response["Location"])
    assert "The file “Bản cũ.pdf” is withdrawn: it stays in the record, with your reason." in messages_of(
        page
    )
    html = page.content.decode()
    withdrawn = re.search(r'<details class="withdrawn-files">.*?</details>', html, re.S)
    assert withdrawn is not None and "Bản cũ.pdf" in withdrawn.group() and "Gửi nhầm tệp" in withdrawn.group()
    assert f'href="/files/{attachment.pk}/"' not in html
    assert Attachment.objects.filter(pk=attachment.pk).exists()  # never deleted


def test_a_withdrawal_needs_a_reason(cast):
    attachment = attached(cast.owner.user, cast.task)

    response = withdraw(client_for(cast.owner.user), cast.task, attachment, reason="  ")

    assert response.status_code == 400
    assert "A reason is required." in field_with_errors(response, "reason")
    attachment.refresh_from_db()
    assert not attachment.withdrawn


def test_a_coordinator_may_not_withdraw_someone_elses_file(cast):
    theirs = attached(cast.owner.user, cast.task, name="Của chủ trì.pdf")
    mine = attached(cast.coordinator.user, cast.task, name="Của phối hợp.pdf")
    client = client_for(cast.coordinator.user)

    html = client.get(f"/tasks/{cast.task.pk}/").content.decode()
    assert f'name="attachment" value="{mine.pk}"' in html
    assert f'name="attachment" value="{theirs.pk}"' not in html

    response = withdraw(client, cast.task, theirs)
    assert response.status_code == 403
    assert any("Only the person who attached the file" in m for m in messages_of(response))
    theirs.refresh_from_db()
    assert not theirs.withdrawn
    assert withdraw(client, cast.task, mine).status_code == 302


def test_a_file_of_another_task_is_not_found_from_this_one(cast):
    from tests.factories import make_task

    other = make_task(group=cast.group, owner=cast.owner)
    elsewhere = attached(cast.owner.user, other)

    assert withdraw(client_for(cast.owner.user), cast.task, elsewhere).status_code == 404


def test_a_second_withdrawal_is_refused(cast):
    attachment = attached(cast.owner.user, cast.task)
    services.attachment_withdraw(attachment=attachment, actor=cast.owner.user, reason="Nhầm")

    response = withdraw(client_for(cast.leader.user), cast.task, attachment)

    assert response.status_code == 409
    assert "This file is already withdrawn." in messages_of(response)


# --------------------------------------------------------------------------- cost


def test_the_page_costs_the_same_with_one_file_or_five(cast):
    owner, leader = cast.owner.user, cast.leader.user
    path = f"/tasks/{cast.task.pk}/"
    first = attached(owner, cast.task, samples.png(), name="ảnh-0.png")
    one = (query_count(owner, path), query_count(leader, path))
    for n in range(1, 5):
        attached(cast.coordinator.user, cast.task, samples.png(), name=f"ảnh-{n}.png", kind="product")
    services.attachment_withdraw(attachment=first, actor=owner, reason="Trùng")
    assert (query_count(owner, path), query_count(leader, path)) == one


def test_the_section_speaks_vietnamese(cast):
    attached(cast.owner.user, cast.task, samples.png(), name="ảnh.png")

    page = text(client_for(cast.owner.user, "vi").get(f"/tasks/{cast.task.pk}/"))

    assert "Tệp đính kèm" in page and "Do Trần Thị Chủ Trì đính kèm lúc" in page
    assert "Đính kèm tệp" in page and "Thu hồi tệp này" in page
