"""The leader's list of overdue tasks not yet explained, the owner's explain form, and
the escalation labels (issue 11). Today is 2026-02-02; by default the owner has 2 days
to explain, then the leader is told, and 7 days after that the Standing Committee."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from assignments.models import Member, Task
from tests.factories import ProcessFactory, make_task
from tests.web.web_helpers import action, client_for, events_of, messages_of, query_count, text

pytestmark = pytest.mark.django_db


def overdue(cast, due: dt.date, *, group=None, owner=None, title: str = "Việc quá hạn"):
    return make_task(
        group=group or cast.group,
        owner=owner or cast.owner,
        process=ProcessFactory(steps=1),
        start_date=dt.date(2026, 1, 2),
        due_date=due,
        title=title,
    )


@pytest.fixture
def plain_leader(cast):
    """The group's leader, not on the Standing Committee: they see their own groups only."""
    Member.objects.filter(pk=cast.leader.pk).update(is_standing=False)
    return cast.leader.user


@pytest.fixture
def late(cast):
    """4 days overdue: past the days to explain, raised to the group leader."""
    return overdue(cast, dt.date(2026, 1, 29), title="Báo cáo rà soát hộ nghèo")


# --------------------------------------------------------------------------- the list


def test_a_leader_sees_their_groups_unexplained_overdue_tasks_and_not_another_groups(
    cast, late, plain_leader
):
    very_late = overdue(cast, dt.date(2026, 1, 20), title="Hồ sơ đất đai tồn")  # committee
    overdue(cast, dt.date(2026, 2, 1), title="Mới quá hạn một ngày")  # still the owner's days
    overdue(cast, dt.date(2026, 1, 25), group=cast.other_group, owner=cast.other_member, title="Việc tổ 2")
    response = client_for(plain_leader).get("/overdue/")
    assert response.status_code == 200
    assert [t.pk for t in response.context["tasks"]] == [very_late.pk, late.pk]
    page = text(response)
    assert "Group leader told" in page and "Standing Committee told" in page
    assert "Trần Thị Chủ Trì" in page  # the owner
    assert "Việc tổ 2" not in page and "Mới quá hạn một ngày" not in page
    assert f'href="/tasks/{late.pk}/"' in response.content.decode()
    row = page.split("Báo cáo rà soát hộ nghèo")[1]
    assert row.split()[:3] == ["Trần", "Thị", "Chủ"] and " 4 " in row[:60]


def test_an_explained_task_leaves_the_list(cast, late, plain_leader):
    services.task_explain(
        task=late, actor=cast.owner.user, reason="Chờ số liệu phường", proposed_due_date=dt.date(2026, 2, 20)
    )
    assert client_for(plain_leader).get("/overdue/").context["tasks"] == []


def test_an_extension_past_the_explained_date_then_overdue_again_comes_back(cast, late):
    # The explanation held for the old due date only.
    services.task_explain(
        task=late, actor=cast.owner.user, reason="Chờ số liệu", proposed_due_date=dt.date(2026, 2, 20)
    )
    late.refresh_from_db()
    assert late.explained_for_due_date == dt.date(2026, 1, 29)
    Task.objects.filter(pk=late.pk).update(explained_for_due_date=dt.date(2026, 1, 28))
    assert [t.pk for t in client_for(cast.leader.user).get("/overdue/").context["tasks"]] == [late.pk]


def test_the_standing_committee_and_the_office_see_every_group(cast, late):
    other = overdue(cast, dt.date(2026, 1, 25), group=cast.other_group, owner=cast.other_member)
    for user in (cast.standing.user, cast.staff):
        tasks = client_for(user).get("/overdue/").context["tasks"]
        assert [t.pk for t in tasks] == [other.pk, late.pk]  # the longest overdue first
    # A leader on the Standing Committee sees every group too, their own groups first.
    tasks = client_for(cast.leader.user).get("/overdue/").context["tasks"]
    assert [t.pk for t in tasks] == [late.pk, other.pk]


def test_a_member_who_leads_no_group_may_not_open_the_list_nor_sees_it_in_the_menu(cast, late):
    client = client_for(cast.owner.user)
    assert client.get("/overdue/").status_code == 403
    assert 'href="/overdue/"' not in client.get("/my-tasks/").content.decode()
    assert 'href="/overdue/"' in client_for(cast.leader.user).get("/my-tasks/").content.decode()


def test_the_list_costs_the_same_queries_for_1_task_and_for_20(cast, late, plain_leader):
    # Session, login, member; whether the user leads a group; the tasks with group, ward
    # and owner joined; the bell; the menu's groups: 7 whatever the number of tasks.
    one = query_count(plain_leader, "/overdue/")
    for n in range(19):
        overdue(cast, dt.date(2026, 1, 10) + dt.timedelta(days=n % 15), title=f"Việc {n}")
    assert len(client_for(plain_leader).get("/overdue/").context["tasks"]) == 20
    assert query_count(plain_leader, "/overdue/") == one == 7


