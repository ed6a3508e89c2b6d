"""The filters and ordering of tasks/ (docs/api.md), and what an invalid value gives."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from assignments import clock, services
from assignments.models import Target
from tests.api.api_helpers import API, EN, client_for, error
from tests.conftest import NOW
from tests.factories import MemberFactory, make_task

pytestmark = pytest.mark.django_db


def ids(cast, params, user=None) -> list[int]:
    response = client_for(user or cast.staff).get(f"{API}tasks/", params)
    assert response.status_code == 200, response.json()
    return [t["id"] for t in response.json()["results"]]


@pytest.fixture
def tasks(cast):
    """Four tasks of group 1 besides the cast's, each different in one way."""
    process = cast.task.process
    target = Target.objects.create(
        code="CT01", name="Hồ sơ đúng hạn", unit="%", target_value=99, deadline=dt.date(2030, 12, 31)
    )
    early = make_task(
        group=cast.group,
        owner=cast.group_member,
        process=process,
        title="Kiểm tra an toàn thực phẩm",
        description="Chợ Long Biên",
        due_date=dt.date(2026, 2, 4),
        priority="urgent",
    )
    wardless = make_task(
        group=cast.group,
        owner=cast.group_member,
        process=process,
        title="Tuyên truyền Nghị quyết",
        description="Phường Phúc Xá và các khu dân cư",
        due_date=dt.date(2026, 5, 31),
        priority="low",
        target=target,
    )
    late = make_task(
        group=cast.group,
        owner=cast.coordinator,
        ward=cast.ward,
        process=process,
        title="Giải quyết đơn thư",
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 1, 31),
        priority="high",
    )
    other = make_task(group=cast.other_group, owner=cast.other_member, process=process, title="Tổ 2")
    return {"early": early, "wardless": wardless, "late": late, "other": other, "target": target}


def test_status_is_repeatable(cast, tasks):
    services.task_start(task=tasks["early"], actor=cast.group_member.user)
    services.task_cancel(task=tasks["wardless"], actor=cast.leader.user, note="Không còn phù hợp")

    assert ids(cast, {"status": "in_progress"}) == [tasks["early"].pk]
    assert sorted(ids(cast, {"status": ["in_progress", "cancelled"]})) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk]
    )


def test_deadline_status_uses_the_domain_definition_as_of_today(cast, tasks):
    assert ids(cast, {"deadline_status": "open_overdue"}) == [tasks["late"].pk]
    assert ids(cast, {"deadline_status": "open_due_soon"}) == [tasks["early"].pk]
    assert sorted(ids(cast, {"deadline_status": ["open_overdue", "open_due_soon"]})) == sorted(
        [tasks["late"].pk, tasks["early"].pk]
    )
    with clock.frozen_at(NOW + dt.timedelta(days=3)):
        assert sorted(ids(cast, {"deadline_status": "open_overdue"})) == sorted(
            [tasks["late"].pk, tasks["early"].pk]
        )


def test_relations_filter(cast, tasks):
    assert tasks["other"].pk not in ids(cast, {"group": cast.group.pk})
    assert ids(cast, {"group": cast.other_group.pk}) == [tasks["other"].pk]
    assert sorted(ids(cast, {"ward": cast.ward.pk})) == sorted([cast.task.pk, tasks["late"].pk])
    assert sorted(ids(cast, {"owner": cast.group_member.pk})) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk]
    )
    assert ids(cast, {"coordinator": cast.coordinator.pk}) == [cast.task.pk]
    assert ids(cast, {"target": tasks["target"].pk}) == [tasks["wardless"].pk]
    assert len(ids(cast, {"assigned_by": cast.leader.user.pk})) == 4
    assert len(ids(cast, {"process": cast.task.process_id})) == 5


def test_ward_none_finds_the_tasks_without_a_ward(cast, tasks):
    assert sorted(ids(cast, {"ward": "none"})) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk, tasks["other"].pk]
    )


def test_mine_is_the_tasks_i_own(cast, tasks):
    assert sorted(ids(cast, {"mine": "true"}, user=cast.group_member.user)) == sorted(
        [tasks["early"].pk, tasks["wardless"].pk]
    )
    assert sorted(ids(cast, {"mine": "false"}, user=cast.group_member.user)) == sorted(
        [cast.task.pk, tasks["late"].pk]
    )
    assert ids(cast, {"mine": "true"}) == []  # the office owns nothing


def test_due_dates_bound_inclusively(cast, tasks):
    assert ids(cast, {"due_before": "2026-02-04"}) == [tasks["late"].pk, tasks["early"].pk]
    assert ids(cast, {"due_after": "2026-05-31"}) == [tasks["wardless"].pk]
    assert ids(cast, {"due_after": "2026-02-04", "due_before": "2026-03-31"}) == [
        tasks["early"].pk,
        cast.task.pk,
        tasks["other"].pk,
    ]


