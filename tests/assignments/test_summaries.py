"""The summary figures (docs/rules.md, "Summary figures"): right, scoped, and counted by the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assignments import clock, services
from assignments.choices import Status
from assignments.models import Target, Task
from assignments.summaries import COUNTS, GROUPINGS, summary_for
from tests.assignments.report_data import (
    HANOI,
    all_tasks,
    bulk_tasks,
    expected_figures,
    expected_key,
    expected_rows,
    make_committee,
)
from tests.factories import GroupFactory, MemberFactory, StaffUserFactory, StandingMemberFactory, make_task

TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=HANOI)


@pytest.fixture
def today():
    with clock.frozen_at(NOW):
        yield TODAY


@pytest.fixture
def committee(db, today):
    """Three groups with their wards and members, and 600 tasks in every state."""
    committee = make_committee(groups=3, members_per_group=3, wards_per_group=2)
    bulk_tasks(committee, 600, today=today)
    # A third of the tasks from each of two documents, a third from none (by=document).
    office = StaffUserFactory(username="registrar")
    for index, number in enumerate(("15-KL/QU", "05-NQ/QU")):
        document = services.document_create(
            actor=office,
            number=number,
            kind="conclusion" if index == 0 else "resolution",
            issued_on=dt.date(2026, 1 + index, 15),
            issuer="Ban Thường vụ Quận ủy",
            excerpt="Về công tác cải cách hành chính",
        )
        Task.objects.annotate(third=F("id") % 3).filter(third=index).update(document=document)
    return committee


@pytest.fixture
def staff(db):
    return StaffUserFactory(username="office")


def _as_dict(summary) -> dict:
    return {
        tuple(row["key"].items()): {f: row[f] for f in expected_figures([], TODAY)} for row in summary.rows
    }


@pytest.mark.parametrize("by", GROUPINGS)
def test_figures_equal_a_recomputation_from_the_definitions(committee, staff, today, by):
    with translation.override("en"):
        summary = summary_for(staff, by=by)
        tasks = all_tasks()

        assert _as_dict(summary) == expected_rows(tasks, by, today)
    assert summary.totals == expected_figures(tasks, today)
    assert summary.as_of == today
    # The data really is varied: every deadline status is present.
    assert all(summary.totals[f] > 0 for f in COUNTS)


@pytest.mark.parametrize("by", GROUPINGS)
def test_rows_add_up_to_the_totals(committee, staff, by):
    summary = summary_for(staff, by=by)

    for figure in COUNTS:
        assert sum(row[figure] for row in summary.rows) == summary.totals[figure], figure


def test_rows_come_in_the_order_of_their_keys(committee, staff):
    by_group = summary_for(staff, by="group").rows
    assert [r["key"]["number"] for r in by_group] == [1, 2, 3]

    by_ward = summary_for(staff, by="ward").rows
    codes = [r["key"]["code"] for r in by_ward]
    assert codes[-1] is None  # the tasks with no ward come last
    assert codes[:-1] == sorted(codes[:-1])

    by_month = summary_for(staff, by="month").rows
    months = [r["key"]["month"] for r in by_month]
    assert months == sorted(months) and all(len(m) == 7 and m[4] == "-" for m in months)


def test_owner_rows_are_in_name_order(db, today, staff):
    group = GroupFactory(
        members=[MemberFactory(full_name="Cao Văn Cường"), MemberFactory(full_name="An Thị Bình")]
    )
    for member in group.members.all():
        make_task(group=group, owner=member)

    names = [r["key"]["name"] for r in summary_for(staff, by="owner").rows]

    assert names == sorted(names)
    assert names[0] == "An Thị Bình"


def test_the_period_includes_both_of_its_days(db, today, staff):
    committee = make_committee(groups=1)
    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    for due in (start - dt.timedelta(days=1), start, end, end + dt.timedelta(days=1)):
        bulk_tasks(committee, 1, today=today, due_date=due, status=Status.ASSIGNED)

    summary = summary_for(staff, period_start=start, period_end=end)

    assert summary.totals["total"] == 2
    assert summary_for(staff, period_start=start).totals["total"] == 3
    assert summary_for(staff, period_end=end).totals["total"] == 3
    assert summary_for(staff).totals["total"] == 4


def test_tasks_with_no_ward_form_their_own_row(db, today, staff):
    committee = make_committee(groups=1, wards_per_group=1)
    ward = committee.wards[0]
    bulk_tasks(committee, 3, today=today, ward=ward, status=Status.ASSIGNED)
    bulk_tasks(committee, 2, today=today, seed=9, status=Status.ASSIGNED)
    Task.objects.filter(pk__in=Task.objects.order_by("-id").values("pk")[:2]).update(ward=None)

    with translation.override("en"):
        rows = summary_for(staff, by="ward").rows
        assert [(r["key"], r["total"]) for r in rows] == [
            ({"id": ward.pk, "name": ward.name, "code": ward.code}, 3),
            ({"id": None, "name": "No ward", "code": None}, 2),
        ]


def test_cancelled_tasks_are_counted_apart(cast, staff):
    make_task(group=cast.group, owner=cast.owner)
    services.task_cancel(task=cast.task, actor=cast.leader.user, note="Không còn cần thiết")

    totals = summary_for(staff).totals

    assert (totals["total"], totals["cancelled"], totals["open"]) == (1, 1, 1)
    assert totals["overdue_rate"] == 0.0


def test_rates_are_null_when_there_is_nothing_to_divide_by(db, today, staff):
    totals = summary_for(staff).totals

    assert totals["total"] == 0
    assert [totals[r] for r in ("completion_rate", "on_time_rate", "overdue_rate", "outcome_rate")] == [
        None
    ] * 4


def test_rates_are_fractions_rounded_to_four_decimals(db, today, staff):
    committee = make_committee(groups=1)
    bulk_tasks(committee, 2, today=today, status=Status.DONE, completed_at=NOW - dt.timedelta(days=400))
    bulk_tasks(committee, 1, today=today, seed=5, status=Status.IN_PROGRESS)

    totals = summary_for(staff).totals

    assert totals["completion_rate"] == 0.6667
    assert totals["on_time_rate"] == 1.0


def test_a_task_done_through_the_services_counts_on_time_with_its_outcome(cast, staff):
    """Submitted at 23:30 on its (extended) due date, Hanoi time, accepted the next morning:
    the completion is the submission's time, so it is on time; its measurement meets the target."""
    task = cast.task
    owner = cast.owner.user
    services.task_extend(
        task=task, actor=cast.leader.user, due_date=dt.date(2026, 4, 30), reason="Chờ số liệu"
    )
    services.task_start(task=task, actor=owner)
    for step in task.steps.order_by("order"):
        services.task_complete_step(task=task, step=step, actor=owner)
    services.measurement_record(task=task, actor=owner, value=Decimal("99"), measured_on=dt.date(2026, 2, 2))
    with clock.frozen_at(dt.datetime(2026, 4, 30, 23, 30, tzinfo=HANOI)):
        services.task_submit(task=task, actor=owner)
    with clock.frozen_at(dt.datetime(2026, 5, 1, 8, 0, tzinfo=HANOI)):
        services.task_accept(task=task, actor=cast.leader.user)
        totals = summary_for(staff).totals

    assert totals["done_on_time"] == 1
    assert totals["extended"] == 1
    assert totals["outcome_achieved"] == 1
    assert (totals["completion_rate"], totals["on_time_rate"], totals["outcome_rate"]) == (1.0, 1.0, 1.0)


