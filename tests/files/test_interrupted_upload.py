"""A phone that loses its connection halfway through an upload: over real HTTP, the
server is left with nothing: no row, no event, nothing in the store, no temporary file."""

from __future__ import annotations

import gc
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files import uploadhandler

from api.tokens import token_issue
from assignments.models import Attachment, Event
from tests.files import samples

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_interrupted_upload_leaves_nothing_behind(
    cast, file_store, live_server, settings, tmp_path, monkeypatch
):
    uploads_dir = tmp_path / "uploads"
    uploads_dir.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads_dir)
    # The server (a thread of this process) notes each temporary file it starts: the cut
    # must come after the upload began to be written, or the test would prove nothing.
    begun: list[str] = []

    class Noted(uploadhandler.TemporaryUploadedFile):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            begun.append(self.temporary_file_path())

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", Noted)
    _, token = token_issue(user=cast.owner.user, name="Điện thoại")
    boundary = "----taskforce-cut"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nevidence\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bao-cao.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + samples.PDF
    announced = len(head) + 8 * 1024 * 1024  # the rest never comes
    address = urlsplit(live_server.url)
    request = (
        f"POST /api/v1/tasks/{cast.task.pk}/attachments/ HTTP/1.1\r\n"
        f"Host: {address.hostname}:{address.port}\r\n"
        f"Authorization: Token {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {announced}\r\n\r\n"
    ).encode()

    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request + head + b"%" * (3 * 1024 * 1024))  # past the in-memory size
        time.sleep(0.5)
    # The server sees the end of the stream, fails the request, and lets go of its upload.
    # (The server may start on the request only now: wait for it to begin, then to let go.)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (not begun or list(Path(uploads_dir).iterdir())):
        gc.collect()
        time.sleep(0.1)

    assert begun and all(path.startswith(str(uploads_dir)) for path in begun)
    assert list(Path(uploads_dir).iterdir()) == []
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(kind="file_attached").exists()
    assert file_store.names() == set()
