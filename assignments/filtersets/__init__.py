"""Query filters for lists (django-filter), by subject. Every relation has a filter.

- `base`: the FilterSet every list uses (unknown parameters refused) and the kinds of
  filter (strict booleans, ids, dates in the window, repeatable choices, search);
- `reference`: wards, members, groups, processes and the history of reference data;
- `documents`: the assigning documents;
- `tasks`: `tasks/`, shared by the board and the dashboard;
- `records`: a task's events, notes, measurements and files;
- `notifications`: the inbox and the webhooks' lists.

Callers import from here: `from assignments.filtersets import TaskFilterSet`.
"""

from assignments.filtersets.base import (
    UNKNOWN_PARAMETER,
    BooleanFilter,
    DateFilter,
    FilterSet,
    IdFilter,
    InFilter,
    IsoDateTimeFilter,
    OrderingFilter,
    SearchFilter,
)
from assignments.filtersets.documents import DocumentFilterSet
from assignments.filtersets.notifications import (
    NotificationFilterSet,
    WebhookDeliveryFilterSet,
    WebhookEndpointFilterSet,
)
from assignments.filtersets.records import (
    AttachmentFilterSet,
    EventFilterSet,
    MeasurementFilterSet,
    NoteFilterSet,
)
from assignments.filtersets.reference import (
    GroupFilterSet,
    MemberFilterSet,
    ProcessFilterSet,
    ReferenceChangeFilterSet,
    WardFilterSet,
)
from assignments.filtersets.tasks import TaskFilterSet

__all__ = [
    "UNKNOWN_PARAMETER",
    "AttachmentFilterSet",
    "BooleanFilter",
    "DateFilter",
    "DocumentFilterSet",
    "EventFilterSet",
    "FilterSet",
    "GroupFilterSet",
    "IdFilter",
    "InFilter",
    "IsoDateTimeFilter",
    "MeasurementFilterSet",
    "MemberFilterSet",
    "NoteFilterSet",
    "NotificationFilterSet",
    "OrderingFilter",
    "ProcessFilterSet",
    "ReferenceChangeFilterSet",
    "SearchFilter",
    "TaskFilterSet",
    "WardFilterSet",
    "WebhookDeliveryFilterSet",
    "WebhookEndpointFilterSet",
]
