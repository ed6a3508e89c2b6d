"""Shared fixtures: one committee group with every role a task can meet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from assignments import clock
from assignments.models import Group, Member, Task, Ward
from tests.factories import (
    GroupFactory,
    MemberFactory,
    ProcessFactory,
    StaffUserFactory,
    StandingMemberFactory,
    WardFactory,
    make_task,
)

#: A fixed "now" for tests that depend on the date: 2026-02-02 09:00 in Hanoi.
NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@dataclass
class Cast:
    """Everyone around one task: see docs/rules.md, "Who sees and does what"."""

    group: Group
    other_group: Group
    ward: Ward
    owner: Member
    coordinator: Member
    group_member: Member
    other_member: Member
    leader: Member
    other_leader: Member
    standing: Member
    staff: Any
    task: Task

    def user(self, role: str) -> Any:
        if role == "staff":
            return self.staff
        return getattr(self, role).user


@pytest.fixture
def frozen_now():
    with clock.frozen_at(NOW) as moment:
        yield moment


@pytest.fixture
def cast(db, frozen_now) -> Cast:
    ward = WardFactory(code="00001", name="Phúc Xá")
    owner = MemberFactory(full_name="Trần Thị Chủ Trì")
    coordinator = MemberFactory(full_name="Lê Văn Phối Hợp")
    group_member = MemberFactory(full_name="Phạm Văn Thành Viên")
    group = GroupFactory(number=1, members=[owner, coordinator, group_member], wards=[ward])
    other_member = MemberFactory(full_name="Hoàng Thị Tổ Khác")
    other_group = GroupFactory(number=2, members=[other_member])
    standing = StandingMemberFactory(full_name="Đỗ Văn Thường Vụ")
    staff = StaffUserFactory(username="office")
    task = make_task(
        group=group,
        owner=owner,
        ward=ward,
        coordinators=[coordinator],
        process=ProcessFactory(steps=2),
    )
    return Cast(
        group=group,
        other_group=other_group,
        ward=ward,
        owner=owner,
        coordinator=coordinator,
        group_member=group_member,
        other_member=other_member,
        leader=group.leader,
        other_leader=other_group.leader,
        standing=standing,
        staff=staff,
        task=task,
    )


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def files_kept_in(folder: Any) -> Any:
    """Settings keeping attached files in `folder`: for a fixture wider than one test (the
    demo seeded once for a module), which the autouse fixture below does not reach."""
    from django.conf import settings
    from django.test import override_settings

    from taskforce.files_storage import file_system_storage

    return override_settings(STORAGES={**settings.STORAGES, "attachments": file_system_storage(str(folder))})


@pytest.fixture(autouse=True)
def _private_files_in_tmp(tmp_path, settings):
    """Attached files go to the test's own folder, never to var/files (tests/files/ runs
    its suite on S3 too)."""
    from taskforce.files_storage import file_system_storage

    settings.STORAGES = {**settings.STORAGES, "attachments": file_system_storage(str(tmp_path / "files"))}
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Vietnamese): a request of an earlier test in
    the same worker, sent with `Accept-Language: en`, leaves English active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_failed_logins_from_earlier_tests():
    """Failed logins are counted in the cache (api/throttling.py): every test starts with none.
    The test settings' cache is each process's memory, so this touches no database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_reminder_rules():
    """The office's reminder rules are cached per process (NotificationPolicy.current): every
    test starts from the defaults, without a query, whatever an earlier test saved."""
    import time

    from assignments.models import NotificationPolicy

    NotificationPolicy._cached = (time.monotonic(), NotificationPolicy(pk=1))
    yield
    NotificationPolicy.forget()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Vietnamese): a request made by an
    earlier test in the same worker leaves its language active in the thread."""
    with translation.override("vi"):
        yield


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    # Here rather than in tests/security/conftest.py: under xdist the controller, which
    # writes the summary, loads only this conftest. Imported late: schemathesis is heavy.
    from tests.security.fuzzing import write_summaries

    write_summaries(terminalreporter)
