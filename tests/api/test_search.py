"""`q=` finds what people type: case, accents and "đ"/"d" aside, the owner's and the
ward's names too, kept current when any of them changes (docs/api.md, "Search")."""

from __future__ import annotations

import importlib
import unicodedata
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from assignments import search, services
from assignments.filtersets import TaskFilterSet
from assignments.models import Member, Task
from tests.api.api_helpers import API, client_for
from tests.factories import MemberFactory, WardFactory, make_task

pytestmark = pytest.mark.django_db


def found(cast, q: str, user=None) -> list[int]:
    response = client_for(user or cast.staff).get(f"{API}tasks/", {"q": q})
    assert response.status_code == 200, response.json()
    return sorted(t["id"] for t in response.json()["results"])


@pytest.fixture
def tasks(cast):
    """Three tasks of group 1 besides the cast's (whose ward is Phúc Xá), each found one way."""
    process = cast.task.process
    wardless = make_task(
        group=cast.group,
        owner=cast.group_member,
        process=process,
        title="Tuyên truyền Nghị quyết",
        description="Tại phường Phúc Xá và các khu dân cư",
    )
    roads = make_task(
        group=cast.group,
        owner=cast.coordinator,
        process=process,
        title="ĐƯỜNG ĐỘI CẤN: lát lại vỉa hè",
        description="Báo cáo tiến độ hằng tuần.",
    )
    other = make_task(group=cast.other_group, owner=cast.other_member, process=process, title="Kiểm tra")
    return SimpleNamespace(wardless=wardless, roads=roads, other=other)


@pytest.mark.parametrize("q", ["Phuc Xa", "PHÚC XÁ", "phúc xá", "phuc   XA", "xa phuc"])
def test_case_accents_spacing_and_word_order_do_not_matter(cast, tasks, q):
    # The cast's task is in the ward Phúc Xá; the other names it in its description.
    assert found(cast, q) == sorted([cast.task.pk, tasks.wardless.pk])


def test_decomposed_accents_from_a_phone_find_the_same(cast, tasks):
    assert found(cast, unicodedata.normalize("NFD", "Phúc Xá")) == sorted([cast.task.pk, tasks.wardless.pk])


@pytest.mark.parametrize("q", ["doi can", "Đội Cấn", "đội cấn", "ĐỘI", "duong"])
def test_d_and_the_barred_d_are_one_letter(cast, tasks, q):
    assert found(cast, q) == [tasks.roads.pk]


def test_a_word_is_found_from_its_start(cast, tasks):
    assert found(cast, "phu xa") == sorted([cast.task.pk, tasks.wardless.pk])  # as typed so far
    assert found(cast, "huc xa") == []  # not from inside a word


def test_punctuation_separates_words(cast, tasks):
    assert found(cast, "cấn:lát") == [tasks.roads.pk]
    assert found(cast, "  ,.;  ") == sorted([cast.task.pk, tasks.wardless.pk, tasks.roads.pk, tasks.other.pk])


def test_every_word_must_be_found(cast, tasks):
    assert found(cast, "phuc xa vỉa hè") == []
    assert found(cast, "vỉa hè đội") == [tasks.roads.pk]


def test_the_owners_name_is_searched(cast, tasks):
    # "Trần Thị Chủ Trì" owns the cast's task; "Lê Văn Phối Hợp" the roads task.
    assert found(cast, "chu tri") == [cast.task.pk]
    assert found(cast, "phối hợp") == [tasks.roads.pk]


def test_search_stays_within_what_the_user_may_read(cast, tasks):
    assert found(cast, "kiem tra", user=cast.owner.user) == []
    assert found(cast, "kiem tra") == [tasks.other.pk]


def test_a_content_edit_is_found_at_once(cast, tasks):
    services.task_edit(task=tasks.roads, actor=cast.leader.user, changes={"title": "Sửa cống Ngọc Hà"})

    assert found(cast, "ngoc ha") == [tasks.roads.pk]
    assert found(cast, "doi can") == []


def test_a_ward_set_by_an_edit_is_found(cast, tasks):
    services.task_edit(task=tasks.roads, actor=cast.leader.user, changes={"ward": cast.ward})

    assert tasks.roads.pk in found(cast, "phuc xa")


def test_a_handover_searches_the_new_owners_name(cast, tasks):
    services.task_reassign(
        task=cast.task, actor=cast.leader.user, owner=cast.group_member, reason="Nghỉ phép"
    )

    assert found(cast, "chu tri") == []
    assert cast.task.pk in found(cast, "thanh vien")


def test_renaming_a_member_through_the_api_renames_them_in_search(cast, tasks):
    response = client_for(cast.staff).patch(f"{API}members/{cast.owner.pk}/", {"full_name": "Vũ Thị Mới"})
    assert response.status_code == 200, response.json()

    assert found(cast, "chu tri") == []
    assert found(cast, "vu thi moi") == [cast.task.pk]
    assert member_ids(cast, "vu thi") == [cast.owner.pk]


