"""A phone that loses its connection halfway through an upload: over real HTTP, the
server is left with nothing: no row, no event, nothing in the store, no temporary file."""

from __future__ import annotations

import gc
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from knox.models import AuthToken

from assignments.models import Attachment, Event
from tests.files import samples

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_interrupted_upload_leaves_nothing_behind(cast, file_store, live_server, settings, tmp_path):
    uploads_dir = tmp_path / "uploads"
    uploads_dir.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads_dir)
    _, token = AuthToken.objects.create(cast.owner.user)
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
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and list(Path(uploads_dir).iterdir()):
        gc.collect()
        time.sleep(0.1)

    assert list(Path(uploads_dir).iterdir()) == []
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(kind="file_attached").exists()
    assert file_store.names() == set()
