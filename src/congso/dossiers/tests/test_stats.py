"""One-stop statistics: each definition of congso.dossiers.stats on dossiers built with the ORM in
given states and times, the query counts, the dashboard's permissions, the Excel export and the
public pages."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congso.accounts.models import OrgUnit, Role
from congso.accounts.tests.factories import UserFactory, make_official
from congso.dossiers import stats, stats_views
from congso.dossiers.models import Dossier
from congso.procedures.models import Field, Procedure

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
S = Dossier.Status
JUNE = {"start": dt.date(2026, 6, 1), "end": dt.date(2026, 6, 30)}
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=VN)
SECRET_NAME = "Đỗ Thị Kín Tên"


def at(month: int, day: int, hour: int = 9, minute: int = 0, second: int = 0, year: int = 2026):
    """A moment in Vietnam's time."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN)


def make_dossier(
    procedure,
    agency,
    *,
    status: str = S.IN_PROCESS,
    received: dt.datetime | None = None,
    due: dt.datetime | None = None,
    finished: dt.datetime | None = None,
    channel: str = Dossier.Channel.ONLINE,
    rating: int | None = None,
) -> Dossier:
    """A dossier in the given state at the given times, straight into the database.

    Received dossiers get a due date 5 days later unless told; `finished` sets the time the result
    was ready (or the refusal)."""
    if received is not None and due is None:
        due = received + dt.timedelta(days=5)
    return Dossier.objects.create(
        procedure=procedure,
        agency=agency,
        status=status,
        channel=channel,
        applicant_name=SECRET_NAME,
        applicant_id_number="034201000001",
        phone="0912000111",
        submitted_at=(received or at(6, 1)) - dt.timedelta(hours=1),
        received_at=received,
        due_at=due,
        finished_at=finished,
        rating=rating,
        rated_at=finished if rating else None,
    )


def resolved(procedure, agency, *, received, due, finished, **extra) -> Dossier:
    return make_dossier(
        procedure, agency, status=S.RETURNED, received=received, due=due, finished=finished, **extra
    )


def totals(agencies, **period) -> dict:
    return stats.agency_stats(agencies=agencies, now=NOW, **(period or JUNE))


@pytest.fixture
def other_procedure(province):
    field = Field.objects.create(code="CNTT", name="Công nghệ thông tin")
    return Procedure.objects.create(
        code="2.000001", name="Cấp giấy phép bưu chính", field=field, processing_days=5,
        level=Procedure.Level.PROVINCE, online_level=Procedure.OnlineLevel.FULL,
    )  # fmt: skip


@pytest.fixture
def leader(province):
    return make_official(
        email="giamdoc@sotttt.vn", full_name="Vũ Minh Giám", unit=province.sotttt, role=Role.LEADER
    )


@pytest.fixture
def district_leader(province):
    return make_official(
        email="chutich@donghung.vn", full_name="Hà Văn Huyện", unit=province.donghung,
        role=Role.LEADER,
    )  # fmt: skip


@pytest.fixture
def admin(province):
    return make_official(
        email="quantri@tinh.vn", full_name="Lý Quản Trị", unit=province.root,
        role=Role.ADMINISTRATOR,
    )  # fmt: skip


@pytest.fixture
def fixed_now(monkeypatch):
    monkeypatch.setattr(stats_views, "current_time", lambda: NOW)
    return NOW


# --- each definition -----------------------------------------------------------------------------


def test_received_counts_only_dossiers_the_desk_received(procedure, agency):
    make_dossier(procedure, agency, status=S.DRAFT)
    make_dossier(procedure, agency, status=S.SUBMITTED)
    make_dossier(procedure, agency, status=S.SUPPLEMENT)  # asked to complete before reception
    make_dossier(procedure, agency, status=S.WITHDRAWN)
    make_dossier(procedure, agency, status=S.REFUSED, finished=at(6, 3))  # refused at the desk
    refused_later = make_dossier(procedure, agency, status=S.REFUSED, received=at(6, 2))
    refused_later.finished_at = at(6, 4)
    refused_later.save()
    make_dossier(procedure, agency, status=S.CANCELLED, received=at(6, 2))
    make_dossier(procedure, agency, status=S.RECEIVED, received=at(6, 2))

    figures = totals(agency)

    assert figures["received"] == 3
    assert figures["stopped"] == 2  # refused and cancelled after reception
    assert figures["in_progress"] == 1
    assert figures["resolved"] == 0


