"""Keeping the search columns current when what they copy changes (docs/api.md, "Search").

A task's `search_text` copies its own title and description and its owner's and ward's
names; a member's copies their full name and title. The services refresh a task's text
with the task's own writes (create, content edit, reassign). A write of a member or a
ward happens elsewhere (the API, the admin, the seed): each calls `member_saved` or
`ward_renamed` here, after saving, in the same transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from assignments.models import Member, Task, Ward
from assignments.text import search_document

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
def ward_renamed(ward: Ward) -> None:
    """After a ward's name changed: the search text of its tasks."""
    refresh_tasks(Task.objects.filter(ward=ward))
