"""A real HTTP receiver on 127.0.0.1 that checks each request's Standard Webhooks signature."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from assignments.models import WebhookEndpoint


@dataclass
class Receiver:
    """What the receiving system got: the verified events, and what it refused."""

    url: str
    secret: str = ""
    #: The status it answers with; a test changes it to make the receiver fail or recover.
    status: int = 200
    #: Seconds it takes to answer: a slow receiver widens the window two workers race in.
    delay: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    #: Every request, whatever it answered.
    hits: int = 0
    #: Set as a request comes in, before the `delay`: a test acts while the POST is in flight.
    arrived: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def types(self) -> list[str]:
        return [event["type"] for event in self.received]

    def endpoint(self, **fields: Any) -> WebhookEndpoint:
        """An endpoint posting here; the receiver keeps its secret, as a real one would."""
        fields.setdefault("name", "Hệ thống của tỉnh")
        endpoint = WebhookEndpoint.objects.create(url=self.url, **fields)
        self.secret = endpoint.secret
        return endpoint


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {key.lower(): value for key, value in self.headers.items()}
            receiver.arrived.set()
            if receiver.delay:
                time.sleep(receiver.delay)
            with receiver.lock:
                receiver.hits += 1
                status = receiver.status
                try:
                    event = Webhook(receiver.secret).verify(body, headers)
                except WebhookVerificationError as error:
                    receiver.refused.append(str(error))
                    status = 400
                else:
                    if status == 200:
                        receiver.received.append(event)
                        receiver.headers.append(headers)
            payload = json.dumps({"ok": status == 200}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver(url="")
    # Port 0: the system picks a free one, so parallel test runs do not collide.
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(made))
    host, port = server.server_address[:2]
    made.url = f"http://{host}:{port}/hooks/taskforce"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield made
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
