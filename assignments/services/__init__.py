"""Every write that changes state (docs/architecture.md: services), by subject.

- `tasks`: assigning a task with its five "rõ", editing its content;
- `transitions`: the status machine, the handover and the extension;
- `records`: steps ticked, measured values, notes and directions;
- `people`: the coordinators and the watchers;
- `documents`: the assigning documents, and a document registered with its tasks in one go;
- `files`: files attached to tasks, their records and documents, and withdrawn;
- `reference`, `processes`: reference data (wards, members, groups; processes and term
  targets), each change with its audit row (`reference_audit`);
- `base`: the row lock, the one guard (assignments/actions.py) and the event row.

Callers import from here: `from assignments import services; services.task_start(...)`.
"""

from assignments.services.documents import (
    DOCUMENT_FIELDS,
    DocumentSpec,
    document_create,
    document_register,
    document_update,
)
from assignments.services.files import (
    attachment_add,
    attachment_withdraw,
    document_file_add,
    file_brief,
)
from assignments.services.people import task_change_coordinators, task_change_watchers
from assignments.services.processes import (
    ProcessChanges,
    StepSpec,
    TargetChanges,
    process_create,
    process_delete,
    process_update,
    target_create,
    target_delete,
    target_update,
)
from assignments.services.records import measurement_record, note_add, task_complete_step
from assignments.services.reference import (
    GroupChanges,
    MemberChanges,
    WardChanges,
    check_group_members,
    group_create,
    group_delete,
    group_update,
    member_create,
    member_update,
    members_deactivate,
    members_reactivate,
    ward_create,
    ward_delete,
    ward_update,
)
from assignments.services.tasks import (
    CORRECTABLE_OUTCOME_FIELDS,
    EDITABLE_FIELDS,
    ApproverSpec,
    ContentChanges,
    OutcomeSpec,
    ProductSpec,
    outcome_correct,
    task_create,
    task_edit,
)
from assignments.services.transitions import (
    task_accept,
    task_cancel,
    task_explain,
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
    "DOCUMENT_FIELDS",
    "EDITABLE_FIELDS",
    "ApproverSpec",
    "ContentChanges",
    "DocumentSpec",
    "GroupChanges",
    "MemberChanges",
    "OutcomeSpec",
    "ProcessChanges",
    "ProductSpec",
    "StepSpec",
    "TargetChanges",
    "WardChanges",
    "attachment_add",
    "attachment_withdraw",
    "check_group_members",
    "document_create",
    "document_file_add",
    "document_register",
    "document_update",
    "file_brief",
    "group_create",
    "group_delete",
    "group_update",
    "measurement_record",
    "member_create",
    "member_update",
    "members_deactivate",
    "members_reactivate",
    "note_add",
    "outcome_correct",
    "process_create",
    "process_delete",
    "process_update",
    "target_create",
    "target_delete",
    "target_update",
    "task_accept",
    "task_cancel",
    "task_change_coordinators",
    "task_change_watchers",
    "task_complete_step",
    "task_create",
    "task_edit",
    "task_explain",
    "task_extend",
    "task_pause",
    "task_reassign",
    "task_resume",
    "task_return",
    "task_start",
    "task_submit",
    "ward_create",
    "ward_delete",
    "ward_update",
]