def test_early_on_time_late_by_the_local_day_and_the_due_time(procedure, agency):
    due = at(6, 5, 10)
    # Early: finished on a day before the due day, even an hour before midnight.
    resolved(procedure, agency, received=at(6, 1), due=due, finished=at(6, 4, 23, 30))
    # On time: the due day itself, before the due time, or exactly at it.
    resolved(procedure, agency, received=at(6, 1), due=due, finished=at(6, 5, 8))
    resolved(procedure, agency, received=at(6, 1), due=due, finished=due)
    # Late: one minute after the due time on the same day, or a later day.
    resolved(procedure, agency, received=at(6, 1), due=due, finished=at(6, 5, 10, 1))
    resolved(procedure, agency, received=at(6, 1), due=due, finished=at(6, 8, 14))

    figures = totals(agency)

    assert (figures["early"], figures["on_time"], figures["late"]) == (1, 2, 2)
    assert figures["resolved"] == 5
    assert figures["on_time_rate"] == pytest.approx(3 / 5)


def test_days_are_those_of_vietnam_not_of_utc(procedure, agency):
    # 23:30 on the 4th in Hà Nội is still the 4th in UTC; due 00:30 on the 5th is the 4th in UTC:
    # in UTC both fall on one day ("on time"), in Vietnam the result came a day early.
    resolved(procedure, agency, received=at(6, 1), due=at(6, 5, 0, 30), finished=at(6, 4, 23, 30))
    # 06:00 on the 5th in Hà Nội is the 4th in UTC, the due time 10:00 the 5th: the same local day.
    resolved(procedure, agency, received=at(6, 1), due=at(6, 5, 10), finished=at(6, 5, 6))

    figures = totals(agency)

    assert (figures["early"], figures["on_time"], figures["late"]) == (1, 1, 0)


def test_resolved_needs_a_result_and_in_progress_is_received_and_not_finished(procedure, agency):
    make_dossier(
        procedure, agency, status=S.RESULT_READY, received=at(6, 1), finished=at(6, 3)
    )  # resolved
    make_dossier(procedure, agency, status=S.RESULT_READY, received=at(6, 1))  # no finish time
    make_dossier(procedure, agency, status=S.RECEIVED, received=at(6, 1))
    make_dossier(procedure, agency, status=S.IN_PROCESS, received=at(6, 1))
    make_dossier(procedure, agency, status=S.SUPPLEMENT, received=at(6, 1))
    make_dossier(procedure, agency, status=S.PAYMENT, received=at(6, 1))

    figures = totals(agency)

    assert figures["received"] == 6
    assert figures["resolved"] == 1
    assert figures["in_progress"] == 4
    assert figures["early"] + figures["on_time"] + figures["late"] == 1


def test_overdue_now_is_in_progress_past_its_due_time(procedure, agency):
    make_dossier(procedure, agency, received=at(6, 1), due=at(6, 15, 9, 59))  # overdue
    make_dossier(procedure, agency, received=at(6, 1), due=at(6, 15, 10, 1))  # not yet
    make_dossier(procedure, agency, received=at(6, 1), due=NOW)  # due this very minute: not yet
    # Waiting for the applicant's supplement: the clock is paused, not overdue.
    make_dossier(procedure, agency, status=S.SUPPLEMENT, received=at(6, 1), due=at(6, 10))
    # Resolved late is late, not overdue.
    resolved(procedure, agency, received=at(6, 1), due=at(6, 5), finished=at(6, 9))

    figures = totals(agency)

    assert figures["overdue"] == 1
    assert figures["in_progress"] == 4
    assert stats.agency_stats(agencies=agency, now=at(6, 16), **JUNE)["overdue"] == 3


