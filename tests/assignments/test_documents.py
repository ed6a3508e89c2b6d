"""A task points only at a document its assigner may read (services.task_create, task_edit)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from assignments import services
from tests.factories import GroupFactory, MemberFactory, StaffUserFactory, make_task

pytestmark = pytest.mark.django_db


def another_leaders_document():
    """A document registered by the leader of another group, none of whose tasks exist yet."""
    registrar = GroupFactory().leader.user
    return services.document_create(
        actor=registrar,
        number="07-KH/QU",
        kind="plan",
        issued_on=dt.date(2026, 3, 2),
        issuer="Ban Thường vụ Quận ủy",
        excerpt="Kế hoạch chuyển đổi số",
    )


def test_a_leader_off_the_standing_committee_cannot_assign_by_a_document_they_may_not_read():
    group = GroupFactory(leader=MemberFactory())  # a leader who is not on the Standing Committee
    document = another_leaders_document()
    with pytest.raises(ValidationError) as refused:
        make_task(group=group, owner=group.leader, document=document)
    assert "document" in refused.value.message_dict
    assert not document.tasks.exists()


def test_nor_point_a_task_at_it_by_an_edit():
    group = GroupFactory(leader=MemberFactory())
    task = make_task(group=group, owner=group.leader)
    document = another_leaders_document()
    with pytest.raises(ValidationError) as refused:
        services.task_edit(task=task, actor=group.leader.user, changes={"document": document})
    assert "document" in refused.value.message_dict
    task.refresh_from_db()
    assert task.document is None and task.version == 1


def test_the_office_may_assign_by_any_document():
    group = GroupFactory(leader=MemberFactory())
    document = another_leaders_document()
    office = StaffUserFactory()
    task = make_task(group=group, owner=group.leader, actor=office, document=document)
    assert task.document == document
