"""Weeks of the work calendar: Monday to Sunday in Asia/Ho_Chi_Minh (no daylight saving time).

A week is named by its Monday. The public page takes `?tuan=2025-W28` (ISO week) or
`?ngay=14/07/2025` (any day of the week) and defaults to the current week.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.exceptions import ApplicationError

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MIN_YEAR = 1990
MAX_YEAR = 2100
ISO_WEEK_RE = re.compile(r"^(\d{4})-?[Ww](\d{1,2})$")
DAY_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


class InvalidWeek(ApplicationError):
    status = 400
    code = "invalid_week"
    default_message = _(
        "Tuần cần xem không hợp lệ. Hãy chọn tuần dạng 2025-W28 hoặc một ngày dạng dd/mm/yyyy."
    )


def today() -> dt.date:
    return timezone.now().astimezone(VN_TZ).date()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidWeek(
            _("Chỉ xem được lịch công tác từ năm %(min)d đến năm %(max)d.")
            % {"min": MIN_YEAR, "max": MAX_YEAR}
        )


def parse_iso_week(value: str) -> dt.date:
    """The Monday of an ISO week written `2025-W28`; InvalidWeek otherwise."""
    match = ISO_WEEK_RE.match(value.strip())
    if not match:
        raise InvalidWeek()
    year, week = int(match[1]), int(match[2])
    _check_year(year)
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InvalidWeek(
            _("Năm %(year)d không có tuần thứ %(week)d.") % {"year": year, "week": week}
        ) from None


def parse_day(value: str) -> dt.date:
    """A date written dd/mm/yyyy; InvalidWeek otherwise."""
    match = DAY_RE.match(value.strip())
    if not match:
        raise InvalidWeek(_("Ngày cần xem phải viết theo dạng dd/mm/yyyy, ví dụ 14/07/2025."))
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    _check_year(year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidWeek(_("Ngày %(value)s không tồn tại.") % {"value": value.strip()}) from None


@dataclass(frozen=True)
class Week:
    monday: dt.date

    @classmethod
    def containing(cls, day: dt.date) -> Week:
        return cls(monday_of(day))

    @classmethod
    def current(cls) -> Week:
        return cls.containing(today())

    @classmethod
    def from_params(cls, params) -> Week:
        """The week asked for by `tuan` or `ngay` in a QueryDict; the current week if neither."""
        week = (params.get("tuan") or "").strip()
        day = (params.get("ngay") or "").strip()
        if week:
            return cls(parse_iso_week(week))
        if day:
            return cls.containing(parse_day(day))
        if "tuan" in params or "ngay" in params:
            raise InvalidWeek()
        return cls.current()

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def days(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=i) for i in range(7)]

    @property
    def starts_at(self) -> dt.datetime:
        """Monday 00:00 in Asia/Ho_Chi_Minh (aware)."""
        return dt.datetime.combine(self.monday, dt.time.min, tzinfo=VN_TZ)

    @property
    def ends_at(self) -> dt.datetime:
        """The next Monday 00:00 in Asia/Ho_Chi_Minh (exclusive end)."""
        return self.starts_at + dt.timedelta(days=7)

    @property
    def iso(self) -> str:
        year, week, _day = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    def previous(self) -> Week:
        return Week(self.monday - dt.timedelta(days=7))

    def next(self) -> Week:
        return Week(self.monday + dt.timedelta(days=7))

    def is_current(self) -> bool:
        return self == Week.current()

    def has_previous(self) -> bool:
        return self.previous().monday.isocalendar()[0] >= MIN_YEAR

    def has_next(self) -> bool:
        return self.next().monday.isocalendar()[0] <= MAX_YEAR


def day_label(day: dt.date) -> str:
    """`Thứ Hai, 14/07/2025`."""
    return f"{WEEKDAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}"