def test_the_period_is_reception_day_in_vietnam_both_ends_included(procedure, agency):
    make_dossier(procedure, agency, received=at(5, 31, 23, 59, 59))  # out
    make_dossier(procedure, agency, received=at(6, 1, 0, 0))  # in (17:00 the 31st in UTC)
    make_dossier(procedure, agency, received=at(6, 30, 23, 59, 59))  # in
    make_dossier(procedure, agency, received=at(7, 1, 0, 0))  # out
    # Received in May, resolved in June: it belongs to May.
    resolved(procedure, agency, received=at(5, 20), due=at(5, 27), finished=at(6, 2))

    figures = totals(agency)
    may = totals(agency, start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31))
    one_day = totals(agency, start=dt.date(2026, 6, 30), end=dt.date(2026, 6, 30))

    assert figures["received"] == 2
    assert figures["resolved"] == 0
    assert (may["received"], may["resolved"], may["late"]) == (2, 1, 1)
    assert one_day["received"] == 1


def test_online_share_and_satisfaction(procedure, agency):
    common = {"received": at(6, 2), "due": at(6, 9), "finished": at(6, 5)}
    resolved(procedure, agency, rating=4, **common)
    resolved(procedure, agency, rating=3, **common)
    resolved(procedure, agency, rating=3, channel=Dossier.Channel.COUNTER, **common)
    resolved(procedure, agency, rating=1, channel=Dossier.Channel.POST, **common)
    resolved(procedure, agency, channel=Dossier.Channel.COUNTER, **common)  # not rated

    figures = totals(agency)

    assert figures["online"] == 2
    assert figures["online_share"] == pytest.approx(2 / 5)
    assert figures["rated"] == 4
    assert [figures[f"rating_{level}"] for level in (4, 3, 2, 1)] == [1, 2, 0, 1]
    assert figures["satisfied"] == 3
    assert figures["satisfied_share"] == pytest.approx(3 / 4)


def test_shares_are_none_when_there_is_nothing_to_divide(agency):
    figures = totals(agency)

    assert figures["received"] == 0
    assert figures["on_time_rate"] is None
    assert figures["online_share"] is None
    assert figures["satisfied_share"] is None


def test_a_unit_brings_its_subtree_and_each_dossier_counts_once(procedure, province):
    make_dossier(procedure, province.donghung, received=at(6, 2))
    make_dossier(procedure, province.xa, received=at(6, 2))
    make_dossier(procedure, province.xa, received=at(6, 3))
    make_dossier(procedure, province.soyte, received=at(6, 3))

    district = totals(province.donghung)
    district_only = totals(OrgUnit.objects.filter(pk=province.donghung.pk))
    province_wide = totals(province.root)
    rows = stats.stats_by_agency(agencies=province.root, now=NOW, **JUNE)

    assert district["received"] == 3
    assert district_only["received"] == 1
    assert province_wide["received"] == 4
    assert [(row["code"], row["received"]) for row in rows] == [
        (province.soyte.code, 1),  # tree order: siblings by code, a district before its communes
        (province.donghung.code, 1),
        (province.xa.code, 2),
    ]
    assert sum(row["received"] for row in rows) == province_wide["received"]


def test_rows_by_procedure(procedure, other_procedure, agency):
    resolved(procedure, agency, received=at(6, 2), due=at(6, 5), finished=at(6, 4))
    resolved(procedure, agency, received=at(6, 2), due=at(6, 5), finished=at(6, 8))
    make_dossier(other_procedure, agency, received=at(6, 3))
    make_dossier(other_procedure, agency, status=S.SUBMITTED)

    rows = stats.stats_by_procedure(agencies=agency, now=NOW, **JUNE)

    assert [(r["code"], r["received"], r["resolved"], r["late"]) for r in rows] == [
        ("1.001193", 2, 2, 1),
        ("2.000001", 1, 0, 0),
    ]
    assert rows[0]["on_time_rate"] == pytest.approx(0.5)
    assert rows[1]["on_time_rate"] is None


def test_monthly_series_by_month_of_reception_with_empty_months(procedure, agency):
    # 00:30 on 1 April in Hà Nội is still 31 March in UTC: it is an April dossier.
    resolved(procedure, agency, received=at(4, 1, 0, 30), due=at(4, 8), finished=at(4, 7))
    make_dossier(procedure, agency, received=at(3, 31, 23, 0))
    make_dossier(procedure, agency, received=at(6, 10))

    series = stats.monthly_series(
        agencies=agency, start=dt.date(2026, 3, 15), end=dt.date(2026, 6, 20), now=NOW
    )

    assert [(row["month"], row["received"], row["resolved"], row["early"]) for row in series] == [
        (dt.date(2026, 3, 1), 1, 0, 0),
        (dt.date(2026, 4, 1), 1, 1, 1),
        (dt.date(2026, 5, 1), 0, 0, 0),
        (dt.date(2026, 6, 1), 1, 0, 0),
    ]


