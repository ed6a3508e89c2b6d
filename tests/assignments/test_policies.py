"""`policies` answers what the services would: every action, every role, every state.

Each case asks the policy, then runs the service for real inside a savepoint that is
rolled back, and compares: allowed exactly when the service succeeds, and, when it
refuses, the same reason (the service's own message).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from assignments import actions, clock, policies, services
from assignments.choices import NoteKind
from assignments.exceptions import InvalidTransition, NotPermitted
from assignments.models import Attachment, Task
from tests.factories import AttachmentFactory, MemberFactory, ProcessFactory, make_task
from tests.files.samples import PDF

pytestmark = pytest.mark.django_db

ROLES = (
    "owner",
    "coordinator",
    "group_member",
    "leader",
    "other_leader",
    "standing",
    "staff",
    "other_member",
    "watcher",
)


class _Rollback(Exception):
    pass


def _tick_all(task: Task, owner: Any) -> None:
    for step in task.steps.order_by("order"):
        services.task_complete_step(task=task.pk, step=step.pk, actor=owner)


def _measure(task: Task, owner: Any) -> None:
    services.measurement_record(task=task.pk, actor=owner, value=99, measured_on=clock.today())


def _state(cast: Any, name: str) -> Task:
    """The cast's task moved through the services into the state `name`."""
    task, owner, leader = cast.task, cast.owner.user, cast.leader.user
    if name == "assigned":
        return task
    services.task_start(task=task.pk, actor=owner)
    if name == "in_progress":
        return task
    if name == "in_progress_steps_done":
        _tick_all(task, owner)
        return task
    if name in ("ready", "submitted", "done"):
        _tick_all(task, owner)
        _measure(task, owner)
        if name != "ready":
            services.task_submit(task=task.pk, actor=owner)
        if name == "done":
            services.task_accept(task=task.pk, actor=leader)
        return task
    if name == "paused":
        services.task_pause(task=task.pk, actor=owner, note="Chờ ý kiến")
        return task
    services.task_cancel(task=task.pk, actor=leader, note="Không còn cần")
    return task


def _calls(cast: Any, task: Task) -> dict[str, Callable[[Any], Any]]:
    """Each action with input the service accepts, so only who and state can refuse it."""
    pending = policies.next_step(task)
    step = pending or task.steps.order_by("order").first()
    return {
        "start": lambda u: services.task_start(task=task.pk, actor=u),
        "pause": lambda u: services.task_pause(task=task.pk, actor=u, note="Lý do"),
        "resume": lambda u: services.task_resume(task=task.pk, actor=u),
        "submit": lambda u: services.task_submit(task=task.pk, actor=u),
        "accept": lambda u: services.task_accept(task=task.pk, actor=u),
        "return": lambda u: services.task_return(task=task.pk, actor=u, note="Lý do"),
        "cancel": lambda u: services.task_cancel(task=task.pk, actor=u, note="Lý do"),
        "reassign": lambda u: services.task_reassign(
            task=task.pk, actor=u, owner=cast.group_member, reason="Lý do"
        ),
        "extend": lambda u: services.task_extend(
            task=task.pk, actor=u, due_date=task.due_date + dt.timedelta(days=7), reason="Lý do"
        ),
        "complete_step": lambda u: services.task_complete_step(task=task.pk, step=step.pk, actor=u),
        "record_measurement": lambda u: services.measurement_record(
            task=task.pk, actor=u, value=1, measured_on=clock.today()
        ),
        "add_note": lambda u: services.note_add(task=task.pk, actor=u, text="Ghi chú"),
        "edit": lambda u: services.task_edit(task=task.pk, actor=u, changes={"title": "Tiêu đề mới"}),
        "give_direction": lambda u: services.note_add(
            task=task.pk, actor=u, text="Ý kiến chỉ đạo", kind=NoteKind.DIRECTION
        ),
        "change_coordinators": lambda u: services.task_change_coordinators(
            task=task.pk, actor=u, coordinators=[cast.coordinator, cast.group_member]
        ),
        "change_watchers": lambda u: services.task_change_watchers(
            task=task.pk, actor=u, watchers=[cast.watcher, cast.other_member]
        ),
        # Not overdue in these states (due 31 March, now 2 February): refused as the policy says.
        "explain": lambda u: services.task_explain(
            task=task.pk, actor=u, reason="Lý do", proposed_due_date=clock.today() + dt.timedelta(days=30)
        ),
        "correct_outcome": lambda u: services.outcome_correct(
            task=task.pk, actor=u, changes={"target": 95}, reason="Nhập nhầm"
        ),
        "attach_file": lambda u: services.attachment_add(
            task=task.pk, actor=u, upload=ContentFile(PDF, name="bao-cao.pdf"), kind="evidence"
        ),
        # The row says who may withdraw a task's files; of those, each withdraws their own
        # (or, as leader or office, anyone's: tests/files/).
        "withdraw_file": lambda u: services.attachment_withdraw(
            attachment=attachment_of(task, u), actor=u, reason="Nhầm tệp"
        ),
    }


def attachment_of(task: Task, user: Any) -> Attachment:
    """A file on `task` that `user` attached (written directly: the matrix asks the row)."""
    return Attachment.objects.create(
        task=task,
        kind="evidence",
        file="2026/02/x.pdf",  # the row alone: withdrawing reads no bytes
        name="x.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=user,
        uploaded_at=clock.now(),
    )


