"""The assigning form: the five "rõ" of a new task."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits, selectors
from assignments.choices import ApproverKind, Direction, Priority, ProductKind
from assignments.models import Document, Group, Member, Outcome, Process, Target, Task, Ward
from assignments.roles import AnyUser
from web.forms.base import (
    MemberChoices,
    PageForm,
    date_field,
    model_label,
    number_field,
    rows_field,
    text_area,
    text_field,
)

# --------------------------------------------------------------------------- assigning a task


class ProcessChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Process) -> str:
        steps = obj.step_count  # type: ignore[attr-defined]  # annotated by TaskCreateForm's queryset
        return _("%(name)s (%(steps)d steps)") % {"name": obj.name, "steps": steps}


class TaskCreateForm(PageForm):
    """The five "rõ", each with a word on what it asks (the help text next to the field)."""

    # Clear task (rõ việc)
    title = text_field(label=model_label(Task, "title"), max_length=limits.TASK_TITLE_MAX)
    description = text_field(
        label=model_label(Task, "description"),
        widget=text_area(4),
        help_text=_(
            "Clear task (rõ việc): what is to be done, precisely enough that the owner and the "
            "leader agree when it is done."
        ),
    )
    document = forms.ModelChoiceField(
        label=model_label(Task, "document"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("No assigning document"),
        help_text=_("Optional: the document the task is assigned by (văn bản giao việc), newest first."),
    )
    source = text_field(
        label=model_label(Task, "source"),
        max_length=limits.TASK_SOURCE_MAX,
        help_text=Task._meta.get_field("source").help_text,
    )
    priority = forms.ChoiceField(
        label=model_label(Task, "priority"), choices=Priority.choices, initial=Priority.NORMAL, required=False
    )
    ward = forms.ModelChoiceField(
        label=model_label(Task, "ward"),
        queryset=Ward.objects.none(),
        required=False,
        empty_label=_("No particular ward"),
        help_text=_("Optional: one of the group's wards, where the work happens."),
    )
    # Clear person and responsibility (rõ người, rõ trách nhiệm)
    owner = forms.ModelChoiceField(
        label=model_label(Task, "owner"),
        queryset=Member.objects.none(),
        required=False,
        empty_label="—",
        help_text=_(
            "Clear person (rõ người): exactly one member of the group answers for the task from start to end."
        ),
    )
    coordinators = MemberChoices(
        label=model_label(Task, "coordinators"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Clear responsibility (rõ trách nhiệm): members who support the owner; the owner stays "
            "accountable. Optional."
        ),
    )
    # Clear process (rõ quy trình)
    process = ProcessChoiceField(
        label=model_label(Task, "process"),
        queryset=Process.objects.none(),
        required=False,
        empty_label="—",
        help_text=_(
            "Clear process (rõ quy trình): the steps the owner ticks, in order; they are copied into "
            "the task."
        ),
    )
    # Clear outcome (rõ hiệu quả)
    indicator = text_field(
        label=model_label(Outcome, "indicator"),
        max_length=limits.INDICATOR_MAX,
        help_text=_("Clear outcome (rõ hiệu quả): what is measured to show the work achieved its purpose."),
    )
    unit = text_field(
        label=model_label(Outcome, "unit"),
        max_length=limits.UNIT_MAX,
        help_text=_("For example %, dossiers, households."),
    )
    baseline = number_field(
        label=model_label(Outcome, "baseline"),
        help_text=_("The value before the work starts (optional)."),
    )
    target = number_field(
        label=model_label(Outcome, "target"),
        help_text=_("The value to reach."),
    )
    direction = forms.ChoiceField(
        label=model_label(Outcome, "direction"),
        choices=Direction.choices,
        initial=Direction.INCREASE,
        required=False,
    )
    # Clear deadline (rõ thời gian)
    start_date = date_field(label=model_label(Task, "start_date"))
    due_date = date_field(
        label=model_label(Task, "due_date"),
        help_text=_(
            "Clear deadline (rõ thời gian): the day the work must be done. It can be extended later, "
            "never shortened."
        ),
    )
    term_target = forms.ModelChoiceField(
        label=model_label(Task, "target"),
        queryset=Target.objects.all(),
        required=False,
        empty_label=_("No term target"),
        help_text=_("Optional: the term target the task contributes to."),
    )
    # Clear product (rõ sản phẩm)
    product_kind = forms.ChoiceField(
        label=model_label(Task, "product_kind"),
        choices=[("", _("No product stated")), *ProductKind.choices],
        required=False,
        help_text=_("Clear product (rõ sản phẩm): what the task delivers (a report, a decision, minutes…)."),
    )
    product_description = text_field(
        label=model_label(Task, "product_description"),
        max_length=limits.PRODUCT_DESCRIPTION_MAX,
        help_text=_("For example “Báo cáo kết quả rà soát”."),
    )
    product_file_required = forms.BooleanField(
        label=_("The product's file must be attached before the task is reported done"),
        required=False,
    )
    # Clear authority (rõ thẩm quyền)
    approver_kind = forms.ChoiceField(
        label=model_label(Task, "approver_kind"),
        choices=ApproverKind.choices,
        initial=ApproverKind.GROUP_LEADER,
        required=False,
        help_text=_("Clear authority (rõ thẩm quyền): who accepts the work, or returns it for rework."),
    )
    approver = forms.ModelChoiceField(
        label=model_label(Task, "approver"),
        queryset=Member.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Only for “a named Standing Committee member”."),
    )

    #: The services' names of the outcome's fields, and the form fields that show them.
    SERVICE_FIELDS = {
        "outcome.indicator": "indicator",
        "outcome.unit": "unit",
        "outcome.baseline": "baseline",
        "outcome.target": "target",
        "outcome.direction": "direction",
        "outcome": "indicator",
        "target": "term_target",
        "product.kind": "product_kind",
        "product.description": "product_description",
        "approver.kind": "approver_kind",
        "approver.member": "approver",
        "document": "document",
    }

    #: What the five "rõ" require (services.task_create): marked for the eye and the ear.
    REQUIRED = (
        "title",
        "description",
        "owner",
        "process",
        "indicator",
        "unit",
        "target",
        "start_date",
        "due_date",
    )

    def __init__(self, *args: Any, group: Group, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        for name in self.REQUIRED:
            self.fields[name].widget.attrs["aria-required"] = "true"
            self.fields[name].marked_required = True  # type: ignore[attr-defined]  # read by the field template
        rows_field(self, "owner").queryset = group.members.filter(active=True)
        rows_field(self, "ward").queryset = group.wards.filter(active=True)
        # Coordinators may come from any group (docs/rules.md).
        rows_field(self, "coordinators").queryset = Member.objects.active()
        rows_field(self, "process").queryset = (
            Process.objects.filter(active=True).annotate(step_count=Count("steps")).filter(step_count__gt=0)
        )
        rows_field(self, "approver").queryset = Member.objects.active().filter(is_standing=True)
        # The documents the assigner may read: a task points only at one of those (the service).
        rows_field(self, "document").queryset = selectors.documents_visible_to(user).order_by(
            "-issued_on", "-id"
        )
        self.fields["start_date"].initial = clock.today

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values as `services.task_create` takes them."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "source": data["source"],
            "document": data["document"],
            "priority": data["priority"] or Priority.NORMAL,
            "group": self.group,
            "ward": data["ward"],
            "owner": data["owner"],
            "coordinators": list(data["coordinators"]),
            "process": data["process"],
            "start_date": data["start_date"],
            "due_date": data["due_date"],
            "target": data["term_target"],
            "outcome": {
                "indicator": data["indicator"],
                "unit": data["unit"],
                "baseline": data["baseline"],
                "target": data["target"],
                "direction": data["direction"] or Direction.INCREASE,
            },
            "product": {
                "kind": data["product_kind"],
                "description": data["product_description"],
                "file_required": data["product_file_required"],
            },
            "approver": {
                "kind": data["approver_kind"] or ApproverKind.GROUP_LEADER,
                "member": data["approver"],
            },
        }