def test_public_ranking_by_on_time_rate(procedure, province):
    due, early, late = at(6, 5), at(6, 3), at(6, 9)
    for finished in (early, early, late):  # 2/3
        resolved(procedure, province.sotttt, received=at(6, 1), due=due, finished=finished)
    resolved(procedure, province.soyte, received=at(6, 1), due=due, finished=early)  # 1/1
    for finished in (early, late):  # 1/2
        resolved(procedure, province.xa, received=at(6, 1), due=due, finished=finished)
    resolved(procedure, province.donghung, received=at(6, 1), due=due, finished=early)  # 1/1
    make_dossier(procedure, province.root, received=at(6, 1))  # nothing resolved: not ranked

    rows = stats.public_ranking(now=NOW, **JUNE)

    assert [(row["rank"], row["code"]) for row in rows] == [
        (1, province.donghung.code),  # 100 %, 1 resolved; ties by name: "Huyện" < "Sở"
        (1, province.soyte.code),
        (3, province.sotttt.code),
        (4, province.xa.code),
    ]


# --- query counts --------------------------------------------------------------------------------


def _many(procedure, other_procedure, province, count: int) -> None:
    units = [province.root, province.sotttt, province.soyte, province.donghung, province.xa]
    for index in range(count):
        unit, proc = units[index % len(units)], (procedure, other_procedure)[index % 2]
        received = at(6, 1 + index % 28, 8 + index % 9)
        resolved(
            proc, unit, received=received, due=received + dt.timedelta(days=3),
            finished=received + dt.timedelta(days=index % 6), rating=1 + index % 4,
        )  # fmt: skip
        make_dossier(proc, unit, received=received, channel=Dossier.Channel.COUNTER)


@pytest.mark.parametrize(
    "selector",
    [stats.agency_stats, stats.stats_by_procedure, stats.stats_by_agency, stats.monthly_series],
)
def test_each_selector_is_one_query_however_many_dossiers(
    selector, procedure, other_procedure, province, django_assert_num_queries
):
    _many(procedure, other_procedure, province, 2)
    with django_assert_num_queries(1):
        selector(agencies=province.root, now=NOW, **JUNE)
    _many(procedure, other_procedure, province, 40)
    with django_assert_num_queries(1):
        selector(agencies=OrgUnit.objects.all(), now=NOW, **JUNE)


def test_the_dashboard_query_count_does_not_grow(
    client, admin, procedure, other_procedure, province, fixed_now
):
    client.force_login(admin)
    url = reverse("dossiers:stats") + "?tu-ngay=01/06/2026&den-ngay=30/06/2026"
    _many(procedure, other_procedure, province, 2)
    excel_url = url + "&xuat=excel"
    client.get(url), client.get(excel_url)  # caches warmed
    with CaptureQueriesContext(connection) as page_few:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as excel_few:
        assert client.get(excel_url).status_code == 200
    _many(procedure, other_procedure, province, 40)
    OrgUnit.objects.get(pk=province.xa.pk).add_child(
        name="Thôn Một", code="000.02.27.H56", kind="other"
    )
    with CaptureQueriesContext(connection) as page_many:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as excel_many:
        assert client.get(excel_url).status_code == 200

    assert len(page_many) == len(page_few)
    assert len(excel_many) == len(excel_few)
    for captured in (page_many, excel_many):  # the four figures, in one query each
        dossier_queries = [q for q in captured if '"dossiers_dossier"' in q["sql"]]
        assert len(dossier_queries) == 4


# --- the dashboard -------------------------------------------------------------------------------