def _service_answer(call: Callable[[Any], Any], user: Any) -> tuple[bool, str]:
    try:
        with transaction.atomic():
            call(user)
            raise _Rollback
    except _Rollback:
        return True, ""
    except (NotPermitted, InvalidTransition) as refusal:
        return False, str(refusal.message)


STATES = (
    "assigned",
    "in_progress",
    "in_progress_steps_done",
    "ready",
    "paused",
    "submitted",
    "done",
    "cancelled",
)


@pytest.fixture
def watched(cast):
    """The cast, with a watcher of the task from another group: they read it, and have no duty."""
    watcher = MemberFactory(full_name="Vũ Thị Theo Dõi")
    services.task_change_watchers(task=cast.task.pk, actor=cast.leader.user, watchers=[watcher])
    cast.watcher = watcher  # type: ignore[attr-defined]
    return cast


def test_the_matrix_runs_every_action_of_the_table(cast):
    cast.watcher = cast.other_member  # type: ignore[attr-defined]
    assert set(_calls(cast, cast.task)) == set(actions.ACTIONS)


@pytest.mark.parametrize("state", STATES)
def test_the_policy_allows_exactly_what_the_services_allow(watched, state):
    _state(watched, state)
    assert _disagreements(watched) == []


@pytest.mark.parametrize("state", ["ready", "submitted", "done"])
@pytest.mark.parametrize("approver", ["standing_committee", "standing_member"])
def test_the_policy_follows_the_approver_as_the_services_do(watched, approver, state):
    """Accept and return move with the task's approver (rõ thẩm quyền); the product it
    requires holds submit; the buttons say so exactly as the services refuse."""
    cast = watched
    named = {"member": cast.standing} if approver == "standing_member" else {}
    services.task_edit(
        task=cast.task.pk,
        actor=cast.leader.user,
        changes={
            "approver": {"kind": approver, **named},
            "product": {"kind": "report", "description": "Báo cáo", "file_required": True},
        },
    )
    if state != "ready":
        AttachmentFactory(task=cast.task)
    _state(cast, state if state != "done" else "submitted")
    if state == "done":
        services.task_accept(task=cast.task.pk, actor=cast.standing.user)
    assert _disagreements(cast) == []
    task = policies.task_for_policies(Task.objects.all()).get(pk=cast.task.pk)
    if state == "ready":
        assert policies.availability(cast.owner.user, task, "submit").code == "product_missing"
    if state == "submitted":
        may_accept = {r for r in ROLES if policies.availability(cast.user(r), task, "accept")}
        # The group's leader (made by the factory a Standing Committee member) accepts as one.
        assert may_accept == ({"standing", "leader", "other_leader"} if not named else {"standing"})


def _disagreements(cast: Any) -> list[tuple[Any, ...]]:
    disagreements = []
    with translation.override("en"):
        for role in ROLES:
            user = cast.user(role)
            task = policies.task_for_policies(Task.objects.all()).get(pk=cast.task.pk)
            answers = policies.available_actions(user, task)
            for action, call in _calls(cast, task).items():
                allowed, message = _service_answer(call, user)
                answer = answers[action]
                if role == "watcher":
                    # A watcher reads the task and does nothing to it.
                    assert not answer.permitted and not allowed, (role, action)
                if answer.allowed != allowed:
                    disagreements.append((role, action, answer.allowed, allowed, str(answer.reason), message))
                elif not allowed and answer.code != "step_done" and str(answer.reason) != message:
                    disagreements.append((role, action, "reason", str(answer.reason), message))
    return disagreements


def test_submit_says_which_step_is_missing_then_that_a_measurement_is_needed(cast):
    owner = cast.owner.user
    services.task_start(task=cast.task.pk, actor=owner)
    with translation.override("en"):
        answer = policies.availability(owner, Task.objects.get(pk=cast.task.pk), "submit")
        assert not answer.allowed and answer.code == "steps_incomplete"
        assert str(answer.reason) == "Cannot submit yet: step “Bước 1” is not completed."
        _tick_all(cast.task, owner)
        answer = policies.availability(owner, Task.objects.get(pk=cast.task.pk), "submit")
        assert (answer.code, str(answer.reason)) == (
            "no_measurement",
            "Cannot submit yet: record at least one measured value first.",
        )


def test_the_answers_cost_no_query_once_the_task_is_read(cast, django_assert_num_queries):
    owner = type(cast.owner.user).objects.select_related("member").get(pk=cast.owner.user.pk)
    task = policies.task_for_policies(Task.objects.all()).get(pk=cast.task.pk)
    with django_assert_num_queries(0):
        answers = policies.available_actions(owner, task)
    assert answers["start"].allowed


def test_only_the_groups_leader_and_the_office_may_assign_in_a_group(cast):
    assert policies.may_assign_in(cast.leader.user, cast.group)
    assert policies.may_assign_in(cast.staff, cast.group)
    refused = policies.may_assign_in(cast.other_leader.user, cast.group)
    assert not refused and refused.reason == actions.ONLY_GROUP_MANAGER_CREATES


def test_a_member_opens_the_boards_of_their_groups_only(cast):
    make_task(group=cast.other_group, owner=cast.other_member, process=ProcessFactory())
    assert list(policies.groups_visible_to(cast.owner.user)) == [cast.group]
    assert list(policies.groups_visible_to(cast.other_member.user)) == [cast.other_group]
    assert set(policies.groups_visible_to(cast.standing.user)) == {cast.group, cast.other_group}
    assert set(policies.groups_visible_to(cast.staff)) == {cast.group, cast.other_group}
