"""The summary on the Ba Đình demo data (`seed_demo`): the figures the demo shows are right.

The demo's tasks were moved through the services over two years, so this checks the
summary on data made the way real data is. The command runs once for the module, in a
transaction rolled back at the end, as in test_seed_demo.py. Skipped where the command
does not exist.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.db import transaction
from django.utils import translation

from assignments import clock
from assignments.models import Member, Task
from assignments.summaries import COUNTS, GROUPINGS, summary_for
from tests.assignments.report_data import all_tasks, expected_figures, expected_rows
from tests.conftest import files_kept_in

if "seed_demo" not in get_commands():
    pytest.skip("seed_demo is not available", allow_module_level=True)

TODAY = dt.date(2026, 11, 27)  # the demo's "today"
NOW = dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), files_kept_in(tmp_path_factory.mktemp("files")), transaction.atomic():
        with clock.frozen_at(NOW), translation.override("en"):
            call_command("seed_demo", password="demo-pass-for-tests", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    with clock.frozen_at(NOW):
        yield


def office():
    return get_user_model().objects.get(username="office")


@pytest.mark.parametrize("by", GROUPINGS)
def test_the_demo_figures_equal_a_recomputation(demo, by):
    with translation.override("en"):
        summary = summary_for(office(), by=by)
        tasks = all_tasks()
        rows = {tuple(r["key"].items()): {f: r[f] for f in expected_figures([], TODAY)} for r in summary.rows}

        assert rows == expected_rows(tasks, by, TODAY)
    assert summary.totals == expected_figures(tasks, TODAY)
    for figure in COUNTS:
        assert sum(r[figure] for r in summary.rows) == summary.totals[figure]


def test_the_demo_targets_tell_the_story(demo):
    assert summary_for(office()).targets == {"total": 15, "achieved": 14, "achieved_early": 10}


def test_a_demo_member_sees_the_figures_of_their_scope(demo):
    member = Member.objects.filter(led_groups__isnull=True, is_standing=False, active=True).order_by("id")[0]
    groups = set(member.member_groups.values_list("pk", flat=True))
    coordinated = set(
        Task.coordinators.through.objects.filter(member=member).values_list("task_id", flat=True)
    )
    watched = set(Task.watchers.through.objects.filter(member=member).values_list("task_id", flat=True))
    visible = [
        t
        for t in all_tasks()
        if t.group_id in groups or t.owner_id == member.pk or t.pk in coordinated | watched
    ]

    summary = summary_for(member.user)

    assert 0 < summary.totals["total"] + summary.totals["cancelled"] < Task.objects.count()
    assert summary.totals == expected_figures(visible, TODAY)


def test_a_demo_period_keeps_the_tasks_due_in_it(demo):
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)

    summary = summary_for(office(), period_start=start, period_end=end)

    assert summary.totals == expected_figures([t for t in all_tasks() if start <= t.due_date <= end], TODAY)
