"""A task's page and the actions on it.

Each action is a POST with the CSRF token and the version of the task the user saw.
The view calls the one service; on success it says what happened and redirects to the
task (POST-redirect-GET, so a reload never repeats an action). On a refusal it shows
the page again, as the task is now, with the service's message: next to the field for
a missing input (400), at the top for who may (403), the task's state (409) or a
change made by someone else meanwhile (409); the text the user typed is kept.

A file is attached the same way (a multipart POST of the `attach_file` action): a file
past the size limit is dropped while it arrives (taskforce/uploads.py) and said next to
the field, as is a file the checks refuse; nothing is stored then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from assignments import policies, roles, selectors, services
from assignments.choices import AttachmentKind, NoteKind
from assignments.exceptions import InvalidTransition, NotPermitted, VersionMismatch
from assignments.files import checks
from assignments.models import Attachment, Event, Measurement, Note, Task, TaskStep
from taskforce import uploads
from web import forms, timeline
from web.templatetags.web_tags import number
from web.views.base import PageMixin
from web.views.files import with_files

STALE = _(
    "Someone else changed this task while you were looking at it, so nothing was done. "
    "Here it is as it is now: check it and try again."
)
CHECK_FIELDS = _("Nothing was done: see the message next to the field.")


def load_task(user: Any, pk: int) -> Task:
    """The task with everything its page shows, if `user` may read it; a 404 otherwise."""
    tasks = (
        selectors.tasks_visible_to(user)
        .for_display(step_authors=True)
        .select_related("group__leader")
        .prefetch_related(
            Prefetch(
                "outcome__measurements",
                queryset=Measurement.objects.select_related("recorded_by__member").order_by(
                    "measured_on", "id"
                ),
            ),
            Prefetch(
                "notes", queryset=Note.objects.select_related("author__member").order_by("created_at", "id")
            ),
            Prefetch("events", queryset=Event.objects.select_related("actor__member").order_by("at", "id")),
            # The product that submit waits for is read from them (policies.product_files).
            with_files(),
        )
    )
    try:
        return tasks.get(pk=pk)
    except Task.DoesNotExist:
        raise Http404 from None


# --------------------------------------------------------------------------- the actions


@dataclass(frozen=True)
class ActionSpec:
    """An action of the page: its form, the service call, and what to say when it is done."""

    form: type[forms.ActionForm]
    perform: Callable[[Task, Any, dict[str, Any], int | None], Any]
    done: Callable[[Task, Any], str]


def _note(data: dict[str, Any]) -> str:
    return data.get("note") or ""


def _complete_step(task: Task, user: Any, data: dict[str, Any], version: int | None) -> str:
    services.task_complete_step(task=task.pk, step=data["step"], actor=user, expected_version=version)
    return next(s.name for s in task.steps.all() if s.pk == data["step"])


def _measure(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Measurement:
    return services.measurement_record(
        task=task.pk,
        actor=user,
        value=data["value"],
        measured_on=data["measured_on"],
        note=data["note"],
        expected_version=version,
    )


def _measured(task: Task, measurement: Measurement) -> str:
    return gettext("Measured value recorded: %(value)s %(unit)s on %(date)s.") % {
        "value": number(measurement.value),
        "unit": task.outcome.unit,
        "date": date_format(measurement.measured_on, "d/m/Y"),
    }


def _with_note(service: Callable[..., Task]) -> Callable[[Task, Any, dict[str, Any], int | None], Task]:
    def perform(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
        return service(task=task.pk, actor=user, note=_note(data), expected_version=version)

    return perform


def _start(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
    return services.task_start(task=task.pk, actor=user, expected_version=version)


def _reassign(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
    return services.task_reassign(
        task=task.pk, actor=user, owner=data["owner"], reason=data["reason"], expected_version=version
    )


def _extend(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
    return services.task_extend(
        task=task.pk, actor=user, due_date=data["due_date"], reason=data["reason"], expected_version=version
    )


def _explain(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
    return services.task_explain(
        task=task.pk,
        actor=user,
        reason=data["reason"],
        proposed_due_date=data["proposed_due_date"],
        expected_version=version,
    )


def _add_note(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Note:
    return services.note_add(task=task.pk, actor=user, text=data["text"], expected_version=version)


def _give_direction(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Note:
    return services.note_add(
        task=task.pk, actor=user, text=data["text"], kind=NoteKind.DIRECTION, expected_version=version
    )


def _change_coordinators(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
    return services.task_change_coordinators(
        task=task.pk,
        actor=user,
        coordinators=data["coordinators"],
        note=data["note"],
        expected_version=version,
    )


def _change_watchers(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
    return services.task_change_watchers(
        task=task.pk, actor=user, watchers=data["watchers"], note=data["note"], expected_version=version
    )


def _correct_outcome(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Task:
    changes: services.OutcomeSpec = {
        "indicator": data["indicator"],
        "unit": data["unit"],
        "baseline": data["baseline"],
        "target": data["target"],
        # Left empty, the direction stays as it is.
        "direction": data["direction"] or task.outcome.direction,
    }
    return services.outcome_correct(
        task=task.pk, actor=user, changes=changes, reason=data["reason"], expected_version=version
    )


def _attach_file(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Attachment:
    return services.attachment_add(
        task=task.pk,
        actor=user,
        upload=data["file"],
        kind=data["kind"],
        measurement=data["measurement"],
        expected_version=version,
    )


def _file_of(task: Task, pk: int) -> Attachment:
    """The task's file `pk` (read with the page); another task's or none: not found."""
    for attachment in task.attachments.all():
        if attachment.pk == pk:
            return attachment
    raise Attachment.DoesNotExist


def _withdraw_file(task: Task, user: Any, data: dict[str, Any], version: int | None) -> Attachment:
    return services.attachment_withdraw(
        attachment=_file_of(task, data["attachment"]),
        actor=user,
        reason=data["reason"],
        expected_version=version,
    )


def _says(message: Promise) -> Callable[[Task, Any], str]:
    return lambda task, result: str(message)


ACTIONS: dict[str, ActionSpec] = {
    "start": ActionSpec(
        forms.ActionForm,
        _start,
        _says(_("You started the task. Tick each step as you complete it.")),
    ),
    "complete_step": ActionSpec(
        forms.StepForm,
        _complete_step,
        lambda task, step: gettext("Step completed: “%(step)s”.") % {"step": step},
    ),
    "record_measurement": ActionSpec(forms.MeasurementForm, _measure, _measured),
    "submit": ActionSpec(
        forms.CommentForm,
        _with_note(services.task_submit),
        _says(_("You reported the task as done. It now awaits acceptance by the group's leader.")),
    ),
    "pause": ActionSpec(forms.ReasonForm, _with_note(services.task_pause), _says(_("The task is paused."))),
    "resume": ActionSpec(
        forms.CommentForm, _with_note(services.task_resume), _says(_("The task is resumed."))
    ),
    "accept": ActionSpec(
        forms.CommentForm,
        _with_note(services.task_accept),
        _says(_("The task is accepted: it counts as done.")),
    ),
    "return": ActionSpec(
        forms.ReasonForm,
        _with_note(services.task_return),
        _says(_("The task was returned to its owner for rework, with your reason.")),
    ),
    "reassign": ActionSpec(
        forms.ReassignForm,
        _reassign,
        lambda task, result: (
            gettext("The task was handed over to %(owner)s.") % {"owner": result.owner.full_name}
        ),
    ),
    "extend": ActionSpec(
        forms.ExtendForm,
        _extend,
        lambda task, result: (
            gettext("The due date is now %(date)s.") % {"date": date_format(result.due_date, "d/m/Y")}
        ),
    ),
    "explain": ActionSpec(
        forms.ExplainForm,
        _explain,
        lambda task, result: (
            gettext(
                "Your explanation was sent to the group's leader, with %(date)s as the new due date "
                "you propose. The leader decides whether to extend the deadline."
            )
            % {"date": date_format(result.proposed_due_date, "d/m/Y")}
        ),
    ),
    "cancel": ActionSpec(
        forms.ReasonForm, _with_note(services.task_cancel), _says(_("The task is cancelled."))
    ),
    "add_note": ActionSpec(forms.NoteForm, _add_note, _says(_("Your note was added."))),
    "give_direction": ActionSpec(forms.DirectionForm, _give_direction, _says(_("Your direction was given."))),
    "change_coordinators": ActionSpec(
        forms.CoordinatorsForm, _change_coordinators, _says(_("The coordinators are updated."))
    ),
    "change_watchers": ActionSpec(
        forms.WatchersForm, _change_watchers, _says(_("The watchers are updated."))
    ),
    "correct_outcome": ActionSpec(
        forms.CorrectOutcomeForm, _correct_outcome, _says(_("The outcome measure is corrected."))
    ),
    "attach_file": ActionSpec(
        forms.AttachFileForm,
        _attach_file,
        lambda task, result: gettext("The file “%(name)s” is attached.") % {"name": result.name},
    ),
    "withdraw_file": ActionSpec(
        forms.WithdrawFileForm,
        _withdraw_file,
        lambda task, result: (
            gettext("The file “%(name)s” is withdrawn: it stays in the record, with your reason.")
            % {"name": result.name}
        ),
    ),
}

#: The forms that are drawn from the task (its members, its outcome).
_FORMS_OF_TASK = frozenset(
    {"reassign", "change_coordinators", "change_watchers", "correct_outcome", "attach_file"}
)


def _form_kwargs(name: str, task: Task) -> dict[str, Any]:
    return {"task": task} if name in _FORMS_OF_TASK else {}


def _initial(name: str, task: Task) -> dict[str, Any]:
    # The leader's extension starts from the date the owner proposed with the explanation.
    if name == "extend" and task.explained and task.proposed_due_date:
        return {"initial": {"due_date": task.proposed_due_date}}
    return {}


def action_forms(task: Task, bound: tuple[str, django_forms.Form] | None = None) -> dict[str, Any]:
    """A form per action, keyed by the action table's names (assignments/actions.py)."""
    result = {}
    for name, spec in ACTIONS.items():
        if bound is not None and bound[0] == name:
            form = bound[1]
        else:
            form = spec.form(auto_id=f"id_{name}_%s", **_form_kwargs(name, task), **_initial(name, task))
        result[name] = form
    return result


