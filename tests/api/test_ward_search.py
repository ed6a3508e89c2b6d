"""Wards are searched as tasks and members are: case, accents and "đ"/"d" aside, in the
API's `wards/?q=` and in the admin's search boxes of wards, members and groups, kept
current by the ward services (docs/api.md, "Search")."""

from __future__ import annotations

import importlib
import unicodedata

import pytest
from django.apps import apps
from django.urls import reverse

from assignments import services
from assignments.models import Ward
from assignments.text import fold_text
from tests.api.api_helpers import API, client_for
from tests.factories import WardFactory

pytestmark = pytest.mark.django_db


def ward_ids(cast, q: str) -> list[int]:
    response = client_for(cast.owner.user).get(f"{API}wards/", {"q": q})
    assert response.status_code == 200, response.json()
    return sorted(w["id"] for w in response.json()["results"])


@pytest.fixture
def doi_can(cast) -> Ward:
    return services.ward_create(actor=cast.staff, code="00008", name="Đội Cấn")


@pytest.mark.parametrize("q", ["Phuc Xa", "PHÚC XÁ", "phúc xá", "xa phuc", "phu", "00001"])
def test_a_ward_is_found_whatever_the_case_and_accents(cast, doi_can, q):
    # The cast's ward is “Phúc Xá”, code 00001.
    assert ward_ids(cast, q) == [cast.ward.pk]


def test_d_finds_the_stroked_d_and_decomposed_accents_find_the_same(cast, doi_can):
    assert ward_ids(cast, "doi can") == [doi_can.pk]
    assert ward_ids(cast, "ĐỘI") == [doi_can.pk]
    assert ward_ids(cast, unicodedata.normalize("NFD", "Đội Cấn")) == [doi_can.pk]


def test_every_word_must_be_found_from_the_start_of_a_word(cast, doi_can):
    WardFactory(code="00004", name="Phúc Tân")

    assert ward_ids(cast, "phuc xa can") == []
    assert ward_ids(cast, "uc") == []
    assert ward_ids(cast, "  ") == sorted(Ward.objects.values_list("pk", flat=True))


def test_a_ward_created_or_renamed_through_the_api_is_found_by_its_new_name(cast):
    created = client_for(cast.staff).post(f"{API}wards/", {"code": "00009", "name": "Ngọc Hà"})
    assert created.status_code == 201, created.json()
    assert ward_ids(cast, "ngoc ha") == [created.json()["id"]]

    renamed = client_for(cast.staff).patch(f"{API}wards/{cast.ward.pk}/", {"name": "Quán Thánh"})
    assert renamed.status_code == 200, renamed.json()
    assert ward_ids(cast, "phuc xa") == []
    assert ward_ids(cast, "quan thanh") == [cast.ward.pk]


def test_a_new_code_is_searched_too(cast):
    services.ward_update(cast.ward, actor=cast.staff, changes={"code": "00077"})

    assert ward_ids(cast, "00077") == [cast.ward.pk]
    assert ward_ids(cast, "00001") == []


def test_the_migration_fills_the_wards_that_existed_before_it(cast, doi_can):
    migration = importlib.import_module("assignments.migrations.0009_ward_search")
    expected = dict(Ward.objects.values_list("pk", "search_text"))
    Ward.objects.update(search_text="")

    migration.fill(apps, None)

    assert dict(Ward.objects.values_list("pk", "search_text")) == expected
    assert expected[doi_can.pk] == " 00008 doi can"


# --------------------------------------------------------------------------- the admin


def admin_search(client, model: str, q: str) -> str:
    response = client.get(reverse(f"admin:assignments_{model}_changelist"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def office(cast, client):
    client.force_login(cast.staff)
    return client


def test_the_admin_finds_a_ward_without_its_accents(office, cast, doi_can):
    page = admin_search(office, "ward", "doi can")
    assert "Đội Cấn" in page and "Phúc Xá" not in page
    # The code, as typed, still finds it.
    assert "Đội Cấn" in admin_search(office, "ward", "0008")


def test_the_admin_finds_a_member_and_a_leaders_group_without_accents(office, cast):
    # The cast's owner is “Trần Thị Chủ Trì”; the group's leader leads group 1.
    members = admin_search(office, "member", "TRAN THI chu tri")
    assert cast.owner.full_name in members and cast.leader.full_name not in members
    assert cast.owner.user.username in admin_search(office, "member", cast.owner.user.username)

    groups = admin_search(office, "group", fold_text(cast.leader.full_name).upper())
    assert cast.group.name in groups and cast.other_group.name not in groups