# --------------------------------------------------------------------------- the explain form


def test_the_owner_explains_and_the_leader_reads_it_with_the_extension_prefilled(cast, late):
    owner = client_for(cast.owner.user)
    page = owner.get(f"/tasks/{late.pk}/")
    assert "Explain the delay" in text(page)
    assert f'action="/tasks/{late.pk}/explain/"' in page.content.decode()

    response = action(
        owner, late, "explain", {"reason": "Chờ số liệu của phường", "proposed_due_date": "2026-02-20"}
    )
    assert response.status_code == 302 and response["Location"] == f"/tasks/{late.pk}/"
    shown = owner.get(response["Location"])
    assert any("20/02/2026" in m for m in messages_of(shown))
    assert events_of(late)[-1] == "explained"
    for user in (cast.owner.user, cast.leader.user):
        page = client_for(user).get(f"/tasks/{late.pk}/")
        words = text(page)
        assert "The delay is explained" in words
        assert "Chờ số liệu của phường" in words
        assert "proposing 20/02/2026 as the new due date" in words
        assert "02/02/2026 09:00" in words  # when
        assert "Delay explained" in words  # the label
    leader_page = client_for(cast.leader.user).get(f"/tasks/{late.pk}/")
    assert leader_page.context["forms"]["extend"]["due_date"].value() == dt.date(2026, 2, 20)
    assert 'name="due_date" value="2026-02-20"' in leader_page.content.decode()


def test_the_explanation_is_not_shown_to_a_mere_group_member(cast, late):
    services.task_explain(
        task=late, actor=cast.owner.user, reason="Chờ số liệu", proposed_due_date=dt.date(2026, 2, 20)
    )
    assert "The delay is explained" not in text(client_for(cast.group_member.user).get(f"/tasks/{late.pk}/"))


def test_a_proposed_date_in_the_past_is_refused_next_to_the_field(cast, late):
    response = action(
        client_for(cast.owner.user), late, "explain", {"reason": "Chờ", "proposed_due_date": "2026-01-30"}
    )
    assert response.status_code == 400
    errors = response.context["forms"]["explain"].errors
    assert "proposed_due_date" in errors and "later than today" in errors["proposed_due_date"][0]
    assert "explained" not in events_of(late)


def test_a_reason_is_required(cast, late):
    response = action(
        client_for(cast.owner.user), late, "explain", {"reason": "", "proposed_due_date": "2026-02-20"}
    )
    assert response.status_code == 400
    assert response.context["forms"]["explain"].errors["reason"]


def test_only_the_owner_explains(cast, late):
    body = {"reason": "Chờ", "proposed_due_date": "2026-02-20"}
    assert action(client_for(cast.leader.user), late, "explain", body).status_code == 403
    assert action(client_for(cast.group_member.user), late, "explain", body).status_code == 403
    assert action(client_for(cast.other_member.user), late, "explain", body).status_code == 404
    assert "explained" not in events_of(late)
    assert "Explain the delay" not in text(client_for(cast.leader.user).get(f"/tasks/{late.pk}/"))


def test_a_task_not_overdue_has_no_explain_form_and_is_refused(cast):
    owner = client_for(cast.owner.user)
    assert "Explain the delay" not in text(owner.get(f"/tasks/{cast.task.pk}/"))
    response = action(owner, cast.task, "explain", {"reason": "Chờ", "proposed_due_date": "2026-04-20"})
    assert response.status_code == 409
    assert "Only an overdue task's delay can be explained." in messages_of(response)


# --------------------------------------------------------------------------- the labels


def test_the_escalation_label_shows_on_the_task_page_and_the_cards(cast, late):
    young = overdue(cast, dt.date(2026, 2, 1), title="Mới quá hạn")
    very = overdue(cast, dt.date(2026, 1, 20), title="Quá hạn lâu")
    client = client_for(cast.owner.user)
    assert "Group leader told" in text(client.get(f"/tasks/{late.pk}/"))
    cards = client.get("/my-tasks/").content.decode()

    def card(title: str) -> str:
        return cards.split(title)[1].split("</li>")[0]

    assert "Explanation needed" in card("Mới quá hạn")
    assert "Group leader told" in card("Báo cáo rà soát hộ nghèo")
    assert "Standing Committee told" in card("Quá hạn lâu")
    assert "esc-" not in card(cast.task.title)  # not overdue: no label
    assert young.pk and very.pk