@dataclass(frozen=True)
class FileRow:
    """A file as the task page shows it: the measured value or note it backs, and the
    form withdrawing it when the user may (its uploader, the group's leader, the office)."""

    attachment: Attachment
    measurement: Measurement | None
    note: Note | None
    withdraw_form: django_forms.Form | None


def file_rows(
    user: Any,
    task: Task,
    notes: list[Note],
    may_withdraw: bool,
    bound: tuple[str, django_forms.Form] | None,
) -> dict[str, list[FileRow]]:
    """The task's files, the product first, then in the order attached; the withdrawn apart."""
    measurements = {m.pk: m for m in task.outcome.measurements.all()}
    notes_by_pk = {n.pk: n for n in notes}
    manages = may_withdraw and roles.manages(user, task)
    current: list[FileRow] = []
    withdrawn: list[FileRow] = []
    for attachment in task.attachments.all():
        form = None
        if not attachment.withdrawn and may_withdraw and (manages or attachment.uploaded_by_id == user.pk):
            if bound is not None and bound[0] == "withdraw_file" and _bound_to(bound[1], attachment):
                form = bound[1]
            else:
                form = forms.WithdrawFileForm(
                    auto_id=f"id_withdraw_file_{attachment.pk}_%s", initial={"attachment": attachment.pk}
                )
        row = FileRow(
            attachment,
            measurements.get(attachment.measurement_id) if attachment.measurement_id else None,
            notes_by_pk.get(attachment.note_id) if attachment.note_id else None,
            form,
        )
        (withdrawn if attachment.withdrawn else current).append(row)
    current.sort(key=lambda row: row.attachment.kind != AttachmentKind.PRODUCT)
    return {"current": current, "withdrawn": withdrawn}


