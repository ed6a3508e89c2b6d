"""Every list of the API has a filter for each relation of its model (as NetBox tests),
and refuses a parameter it does not know.

The lists are found from the URLs, so a new list is checked the day it is added; a
relation without a filter fails here until it gets one or a line in `NOT_FILTERED`
saying why it needs none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from api.filters import FilterBackend
from assignments.filtersets import FilterSet
from assignments.models import (
    Attachment,
    Document,
    Event,
    Group,
    Measurement,
    Member,
    Note,
    Notification,
    Process,
    Target,
    Task,
    Ward,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.api.api_helpers import API, client_for

#: (model, relation) -> why a list of that model needs no filter for it.
NOT_FILTERED: dict[tuple[type[models.Model], str], str] = {
    (Ward, "tasks"): "the tasks of a ward are tasks/?ward=",
    (Member, "owned_tasks"): "tasks/?owner=",
    (Member, "coordinated_tasks"): "tasks/?coordinator=",
    (Member, "watched_tasks"): "tasks/?watcher=",
    (Member, "led_groups"): "groups/?leader=",
    (Group, "tasks"): "tasks/?group=",
    (Process, "tasks"): "tasks/?process=",
    (Process, "steps"): "a process's steps are part of its document, not rows of the list",
    (Target, "tasks"): "tasks/?target=",
    (Document, "tasks"): "documents/{id}/tasks/, and tasks/?document=",
    (Document, "attachments"): "read at documents/{id}/attachments/",
    (Member, "approved_tasks"): "tasks/?approver=",
    (Task, "attachments"): "read at tasks/{id}/attachments/",
    (Measurement, "attachments"): "tasks/{id}/attachments/?measurement=",
    (Note, "attachments"): "tasks/{id}/attachments/?note=",
    (Attachment, "task"): "the task is the path's: tasks/{id}/attachments/",
    (Attachment, "document"): "the document is the path's: documents/{id}/attachments/",
    (Task, "steps"): "part of the task's document",
    (Task, "outcome"): "part of the task's document (one per task)",
    (Task, "notes"): "read at tasks/{id}/notes/",
    (Task, "events"): "read at tasks/{id}/events/",
    (Event, "task"): "the task is the path's: tasks/{id}/events/",
    (Note, "task"): "the task is the path's: tasks/{id}/notes/",
    (Measurement, "outcome"): "the task's one outcome is the path's: tasks/{id}/measurements/",
    (WebhookEndpoint, "deliveries"): "read at webhooks/{id}/deliveries/",
    (Task, "notifications"): "read at notifications/, each person their own (?task= there)",
    (Notification, "recipient"): "the list is the caller's own inbox",
    (Notification, "deliveries"): "how it was sent is the office's, in the admin",
    (WebhookDelivery, "endpoint"): "the endpoint is the path's: webhooks/{id}/deliveries/",
}


def list_views() -> Iterator[tuple[str, Any]]:
    """(route, view class) of every list in the API's URLs."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                actions = getattr(pattern.callback, "actions", None) or {}
                if "list" in actions.values():
                    yield prefix + str(pattern.pattern), pattern.callback.cls

    seen = set()
    for route, view in walk(get_resolver().url_patterns, "/"):
        if route.startswith(API) and view not in seen:
            seen.add(view)
            yield route, view


#: Lists with no relation a reader could narrow by: the caller's own devices (a handful
#: of tokens, all of one user).
UNFILTERED_LISTS = {f"{API}auth/tokens/"}

LISTS = sorted((route, view) for route, view in list_views() if route not in UNFILTERED_LISTS)


def model_of(view: Any) -> type[models.Model]:
    if getattr(view, "queryset", None) is not None:
        return view.queryset.model
    return view.filterset_class._meta.model


def relations(model: type[models.Model]) -> list[str]:
    """The name a query uses for each relation, forward and reverse, to one or many (a
    reverse relation's `name` is its query name: `member_groups` for Group.members)."""
    return sorted(field.name for field in model._meta.get_fields() if field.is_relation)


def filtered_relations(filterset_class: type[FilterSet]) -> set[str]:
    """The relation each filter reads (the first part of its field name)."""
    return {f.field_name.split("__")[0] for f in filterset_class.base_filters.values() if f.field_name}


def test_the_lists_are_found():
    routes = [route for route, _ in LISTS]
    # Spelled out, so a change in the URL walk cannot make the coverage test vacuous.
    for expected in ("wards/", "members/", "groups/", "processes/", "tasks/", "targets/", "events/"):
        assert any(route.endswith(expected) for route in routes), routes


@pytest.mark.parametrize(("route", "view"), LISTS, ids=[route for route, _ in LISTS])
def test_every_relation_of_a_list_has_a_filter(route, view):
    assert view.filterset_class is not None, f"{route} has no filterset_class"
    assert issubclass(view.filterset_class, FilterSet), f"{route}: not assignments.filtersets.FilterSet"
    model = model_of(view)
    covered = filtered_relations(view.filterset_class)

    missing = [name for name in relations(model) if name not in covered and (model, name) not in NOT_FILTERED]

    assert not missing, f"{route}: no filter for {model.__name__}.{', '.join(missing)}"


def test_every_exemption_is_still_a_relation_without_a_filter():
    filtersets = {model_of(view): view.filterset_class for _, view in LISTS}
    for model, name in NOT_FILTERED:
        assert name in relations(model), f"{model.__name__}.{name} is no longer a relation"
        assert name not in filtered_relations(filtersets[model]), f"{model.__name__}.{name} has a filter now"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "view"), LISTS, ids=[route for route, _ in LISTS])
def test_every_list_refuses_a_parameter_it_does_not_know(cast, route, view):
    path = route.replace("<int:task_id>", str(cast.task.pk))
    if "<int:document_id>" in path:
        document = Document.objects.create(
            number="15-KL/QU",
            kind="conclusion",
            issued_on="2026-01-10",
            issuer="Ban Thường vụ Quận ủy",
            excerpt="Về cải cách hành chính",
            created_by=cast.staff,
            created_at=cast.task.created_at,
            updated_at=cast.task.created_at,
        )
        path = path.replace("<int:document_id>", str(document.pk))
    if "<int:webhook_id>" in path:
        endpoint = WebhookEndpoint.objects.create(name="Tỉnh", url="https://tracker.example.org/hooks")
        path = path.replace("<int:webhook_id>", str(endpoint.pk))

    response = client_for(cast.staff).get(path, {"no_such_filter": "1"})

    assert response.status_code == 400, (path, response.content)
    assert list(response.json()["errors"]) == ["no_such_filter"]


def test_the_api_filters_through_the_strict_backend():
    from rest_framework.settings import api_settings

    backends = api_settings.DEFAULT_FILTER_BACKENDS
    assert backends == [FilterBackend]
