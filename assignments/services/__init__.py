"""Every write that changes state (docs/architecture.md: services), by subject.

- `tasks`: assigning a task with its five "rõ", editing its content;
- `transitions`: the status machine, the handover and the extension;
- `records`: steps ticked, measured values, notes and directions;
- `people`: the coordinators and the watchers;
- `base`: the row lock, the one guard (assignments/actions.py) and the event row.

Callers import from here: `from assignments import services; services.task_start(...)`.
"""

from assignments.services.people import task_change_coordinators, task_change_watchers
from assignments.services.records import measurement_record, note_add, task_complete_step
from assignments.services.tasks import (
    CORRECTABLE_OUTCOME_FIELDS,
    EDITABLE_FIELDS,
    ContentChanges,
    OutcomeSpec,
    outcome_correct,
    task_create,
    task_edit,
)
from assignments.services.transitions import (
    task_accept,
    task_cancel,
    task_extend,
    task_pause,
    task_reassign,
    task_resume,
    task_return,
    task_start,
    task_submit,
)

__all__ = [
    "CORRECTABLE_OUTCOME_FIELDS",
    "EDITABLE_FIELDS",
    "ContentChanges",
    "OutcomeSpec",
    "measurement_record",
    "note_add",
    "outcome_correct",
    "task_accept",
    "task_cancel",
    "task_change_coordinators",
    "task_change_watchers",
    "task_complete_step",
    "task_create",
    "task_edit",
    "task_extend",
    "task_pause",
    "task_reassign",
    "task_resume",
    "task_return",
    "task_start",
    "task_submit",
]
