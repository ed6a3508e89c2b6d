"""The server's VAPID key pair (RFC 8292), which signs each Web Push request.

From the environment (VAPID_PRIVATE_KEY, and VAPID_PUBLIC_KEY or derived from it), or
else from the PEM file `manage.py make_vapid_keys` writes under var/. The public key
is what a browser's `pushManager.subscribe({applicationServerKey})` takes: the
uncompressed P-256 point, base64url without padding. A new pair invalidates every
subscription made with the old one.
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid, b64urlencode


class MissingKeys(Exception):
    """No VAPID key: neither in the environment nor in the key file."""


def private_key() -> Vapid:
    if settings.VAPID_PRIVATE_KEY:
        return Vapid.from_string(private_key=settings.VAPID_PRIVATE_KEY)
    path = Path(settings.VAPID_KEY_FILE)
    if not path.is_file():
        raise MissingKeys(f"no VAPID key in VAPID_PRIVATE_KEY nor in {path}: run manage.py make_vapid_keys")
    return Vapid.from_pem(path.read_bytes())


def application_server_key(vapid: Vapid) -> str:
    point = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64urlencode(point)


def raw_private_key(vapid: Vapid) -> str:
    """The private key as VAPID_PRIVATE_KEY takes it: the 32-byte scalar, base64url."""
    number = vapid.private_key.private_numbers().private_value
    return base64.urlsafe_b64encode(number.to_bytes(32, "big")).decode().rstrip("=")


def public_key() -> str | None:
    """The key browsers subscribe with; None when no key pair is configured."""
    if settings.VAPID_PUBLIC_KEY:
        return str(settings.VAPID_PUBLIC_KEY)
    try:
        return application_server_key(private_key())
    except MissingKeys:
        return None


def generate(path: Path) -> Vapid:
    vapid = Vapid()
    vapid.generate_keys()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(vapid.private_pem())
    path.chmod(0o600)
    return vapid
