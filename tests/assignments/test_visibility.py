"""Who may read which task (docs/rules.md, "Who sees and does what"): assignments.selectors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from assignments.models import Event, Task
from assignments.selectors import events_visible_to, task_for, tasks_visible_to
from tests.conftest import Cast
from tests.factories import StaffUserFactory, UserFactory, make_task


@dataclass
class World:
    cast: Cast
    #: The cast's task: group 1, owned by `owner`, coordinated by `coordinator`.
    task: Task
    #: Group 2's own task.
    other_task: Task
    #: A group 2 task that group 1's `group_member` coordinates.
    coordinated_elsewhere: Task
    #: A group 2 task owned by `owner`, who has since left group 2.
    owned_elsewhere: Task

    def all(self) -> set[int]:
        return {self.task.pk, self.other_task.pk, self.coordinated_elsewhere.pk, self.owned_elsewhere.pk}


@pytest.fixture
def world(cast: Cast) -> World:
    other_task = make_task(group=cast.other_group, owner=cast.other_member, title="Kiểm tra chi bộ")
    coordinated = make_task(
        group=cast.other_group, owner=cast.other_member, coordinators=[cast.group_member], title="Khảo sát"
    )
    cast.other_group.members.add(cast.owner)
    owned = make_task(group=cast.other_group, owner=cast.owner, title="Rà soát thủ tục")
    cast.other_group.members.remove(cast.owner)
    return World(cast, Task.objects.get(pk=cast.task.pk), other_task, coordinated, owned)


def _visible(user) -> set[int]:
    return set(tasks_visible_to(user).values_list("pk", flat=True))


def test_the_owner_sees_their_groups_tasks_and_what_they_own_elsewhere(world):
    assert _visible(world.cast.owner.user) == {world.task.pk, world.owned_elsewhere.pk}


def test_a_coordinator_sees_their_groups_tasks(world):
    assert _visible(world.cast.coordinator.user) == {world.task.pk}


def test_a_member_sees_their_groups_tasks_and_what_they_coordinate_elsewhere(world):
    assert _visible(world.cast.group_member.user) == {world.task.pk, world.coordinated_elsewhere.pk}


def test_a_member_of_another_group_does_not_see_this_groups_tasks(world):
    visible = _visible(world.cast.other_member.user)
    assert world.task.pk not in visible
    assert visible == {world.other_task.pk, world.coordinated_elsewhere.pk, world.owned_elsewhere.pk}


@pytest.mark.parametrize("role", ["leader", "other_leader", "standing", "staff"])
def test_standing_committee_members_and_staff_see_every_task(world, role):
    # Group leaders are Standing Committee members, so they too read everything.
    assert _visible(world.cast.user(role)) == world.all()


def test_a_deactivated_member_sees_nothing(world):
    member = world.cast.owner
    member.active = False
    member.save(update_fields=["active"])
    assert _visible(member.user) == set()


def test_a_deactivated_standing_member_sees_nothing(world):
    member = world.cast.standing
    member.active = False
    member.save(update_fields=["active"])
    assert _visible(member.user) == set()


def test_a_login_without_a_member_record_sees_nothing(world):
    assert _visible(UserFactory(username="khach")) == set()


def test_a_disabled_staff_login_sees_nothing(world):
    assert _visible(StaffUserFactory(username="office-old", is_active=False)) == set()


def test_an_anonymous_user_sees_nothing(world):
    assert _visible(AnonymousUser()) == set()


def test_a_task_the_user_may_not_read_is_not_found(world):
    with pytest.raises(Task.DoesNotExist):
        task_for(world.cast.other_member.user, world.task.pk)
    assert task_for(world.cast.group_member.user, world.task.pk) == world.task


def test_a_task_reached_two_ways_is_listed_once(world):
    # The coordinator is in the task's group and coordinates it: two reasons, one row.
    pks = list(tasks_visible_to(world.cast.coordinator.user).values_list("pk", flat=True))
    assert pks == [world.task.pk]


@pytest.mark.parametrize("role", ["owner", "group_member", "other_member", "standing"])
def test_events_are_visible_exactly_for_the_visible_tasks(world, role):
    user = world.cast.user(role)
    expected = set(Event.objects.filter(task__in=_visible(user)).values_list("pk", flat=True))
    assert set(events_visible_to(user).values_list("pk", flat=True)) == expected
    assert expected