def test_the_dashboard_is_for_leaders_clerks_and_administrators(
    client, citizen, province, clerk, leader, admin
):
    url = reverse("dossiers:stats")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "next=" in anonymous["Location"]

    for user in (
        citizen,
        make_official(
            email="xuly@sotttt.vn", full_name="Chuyên Viên", unit=province.sotttt, role=Role.HANDLER
        ),
    ):
        client.force_login(user)
        refused = client.get(url)
        assert refused.status_code == 403
        assert "Trang thống kê dành cho lãnh đạo" in refused.content.decode()

    for user in (clerk, leader, admin):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_a_department_leader_sees_only_the_department(client, leader, procedure, province):
    make_dossier(procedure, province.sotttt, received=at(6, 2))
    make_dossier(procedure, province.soyte, received=at(6, 2))
    make_dossier(procedure, province.soyte, received=at(6, 3))
    client.force_login(leader)
    url = reverse("dossiers:stats")
    period = {"tu-ngay": "01/06/2026", "den-ngay": "30/06/2026"}

    response = client.get(url, period)
    other = client.get(url, {**period, "co-quan": province.soyte.code})
    other_excel = client.get(url, {**period, "co-quan": province.soyte.code, "xuat": "excel"})

    assert response.status_code == 200
    assert response.context["totals"]["received"] == 1
    assert [c["code"] for c in response.context["choices"]] == [province.sotttt.code]
    assert province.soyte.name not in response.content.decode()
    assert other.status_code == 403
    assert "không có quyền xem thống kê của cơ quan này" in other.content.decode()
    assert other_excel.status_code == 403
    assert "totals" not in (other.context or {})


def test_a_district_leader_sees_the_communes_and_can_pick_one(
    client, district_leader, procedure, province
):
    make_dossier(procedure, province.donghung, received=at(6, 2))
    make_dossier(procedure, province.xa, received=at(6, 2))
    make_dossier(procedure, province.sotttt, received=at(6, 2))
    client.force_login(district_leader)
    url = reverse("dossiers:stats")
    period = {"tu-ngay": "01/06/2026", "den-ngay": "30/06/2026"}

    whole = client.get(url, period)
    commune = client.get(url, {**period, "co-quan": province.xa.code})

    assert [c["code"] for c in whole.context["choices"]] == [
        province.donghung.code,
        province.xa.code,
    ]
    assert whole.context["totals"]["received"] == 2
    assert whole.context["scope_name"] == province.donghung.name
    assert commune.context["totals"]["received"] == 1
    assert commune.context["scope_name"] == province.xa.name


def test_an_administrator_sees_the_province(client, admin, procedure, province):
    for unit in (province.root, province.sotttt, province.soyte, province.xa):
        make_dossier(procedure, unit, received=at(6, 2))
    client.force_login(admin)

    response = client.get(
        reverse("dossiers:stats"), {"tu-ngay": "01/06/2026", "den-ngay": "30/06/2026"}
    )

    assert response.context["totals"]["received"] == 4
    assert len(response.context["choices"]) == OrgUnit.objects.count()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tu-ngay": "31/02/2026"}, "Ngày “31/02/2026” không hợp lệ"),
        ({"tu-ngay": "2026-06-01", "den-ngay": "30/06/2026"}, "Ngày “2026-06-01” không hợp lệ"),
        ({"tu-ngay": "01/06/2026", "den-ngay": "hôm qua"}, "Ngày “hôm qua” không hợp lệ"),
        ({"tu-ngay": "30/06/2026", "den-ngay": "01/06/2026"}, "Ngày bắt đầu phải trước"),
        ({"tu-ngay": "01/01/2000", "den-ngay": "30/06/2026"}, "tối đa 10 năm"),
        ({"ky": "tuan"}, "Kỳ thống kê không hợp lệ"),
    ],
)
def test_invalid_periods_are_refused_in_vietnamese(client, leader, params, message):
    client.force_login(leader)

    response = client.get(reverse("dossiers:stats"), params)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "totals" not in response.context


def test_presets_and_default_period(client, leader, fixed_now):
    client.force_login(leader)
    url = reverse("dossiers:stats")

    default = client.get(url)
    month = client.get(url, {"ky": "thang"})
    quarter = client.get(url, {"ky": "quy"})
    year = client.get(url, {"ky": "nam"})
    typed = client.get(url, {"tu-ngay": "5/3/2026"})  # no end: until today

    today = dt.date(2026, 6, 15)
    assert (default.context["start"], default.context["end"]) == (dt.date(2026, 1, 1), today)
    assert month.context["start"] == dt.date(2026, 6, 1)
    assert quarter.context["start"] == dt.date(2026, 4, 1)
    assert (year.context["start"], year.context["end"]) == (dt.date(2026, 1, 1), today)
    assert (typed.context["start"], typed.context["end"]) == (dt.date(2026, 3, 5), today)


