"""The forms of a task's files: attach one (from the phone's camera or a desk), withdraw one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from assignments.choices import TASK_ATTACHMENT_KINDS, AttachmentKind
from assignments.files import checks
from assignments.models import Attachment, Task
from web.forms.actions import ActionForm
from web.forms.base import model_label, text_area, text_field
from web.templatetags.web_tags import number


def accepted_types() -> str:
    """The file input's `accept`: the allowed types and their endings, so a phone offers its
    camera and photos and a desk the documents; the server checks the bytes all the same."""
    endings = {f".{ending}" for ending in checks.ALLOWED_TYPES.values()} | {".jpeg"}
    return ",".join([*checks.ALLOWED_TYPES, *sorted(endings)])


class AttachFileForm(ActionForm):
    """A file for the task: what it is for, and the measured value it backs, if any.

    No `capture` on the input: the phone asks whether to take a photo or choose a file."""

    file = forms.FileField(
        label=model_label(Attachment, "file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": accepted_types()}),
        help_text=_("A photo, a PDF, or a Word, Excel or OpenDocument file; at most %(limit)s."),
    )
    kind = forms.ChoiceField(
        label=model_label(Attachment, "kind"),
        choices=[(kind.value, kind.label) for kind in TASK_ATTACHMENT_KINDS],
        initial=AttachmentKind.EVIDENCE,
        required=False,
    )
    measurement = forms.TypedChoiceField(
        label=_("For the measured value (optional)"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text % {"limit": filesizeformat(checks.max_size())}
        # The task's measured values as read with the page (prefetched): no query of their own.
        unit = task.outcome.unit
        choices: list[tuple[Any, str]] = [("", "—")]
        choices += [
            (m.pk, f"{date_format(m.measured_on, 'd/m/Y')}: {number(m.value)} {unit}")
            for m in task.outcome.measurements.all()
        ]
        self.fields["measurement"].choices = choices  # type: ignore[attr-defined]


class WithdrawFileForm(ActionForm):
    """One file withdrawn, with the reason (the service requires it); it stays in the record."""

    attachment = forms.IntegerField(widget=forms.HiddenInput)
    reason = text_field(label=_("Why withdraw this file"), widget=text_area(2))
