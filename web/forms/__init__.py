"""The pages' forms: they collect and parse input; the services decide.

No rule lives here. A field is optional in the form even where the task needs it: the
service is the one that refuses a task without an owner, and its message says which
"rõ" is missing. A form only turns text into values (a date, a number, a member); the
view calls the service and puts what it refuses next to the field concerned
(`add_service_errors`).

- `base`: the fields and what every form shares;
- `actions`: a form per task action (the action table's rows);
- `assign`: the assigning form, the five "rõ" of a new task;
- `files`: a task's files, attached and withdrawn;
- `notifications`: a person's notification settings;
- `period`: the dashboard's reporting period.
"""

from web.forms.actions import (
    ActionForm,
    CommentForm,
    CoordinatorsForm,
    CorrectOutcomeForm,
    DirectionForm,
    ExplainForm,
    ExtendForm,
    MeasurementForm,
    NoteForm,
    ReasonForm,
    ReassignForm,
    StepForm,
    WatchersForm,
)
from web.forms.assign import TaskCreateForm
from web.forms.base import DateInput, PageForm, add_service_errors, rows_field, use_page_template
from web.forms.files import AttachFileForm, WithdrawFileForm
from web.forms.notifications import NotificationSettingsForm
from web.forms.period import PeriodForm

__all__ = [
    "ActionForm",
    "AttachFileForm",
    "CommentForm",
    "CoordinatorsForm",
    "CorrectOutcomeForm",
    "DateInput",
    "DirectionForm",
    "ExplainForm",
    "ExtendForm",
    "MeasurementForm",
    "NoteForm",
    "NotificationSettingsForm",
    "PageForm",
    "PeriodForm",
    "ReasonForm",
    "ReassignForm",
    "StepForm",
    "TaskCreateForm",
    "WatchersForm",
    "WithdrawFileForm",
    "add_service_errors",
    "rows_field",
    "use_page_template",
]
