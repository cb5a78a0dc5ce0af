from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.portal.calendar.weeks import Week

from .conftest import SOTTTT_HOST, make_entry, vn

pytestmark = pytest.mark.django_db

URL = "/lich-cong-tac/"


def get(client, url=URL, **extra):
    return client.get(url, HTTP_HOST=SOTTTT_HOST, **extra)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_week_groups_published_entries_by_day_and_session(client, portal, other_portal):
    make_entry(portal, vn(2025, 7, 14, 8, 0), content="Giao ban đầu tuần")
    make_entry(portal, vn(2025, 7, 14, 14, 30), content="Làm việc với huyện Đông Hưng")
    make_entry(portal, vn(2025, 7, 16, 7, 30), content="Tiếp công dân định kỳ")
    make_entry(portal, vn(2025, 7, 15, 9, 0), content="Dự thảo chưa công bố", is_published=False)
    make_entry(other_portal, vn(2025, 7, 15, 9, 0), content="Lịch của Sở Y tế")
    make_entry(portal, vn(2025, 7, 21, 8, 0), content="Tuần sau mới họp")

    response = get(client, URL + "?tuan=2025-W29")

    assert response.status_code == 200
    html = text(response)
    assert "Thứ Hai, 14/07/2025" in html
    assert "Thứ Tư, 16/07/2025" in html
    assert "Thứ Sáu, 18/07/2025" in html
    assert "Thứ Bảy, 19/07/2025" not in html  # weekend days only when they have entries
    assert "Giao ban đầu tuần" in html
    assert "Làm việc với huyện Đông Hưng" in html
    assert "Tiếp công dân định kỳ" in html
    assert "Dự thảo chưa công bố" not in html
    assert "Lịch của Sở Y tế" not in html
    assert "Tuần sau mới họp" not in html
    monday = html[html.index("Thứ Hai, 14/07/2025") : html.index("Thứ Ba, 15/07/2025")]
    assert monday.index("Sáng") < monday.index("08:00") < monday.index("Giao ban đầu tuần")
    assert monday.index("Chiều") < monday.index("14:30") < monday.index("Làm việc với huyện")
    assert "Đồng chí Nguyễn Văn A - Giám đốc Sở" in html
    assert "Phòng họp số 1" in html
    assert "Lịch công tác tuần từ ngày 14/07/2025 đến ngày 20/07/2025" in html
    assert '<th scope="col"' in html
    assert '<th scope="rowgroup"' in html
    assert "<caption>" in html


def test_times_are_shown_in_ho_chi_minh(client, portal, settings):
    settings.TIME_ZONE = "UTC"
    make_entry(portal, dt.datetime(2025, 7, 13, 17, 30, tzinfo=dt.UTC), content="Sớm thứ Hai")
    html = text(get(client, URL + "?tuan=2025-W29"))
    assert "00:30" in html
    assert "Sớm thứ Hai" in html
    monday = html[html.index("Thứ Hai, 14/07/2025") :]
    assert "Sớm thứ Hai" in monday


def test_ngay_parameter_opens_the_week_of_that_day(client, portal):
    make_entry(portal, vn(2025, 7, 18, 8), content="Hội nghị tập huấn")
    html = text(get(client, URL + "?ngay=20/07/2025"))
    assert "Thứ Sáu, 18/07/2025" in html
    assert "Hội nghị tập huấn" in html


def test_navigation_links(client, portal):
    html = text(get(client, URL + "?tuan=2025-W29"))
    assert 'href="/lich-cong-tac/?tuan=2025-W28"' in html
    assert 'href="/lich-cong-tac/?tuan=2025-W30"' in html
    assert f'href="/lich-cong-tac/?tuan={Week.current().iso}"' in html
    assert 'href="/lich-cong-tac/in/?tuan=2025-W29"' in html
    assert 'hx-get="/lich-cong-tac/?tuan=2025-W28"' in html
    assert 'hx-target="#lich-tuan"' in html
    assert 'hx-push-url="true"' in html


def test_default_is_the_current_week(client, portal):
    week = Week.current()
    make_entry(portal, week.starts_at + dt.timedelta(hours=9), content="Việc của tuần này")
    html = text(get(client))
    assert f"{week.monday:%d/%m/%Y}" in html
    assert "Việc của tuần này" in html
    assert 'aria-current="date"' in html


def test_empty_week_says_so(client, portal):
    html = text(get(client, URL + "?tuan=2025-W29"))
    assert "Chưa có lịch công tác được công bố cho tuần này." in html