def test_the_dashboard_draws_both_charts_with_their_tables(client, leader, procedure, province):
    resolved(procedure, province.sotttt, received=at(5, 4), due=at(5, 8), finished=at(5, 6))
    resolved(procedure, province.sotttt, received=at(6, 2), due=at(6, 5), finished=at(6, 9))
    make_dossier(procedure, province.sotttt, received=at(6, 3))
    client.force_login(leader)

    response = client.get(
        reverse("dossiers:stats"), {"tu-ngay": "01/05/2026", "den-ngay": "30/06/2026"}
    )
    html = response.content.decode()

    assert html.count('<svg viewBox="0 0') == 2
    assert html.count('role="img"') == 2
    assert "05/2026 — Tiếp nhận: 1" in html  # the tooltip of a bar
    assert "06/2026 — Trễ hạn: 1" in html
    volume = response.context["volume_table"]["rows"]
    assert [[cell["text"] for cell in row["cells"]] for row in volume] == [
        ["05/2026", "1", "1"],
        ["06/2026", "2", "1"],
    ]
    timing = response.context["timing_table"]["rows"]
    assert [[cell["text"] for cell in row["cells"]] for row in timing] == [
        ["05/2026", "1", "0", "0", "100,0%"],
        ["06/2026", "0", "0", "1", "0,0%"],
    ]
    assert "Cấp giấy phép" not in html
    assert "Đăng ký khai sinh" in html  # the table by procedure
    assert SECRET_NAME not in html


# --- Excel ---------------------------------------------------------------------------------------


def test_the_excel_export_holds_the_same_tables(
    client, leader, procedure, other_procedure, province
):
    resolved(
        procedure, province.sotttt, received=at(6, 2), due=at(6, 5), finished=at(6, 4), rating=4
    )
    resolved(
        procedure, province.sotttt, received=at(6, 2), due=at(6, 5), finished=at(6, 8), rating=2
    )
    make_dossier(other_procedure, province.sotttt, received=at(6, 3), channel="counter")
    client.force_login(leader)
    params = {"tu-ngay": "01/06/2026", "den-ngay": "30/06/2026"}

    response = client.get(reverse("dossiers:stats"), {**params, "xuat": "excel"})

    assert response.status_code == 200
    assert response["Content-Type"] == stats_views.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="thong-ke-ho-so-20260601-20260630.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Tổng hợp", "Theo tháng", "Theo thủ tục", "Theo cơ quan", "Mức độ hài lòng",
    ]  # fmt: skip
    summary = {row[0].value: row[1] for row in workbook["Tổng hợp"].iter_rows(min_row=2)}
    assert summary["Cơ quan, đơn vị"].value == province.sotttt.name
    assert summary["Từ ngày"].value == dt.datetime(2026, 6, 1)
    assert summary["Tiếp nhận"].value == 3
    assert summary["Trễ hạn"].value == 1
    assert summary["Tỷ lệ đúng hạn"].value == pytest.approx(0.5)
    assert summary["Tỷ lệ đúng hạn"].number_format == "0.0%"
    assert summary["Tỷ lệ trực tuyến"].value == pytest.approx(2 / 3)

    by_procedure = list(workbook["Theo thủ tục"].values)
    assert by_procedure[0][:6] == (
        "Tên thủ tục", "Mã thủ tục", "Tiếp nhận", "Trong đó trực tuyến", "Đã giải quyết",
        "Trước hạn",
    )  # fmt: skip
    assert by_procedure[1][:6] == ("Đăng ký khai sinh", "1.001193", 2, 2, 2, 1)
    assert by_procedure[2][:5] == ("Cấp giấy phép bưu chính", "2.000001", 1, 0, 0)
    assert by_procedure[2][-3] is None  # no on-time rate without a resolved dossier
    assert workbook["Theo thủ tục"].cell(row=2, column=11).number_format == "0.0%"
    assert list(workbook["Theo cơ quan"].values)[1][:3] == (
        province.sotttt.name, province.sotttt.code, 3,
    )  # fmt: skip
    monthly = list(workbook["Theo tháng"].values)
    assert monthly[0] == (
        "Tháng", "Tiếp nhận", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Trễ hạn", "Tỷ lệ đúng hạn",
    )  # fmt: skip
    assert monthly[1] == (dt.datetime(2026, 6, 1), 3, 2, 1, 0, 1, 0.5)
    satisfaction = list(workbook["Mức độ hài lòng"].values)
    assert satisfaction[1:] == [
        ("Rất hài lòng", 1, 0.5), ("Hài lòng", 0, 0), ("Chấp nhận được", 1, 0.5),
        ("Không hài lòng", 0, 0),
    ]  # fmt: skip
    text = " ".join(str(v) for ws in workbook for row in ws.values for v in row if v is not None)
    assert SECRET_NAME not in text