def test_renaming_a_ward_through_the_api_renames_it_in_search(cast, tasks):
    response = client_for(cast.staff).patch(f"{API}wards/{cast.ward.pk}/", {"name": "Quán Thánh"})
    assert response.status_code == 200, response.json()

    assert found(cast, "phuc xa") == [tasks.wardless.pk]  # named in its description
    assert found(cast, "quan thanh") == [cast.task.pk]


def test_a_member_added_through_the_api_is_found(cast):
    user = MemberFactory().user  # a login for the new member, from a member made and removed
    Member.objects.filter(user=user).delete()
    body = {"user": user.pk, "full_name": "Đặng Văn Mới", "title": "Ủy viên"}
    assert client_for(cast.staff).post(f"{API}members/", body).status_code == 201

    assert member_ids(cast, "dang van") == [Member.objects.get(user=user).pk]


def member_ids(cast, q: str) -> list[int]:
    response = client_for(cast.staff).get(f"{API}members/", {"q": q})
    assert response.status_code == 200, response.json()
    return sorted(m["id"] for m in response.json()["results"])


@pytest.mark.parametrize("q", ["do van", "ĐỖ VĂN", "thuong vu", "ban thường vụ"])
def test_members_are_found_whatever_the_case_and_accents(cast, q):
    # "Đỗ Văn Thường Vụ", Ủy viên Ban Thường vụ, is the one Standing Committee member of the
    # cast who leads no group (the leaders' titles say Ban Thường vụ too).
    assert cast.standing.pk in member_ids(cast, q)
    assert cast.owner.pk not in member_ids(cast, q)


def test_the_migration_fills_the_rows_that_existed_before_it(cast, tasks):
    migration = importlib.import_module("assignments.migrations.0004_task_search")
    expected = dict(Task.objects.values_list("pk", "search_text"))
    Task.objects.update(search_text="")
    Member.objects.update(search_text="")
    migration.BATCH = 2  # several batches

    migration.fill(apps, SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name))

    assert dict(Task.objects.values_list("pk", "search_text")) == expected
    roads = " duong doi can lat lai via he bao cao tien do hang tuan le van phoi hop"
    assert expected[tasks.roads.pk] == roads
    assert Member.objects.get(pk=cast.owner.pk).search_text == " tran thi chu tri uy vien ban chap hanh"


def test_refreshing_a_members_tasks_works_in_batches(cast, tasks):
    for _ in range(4):
        make_task(group=cast.group, owner=cast.owner, process=cast.task.process)
    Member.objects.filter(pk=cast.owner.pk).update(full_name="Ngô Văn Khác")

    changed = search.refresh_tasks(Task.objects.filter(owner=cast.owner), batch=2)

    assert changed == 5
    assert len(found(cast, "ngo van khac")) == 5


def test_a_ward_of_another_name_is_not_confused(cast, tasks):
    WardFactory(code="00004", name="Phúc Tân")

    assert found(cast, "phuc tan") == []


@pytest.mark.postgres_only
def test_on_postgresql_the_search_reads_the_trigram_index(cast, tasks):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's (SQLite scans the folded column)")
    # Both words, "xa" too: `LIKE '% xa%'` gives trigrams where `'%xa%'` would give none.
    # Unordered, as the page's count is (a few rows: ordered, the planner walks the due dates).
    query = TaskFilterSet({"q": "phuc xa"}, queryset=Task.objects.all()).qs.order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: the planner would scan
        plan = query.explain()

    assert "task_search_trgm_idx" in plan
    assert "Index Cond: ((search_text ~~ '% phuc%'::text) AND (search_text ~~ '% xa%'::text))" in plan


def test_renaming_a_member_or_a_ward_in_the_admin_renames_them_in_search(cast, tasks, client):
    from django.urls import reverse

    from tests.assignments.test_admin import change_member_form

    client.force_login(cast.staff)
    member_page = reverse("admin:assignments_member_change", args=[cast.owner.pk])
    ward_page = reverse("admin:assignments_ward_change", args=[cast.ward.pk])

    renamed = client.post(member_page, change_member_form(cast.owner, full_name="Vũ Thị Mới"))
    moved = client.post(ward_page, {"code": cast.ward.code, "name": "Quán Thánh", "active": "on"})

    assert (renamed.status_code, moved.status_code) == (302, 302)
    assert found(cast, "vu thi moi") == [cast.task.pk]
    assert found(cast, "quan thanh") == [cast.task.pk]
    assert found(cast, "chu tri") == []


def test_a_member_added_in_the_admin_is_found(cast, client):
    from django.urls import reverse

    from tests.assignments.test_admin import PASSWORD, member_form

    client.force_login(cast.staff)
    data = member_form(full_name="Đinh Thị Mới", username="dtmoi", password1=PASSWORD, password2=PASSWORD)
    assert client.post(reverse("admin:assignments_member_add"), data).status_code == 302

    assert member_ids(cast, "dinh thi") == [Member.objects.get(user__username="dtmoi").pk]
