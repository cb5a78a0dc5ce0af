"""A realistic published week of the work calendar for `congso demo` (text written for the demo)."""

from __future__ import annotations

import datetime as dt

from wagtail.models import Site

from congso.accounts.models import OrgUnit
from congso.portal.calendar import services
from congso.portal.calendar.models import CalendarEntry
from congso.portal.calendar.weeks import VN_TZ, Week

DEMO_ACTOR = "congso demo"

# (weekday 0=Monday, start, end, content, leader index, location, participants, preparing unit)
DEMO_WEEK = [
    (
        0,
        "07:30",
        "09:00",
        "Giao ban lãnh đạo đầu tuần, thống nhất chương trình công tác tuần.",
        0,
        "Phòng họp số 1",
        "Các đồng chí Lãnh đạo; Trưởng các phòng, đơn vị trực thuộc.",
        "Văn phòng",
    ),
    (
        0,
        "14:00",
        "16:30",
        "Làm việc với Ủy ban nhân dân huyện Đông Hưng về tiến độ chuyển đổi số cấp xã năm nay.",
        0,
        "Trụ sở Ủy ban nhân dân huyện Đông Hưng",
        "Trưởng phòng Kế hoạch - Tổng hợp; chuyên viên phụ trách địa bàn.",
        "Phòng Kế hoạch - Tổng hợp",
    ),
    (
        1,
        "08:00",
        "11:30",
        "Tiếp công dân định kỳ.",
        1,
        "Trụ sở Tiếp công dân",
        "Chánh Thanh tra; cán bộ tiếp công dân.",
        "Thanh tra",
    ),
    (
        1,
        "14:00",
        "17:00",
        "Dự Hội nghị trực tuyến toàn quốc về cải cách thủ tục hành chính.",
        0,
        "Điểm cầu Ủy ban nhân dân tỉnh",
        "Theo giấy mời.",
        "",
    ),
    (
        2,
        "08:00",
        "10:00",
        "Họp Hội đồng thẩm định hồ sơ dự án nâng cấp hệ thống một cửa điện tử.",
        1,
        "Phòng họp số 2",
        "Thành viên Hội đồng thẩm định theo quyết định.",
        "Phòng Kế hoạch - Tổng hợp",
    ),
    (
        2,
        "14:00",
        "",
        "Kiểm tra công tác tiếp nhận, giải quyết hồ sơ tại Bộ phận Một cửa.",
        2,
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Chánh Văn phòng; chuyên viên theo dõi.",
        "Văn phòng",
    ),
    (
        3,
        "07:30",
        "11:30",
        "Làm việc với Ủy ban nhân dân xã Đông Hợp về xây dựng xã nông thôn mới "
        "kiểu mẫu gắn với chuyển đổi số.",
        2,
        "Trụ sở Ủy ban nhân dân xã Đông Hợp",
        "Đại diện các phòng chuyên môn liên quan.",
        "Phòng Kế hoạch - Tổng hợp",
    ),
    (
        3,
        "14:00",
        "16:00",
        "Họp Ban Chỉ đạo chuyển đổi số: rà soát kết quả thực hiện các chỉ tiêu quý.",
        0,
        "Phòng họp số 1",
        "Thành viên Tổ giúp việc Ban Chỉ đạo.",
        "Văn phòng",
    ),
    (
        4,
        "08:00",
        "11:00",
        "Hội nghị tập huấn sử dụng hệ thống quản lý văn bản và điều hành cho cán bộ cấp xã.",
        1,
        "Hội trường tầng 3",
        "Văn thư, cán bộ một cửa các xã, phường.",
        "Trung tâm Công nghệ thông tin",
    ),
    (
        4,
        "15:00",
        "16:30",
        "Giao ban cuối tuần, đánh giá kết quả công tác tuần và triển khai nhiệm vụ tuần tới.",
        0,
        "Phòng họp số 1",
        "Các đồng chí Lãnh đạo; Trưởng các phòng.",
        "Văn phòng",
    ),
]


def _at(day: dt.date, hhmm: str) -> dt.datetime | None:
    if not hhmm:
        return None
    hour, minute = (int(p) for p in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=VN_TZ)


def seed_demo_calendar(site: Site, org_unit: OrgUnit, leaders: list[str]) -> int:
    """Create the current week's published calendar of `site`; returns how many entries it made.

    Idempotent: an entry with the same site, start and content is not created again.
    `leaders` are the chairing leaders' texts, e.g. "Đồng chí Nguyễn Văn A - Giám đốc Sở".
    """
    names = leaders or [f"Lãnh đạo {org_unit.short_name or org_unit.name}"]
    week = Week.current()
    created = 0
    for weekday, start, end, content, who, location, participants, unit in DEMO_WEEK:
        day = week.monday + dt.timedelta(days=weekday)
        starts_at = _at(day, start)
        if CalendarEntry.objects.filter(site=site, starts_at=starts_at, content=content).exists():
            continue
        services.calendar_entry_create(
            actor=DEMO_ACTOR, site=site, starts_at=starts_at, ends_at=_at(day, end),
            content=content, leaders=names[who % len(names)], location=location,
            participants=participants, preparing_unit=unit, is_published=True,
            reason="Dữ liệu trình diễn",
        )  # fmt: skip
        created += 1
    return created