# --- public pages --------------------------------------------------------------------------------


def _this_year_resolved(procedure, unit, *, late: bool, rating: int | None = None) -> Dossier:
    received = stats_views.current_time() - dt.timedelta(minutes=1)
    due = received + (dt.timedelta(seconds=1) if late else dt.timedelta(days=3))
    return resolved(
        procedure, unit, received=received, due=due,
        finished=received + dt.timedelta(seconds=2), rating=rating,
    )  # fmt: skip


def test_the_public_agency_page_shows_aggregates_and_no_names(client, procedure, province, clerk):
    _this_year_resolved(procedure, province.xa, late=False, rating=4)
    _this_year_resolved(procedure, province.xa, late=False, rating=2)
    _this_year_resolved(procedure, province.xa, late=True)
    make_dossier(procedure, province.xa, received=stats_views.current_time(), channel="counter")
    make_dossier(procedure, province.xa, status=S.SUBMITTED)
    _this_year_resolved(procedure, province.donghung, late=True)  # another agency

    response = client.get(reverse("dossiers:stats-agency", args=[province.xa.code]))
    html = response.content.decode()

    assert response.status_code == 200
    figures = response.context["totals"]
    assert (figures["received"], figures["resolved"], figures["late"]) == (4, 3, 1)
    assert response.context["pct"]["on_time_rate"] == "66,7%"
    assert response.context["pct"]["online_share"] == "75,0%"
    assert response.context["pct"]["satisfied_share"] == "50,0%"
    assert "66,7%" in html
    for private in (SECRET_NAME, "034201000001", "0912000111", clerk.full_name, clerk.email):
        assert private not in html
    assert client.get(reverse("dossiers:stats-agency", args=["000.99.99.H56"])).status_code == 404


def test_the_public_page_of_an_earlier_year(client, procedure, province):
    last_year = stats_views.current_time().year - 1
    resolved(
        procedure, province.xa, received=at(3, 1, year=last_year), due=at(3, 5, year=last_year),
        finished=at(3, 2, year=last_year),
    )  # fmt: skip
    url = reverse("dossiers:stats-agency", args=[province.xa.code])

    this_year = client.get(url)
    earlier = client.get(url, {"nam": str(last_year)})

    assert this_year.context["totals"]["received"] == 0
    assert earlier.context["totals"]["received"] == 1
    assert client.get(url, {"nam": "năm ngoái"}).status_code == 400
    assert client.get(url, {"nam": str(last_year + 2)}).status_code == 400


def test_the_public_ranking(client, procedure, province):
    _this_year_resolved(procedure, province.xa, late=False)
    _this_year_resolved(procedure, province.xa, late=True)
    _this_year_resolved(procedure, province.soyte, late=False)
    make_dossier(procedure, province.sotttt, received=stats_views.current_time())  # unresolved

    response = client.get(reverse("dossiers:stats-public"))
    html = response.content.decode()

    assert response.status_code == 200
    assert [(row["rank"], row["code"]) for row in response.context["rows"]] == [
        (1, province.soyte.code),
        (2, province.xa.code),
    ]
    assert html.index(province.soyte.name) < html.index(province.xa.name)
    assert province.sotttt.name not in html
    assert reverse("dossiers:stats-agency", args=[province.xa.code]) in html
    assert SECRET_NAME not in html


def test_public_pages_need_no_account(client, province):
    assert client.get(reverse("dossiers:stats-public")).status_code == 200
    assert (
        client.get(reverse("dossiers:stats-agency", args=[province.root.code])).status_code == 200
    )
    anyone = UserFactory(email="ai@example.vn")
    client.force_login(anyone)
    assert client.get(reverse("dossiers:stats-public")).status_code == 200
