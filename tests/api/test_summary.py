"""`GET /api/v1/summary/`: the report as JSON, XLSX and CSV (docs/api.md, "The summary")."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from assignments import clock, services
from assignments.models import Target, Task
from assignments.summaries import FIGURES, GROUPINGS
from tests.assignments.report_committee import make_committee as committee_of_every_kind
from tests.assignments.report_data import HANOI, all_tasks, bulk_tasks, expected_figures, make_committee
from tests.factories import MemberFactory, StaffUserFactory, StandingMemberFactory, make_task

URL = "/api/v1/summary/"
TODAY = dt.date(2026, 11, 27)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def today():
    with clock.frozen_at(dt.datetime(2026, 11, 27, 9, 0, tzinfo=HANOI)):
        yield TODAY


@pytest.fixture
def committee(db, today):
    committee = make_committee(groups=3, members_per_group=2, wards_per_group=2)
    bulk_tasks(committee, 300, today=today)
    Target.objects.create(
        code="CT01", name="Tỷ lệ hồ sơ đúng hạn", unit="%", target_value=99, deadline=dt.date(2026, 12, 31),
        achieved_on=dt.date(2026, 6, 1),
    )  # fmt: skip
    return committee


@pytest.fixture
def staff(db):
    return StaffUserFactory(username="office")


def client_for(user, language: str = "vi") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user=user)
    return client


def download(response) -> bytes:
    return b"".join(response.streaming_content)


# --------------------------------------------------------------------------- JSON


def test_the_summary_answers_the_fields_of_the_contract(committee, staff, today):
    response = client_for(staff).get(URL, {"period_start": "2026-01-01", "period_end": "2026-12-31"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"as_of", "by", "period", "totals", "rows", "targets"}
    assert body["as_of"] == "2026-11-27"
    assert body["by"] == "group"  # the default
    assert body["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert list(body["totals"]) == list(FIGURES)
    assert [list(row) for row in body["rows"]] == [["key", *FIGURES]] * 3
    assert body["rows"][0]["key"] == {"id": committee.groups[0].pk, "name": "Tổ 1", "number": 1}
    assert body["targets"] == {"total": 1, "achieved": 1, "achieved_early": 1}
    in_period = [t for t in all_tasks() if dt.date(2026, 1, 1) <= t.due_date <= dt.date(2026, 12, 31)]
    assert body["totals"] == expected_figures(in_period, today)


@pytest.mark.parametrize("by", GROUPINGS)
def test_every_grouping_adds_up_to_the_same_totals(committee, staff, today, by):
    body = client_for(staff).get(URL, {"by": by}).json()

    assert body["by"] == by
    assert body["totals"] == expected_figures(all_tasks(), today)
    for figure in ("total", "done", "open", "cancelled", "extended", "outcome_achieved"):
        assert sum(row[figure] for row in body["rows"]) == body["totals"][figure]


def test_rows_are_keyed_as_the_contract_shows(committee, staff):
    client = client_for(staff, "en")

    ward_keys = [row["key"] for row in client.get(URL, {"by": "ward"}).json()["rows"]]
    owner_key = client.get(URL, {"by": "owner"}).json()["rows"][0]["key"]
    month_key = client.get(URL, {"by": "month"}).json()["rows"][0]["key"]

    assert ward_keys[-1] == {"id": None, "name": "No ward", "code": None}
    assert set(ward_keys[0]) == {"id", "name", "code"}
    assert set(owner_key) == {"id", "name"}
    assert set(month_key) == {"month"} and len(month_key["month"]) == 7


def test_blank_period_parameters_mean_no_bound(committee, staff):
    client = client_for(staff)

    blank = client.get(URL, {"period_start": "", "period_end": "", "group": "", "ward": ""}).json()

    assert blank["period"] == {"start": None, "end": None}
    assert blank["totals"] == client.get(URL).json()["totals"]


def test_group_and_ward_narrow_the_report(committee, staff, today):
    group = committee.groups[1]

    body = client_for(staff).get(URL, {"group": group.pk, "by": "ward"}).json()

    assert body["totals"] == expected_figures([t for t in all_tasks() if t.group_id == group.pk], today)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"by": "party_cell"}, "by"),
        ({"period_start": "27/11/2026"}, "period_start"),
        ({"period_end": "2026-02-30"}, "period_end"),
        ({"period_start": "2026-12-01", "period_end": "2026-11-30"}, "period_end"),
        ({"group": "one"}, "group"),
        ({"ward": "0"}, "ward"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(db, staff, params, field):
    response = client_for(staff, "en").get(URL, params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]


def test_a_period_ending_before_it_starts_says_so(db, staff):
    response = client_for(staff, "en").get(URL, {"period_start": "2026-12-01", "period_end": "2026-11-30"})

    assert response.json()["errors"] == {"period_end": ["The end of the period cannot be before its start."]}


@pytest.mark.parametrize("fmt", [None, "csv", "xlsx"])
def test_anonymous_gets_401_in_json_whatever_the_format(db, fmt):
    response = client_for(None).get(URL, {"format": fmt} if fmt else {})

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_authenticated"


def test_a_bad_parameter_of_a_download_answers_json(db, staff):
    response = client_for(staff).get(URL, {"format": "xlsx", "by": "nope"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response
    assert list(response.json()["errors"]) == ["by"]


def test_a_member_gets_the_figures_of_their_group_only(committee, today):
    group = committee.groups[0]
    member = committee.members[group.pk][0]

    body = client_for(member.user).get(URL).json()

    assert [row["key"]["id"] for row in body["rows"]] == [group.pk]
    assert body["totals"] == expected_figures([t for t in all_tasks() if t.group_id == group.pk], today)


def test_the_standing_committee_gets_every_task(committee, today):
    body = client_for(StandingMemberFactory().user).get(URL).json()

    assert body["totals"] == expected_figures(all_tasks(), today)


def test_the_summary_runs_the_same_queries_for_10_and_for_1000_tasks(db, today):
    committee = make_committee(groups=2)
    client = client_for(StandingMemberFactory().user)
    bulk_tasks(committee, 10, today=today)
    client.get(URL)  # warm-up

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL, {"by": "owner"}).status_code == 200
        return len(context)

    with_10 = queries()
    bulk_tasks(committee, 990, today=today, seed=8)
    with_1000 = queries()

    # The rows' one aggregate and the term targets' one aggregate (the client's user
    # already holds its member row, read by the warm-up).
    assert Task.objects.count() == 1000
    assert with_10 == with_1000 == 2


# --------------------------------------------------------------------------- XLSX


def _sheet_rows(content: bytes, index: int = 0) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[index].iter_rows(values_only=True))


def test_the_xlsx_opens_and_holds_the_same_numbers_with_vietnamese_headers(committee, staff):
    client = client_for(staff)
    params = {"by": "group", "period_start": "2026-09-01", "period_end": "2026-12-31"}
    body = client.get(URL, params).json()

    response = client.get(URL, {**params, "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-hop-2026-11-27.xlsx"'
    rows = _sheet_rows(download(response))
    assert rows[0][0] == "Đảng bộ quận Ba Đình"  # COMMITTEE_NAME
    assert any("01/09/2026" in str(r[0]) and "31/12/2026" in str(r[0]) for r in rows[:6])  # the period
    assert any("27/11/2026" in str(r[0]) for r in rows[:6])  # the report's date
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Tổ cấp ủy")
    header = rows[header_at]
    for heading in (
        "Hoàn thành trước hạn",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện quá hạn",
    ):
        assert heading in header
    table = rows[header_at + 1 : header_at + 1 + len(body["rows"]) + 1]
    expected = [[row["key"]["name"], *(row[f] for f in FIGURES)] for row in body["rows"]]
    expected.append([table[-1][0], *(body["totals"][f] for f in FIGURES)])  # the totals row
    assert [list(r[: 1 + len(FIGURES)]) for r in table] == expected


def test_the_xlsx_shows_rates_as_percentages(committee, staff):
    content = download(client_for(staff).get(URL, {"format": "xlsx"}))

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header_at = next(c.row for c in sheet["A"] if c.value == "Tổ cấp ủy")
    rate_column = 1 + 1 + FIGURES.index("completion_rate")
    cell = sheet.cell(row=header_at + 1, column=rate_column)
    assert cell.number_format == "0.00%"
    assert 0 <= cell.value <= 1


def test_the_xlsx_holds_the_term_targets_and_the_tasks(committee, staff):
    content = download(client_for(staff).get(URL, {"format": "xlsx", "group": committee.groups[0].pk}))

    summary = _sheet_rows(content, 0)
    assert any(r[0] == "CT01" and r[1] == "Tỷ lệ hồ sơ đúng hạn" for r in summary)
    tasks = _sheet_rows(content, 1)
    assert tasks[0][1:3] == ("Tiêu đề", "Tổ cấp ủy")
    ids = [r[0] for r in tasks[1:]]
    assert sorted(ids) == sorted(Task.objects.filter(group=committee.groups[0]).values_list("pk", flat=True))


def test_formula_text_stays_text_in_the_xlsx(committee, staff):
    Task.objects.filter(pk=Task.objects.order_by("id")[0].pk).update(title="=1+1")
    owner = MemberFactory(full_name="@SUM(A1:A9)")
    group = committee.groups[0]
    group.members.add(owner)
    Task.objects.filter(group=group).update(owner=owner)

    content = download(client_for(staff).get(URL, {"format": "xlsx", "by": "owner"}))

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    titles = [c for c in workbook.worksheets[1]["B"] if c.value == "=1+1"]
    assert len(titles) == 1 and titles[0].data_type == "s"
    owners = [c for c in workbook.worksheets[0]["A"] if c.value == "@SUM(A1:A9)"]
    assert len(owners) == 1 and owners[0].data_type == "s"


# --------------------------------------------------------------------------- CSV


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_is_utf8_with_a_byte_order_mark_and_streams(committee, staff):
    response = client_for(staff).get(URL, {"format": "csv"})

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-hop-2026-11-27.csv"'
    content = download(response)
    assert content.startswith(b"\xef\xbb\xbf")
    header = _csv_rows(content)[0]
    assert header[0] == "Tổ cấp ủy"
    assert "Hoàn thành đúng hạn" in header and "Đang thực hiện quá hạn" in header


def test_the_csv_holds_the_same_numbers(committee, staff):
    client = client_for(staff, "en")
    body = client.get(URL, {"by": "ward"}).json()

    rows = _csv_rows(download(client.get(URL, {"by": "ward", "format": "csv"})))

    assert rows[0][:4] == ["Territory code", "Territory", "Total tasks", "Done"]
    table = rows[1 : 2 + len(body["rows"])]
    assert table[-2][:2] == ["", "No ward"]
    assert table[-1][:2] == ["Total", ""]
    assert table[-1][2:] == ["" if v is None else str(v) for v in (body["totals"][f] for f in FIGURES)]


def test_a_formula_in_a_csv_cell_is_neutralised(committee, staff):
    first = Task.objects.order_by("id")[0]
    Task.objects.filter(pk=first.pk).update(title="=1+1")
    Task.objects.filter(pk=Task.objects.order_by("id")[1].pk).update(title="-2+3")
    owner = MemberFactory(full_name="+cmd|' /C calc'!A0")
    group = committee.groups[0]
    group.members.add(owner)
    Task.objects.filter(group=group).update(owner=owner)

    rows = _csv_rows(download(client_for(staff).get(URL, {"format": "csv", "by": "owner"})))

    cells = [cell for row in rows for cell in row]
    assert "'=1+1" in cells and "=1+1" not in cells
    assert "'-2+3" in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


# --------------------------------------------------------------------------- what the files hold


def test_the_ward_rows_give_each_wards_code_in_the_csv_and_the_xlsx(committee, staff):
    client = client_for(staff, "en")
    body = client.get(URL, {"by": "ward"}).json()
    expected = [[row["key"]["code"] or "", row["key"]["name"]] for row in body["rows"]]

    rows = _csv_rows(download(client.get(URL, {"by": "ward", "format": "csv"})))
    assert rows[0][:3] == ["Territory code", "Territory", "Total tasks"]
    assert [row[:2] for row in rows[1 : 1 + len(expected)]] == expected
    assert expected[0][0] == committee.wards[0].code and expected[-1] == ["", "No ward"]

    sheet = _sheet_rows(download(client.get(URL, {"by": "ward", "format": "xlsx"})))
    at = next(i for i, r in enumerate(sheet) if r[0] == "Territory code")
    assert sheet[at][1] == "Territory"
    assert [[r[0] or "", r[1]] for r in sheet[at + 1 : at + 1 + len(expected)]] == expected


TASK_HEADERS_EN = [
    "Task ID", "Title", "Committee group", "Territory code", "Territory", "Owner", "Source",
    "Kind of product", "Product", "Accepted by", "Original due date", "Due date", "Extended", "Status",
    "Deadline status", "Completion date",
    "Unit", "Target value", "Actual value", "Target value reached",
]  # fmt: skip
TASK_HEADERS_VI = [
    "Mã nhiệm vụ", "Tiêu đề", "Tổ cấp ủy", "Mã địa bàn", "Địa bàn", "Đầu mối chủ trì", "Nguồn giao",
    "Loại sản phẩm", "Sản phẩm", "Người nghiệm thu", "Hạn ban đầu", "Hạn hoàn thành", "Được gia hạn",
    "Trạng thái", "Tiến độ so với hạn",
    "Ngày hoàn thành", "Đơn vị tính", "Giá trị mục tiêu", "Giá trị thực tế", "Đạt giá trị mục tiêu",
]  # fmt: skip


@pytest.fixture
def every_kind(cast):
    Task.objects.filter(pk=cast.task.pk).update(source="Nghị quyết 05-NQ/QU")
    return committee_of_every_kind(cast)


def _task_sheet(content: bytes) -> dict[int, dict[str, object]]:
    rows = _sheet_rows(content, 1)
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_the_task_sheet_says_where_when_and_how_well_each_task_was_done(every_kind):
    client = client_for(every_kind.cast.staff, "en")

    sheet = _task_sheet(download(client.get(URL, {"format": "xlsx"})))

    assert list(next(iter(sheet.values()))) == TASK_HEADERS_EN
    done_late = sheet[every_kind.done_late.pk]
    assert done_late["Territory code"] == "00001" and done_late["Territory"] == "Phúc Xá"
    assert done_late["Deadline status"] == "Done late" and done_late["Extended"] == "No"
    assert done_late["Original due date"].date() == dt.date(2026, 1, 28)
    assert done_late["Completion date"].date() == dt.date(2026, 2, 2)
    assert (done_late["Unit"], done_late["Target value"], done_late["Actual value"]) == ("%", 99, 99)
    assert done_late["Target value reached"] == "Yes"
    extended = sheet[every_kind.extended.pk]
    assert extended["Extended"] == "Yes" and extended["Original due date"].date() == dt.date(2026, 2, 20)
    assert extended["Due date"].date() == dt.date(2026, 4, 30)
    assert extended["Completion date"] is None and extended["Actual value"] is None
    assert extended["Target value reached"] == "No"
    assert sheet[every_kind.cast.task.pk]["Source"] == "Nghị quyết 05-NQ/QU"
    assert sheet[every_kind.other_group.pk]["Territory code"] is None
    assert sheet[every_kind.cast.task.pk]["Accepted by"] == "The group's leader"


def test_the_task_sheet_says_what_each_task_delivers_and_who_accepts_it(every_kind):
    cast = every_kind.cast
    services.task_edit(
        task=cast.task.pk,
        actor=cast.staff,
        changes={
            "product": {"kind": "decision", "description": "Quyết định kiện toàn"},
            "approver": {"kind": "standing_member", "member": cast.standing},
        },
    )
    sheet = _task_sheet(download(client_for(cast.staff, "en").get(URL, {"format": "xlsx"})))
    line = sheet[cast.task.pk]
    assert (line["Kind of product"], line["Product"], line["Accepted by"]) == (
        "Decision",
        "Quyết định kiện toàn",
        cast.standing.full_name,
    )
    assert sheet[every_kind.done_late.pk]["Kind of product"] in ("", None)


def test_the_csv_task_list_has_the_same_columns_in_vietnamese(every_kind):
    client = client_for(every_kind.cast.staff, "vi")

    rows = _csv_rows(download(client.get(URL, {"format": "csv"})))

    at = rows.index(TASK_HEADERS_VI)
    lines = {int(row[0]): dict(zip(TASK_HEADERS_VI, row, strict=True)) for row in rows[at + 1 :]}
    done_late = lines[every_kind.done_late.pk]
    assert done_late["Mã địa bàn"] == "00001" and done_late["Tiến độ so với hạn"] == "Hoàn thành quá hạn"
    assert done_late["Hạn ban đầu"] == "2026-01-28" and done_late["Ngày hoàn thành"] == "2026-02-02"
    assert (done_late["Giá trị mục tiêu"], done_late["Giá trị thực tế"]) == ("99.00", "99.00")
    assert done_late["Đạt giá trị mục tiêu"] == "Có" and done_late["Được gia hạn"] == "Không"
    assert lines[every_kind.extended.pk]["Được gia hạn"] == "Có"


def test_the_task_list_adds_no_query_per_task(every_kind, django_assert_num_queries):
    client = client_for(every_kind.cast.staff)
    client.get(URL, {"format": "csv"})  # warm-up: the login's member row
    # The rows' aggregate, the term targets' aggregate, the term targets' list, the tasks.
    with django_assert_num_queries(4):
        download(client.get(URL, {"format": "csv"}))
    make_task(group=every_kind.cast.group, owner=every_kind.cast.owner, title="Một việc nữa")
    with django_assert_num_queries(4):
        download(client.get(URL, {"format": "csv"}))


@pytest.mark.parametrize(("language", "name"), [("vi", "bao-cao-tong-hop"), ("en", "summary-report")])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_files_name_is_in_the_requests_language(committee, staff, language, name, fmt):
    response = client_for(staff, language).get(URL, {"format": fmt})

    assert response["Content-Disposition"] == f'attachment; filename="{name}-2026-11-27.{fmt}"'


def test_an_unknown_format_is_a_400_naming_it(db, staff):
    response = client_for(staff, "en").get(URL, {"format": "pdf"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["format"]


@pytest.mark.parametrize("by", GROUPINGS)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_hand_written_report_is_the_declared_fields_own(every_kind, by, language):
    """SummarySerializer writes its document by hand (speed): it must stay the fields' own,
    key for key, value for value and byte for byte, for every grouping (a ward key of no
    ward, a rate of nothing to divide by)."""
    from django.utils import translation
    from rest_framework import serializers
    from rest_framework.renderers import JSONRenderer

    from api.serializers.summary import SummarySerializer
    from assignments.summaries import summary_for

    summary = summary_for(every_kind.cast.staff, by=by)
    empty = summary_for(every_kind.cast.staff, by=by, period_start=dt.date(2030, 1, 1))
    with translation.override(language):
        for report in (summary, empty):
            ours = SummarySerializer(report).data
            theirs = serializers.Serializer.to_representation(SummarySerializer(report), report)
            assert ours == theirs
            assert JSONRenderer().render(ours) == JSONRenderer().render(theirs)
    assert summary.rows