# --------------------------------------------------------------------------- scope


def _tasks_of_groups(*groups) -> list[Task]:
    return [t for t in all_tasks() if t.group_id in {g.pk for g in groups}]


def test_a_member_sees_only_the_figures_of_their_group(committee, today):
    group = committee.groups[1]
    member = committee.members[group.pk][0]

    summary = summary_for(member.user, by="group")

    assert [r["key"]["id"] for r in summary.rows] == [group.pk]
    assert summary.totals == expected_figures(_tasks_of_groups(group), today)


def test_a_member_also_sees_the_tasks_they_own_or_coordinate_elsewhere(committee, today):
    member = committee.members[committee.groups[0].pk][0]
    elsewhere = Task.objects.filter(group=committee.groups[2]).order_by("id")[0]
    elsewhere.coordinators.add(member)

    summary = summary_for(member.user, by="group")

    assert [r["key"]["number"] for r in summary.rows] == [1, 3]
    assert summary.rows[1]["total"] + summary.rows[1]["cancelled"] == 1


def test_a_leader_outside_the_standing_committee_sees_only_the_groups_they_lead(committee, today):
    """A leader who has left the Standing Committee, before the office names a new one:
    no longer reads everything, still reads (and leads) their group."""
    group = committee.groups[2]
    leader = group.leader
    leader.is_standing = False
    leader.save(update_fields=["is_standing"])

    summary = summary_for(leader.user, by="ward")

    assert summary.totals == expected_figures(_tasks_of_groups(group), today)


