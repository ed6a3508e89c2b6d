"""A list's count: exact up to LIST_EXACT_COUNT_UP_TO rows; past it, on PostgreSQL, the
planner's estimate, said so with `count_is_estimate`, the `next` links still exact and
the last page's count exact (api/pagination.py, docs/api.md "Pagination"). SQLite always
counts exactly."""

from __future__ import annotations

import pytest
from django.db import connection

from api import pagination
from tests.api.api_helpers import API, client_for
from tests.factories import make_task

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL estimates")
on_sqlite = pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite counts exactly")


@pytest.fixture
def five_tasks(cast, settings):
    """Five tasks in all (the cast's and four), the exact count kept up to three."""
    settings.LIST_EXACT_COUNT_UP_TO = 3
    for n in range(4):
        make_task(group=cast.group, owner=cast.owner, title=f"Việc {n}")
    return cast


def pages(cast, **params) -> list[dict]:
    client = client_for(cast.staff)
    out, page = [], 1
    while True:
        response = client.get(f"{API}tasks/", {"page_size": 2, "page": page, **params})
        assert response.status_code == 200
        out.append(response.json())
        if out[-1]["next"] is None:
            return out
        page += 1


def test_up_to_the_threshold_the_count_is_exact_and_says_nothing_more(five_tasks, settings):
    settings.LIST_EXACT_COUNT_UP_TO = 5

    page = client_for(five_tasks.staff).get(f"{API}tasks/", {"page_size": 2}).json()

    assert page["count"] == 5
    assert set(page) == {"count", "next", "previous", "results"}


@on_sqlite
def test_sqlite_counts_exactly_past_the_threshold(five_tasks):
    page = client_for(five_tasks.staff).get(f"{API}tasks/", {"page_size": 2}).json()

    assert page["count"] == 5
    assert "count_is_estimate" not in page


@on_postgresql
def test_past_the_threshold_the_count_is_the_planners_and_says_so(five_tasks):
    first, second, last = pages(five_tasks)

    # At least the rows the bounded count saw (the threshold and one more).
    assert first["count"] >= 4 and first["count_is_estimate"] is True
    assert list(first)[:2] == ["count", "count_is_estimate"]
    assert second["count_is_estimate"] is True
    # The last page knows where the list ends: the exact count, no estimate.
    assert last["count"] == 5 and "count_is_estimate" not in last
    assert [len(p["results"]) for p in (first, second, last)] == [2, 2, 1]
    shown = [row["id"] for p in (first, second, last) for row in p["results"]]
    assert len(set(shown)) == 5


@on_postgresql
@pytest.mark.parametrize("estimate", [1, 1000])
def test_the_links_are_exact_whatever_the_estimate(five_tasks, monkeypatch, estimate):
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: estimate)

    shown = pages(five_tasks)

    assert [len(p["results"]) for p in shown] == [2, 2, 1]
    assert shown[-1]["count"] == 5
    # Never fewer than the rows seen so far and one more while a next page exists.
    assert shown[0]["count"] == max(estimate, 4)
    assert shown[1]["count"] == max(estimate, 5)


@on_postgresql
def test_a_page_past_the_end_is_a_404_not_an_empty_page(five_tasks, monkeypatch):
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: 1000)

    response = client_for(five_tasks.staff).get(f"{API}tasks/", {"page_size": 2, "page": 4})

    assert response.status_code == 404


@on_postgresql
def test_an_estimate_costs_one_query_more_and_no_query_per_row(five_tasks, django_assert_num_queries):
    client = client_for(five_tasks.staff)
    # The bounded count 1, the planner's estimate 1, the page 1, its steps 1, coordinators 1.
    with django_assert_num_queries(5):
        page = client.get(f"{API}tasks/", {"page_size": 2}).json()
    assert page["count_is_estimate"] is True


@on_postgresql
def test_filtered_lists_count_the_same_way(five_tasks):
    few = client_for(five_tasks.staff).get(f"{API}tasks/", {"q": "Việc 1"}).json()
    assert few["count"] == 1 and "count_is_estimate" not in few
