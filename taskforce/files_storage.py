"""Where attached files are kept: the file system under var/files by default, or any
S3-compatible store (AWS S3, MinIO, Ceph, a provider's object storage) when
FILES_S3_BUCKET is set (docs/operations.md, "Files").

Either way the files are private: the file system's folder has no URL, and the bucket's
objects are written without a public ACL. They are served only by the app's
permission-checked download (api/views/attachments.py), which streams them.
"""

from __future__ import annotations

from typing import Any

#: Past this, a file read from S3 waits in a temporary file, not in memory.
S3_MAX_MEMORY = 1024 * 1024


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    prefix: str = "",
) -> dict[str, Any]:
    """The STORAGES entry of an S3-compatible bucket (django-storages' S3Storage)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "location": prefix,
            # Never overwrite: each stored name is new (assignments/files/prepare.py).
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "max_memory_size": S3_MAX_MEMORY,
        },
    }


def file_system_storage(location: str) -> dict[str, Any]:
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": location, "base_url": None},
    }
