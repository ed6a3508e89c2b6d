"""The action table is the one place an action is declared: every surface keys by it,
and the rules it carries hold through the services (docs/rules.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from api.views.tasks import TaskViewSet
from assignments import actions, clock, policies, services
from assignments.choices import EventKind, Status
from assignments.exceptions import InvalidTransition, NotPermitted
from assignments.models import Event, Task
from tests.assignments.lifecycle import do_the_work
from tests.factories import make_task
from web.views.tasks import ACTIONS as PAGE_ACTIONS

#: The API's nested resources that carry an action of the table (docs/api.md keeps their paths).
API_RESOURCES = {
    "record_measurement": "measurements",
    "add_note": "notes",
    "give_direction": "notes",  # POST tasks/{id}/notes/ with kind "direction"
    "edit": "partial_update",
    "attach_file": "attachments",  # POST tasks/{id}/attachments/ (multipart)
    "withdraw_file": "attachments/{id}/withdraw",  # the file's own resource
}


def test_the_pages_forms_are_keyed_by_the_tables_names():
    assert set(PAGE_ACTIONS) <= set(actions.ACTIONS)
    # Every action but the content edit (the admin's and the API's) has a form on the page.
    assert set(actions.ACTIONS) - set(PAGE_ACTIONS) == {"edit"}


def test_the_apis_actions_are_keyed_by_the_tables_names():
    api_actions = {a.__name__.rstrip("_") for a in TaskViewSet.get_extra_actions()}
    table = set(actions.ACTIONS) - set(API_RESOURCES)
    assert api_actions == table


def test_the_policies_offer_every_action_of_the_table_in_its_order(cast):
    task = policies.task_for_policies(Task.objects.filter(pk=cast.task.pk)).get()
    assert list(policies.available_actions(cast.owner.user, task)) == list(actions.ACTIONS)


def test_each_row_says_its_event_and_whether_a_reason_is_required():
    needs_reason = {name for name, row in actions.ACTIONS.items() if row.reason_required}
    assert needs_reason == {
        "pause",
        "return",
        "reassign",
        "extend",
        "cancel",
        "correct_outcome",
        "explain",
        "withdraw_file",
    }
    assert actions.ACTIONS["accept"].event == EventKind.ACCEPTED
    assert actions.ACTIONS["accept"].to_state == Status.DONE

    # the project's URLs load with the table's names
    for name in PAGE_ACTIONS:
        assert name.replace("_", "").isalpha()


# --------------------------------------------------------------------------- never the submitter


@pytest.fixture
def leader_owned(cast):
    """A task of the group owned by its own leader (a leader may own work too)."""
    cast.group.members.add(cast.leader)
    task = make_task(group=cast.group, owner=cast.leader)
    services.task_start(task=task, actor=cast.leader.user)
    do_the_work(Task.objects.get(pk=task.pk))
    services.task_submit(task=task, actor=cast.leader.user)
    return Task.objects.get(pk=task.pk)


def test_a_leader_cannot_accept_their_own_submission_after_handing_it_over(cast, leader_owned):
    services.task_reassign(task=leader_owned, actor=cast.leader.user, owner=cast.owner, reason="Đi công tác")
    task = Task.objects.get(pk=leader_owned.pk)
    # The handover sends the submission back: the new owner answers for it now.
    assert (task.status, task.submitted_at) == (Status.IN_PROGRESS, None)
    handover = Event.objects.filter(task=task).last()
    assert (handover.kind, handover.from_status, handover.to_status) == (
        EventKind.REASSIGNED,
        Status.SUBMITTED,
        Status.IN_PROGRESS,
    )
    with pytest.raises(InvalidTransition):
        services.task_accept(task=task, actor=cast.leader.user)
    assert Task.objects.get(pk=task.pk).status == Status.IN_PROGRESS


def test_the_leader_who_submitted_is_refused_naming_who_accepts(cast, leader_owned):
    with translation.override("en"), pytest.raises(NotPermitted) as refused:
        services.task_accept(task=leader_owned, actor=cast.leader.user)
    with translation.override("en"):
        assert "may not accept their own task" in str(refused.value.message)
    # The office accepts it.
    services.task_accept(task=leader_owned, actor=cast.staff)
    assert Task.objects.get(pk=leader_owned.pk).status == Status.DONE


def test_after_a_handover_the_new_owner_submits_and_the_previous_owner_leader_accepts(cast, leader_owned):
    services.task_reassign(task=leader_owned, actor=cast.staff, owner=cast.owner, reason="Đi công tác")
    services.task_submit(task=leader_owned, actor=cast.owner.user)
    services.task_accept(task=leader_owned, actor=cast.leader.user)
    assert Task.objects.get(pk=leader_owned.pk).status == Status.DONE


# --------------------------------------------------------------------------- measurements


def test_a_measurement_dated_before_the_task_started_is_refused(cast):
    task = services.task_start(task=cast.task, actor=cast.owner.user)
    before = Event.objects.filter(task=task).count()
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.measurement_record(
            task=task, actor=cast.owner.user, value=5, measured_on=task.start_date - dt.timedelta(days=1)
        )
    with translation.override("vi"):
        (message,) = error.value.message_dict["measured_on"]
    assert task.start_date.strftime("%d/%m/%Y") in message
    assert Event.objects.filter(task=task).count() == before
    # The start date itself is a good day to measure.
    services.measurement_record(task=task, actor=cast.owner.user, value=5, measured_on=task.start_date)


def test_a_measurement_dated_in_the_future_is_still_refused(cast):
    task = services.task_start(task=cast.task, actor=cast.owner.user)
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            task=task, actor=cast.owner.user, value=5, measured_on=clock.today() + dt.timedelta(days=1)
        )
    assert list(error.value.message_dict) == ["measured_on"]


# --------------------------------------------------------------------------- the approver


def test_accept_and_return_are_the_approvers_and_accept_never_the_submitters():
    assert actions.ACTIONS["accept"].who == (actions.APPROVER, actions.NOT_SUBMITTER)
    assert actions.ACTIONS["return"].who == (actions.APPROVER,)
    # The other leader's actions stay the group's leader's or the office's.
    assert actions.ACTIONS["extend"].who == (actions.MANAGER,)


def test_the_approvers_refusal_names_who_accepts_for_each_kind(cast):
    task = cast.task
    with translation.override("en"):
        assert str(actions.APPROVER.message_for(task)) == str(actions.MANAGER.message)
        task.approver_kind = "standing_committee"
        assert str(actions.APPROVER.message_for(task)) == (
            "Only a Standing Committee member may accept or return this task."
        )
        task.approver_kind, task.approver = "standing_member", cast.standing
        assert str(actions.APPROVER.message_for(task)) == (
            "Only Đỗ Văn Thường Vụ (Standing Committee) may accept or return this task."
        )
        assert str(actions.NOT_SUBMITTER.message_for(task)) == (
            "The owner may not accept their own task; Đỗ Văn Thường Vụ accepts it."
        )


def test_submit_is_blocked_by_a_missing_product_after_the_steps_and_the_measurement(cast):
    task = make_task(
        group=cast.group,
        owner=cast.owner,
        product={"kind": "minutes", "description": "Biên bản họp", "file_required": True},
    )
    services.task_start(task=task, actor=cast.owner.user)
    loaded = policies.task_for_policies(Task.objects.all()).get(pk=task.pk)
    assert policies.availability(cast.owner.user, loaded, "submit").code == "steps_incomplete"
    do_the_work(Task.objects.get(pk=task.pk))
    loaded = policies.task_for_policies(Task.objects.all()).get(pk=task.pk)
    answer = policies.availability(cast.owner.user, loaded, "submit")
    assert answer.code == "product_missing"
    assert "Biên bản họp" in str(answer.reason)