def test_updated_since_returns_what_changed_since_the_last_sync(cast, tasks):
    later = NOW + dt.timedelta(hours=2)
    with clock.frozen_at(later):
        services.task_start(task=tasks["early"], actor=cast.group_member.user)

    assert ids(cast, {"updated_since": "2026-02-02T10:00:00+07:00"}) == [tasks["early"].pk]
    assert ids(cast, {"updated_since": "2026-02-02T04:00:00Z"}) == [tasks["early"].pk]
    # At the same moment: included, so a sync never misses a change made at its boundary.
    assert ids(cast, {"updated_since": later.isoformat()}) == [tasks["early"].pk]
    assert len(ids(cast, {"updated_since": "2026-02-02T08:00:00+07:00"})) == 5


def test_updated_since_survives_an_unencoded_plus_sign(cast, tasks):
    with clock.frozen_at(NOW + dt.timedelta(hours=2)):
        services.task_start(task=tasks["early"], actor=cast.group_member.user)

    response = client_for(cast.staff).get(f"{API}tasks/?updated_since=2026-02-02T10:00:00+07:00")

    assert [t["id"] for t in response.json()["results"]] == [tasks["early"].pk]


def test_q_searches_title_and_description_on_every_database(cast, tasks):
    # Before the folded column, SQLite told "TOÀN" from "toàn" (it folds ASCII only).
    assert ids(cast, {"q": "AN TOÀN"}) == [tasks["early"].pk]
    assert ids(cast, {"q": "long biên"}) == [tasks["early"].pk]
    assert ids(cast, {"q": unicodedata.normalize("NFD", "Nghị quyết")}) == [tasks["wardless"].pk]


def test_extended_finds_the_tasks_whose_due_date_was_extended(cast, tasks):
    services.task_extend(
        task=tasks["late"], actor=cast.leader.user, due_date=dt.date(2026, 2, 28), reason="Chờ số liệu"
    )

    assert ids(cast, {"extended": "true"}) == [tasks["late"].pk]
    assert tasks["late"].pk not in ids(cast, {"extended": "false"})
    assert len(ids(cast, {"extended": "false"})) == 4


def test_the_summarys_extended_figure_is_the_extended_list_without_the_cancelled(cast, tasks):
    for task in (tasks["late"], tasks["early"]):
        services.task_extend(task=task, actor=cast.leader.user, due_date=dt.date(2026, 6, 30), reason="Chờ")
    services.task_cancel(task=tasks["early"], actor=cast.leader.user, note="Không còn phù hợp")
    not_cancelled = ["assigned", "in_progress", "paused", "submitted", "done"]

    summary = client_for(cast.staff).get(f"{API}summary/").json()

    assert sorted(ids(cast, {"extended": "true"})) == sorted([tasks["late"].pk, tasks["early"].pk])
    assert ids(cast, {"extended": "true", "status": not_cancelled}) == [tasks["late"].pk]
    assert summary["totals"]["extended"] == 1


def test_ordering_by_priority_is_by_urgency_not_alphabet(cast, tasks):
    urgency = ids(cast, {"ordering": "-priority", "group": cast.group.pk})

    assert urgency == [tasks["early"].pk, tasks["late"].pk, cast.task.pk, tasks["wardless"].pk]
    assert ids(cast, {"ordering": "priority", "group": cast.group.pk}) == urgency[::-1]


def test_ordering_by_due_date_is_the_default_and_can_be_reversed(cast, tasks):
    default = ids(cast, {"group": cast.group.pk})

    assert default == [tasks["late"].pk, tasks["early"].pk, cast.task.pk, tasks["wardless"].pk]
    assert ids(cast, {"group": cast.group.pk, "ordering": "-due_date"}) == default[::-1]


def test_ordering_by_updated_at(cast, tasks):
    with clock.frozen_at(NOW + dt.timedelta(hours=1)):
        services.task_start(task=cast.task, actor=cast.owner.user)

    assert ids(cast, {"ordering": "-updated_at"})[0] == cast.task.pk


def test_filters_apply_within_the_users_scope(cast, tasks):
    assert ids(cast, {"group": cast.group.pk}, user=cast.other_member.user) == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "finished"},
        {"deadline_status": "late"},
        {"group": "abc"},
        {"group": 999999},
        {"ward": "somewhere"},
        {"owner": "-1"},
        {"due_before": "31/03/2026"},
        {"due_after": "2026-02-30"},
        {"updated_since": "yesterday"},
        {"mine": "maybe"},
        {"extended": "yes please"},
        {"ordering": "title"},
        {"q": "a\x00b"},
        {"approver_kind": "the_mayor"},
        {"approver": "-1"},
        {"product_kind": "poem"},
        {"product_file_required": "perhaps"},
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_it(cast, params):
    response = client_for(cast.staff, **EN).get(f"{API}tasks/", params)

    data = error(response, 400, "invalid")
    assert list(data["errors"]) == list(params)


def test_a_member_filter_value_of_someone_unknown_is_a_400(cast):
    stranger = MemberFactory()
    stranger_pk = stranger.pk
    stranger.delete()

    error(client_for(cast.staff).get(f"{API}tasks/", {"owner": stranger_pk}), 400)


# --------------------------------------------------------------------------- unknown parameters