def _bound_to(form: django_forms.Form, attachment: Attachment) -> bool:
    return str(form.data.get("attachment", "")) == str(attachment.pk)


def task_page(
    request: HttpRequest,
    task: Task,
    *,
    bound: tuple[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    events = list(task.events.all())
    actions = policies.available_actions(request.user, task)
    leader_actions = [
        actions[a]
        for a in (
            "accept",
            "return",
            "reassign",
            "extend",
            "cancel",
            "change_coordinators",
            "change_watchers",
            "correct_outcome",
        )
    ]
    notes = list(task.notes.all())
    manages = any(a.permitted for a in leader_actions)
    context = {
        "task": task,
        "actions": actions,
        "next_step": policies.next_step(task),
        # The product the accepting leader looks for first (rõ sản phẩm): the current files.
        "product_files": policies.product_files(task),
        "forms": action_forms(task, bound),
        "timeline": timeline.timeline(events),
        "returned": timeline.latest_return(events) if not task.is_closed else None,
        "manages": manages,
        # The owner's explanation of the delay, for the current due date: the owner's
        # and the leader's to read (an older one is in the history).
        "explanation": (
            task.explained and (manages or roles.is_owner(request.user, task)) and not task.is_closed
        ),
        # Directions of the Standing Committee apart from the ordinary notes.
        "directions": [n for n in notes if n.kind == NoteKind.DIRECTION],
        "notes": [n for n in notes if n.kind != NoteKind.DIRECTION],
        "files": file_rows(request.user, task, notes, actions["withdraw_file"].allowed, bound),
    }
    return render(request, "web/task_detail.html", context, status=status)


class TaskDetailView(PageMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return task_page(request, load_task(request.user, pk))


class TaskActionView(PageMixin, View):
    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        # A reload of a page shown after a refused action: back to the task.
        return redirect("web:task", pk=pk)

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        spec = ACTIONS.get(action)
        if spec is None:
            raise Http404
        task = load_task(request.user, pk)
        form = spec.form(request.POST, request.FILES, auto_id=f"id_{action}_%s", **_form_kwargs(action, task))
        # Only once the body is read (request.FILES) is a file dropped for its size known.
        if uploads.refused(request):
            forms.add_service_errors(form, checks.too_large())
            messages.error(request, CHECK_FIELDS)
            return task_page(request, task, bound=(action, form), status=400)
        if not form.is_valid():
            messages.error(request, CHECK_FIELDS)
            return task_page(request, task, bound=(action, form), status=400)
        version = form.cleaned_data.get("expected_version")
        try:
            result = spec.perform(task, request.user, form.cleaned_data, version)
        except (TaskStep.DoesNotExist, Attachment.DoesNotExist):
            raise Http404 from None
        except ValidationError as error:
            forms.add_service_errors(form, error)
            messages.error(request, CHECK_FIELDS)
            return self._refused(request, pk, action, form, 400)
        except VersionMismatch:
            messages.error(request, STALE)
            return self._refused(request, pk, action, form, 409)
        except NotPermitted as error:
            messages.error(request, error.message)
            return self._refused(request, pk, action, form, 403)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return self._refused(request, pk, action, form, 409)
        messages.success(request, spec.done(task, result))
        return redirect(reverse("web:task", args=[pk]))

    def _refused(self, request: HttpRequest, pk: int, action: str, form: Any, status: int) -> HttpResponse:
        # The page as the task is now (someone may have changed it), with the user's input.
        return task_page(request, load_task(request.user, pk), bound=(action, form), status=status)
