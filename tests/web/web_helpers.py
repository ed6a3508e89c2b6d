"""Helpers for the pages' tests: a logged-in browser-like client, in English or Vietnamese."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assignments.models import Event, NotificationPolicy, Task


def client_for(user: Any | None, language: str = "en") -> Client:
    """A client logged in as `user` (None: anonymous), asking for `language`.

    New strings of the pages are asserted in English (their Vietnamese arrives with the
    catalogue); the domain's messages, already in the catalogue, also in Vietnamese.
    """
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


def text(response: Any) -> str:
    """The page's text with tags dropped and white space folded: what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def action(client: Client, task: Task, name: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST an action of the task page with the version the page showed (the task's current one)."""
    task.refresh_from_db()
    payload = {"expected_version": task.version, **(data or {})}
    return client.post(f"/tasks/{task.pk}/{name}/", payload, **kwargs)


def events_of(task: Task) -> list[str]:
    return list(Event.objects.filter(task=task).order_by("at", "id").values_list("kind", flat=True))


def query_count(user: Any, path: str, **params: Any) -> int:
    """The queries of one GET by `user`, with the login read anew (nothing cached).

    The office's reminder rules, which the escalation labels read, are cached by the
    process for a minute (NotificationPolicy.current), not read per request: read here
    first, so the count is the page's own whichever test ran before."""
    NotificationPolicy.current()
    client = client_for(get_user_model().objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    return len(queries)
