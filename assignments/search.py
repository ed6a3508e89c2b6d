"""Keeping the search columns current when what they copy changes (docs/api.md, "Search").

A task's `search_text` copies its own title and description and its owner's and ward's
names; a member's copies their full name and title; a ward's its code and name. The
services refresh a task's text with the task's own writes (create, content edit,
reassign). A member or a ward is written by the reference services (the API, the admin
and the seed all go through them): each calls `member_saved` or `ward_saved` here, after
saving, in the same transaction.

`matching` is the one reading of a search column, for the API's `q=` (SearchFilter) and
the admin's search box alike.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction
from django.db.models import Q, QuerySet

from assignments.models import Member, Task, Ward
from assignments.text import normalize_text, search_document, search_words

_M = TypeVar("_M", bound=models.Model)

#: Tasks read and written per round: a member may own tens of thousands.
BATCH = 2000


def refresh_tasks(tasks: QuerySet[Task], *, batch: int = BATCH) -> int:
    """Recompute the search text of `tasks`, `batch` rows at a time; how many changed."""
    rows = tasks.order_by("pk").values_list(
        "pk", "title", "description", "owner__full_name", "ward__name", "search_text"
    )
    changed, last = 0, 0
    while chunk := list(rows.filter(pk__gt=last)[:batch]):
        last = chunk[-1][0]
        stale = [
            Task(pk=pk, search_text=text)
            for pk, title, description, owner, ward, stored in chunk
            if (text := search_document(title, description, owner, ward or "")) != stored
        ]
        Task.objects.bulk_update(stale, ["search_text"])
        changed += len(stale)
    return changed


@transaction.atomic
def member_saved(member: Member) -> None:
    """After a member is created or edited: their own search text and, when it changed
    (a new name, or a new title), that of the tasks they own (a task holds the name)."""
    if member.refresh_search_text():
        Member.objects.filter(pk=member.pk).update(search_text=member.search_text)
        refresh_tasks(Task.objects.filter(owner=member))


@transaction.atomic
def ward_saved(ward: Ward) -> None:
    """After a ward is created or edited: its own search text and, when it changed (a new
    name, or a new code), that of its tasks (a task holds the ward's name; rewriting only
    the stale rows, a new code rewrites none)."""
    if ward.refresh_search_text():
        Ward.objects.filter(pk=ward.pk).update(search_text=ward.search_text)
        refresh_tasks(Task.objects.filter(ward=ward))


def search_query(query: str, column: str = "search_text") -> Q | None:
    """Every word of `query` at the start of a word of `column`; None for no word.

    `contains`, not `icontains`: the column is lower case already, and UPPER(column)
    LIKE ... would not use PostgreSQL's trigram index.
    """
    words = search_words(normalize_text(query or ""))
    if not words:
        return None
    condition = Q()
    for word in words:
        condition &= Q(**{f"{column}__contains": f" {word}"})
    return condition


def matching(queryset: QuerySet[_M], query: str, column: str = "search_text") -> QuerySet[_M]:
    """The rows of `queryset` whose folded `column` holds every word of `query`."""
    condition = search_query(query, column)
    return queryset if condition is None else queryset.filter(condition)
