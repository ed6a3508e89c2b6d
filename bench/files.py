"""A large upload and its download through the production server: `python -m bench.files`.

gunicorn (one sync worker, the project's gunicorn.conf.py) serves a fresh SQLite
database and a fresh folder of files under var/bench/files/. A 20 MB file (just under
FILES_MAX_MB) is uploaded to a task over real HTTP, sent a block at a time, then
downloaded and checked byte for byte. The worker's resident memory is read from
/proc before, and its peak (VmHWM) after each: Django writes an upload past 2.5 MB to a
temporary file as it arrives, the checks read it by blocks, and the download is
streamed, so the peak grows by a small part of the file's size, never by all of it.
The figures go to var/bench/files.json and into docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.server import ROOT, Server

VAR = ROOT / "var" / "bench"
MB = 1024 * 1024
BLOCK = 256 * 1024
PASSWORD = "bench-files-password"


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def _prepare(database: Path, files: Path) -> int:
    """Migrate the database and make a task and its owner (who logs in): the task's id."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": f"sqlite:///{database}"}
    env["FILES_DIR"] = str(files)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    script = (
        "import datetime as dt\n"
        "from django.contrib.auth.models import User\n"
        "from assignments import clock, services\n"
        "from assignments.models import Group, Member, Process, ProcessStep\n"
        "leader = Member.objects.create(user=User.objects.create(username='leader'), full_name='Tổ trưởng',"
        " is_standing=True)\n"
        "owner = Member.objects.create(user=User.objects.create_user('owner', password=PASSWORD),"
        " full_name='Chủ trì')\n"
        "group = Group.objects.create(number=1, name='Tổ 1', leader=leader)\n"
        "group.members.add(leader, owner)\n"
        "process = Process.objects.create(name='Quy trình')\n"
        "ProcessStep.objects.create(process=process, order=1, name='Bước 1')\n"
        "today = clock.today()\n"
        "task = services.task_create(actor=leader.user, title='Báo cáo', description='Báo cáo tổng hợp',"
        " group=group, owner=owner, process=process, start_date=today,"
        " due_date=today + dt.timedelta(days=30),"
        " outcome={'indicator': 'Báo cáo', 'unit': 'bản', 'target': 1})\n"
        "print(task.pk)\n"
    ).replace("PASSWORD", repr(PASSWORD))
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return int(out.stdout.decode().split()[-1])  # the last line: any warning goes before


def _pdf_of(size: int, path: Path) -> str:
    """A PDF of `size` bytes (a page, then a long comment), written by blocks; its SHA-256."""
    head = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    )
    tail = b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in (head, b"%"):
            out.write(chunk)
            digest.update(chunk)
        left = size - len(head) - 1 - len(tail)
        block = b"x" * BLOCK
        while left > 0:
            piece = block[: min(BLOCK, left)]
            out.write(piece)
            digest.update(piece)
            left -= len(piece)
        out.write(tail)
        digest.update(tail)
    return digest.hexdigest()


def _multipart(path: Path, boundary: str) -> tuple[int, Iterator[bytes]]:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nproduct\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="Báo cáo tổng hợp.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        with path.open("rb") as source:
            while block := source.read(BLOCK):
                yield block
        yield tail

    return len(head) + path.stat().st_size + len(tail), body()


def measure(size: int) -> dict[str, Any]:
    VAR.mkdir(parents=True, exist_ok=True)
    database, files, upload = VAR / "files.sqlite3", VAR / "files", VAR / "upload.pdf"
    database.unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(files)], check=True)
    task = _prepare(database, files)
    sha256 = _pdf_of(size, upload)
    os.environ["FILES_DIR"] = str(files)
    with Server(f"sqlite:///{database}", workers=1, log=VAR / "files-server.log") as server:
        (worker,) = server.worker_pids()

        # A connection per request: gunicorn's sync workers close each one after its answer.
        def connect() -> http.client.HTTPConnection:
            return http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)

        connection = connect()
        login = json.dumps({"username": "owner", "password": PASSWORD})
        connection.request(
            "POST", "/api/v1/auth/login/", body=login, headers={"Content-Type": "application/json"}
        )
        auth = {"Authorization": f"Token {json.loads(connection.getresponse().read())['token']}"}
        connection = connect()
        connection.request("GET", f"/api/v1/tasks/{task}/attachments/", headers=auth)  # warm up
        connection.getresponse().read()
        connection = connect()
        before = _status_kb(worker, "VmRSS")
        boundary = uuid.uuid4().hex
        length, body = _multipart(upload, boundary)
        connection.request(
            "POST",
            f"/api/v1/tasks/{task}/attachments/",
            body=body,
            headers={
                **auth,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(length),
            },
            encode_chunked=False,
        )
        answer = connection.getresponse()
        created = json.loads(answer.read())
        if answer.status != 201 or created["sha256"] != sha256:
            raise RuntimeError(f"upload answered {answer.status}: {created}")
        after_upload = _status_kb(worker, "VmHWM")
        connection = connect()
        connection.request("GET", f"/api/v1/attachments/{created['id']}/download/", headers=auth)
        answer = connection.getresponse()
        got = hashlib.sha256()
        while block := answer.read(BLOCK):
            got.update(block)
        if answer.status != 200 or got.hexdigest() != sha256:
            raise RuntimeError(f"download answered {answer.status}, or other bytes")
        after_download = _status_kb(worker, "VmHWM")
    upload.unlink()
    return {
        "file_mb": round(size / MB, 1),
        "rss_before_mb": round(before / 1024, 1),
        "peak_after_upload_mb": round(after_upload / 1024, 1),
        "peak_after_download_mb": round(after_download / 1024, 1),
        "upload_growth_mb": round((after_upload - before) / 1024, 1),
        "download_growth_mb": round((after_download - after_upload) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=19.5, help="The file's size in MB (under FILES_MAX_MB).")
    args = parser.parse_args()
    result = measure(int(args.mb * MB))
    (VAR / "files.json").write_text(json.dumps(result, indent=2))
    print(
        f"file {result['file_mb']} MB: worker resident {result['rss_before_mb']} MB before; "
        f"peak +{result['upload_growth_mb']} MB after the upload, "
        f"+{result['download_growth_mb']} MB more after the download"
    )


if __name__ == "__main__":
    main()
