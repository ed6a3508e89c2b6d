"""The files' suite runs twice: on the file system and on a real S3-compatible server
(moto's standalone server, started once per test process, spoken to over HTTP by
django-storages as production speaks to S3)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from taskforce.files_storage import file_system_storage, s3_storage

S3_REGION = "us-east-1"
S3_KEYS = {"access_key": "taskforce-test", "secret_key": "taskforce-test-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """moto's standalone S3 server in its own process; its URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "AWS_ACCESS_KEY_ID": S3_KEYS["access_key"]},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("moto's S3 server did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@dataclass
class FileStore:
    kind: str
    root: Path | None = None
    bucket: str = ""
    endpoint: str = ""

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=S3_REGION,
            aws_access_key_id=S3_KEYS["access_key"],
            aws_secret_access_key=S3_KEYS["secret_key"],
        )

    def names(self) -> set[str]:
        """Every object the store holds, whatever the app thinks."""
        if self.kind == "filesystem":
            assert self.root is not None
            return {str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file()}
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def read(self, name: str) -> bytes:
        if self.kind == "filesystem":
            assert self.root is not None
            return (self.root / name).read_bytes()
        return self.client().get_object(Bucket=self.bucket, Key=name)["Body"].read()


@pytest.fixture(params=["filesystem", "s3"])
def file_store(request, settings, tmp_path) -> FileStore:
    """The attachments' store for one test: a fresh folder, or a fresh bucket."""
    if request.param == "filesystem":
        root = tmp_path / "files"
        settings.STORAGES = {**settings.STORAGES, "attachments": file_system_storage(str(root))}
        return FileStore("filesystem", root=root)
    endpoint = request.getfixturevalue("s3_server")
    store = FileStore("s3", bucket=f"taskforce-{uuid.uuid4().hex[:16]}", endpoint=endpoint)
    store.client().create_bucket(Bucket=store.bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": s3_storage(bucket=store.bucket, endpoint_url=endpoint, region=S3_REGION, **S3_KEYS),
    }
    return store
