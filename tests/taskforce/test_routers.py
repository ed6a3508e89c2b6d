"""Reports read from the replica when one is configured; everything else from the primary.

The test settings declare a `replica` alias that mirrors the test database (TEST
MIRROR), the way a streaming replica mirrors the primary: two connections, one
database. Setting REPORTING_DATABASE to it, as the settings do when
REPLICA_DATABASE_URL is set, turns the routing on.
"""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.api_helpers import API, fresh_client, task_url

# Committed (transaction=True): a replica sees what the primary committed, not what one
# of its transactions holds, so the test data must be committed for the mirror to read it.
pytestmark = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


def _task_reads(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "assignments_task"' in q["sql"]]


@pytest.fixture
def with_replica(settings):
    settings.REPORTING_DATABASE = "replica"


def test_the_summary_is_counted_on_the_replica(cast, with_replica):
    client = fresh_client(cast.standing.user)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(f"{API}summary/", {"by": "group"})

    assert response.status_code == 200
    assert response.json()["totals"]["total"] == 1  # the cast's one task, read on the replica
    assert len(_task_reads(replica)) == 1
    assert _task_reads(primary) == []


def test_the_csv_export_lists_the_tasks_from_the_replica(cast, with_replica):
    client = fresh_client(cast.standing.user)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(f"{API}summary/", {"by": "group", "format": "csv"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")

    assert response.status_code == 200
    assert cast.task.title in body
    # The figures and the task list (streamed after the view returned) both on the replica.
    assert len(_task_reads(replica)) == 2
    assert _task_reads(primary) == []


def test_a_task_is_read_from_the_primary_even_with_a_replica(cast, with_replica):
    client = fresh_client(cast.owner.user)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(task_url(cast.task))

    assert response.status_code == 200
    assert replica.captured_queries == []
    assert _task_reads(primary)


def test_without_a_replica_the_summary_reads_the_primary(cast):
    client = fresh_client(cast.standing.user)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(f"{API}summary/", {"by": "group"})

    assert response.status_code == 200
    assert replica.captured_queries == []
    assert len(_task_reads(primary)) == 1


def test_the_dashboard_is_counted_on_the_replica(cast, with_replica):
    # The pages' dashboard takes the API's reporting path: its figures on the replica.
    client = Client(headers={"accept-language": "en"})
    client.force_login(cast.standing.user)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/dashboard/")

    assert response.status_code == 200
    assert response.context["summary"].totals["total"] == 1
    assert len(_task_reads(replica)) == 3  # by group, by ward, by month
    assert _task_reads(primary) == []


def test_the_pages_spreadsheet_reads_the_replica(cast, with_replica):
    client = Client(headers={"accept-language": "en"})
    client.force_login(cast.standing.user)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/dashboard/download/", {"by": "ward"})
        content = b"".join(response.streaming_content)

    assert response.status_code == 200 and content.startswith(b"PK")
    # The figures and the task list, both on the replica.
    assert len(_task_reads(replica)) == 2
    assert _task_reads(primary) == []
