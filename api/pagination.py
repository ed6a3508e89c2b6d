"""Pages of a list, with a count that stays cheap on a million rows.

Up to `settings.LIST_EXACT_COUNT_UP_TO` matching rows (10,000) the count is exact, as
always. Past it, on PostgreSQL, counting every row on every page was a third of the
office's unfiltered list of a million tasks (docs/performance.md) for a figure nobody
reads to the unit; there the count is the planner's estimate of the same query, and
the page says so (`"count_is_estimate": true`). The count query reads at most the
threshold and one more row, so it costs the same for a thousand rows as for a million.

The links stay right: with an estimate, a page reads one row more than it shows, so
`next` is there exactly when a further row is; the last page, once reached, knows the
exact count and answers it. SQLite (development, tests) always counts exactly.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.response import Response


def planner_estimate(queryset: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects `queryset` to match (EXPLAIN, not run)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return int(plan[0]["Plan"]["Plan Rows"])


def counted(queryset: QuerySet, exact_up_to: int | None = None) -> tuple[int, bool]:
    """(count, is_estimate): exact up to `exact_up_to` rows (the setting by default), the
    planner's estimate past it on PostgreSQL, never less than the rows known to be there."""
    limit = settings.LIST_EXACT_COUNT_UP_TO if exact_up_to is None else exact_up_to
    if not limit or connections[queryset.db].vendor != "postgresql":
        return queryset.count(), False
    # COUNT(*) over the first limit + 1 rows: as cheap for a million as for 10,001.
    rows = queryset.order_by().values("pk")[: limit + 1].count()
    if rows <= limit:
        return rows, False
    return max(planner_estimate(queryset), rows), True


class Paginator(DjangoPaginator):
    """Django's, with `counted()`'s count: past the threshold the pages are read without
    trusting the estimate for where the list ends."""

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        count, self.count_is_estimate = counted(self.object_list)
        return count

    def page(self, number: Any) -> Any:
        count = self.count
        if not self.count_is_estimate:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        # One row more than the page: whether a next page exists, whatever the estimate.
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        seen = bottom + min(len(rows), self.per_page)
        if len(rows) > self.per_page:
            # More rows follow: the count is at least one past this page.
            self.count = max(count, seen + 1)
        else:
            # The last page: its end is the exact count.
            self.count, self.count_is_estimate = seen, False
        return Page(rows[: self.per_page], number, self)

    @property
    def num_pages(self) -> int:
        # Django's, not cached: a page read past an estimate corrects the count.
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return math.ceil(max(1, self.count - self.orphans) / self.per_page)


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = Paginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        if getattr(self.page and self.page.paginator, "count_is_estimate", False):
            # Beside the count it qualifies; absent when the count is exact.
            count, *rest = response.data.items()
            response.data = dict([count, ("count_is_estimate", True), *rest])
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = (
            "Matching rows: exact up to 10,000, PostgreSQL's estimate past that "
            "(then `count_is_estimate` is true)."
        )
        properties = described["properties"]
        described["properties"] = {
            "count": properties["count"],
            "count_is_estimate": {
                "type": "boolean",
                "description": (
                    "Present, and true, only when `count` is an estimate (more than 10,000 "
                    "matching rows on PostgreSQL); `next` is exact either way."
                ),
                "example": True,
            },
            **{name: value for name, value in properties.items() if name != "count"},
        }
        return described