@pytest.mark.parametrize(
    "query", ["tuan=2025-W54", "tuan=hello", "ngay=31/02/2025", "ngay=2025-07-14", "tuan="]
)
def test_bad_week_parameter_is_a_vietnamese_400(client, portal, query):
    response = get(client, f"{URL}?{query}")
    assert response.status_code == 400
    html = text(response)
    assert "Yêu cầu không thực hiện được" in html
    assert any(
        phrase in html
        for phrase in (
            "Tuần cần xem không hợp lệ",
            "không có tuần thứ",
            "dd/mm/yyyy",
            "không tồn tại",
        )
    )


def test_htmx_request_gets_only_the_calendar_region(client, portal):
    make_entry(portal, vn(2025, 7, 14, 8), content="Giao ban đầu tuần")
    response = get(client, URL + "?tuan=2025-W29", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="lich-tuan"')
    assert "<html" not in html
    assert "site-header" not in html
    assert "Giao ban đầu tuần" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_bad_week_is_a_400_fragment(client, portal):
    response = get(client, URL + "?tuan=xyz", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "Tuần cần xem không hợp lệ" in response.content.decode()


def test_print_view_is_a_clean_a4_landscape_page(client, portal):
    make_entry(portal, vn(2025, 7, 14, 8), content="Giao ban đầu tuần")
    make_entry(portal, vn(2025, 7, 15, 8), content="Chưa công bố", is_published=False)
    response = get(client, URL + "in/?tuan=2025-W29")
    assert response.status_code == 200
    html = text(response)
    assert "Sở Thông tin và Truyền thông" in html
    assert "Lịch công tác tuần từ ngày 14/07/2025 đến ngày 20/07/2025" in html
    assert "Giao ban đầu tuần" in html
    assert "Chưa công bố" not in html
    assert "site-header" not in html
    assert "site-nav" not in html
    assert "congso/calendar.css" in html


def test_print_css_is_a4_landscape():
    from pathlib import Path

    import congso

    css = (Path(congso.__file__).parent / "static/congso/calendar.css").read_text()
    assert "@page { size: A4 landscape;" in css
    assert "@media print" in css


def test_print_view_bad_week_is_400(client, portal):
    assert get(client, URL + "in/?tuan=2025-W99").status_code == 400


def test_unknown_host_is_not_a_500(client, portal, settings):
    response = client.get(URL, HTTP_HOST="khong-co.localhost")
    assert response.status_code in {200, 404}


def test_query_count_does_not_grow_with_entries(client, portal):
    for day in range(14, 19):
        make_entry(portal, vn(2025, 7, day, 8), content=f"Sáng ngày {day}")
    with CaptureQueriesContext(connection) as few:
        assert get(client, URL + "?tuan=2025-W29").status_code == 200
    for day in range(14, 21):
        for hour in (7, 9, 14, 16):
            make_entry(portal, vn(2025, 7, day, hour), content=f"Việc {day} {hour}")
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert get(client, URL + "?tuan=2025-W30").status_code == 200
        assert get(client, URL + "?tuan=2025-W29").status_code == 200
    assert len(many) <= 2 * len(few)
    cache.clear()
    with CaptureQueriesContext(connection) as again:
        assert get(client, URL + "?tuan=2025-W29").status_code == 200
    assert len(again) == len(few)


def test_week_page_query_budget(client, portal, django_assert_num_queries):
    for day in range(14, 21):
        for hour in (7, 9, 14, 16):
            make_entry(portal, vn(2025, 7, day, hour), content=f"Việc {day} {hour}")
    # The portal (site), its week of entries, the portal chrome (header/menu, then cached).
    with django_assert_num_queries(3):
        get(client, URL + "?tuan=2025-W29")
    # Warm: none; the site and the week's rows are remembered for the portal cache generation.
    with django_assert_num_queries(0):
        get(client, URL + "?tuan=2025-W29", HTTP_HX_REQUEST="true")


def test_week_rows_are_cached_until_the_calendar_changes(
    client, portal, editor, django_capture_on_commit_callbacks
):
    from congso.portal.calendar import services

    get(client, URL + "?tuan=2025-W29")
    make_entry(portal, vn(2025, 7, 15, 8), content="Ghi thẳng vào cơ sở dữ liệu")
    assert "Ghi thẳng vào cơ sở dữ liệu" not in text(get(client, URL + "?tuan=2025-W29"))
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_entry_create(
            actor=editor, site=portal, starts_at=vn(2025, 7, 14, 8), content="Họp mới thêm",
            leaders="Đồng chí A", location="Phòng họp", is_published=True,
        )  # fmt: skip
    assert "Họp mới thêm" in text(get(client, URL + "?tuan=2025-W29"))
