"""`seed_demo`: the Ba Đình demo committee, its 600 tasks and their real event trails.

The command runs once for the module, inside a transaction rolled back at the end, with
the clock at 2026-11-27 09:00 in Hanoi (the demo's "today"); each test runs in a
savepoint of that transaction, so what a test changes is undone after it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from assignments import clock
from assignments.choices import DeadlineStatus, EventKind, Status
from assignments.demo import org, seed
from assignments.demo.documents import DOCUMENTS
from assignments.demo.plan import DEMO_TODAY, build_plan
from assignments.management.commands.seed_demo import Command
from assignments.models import (
    Document,
    Event,
    Group,
    Measurement,
    Member,
    Note,
    Outcome,
    Process,
    ProcessStep,
    ReferenceChange,
    Target,
    Task,
    Ward,
)
from tests.conftest import files_kept_in

PASSWORD = "demo-pass-for-tests"
NOW = dt.datetime.combine(DEMO_TODAY, dt.time(9, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
RETIRED_WARD = "00010"  # Nguyễn Trung Trực, merged into Trúc Bạch at the end of 2024

User = get_user_model()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The command's output; the data stay until the module's last test has run."""
    with django_db_blocker.unblock(), files_kept_in(tmp_path_factory.mktemp("files")), transaction.atomic():
        out = StringIO()
        with clock.frozen_at(NOW), translation.override("en"):
            call_command("seed_demo", password=PASSWORD, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def snapshot() -> dict[str, int]:
    models = (
        Ward,
        Member,
        Group,
        Process,
        ProcessStep,
        Target,
        Task,
        Event,
        Note,
        Measurement,
        Outcome,
        ReferenceChange,
        Document,
    )
    counts = {m.__name__: m.objects.count() for m in models}
    counts["User"] = User.objects.count()
    return counts


def run(*args: str, **options) -> str:
    out = StringIO()
    with clock.frozen_at(NOW), translation.override("en"):
        call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


# --------------------------------------------------------------------------- the committee


def test_seed_builds_the_ba_dinh_committee(demo):
    assert Ward.objects.count() == 14
    assert Group.objects.count() == 12
    assert Member.objects.count() == 46
    assert 4 <= Process.objects.count() <= 6
    assert Task.objects.count() == 600


def test_retired_ward_is_inactive_and_only_2024_tasks_use_it(demo):
    assert list(Ward.objects.filter(active=False).values_list("code", flat=True)) == [RETIRED_WARD]
    tasks = Task.objects.filter(ward__code=RETIRED_WARD)
    assert tasks.exists()
    assert all(t.created_at.year == 2024 and t.due_date.year == 2024 for t in tasks)


def test_every_group_leader_is_standing_and_a_member_of_the_group(demo):
    for group in Group.objects.select_related("leader__user"):
        assert group.leader.is_standing
        assert group.members.filter(pk=group.leader_id).exists()
        assert group.leader.user.username == f"leader{group.number:02d}"
        assert group.name.startswith(f"Tổ {group.number} – phụ trách ")


def test_every_active_ward_is_covered_by_a_group(demo):
    uncovered = Ward.objects.filter(active=True, groups__isnull=True)
    assert not uncovered.exists()


def test_every_member_login_belongs_to_a_group_and_some_to_two(demo):
    members = Member.objects.filter(user__username__startswith="member")
    assert members.count() == 33
    groups_per_member = Counter(
        Group.members.through.objects.filter(member__in=members).values_list("member_id", flat=True)
    )
    assert set(groups_per_member) == set(members.values_list("pk", flat=True))
    assert any(n == 2 for n in groups_per_member.values())
    assert all(m.wards.exists() for m in members)


def test_secretary_is_standing_and_leads_no_group(demo):
    secretary = Member.objects.get(user__username="secretary")
    assert secretary.is_standing
    assert not secretary.led_groups.exists()


def test_office_is_staff_with_admin_access_and_no_member(demo):
    office = User.objects.get(username="office")
    assert office.is_staff and office.is_superuser
    assert not Member.objects.filter(user=office).exists()


@pytest.mark.parametrize("username", ["office", "secretary", "leader01", "leader12", "member01", "member33"])
def test_demo_logins_authenticate_with_the_given_password(demo, username):
    assert authenticate(username=username, password=PASSWORD).username == username
    assert authenticate(username=username, password="taskforce-demo") is None


def test_every_demo_login_has_an_address_on_the_reserved_domain(demo):
    addresses = dict(User.objects.filter(username__in=seed.usernames()).values_list("username", "email"))
    assert addresses and all(email == f"{name}@example.org" for name, email in addresses.items())


def test_names_and_titles_are_nfc(demo):
    texts = [
        *Member.objects.values_list("full_name", flat=True),
        *Task.objects.values_list("title", flat=True),
    ]
    texts += list(Ward.objects.values_list("name", flat=True))
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def test_term_targets_tell_the_article_story(demo):
    targets = list(Target.objects.all())
    assert len(targets) == 15
    assert sum(t.achieved for t in targets) == 14
    assert sum(t.achieved_early for t in targets) == 10
    assert Task.objects.filter(target__isnull=False).exists()


# --------------------------------------------------------------------------- the tasks


def test_every_status_appears(demo):
    assert set(Task.objects.values_list("status", flat=True)) == set(Status.values)


def test_every_deadline_status_appears_as_of_27_november_2026(demo):
    with clock.frozen_at(NOW):
        from_objects = Counter(t.deadline_status for t in Task.objects.all())
        annotated = Counter(Task.objects.with_deadline_status().values_list("deadline_status", flat=True))
    assert set(from_objects) == set(DeadlineStatus.values)
    assert from_objects == annotated


def test_tasks_end_as_their_plan_says(demo):
    """Tasks are created in plan order, so the n-th task is the n-th plan."""
    plans = build_plan()
    tasks = list(Task.objects.order_by("pk"))
    assert [t.title for t in tasks] == [p.title for p in plans]
    for task, plan in zip(tasks, plans, strict=True):
        assert (task.status, task.deadline_status_on(DEMO_TODAY), task.due_date) == (
            plan.status,
            plan.deadline_status,
            plan.final_due_date,
        ), task.title


def test_due_dates_spread_over_2024_to_2026_and_start_before_due(demo):
    years = Counter(Task.objects.values_list("due_date__year", flat=True))
    assert set(years) == {2024, 2025, 2026}
    assert min(years.values()) >= 150
    assert all(t.start_date <= t.original_due_date <= t.due_date for t in Task.objects.all())


def test_no_event_is_later_than_the_moment_the_seed_ran(demo):
    assert not Event.objects.filter(at__gt=NOW).exists()
    assert not Measurement.objects.filter(measured_on__gt=DEMO_TODAY).exists()


def test_the_trails_hold_every_kind_of_event(demo):
    assert set(Event.objects.values_list("kind", flat=True)) == set(EventKind.values)
    assert Task.objects.filter(coordinators__isnull=False).exists()


def test_done_tasks_include_achieved_and_missed_outcomes(demo):
    done = Outcome.objects.filter(task__status=Status.DONE)
    achieved = sum(o.achieved for o in done)
    assert 0 < achieved < done.count()


def test_every_event_trail_replays_to_the_task_status_owner_and_due_date(demo):
    for task in Task.objects.prefetch_related("events"):
        events = list(task.events.all())  # in time order
        assert [e.pk for e in events] == sorted(e.pk for e in events), "the trail follows time"
        created, *rest = events
        assert created.kind == EventKind.CREATED
        status = created.to_status
        owner = created.data["owner"]["id"]
        due = dt.date.fromisoformat(created.data["due_date"])
        assert due == task.original_due_date
        for event in rest:
            assert event.from_status == status, (task.title, event.kind)
            status = event.to_status
            if event.kind == EventKind.REASSIGNED:
                assert event.data["from_owner"]["id"] == owner
                owner = event.data["to_owner"]["id"]
            if event.kind == EventKind.EXTENDED:
                assert dt.date.fromisoformat(event.data["from_due_date"]) == due
                due = dt.date.fromisoformat(event.data["to_due_date"])
        assert (status, owner, due) == (task.status, task.owner_id, task.due_date)
        assert task.version == len(events)


# --------------------------------------------------------------------------- the command


def test_the_seed_records_each_reference_object_it_made_as_the_system(demo):
    created = Counter(ReferenceChange.objects.filter(action="created").values_list("kind", flat=True))
    assert created == {
        "ward": Ward.objects.count(),
        "member": Member.objects.count(),
        "group": Group.objects.count(),
        "process": Process.objects.count(),
        "target": Target.objects.count(),
        "document": len(DOCUMENTS),
    }
    retired = ReferenceChange.objects.exclude(action="created")
    assert [(r.kind, r.action, r.label) for r in retired] == [("ward", "deactivated", "Nguyễn Trung Trực")]
    # The documents are registered by the office, as it does; the rest by the system.
    by_someone = ReferenceChange.objects.filter(actor__isnull=False)
    assert set(by_someone.values_list("kind", "actor__username")) == {("document", "office")}
    assert not ReferenceChange.objects.filter(actor__isnull=True, kind="document").exists()


def test_a_share_of_the_tasks_is_assigned_by_the_demo_documents_issued_before(demo):
    assert Document.objects.count() == len(DOCUMENTS) == 6
    assigned = Task.objects.filter(document__isnull=False).select_related("document")
    assert 150 <= assigned.count() <= 250
    for task in assigned:
        assert task.document.issued_on < task.created_at.date()
        assert task.document.created_at.date() <= task.created_at.date()
    # Every document assigns some task, and its registration came the morning after it was issued.
    assert not Document.objects.filter(tasks__isnull=True).exists()
    for document in Document.objects.all():
        assert document.created_by.username == "office"
        assert (document.created_at.date() - document.issued_on).days <= 1


def test_running_the_command_twice_adds_nothing(demo):
    before = snapshot()
    out = run(password=PASSWORD)
    assert snapshot() == before
    assert "no task was added" in out
    assert authenticate(username="member01", password=PASSWORD) is not None


def test_the_summary_prints_counts_logins_and_a_local_use_warning(demo):
    assert "600 tasks" in demo
    assert "15 term targets: 14 met, 10 of them early" in demo
    assert "leader01 … leader12" in demo and "member33" in demo
    assert f"Password of every demo login: {PASSWORD} (for local use only" in demo


def test_a_new_password_applies_to_every_demo_login(demo):
    run(password="another-one")
    assert authenticate(username="leader05", password="another-one") is not None
    assert authenticate(username="leader05", password=PASSWORD) is None


def test_if_empty_does_nothing_when_tasks_exist(demo):
    before = snapshot()
    out = run("--if-empty", password="not-applied")
    assert snapshot() == before
    assert "already holds tasks" in out
    assert authenticate(username="office", password=PASSWORD) is not None


def test_reset_deletes_the_demo_data_but_not_other_logins(demo):
    User.objects.create_user("someone_else", password="x")
    seed.reset()
    assert Task.objects.count() == Event.objects.count() == Group.objects.count() == 0
    assert Member.objects.count() == Ward.objects.count() == Target.objects.count() == 0
    assert not Document.objects.exists()
    assert not User.objects.filter(username__in=seed.usernames()).exists()
    assert User.objects.filter(username="someone_else").exists()


def test_reset_then_seeds_again(demo, monkeypatch):
    # A short plan keeps the test fast; the full plan runs once for the module.
    plans = build_plan()[:25]
    monkeypatch.setattr("assignments.management.commands.seed_demo.build_plan", lambda: plans)
    out = run("--reset", password="after-reset")
    assert "Deleted the existing demo data." in out
    assert Task.objects.count() == 25
    assert Event.objects.count() == sum(1 + len(p.actions) for p in plans)
    assert Group.objects.count() == 12
    assert authenticate(username="leader01", password="after-reset") is not None


def test_the_command_refuses_a_clock_behind_the_demo_story(demo):
    before = snapshot()
    with clock.frozen_at(NOW - dt.timedelta(days=30)), pytest.raises(CommandError):
        call_command("seed_demo", "--reset", stdout=StringIO())
    assert snapshot() == before


def test_the_help_lists_the_options(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line per option, whatever the terminal
    with translation.override("en"):
        text = Command().create_parser("manage.py", "seed_demo").format_help()
    assert "--password" in text and "--reset" in text and "--if-empty" in text
    assert "default: taskforce-demo" in text


def test_the_plan_is_the_same_on_every_run():
    assert build_plan() == build_plan()


def test_the_wards_file_holds_the_14_wards_of_ba_dinh():
    wards = org.load_wards()
    assert len(wards) == 14
    assert [w.code for w in wards if w.retired] == [RETIRED_WARD]
    assert all(len(w.code) == 5 and w.code.isdigit() for w in wards)


def test_seed_demo_refuses_the_production_settings_without_force(demo, settings):
    counts = (Task.objects.count(), Event.objects.count(), get_user_model().objects.count())
    settings.SETTINGS_MODULE = "taskforce.settings.production"
    with translation.override("en"), pytest.raises(CommandError, match="production settings"):
        call_command("seed_demo", "--reset", stdout=StringIO())
    assert (Task.objects.count(), Event.objects.count(), get_user_model().objects.count()) == counts