@pytest.mark.parametrize("who", ["standing", "leader", "staff"])
def test_standing_committee_and_office_see_every_task(committee, staff, today, who):
    user = {
        "standing": lambda: StandingMemberFactory().user,
        "leader": lambda: committee.groups[0].leader.user,  # a leader is a Standing Committee member
        "staff": lambda: staff,
    }[who]()

    assert summary_for(user).totals == expected_figures(all_tasks(), today)


def test_a_user_who_is_no_member_sees_nothing(committee):
    outsider = MemberFactory(active=False).user

    assert summary_for(outsider).totals["total"] == 0


def test_group_and_ward_filters_narrow_the_report(committee, staff, today):
    group, ward = committee.groups[0], committee.wards[1]

    by_group = summary_for(staff, group=group.pk)
    by_ward = summary_for(staff, ward=ward.pk)

    assert by_group.totals == expected_figures(_tasks_of_groups(group), today)
    assert by_ward.totals == expected_figures([t for t in all_tasks() if t.ward_id == ward.pk], today)


# --------------------------------------------------------------------------- cost


@pytest.mark.parametrize("by", GROUPINGS)
def test_the_query_count_does_not_depend_on_the_number_of_tasks(db, today, by):
    committee = make_committee(groups=2)
    reader = StandingMemberFactory().user
    bulk_tasks(committee, 10, today=today)

    def queries() -> int:
        fresh = type(reader).objects.get(pk=reader.pk)  # nothing cached on the user
        with CaptureQueriesContext(connection) as context:
            summary_for(fresh, by=by)
        return len(context)

    with_10 = queries()
    bulk_tasks(committee, 990, today=today, seed=7)
    with_1000 = queries()

    # The reader's member row (is it on the Standing Committee?), the rows' one aggregate,
    # the term targets' one aggregate.
    assert with_10 == with_1000 == 3


# --------------------------------------------------------------------------- term targets


def test_the_targets_block_counts_met_and_met_early(db, today, staff):
    deadline = dt.date(2026, 6, 30)
    for code, achieved_on in (("CT1", dt.date(2026, 5, 1)), ("CT2", deadline), ("CT3", None)):
        Target.objects.create(
            code=code, name=code, unit="%", target_value=99, deadline=deadline, achieved_on=achieved_on
        )

    assert summary_for(staff).targets == {"total": 3, "achieved": 2, "achieved_early": 1}


def test_the_targets_block_is_the_same_for_every_reader(committee, staff):
    Target.objects.create(code="CT1", name="Chỉ tiêu", unit="%", target_value=1, deadline=TODAY)
    member = committee.members[committee.groups[0].pk][0]

    assert (
        summary_for(member.user).targets
        == summary_for(staff).targets
        == {
            "total": 1,
            "achieved": 0,
            "achieved_early": 0,
        }
    )


def test_expected_key_matches_the_api_key_shape(committee, staff):
    """The test's own recomputation keys rows as the selector does (guards the helper)."""
    task = all_tasks()[0]
    with translation.override("en"):
        keys = {tuple(r["key"].items()) for r in summary_for(staff, by="owner").rows}
    assert expected_key(task, "owner") in keys
