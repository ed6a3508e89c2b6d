"""Real parts for the channels' tests: an SMTP server (aiosmtpd) and a push service
(an HTTP server that decrypts what it receives), both on 127.0.0.1."""

from __future__ import annotations

import base64
import email
import json
import os
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from assignments import clock
from assignments.models import NotificationPolicy, PushSubscription
from assignments.notifications import vapid


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --------------------------------------------------------------------------- mail


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            message = email.message_from_bytes(envelope.content, policy=default_policy)
            assert isinstance(message, EmailMessage)
            self.messages.append(message)
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


class SMTPServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """A running SMTP server the mail settings point at."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://taskforce.example.org"
    yield server
    server.stop()


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain text and the HTML of a mail."""
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


# --------------------------------------------------------------------------- push


@dataclass
class Phone:
    """A browser's push subscription: its own key pair and auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    endpoint: str

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return base64.urlsafe_b64encode(point).decode().rstrip("=")

    @property
    def auth_b64(self) -> str:
        return base64.urlsafe_b64encode(self.auth).decode().rstrip("=")

    def subscription_json(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": self.auth_b64},
        }


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """An HTTP server standing for the browsers' push service."""

    port: int
    received: list[Received] = field(default_factory=list)
    #: The status each path answers (201 by default).
    answers: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def phone(self, name: str) -> Phone:
        return Phone(ec.generate_private_key(ec.SECP256R1()), os.urandom(16), self.url(f"/push/{name}"))

    def decrypt(self, received: Received, phone: Phone) -> dict[str, Any]:
        assert received.headers.get("content-encoding") == "aes128gcm"
        plain = http_ece.decrypt(
            received.body, private_key=phone.private_key, auth_secret=phone.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def push_service(settings):
    service = PushService(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            service.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            self.send_response(service.answers.get(self.path, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pair = Vapid()
    pair.generate_keys()
    settings.VAPID_PRIVATE_KEY = vapid.raw_private_key(pair)
    settings.VAPID_PUBLIC_KEY = ""
    settings.VAPID_SUBJECT = "mailto:office@example.org"
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]
    settings.SITE_URL = "https://taskforce.example.org"
    yield service
    server.shutdown()
    server.server_close()


def subscribe(user: Any, phone: Phone) -> PushSubscription:
    return PushSubscription.objects.create(
        user=user, endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth_b64, created_at=clock.now()
    )


@pytest.fixture(autouse=True)
def _fresh_policy():
    NotificationPolicy.forget()
    yield
    NotificationPolicy.forget()


@pytest.fixture
def with_addresses(cast):
    """The cast with mail addresses (the factories make none)."""
    for member in (cast.owner, cast.coordinator, cast.leader, cast.group_member, cast.other_member):
        member.user.email = f"{member.user.username}@example.org"
        member.user.save(update_fields=["email"])
    return cast