def test_an_unknown_parameter_is_a_400_naming_it_not_every_task(cast, tasks):
    response = client_for(cast.staff, **EN).get(f"{API}tasks/", {"stauts": "done", "group": cast.group.pk})

    data = error(response, 400, "invalid")
    assert list(data["errors"]) == ["stauts"]
    message = data["errors"]["stauts"][0]
    assert message.startswith("Unknown parameter. This list takes: ")
    assert "status" in message and "page_size" in message


def test_the_unknown_parameter_message_is_vietnamese_by_default(cast):
    data = error(client_for(cast.staff).get(f"{API}tasks/", {"stauts": "done"}), 400, "invalid")

    assert data["errors"]["stauts"][0].startswith("Tham số không được hỗ trợ. Danh sách này nhận: ")


def test_unknown_parameters_and_invalid_values_are_named_together(cast):
    response = client_for(cast.staff).get(f"{API}tasks/", {"status": "finished", "colour": "red", "b": "1"})

    assert sorted(error(response, 400)["errors"]) == ["b", "colour", "status"]


def test_the_page_the_page_size_and_the_format_are_not_filters_but_are_accepted(cast, tasks):
    response = client_for(cast.staff).get(f"{API}tasks/", {"page": 2, "page_size": 2, "format": "json"})

    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 5


def test_a_detail_ignores_its_query_string(cast):
    assert client_for(cast.staff).get(f"{API}tasks/{cast.task.pk}/", {"colour": "red"}).status_code == 200


@pytest.mark.parametrize("suffix", ["events/", "notes/", "measurements/"])
def test_a_tasks_records_refuse_unknown_parameters_too(cast, suffix):
    response = client_for(cast.staff).get(f"{API}tasks/{cast.task.pk}/{suffix}", {"since": "2026-01-01"})

    assert list(error(response, 400)["errors"]) == ["since"]


def test_a_tasks_events_filter_by_kind_and_actor(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)
    url = f"{API}tasks/{cast.task.pk}/events/"

    def kinds(params):
        response = client_for(cast.staff).get(url, params)
        assert response.status_code == 200, response.json()
        return [e["kind"] for e in response.json()["results"]]

    assert kinds({"kind": "started"}) == ["started"]
    assert kinds({"actor": cast.leader.user.pk}) == ["created"]
    assert kinds({"kind": ["created", "started"]}) == ["created", "started"]


def test_the_summary_refuses_unknown_parameters(cast):
    response = client_for(cast.staff, **EN).get(f"{API}summary/", {"by": "ward", "extended": "true"})

    assert list(error(response, 400)["errors"]) == ["extended"]
    ok = client_for(cast.staff).get(f"{API}summary/", {"by": "ward", "period_start": "", "format": "json"})
    assert ok.status_code == 200


def test_members_filter_by_their_login(cast):
    response = client_for(cast.staff).get(f"{API}members/", {"user": cast.owner.user.pk})

    assert [m["id"] for m in response.json()["results"]] == [cast.owner.pk]


def test_notes_and_measurements_filter_by_who_wrote_them(cast):
    services.task_start(task=cast.task, actor=cast.owner.user)
    services.note_add(task=cast.task, actor=cast.coordinator.user, text="Đã phối hợp")
    services.note_add(task=cast.task, actor=cast.owner.user, text="Đang làm")
    owner = cast.owner.user
    services.measurement_record(task=cast.task, actor=owner, value=90, measured_on=dt.date(2026, 2, 1))
    client = client_for(cast.staff)

    notes = client.get(f"{API}tasks/{cast.task.pk}/notes/", {"author": cast.coordinator.user.pk}).json()
    measured = client.get(f"{API}tasks/{cast.task.pk}/measurements/", {"recorded_by": cast.leader.user.pk})

    assert [n["text"] for n in notes["results"]] == ["Đã phối hợp"]
    assert measured.json()["count"] == 0


def test_tasks_filter_by_their_product_and_their_approver(cast, tasks):
    services.task_edit(
        task=tasks["early"],
        actor=cast.leader.user,
        changes={
            "product": {"kind": "report", "description": "Báo cáo", "file_required": True},
            "approver": {"kind": "standing_member", "member": cast.standing},
        },
    )
    services.task_edit(
        task=tasks["late"],
        actor=cast.leader.user,
        changes={
            "product": {"kind": "minutes", "description": "Biên bản"},
            "approver": {"kind": "standing_committee"},
        },
    )
    early, late = tasks["early"].pk, tasks["late"].pk
    assert ids(cast, {"approver": cast.standing.pk}) == [early]
    assert ids(cast, {"approver_kind": "standing_committee"}) == [late]
    assert sorted(ids(cast, {"approver_kind": ["standing_committee", "standing_member"]})) == sorted(
        [early, late]
    )
    assert len(ids(cast, {"approver_kind": "group_leader"})) == 3
    assert ids(cast, {"product_kind": "report"}) == [early]
    assert ids(cast, {"product_file_required": "true"}) == [early]
    assert early not in ids(cast, {"product_file_required": "false"})
