"""Working-time calendar: the clock every legal deadline in the product runs on.

A `WorkingCalendar` knows the working periods of a day (07:30–11:30 and 13:30–17:00 by
default), the working weekdays, the national public holidays (from the `holidays` package)
and the province's own exceptions (`CalendarDay` rows: extra days off, compensatory working
Saturdays). It answers "is this working time?", "when is the deadline?" and "how much working
time passed between these two moments?".

Rules, in order of precedence, for whether a date is a working day:

1. a province working day (`working_days`) is worked, whatever else is true of it;
2. a province day off (`days_off`) is not;
3. a national public holiday or observed day (the `holidays` package) is not;
4. otherwise a date is worked when its weekday is one of `weekdays`, or when the government
   swapped it into a working Saturday that the `holidays` package knows about
   (`weekend_workdays`, e.g. 26/04/2025 worked for 02/05/2025 off).

Time inside a day is measured as an *offset*: the working time elapsed since the day's first
period started (0 at 07:30, 4 h at 11:30 and at 13:30, 7 h 30 at 17:00). A moment is a
(working day, offset) position; see `WorkingCalendar.add_working_time` for how amounts move it.

All datetimes are aware; results are in the calendar's zone (Asia/Ho_Chi_Minh). Working periods
are wall-clock times: a zone with daylight saving inside working hours is not supported (Vietnam
has none).

Module-level helpers (`get_calendar`, `add_working_time`, ...) use the province's current
calendar, built from settings and the `CalendarDay` table and cached; whoever changes
`CalendarDay` rows must call `invalidate_calendar()` once the transaction commits.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import time as _clock
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "DEFAULT_TZ",
    "WorkingCalendar",
    "add_working_time",
    "build_calendar",
    "calendar_cache_key",
    "get_calendar",
    "invalidate_calendar",
    "is_working_day",
    "is_working_time",
    "national_days",
    "parse_weekdays",
    "parse_working_hours",
    "working_time_between",
]

DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND

# This many consecutive calendar years without a working day means the calendar is broken
# (e.g. every day marked off); refuse rather than loop for ever.
MAX_YEARS_WITHOUT_WORK = 3


def _time_us(t: time) -> int:
    """Microseconds since midnight of a wall-clock time."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


@functools.lru_cache(maxsize=512)
def national_days(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The national calendar of one year: (days off, weekend days worked instead).

    Days off are every public holiday and observed day of `country` in `year` as the
    `holidays` package lists them (for VN: Tết eve to day 4, Hùng Kings' day, 30/4, 1/5,
    2/9 and the adjacent day, 24/11 from 2026, and the government's announced swaps).
    Raises NotImplementedError for a country the package does not know.
    """
    national = holidays.country_holidays(country, years=year)
    days_off = frozenset(d for d in national if d.year == year)
    swapped = getattr(national, "weekend_workdays", ())
    worked = frozenset(d for d in swapped if d.year == year) - days_off
    return days_off, worked


@dataclass(frozen=True)
class WorkingCalendar:
    """Working periods, working weekdays, and the exceptions to them.

    `periods` are half-open wall-clock intervals [start, end), ascending and not overlapping.
    `weekdays` uses Monday = 0. `days_off` and `working_days` are the province's exceptions;
    national holidays of `country` come from the `holidays` package.
    """

    periods: tuple[tuple[time, time], ...]
    weekdays: frozenset[int]
    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    country: str = "VN"
    tz: tzinfo = DEFAULT_TZ

    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _ends: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _offsets: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _length: int = field(init=False, repr=False, compare=False)
    # year -> ordinals of its working days, ascending; filled lazily, not pickled.
    _years: dict[int, tuple[int, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        periods = tuple((start, end) for start, end in self.periods)
        if not periods:
            raise ValueError("Lịch làm việc phải có ít nhất một khoảng giờ làm việc.")
        previous_end = -1
        for start, end in periods:
            if not isinstance(start, time) or not isinstance(end, time):
                raise ValueError("Giờ làm việc phải là giá trị kiểu time.")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("Giờ làm việc là giờ địa phương, không kèm múi giờ.")
            if _time_us(start) >= _time_us(end):
                raise ValueError(
                    f"Khoảng giờ {start:%H:%M}-{end:%H:%M} không kết thúc sau khi bắt đầu."
                )
            if _time_us(start) < previous_end:
                raise ValueError("Các khoảng giờ làm việc phải tăng dần và không chồng lấn nhau.")
            previous_end = _time_us(end)
        weekdays = frozenset(self.weekdays)
        if not weekdays or not weekdays <= set(range(7)):
            raise ValueError(
                "Ngày làm việc trong tuần phải là các số từ 0 (thứ Hai) đến 6 (Chủ nhật)."
            )
        if not isinstance(self.tz, tzinfo):
            raise ValueError("Múi giờ của lịch làm việc không hợp lệ.")

        starts = tuple(_time_us(start) for start, _ in periods)
        ends = tuple(_time_us(end) for _, end in periods)
        offsets: list[int] = []
        total = 0
        for start_us, end_us in zip(starts, ends, strict=True):
            offsets.append(total)
            total += end_us - start_us
        set_ = object.__setattr__
        set_(self, "periods", periods)
        set_(self, "weekdays", weekdays)
        set_(self, "days_off", frozenset(self.days_off))
        set_(self, "working_days", frozenset(self.working_days))
        set_(self, "_starts", starts)
        set_(self, "_ends", ends)
        set_(self, "_offsets", tuple(offsets))
        set_(self, "_length", total)

    # -- days -----------------------------------------------------------------------------

    @property
    def day_length(self) -> timedelta:
        """Working time in one working day (7 h 30 with the default hours)."""
        return timedelta(microseconds=self._length)

    def is_working_day(self, d: date) -> bool:
        """Whether `d` is worked; an aware datetime is taken on its local date."""
        if isinstance(d, datetime):
            d = self._local(d).date()
        if d in self.working_days:
            return True
        if d in self.days_off:
            return False
        national_off, national_worked = national_days(self.country, d.year)
        if d in national_off:
            return False
        return d.weekday() in self.weekdays or d in national_worked

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_years"] = {}
        return state

    def _working_ordinals(self, year: int) -> tuple[int, ...]:
        """The working days of `year` as ascending date ordinals (memoized per calendar)."""
        ordinals = self._years.get(year)
        if ordinals is None:
            first = date(year, 1, 1).toordinal()
            last = date(year, 12, 31).toordinal()
            ordinals = tuple(
                o for o in range(first, last + 1) if self.is_working_day(date.fromordinal(o))
            )
            self._years[year] = ordinals
        return ordinals

    def next_working_day(self, d: date, n: int = 1) -> date:
        """The `n`-th working day strictly after `d` (the first by default)."""
        if n < 1:
            raise ValueError("n phải là số nguyên dương.")
        ordinal, year, empty_years = d.toordinal(), d.year, 0
        while empty_years < MAX_YEARS_WITHOUT_WORK:
            ordinals = self._working_ordinals(year)
            index = bisect_right(ordinals, ordinal)
            if index + n <= len(ordinals):
                return date.fromordinal(ordinals[index + n - 1])
            n -= len(ordinals) - index
            empty_years = 0 if index < len(ordinals) else empty_years + 1
            year += 1
        raise ValueError(
            f"Lịch làm việc không có ngày làm việc nào trong {MAX_YEARS_WITHOUT_WORK} năm "
            f"sau {d:%d/%m/%Y}; hãy kiểm tra bảng ngày nghỉ."
        )

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in [start, end) (0 when end <= start)."""
        first, last = start.toordinal(), end.toordinal()
        count = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._working_ordinals(year)
            count += bisect_left(ordinals, last) - bisect_left(ordinals, first)
        return max(count, 0)

    # -- moments --------------------------------------------------------------------------

    def _local(self, t: datetime) -> datetime:
        if not isinstance(t, datetime):
            raise TypeError(f"Cần một datetime, nhận được {type(t).__name__}.")
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError("Thời điểm phải kèm múi giờ (aware datetime), không nhận giờ 'naive'.")
        return t.astimezone(self.tz)

    def _offset_in_day(self, local: datetime) -> int:
        """Working time elapsed on `local`'s date before `local` (0 on a day off)."""
        if not self.is_working_day(local.date()):
            return 0
        now = _time_us(local.time())
        elapsed = 0
        for start, end in zip(self._starts, self._ends, strict=True):
            if now <= start:
                break
            elapsed += min(now, end) - start
        return elapsed

    def _position(self, t: datetime) -> tuple[date, int]:
        """The normalized position of `t`: (working day, offset in [0, day length))."""
        local = self._local(t)
        day = local.date()
        if self.is_working_day(day):
            now = _time_us(local.time())
            for start, end, offset in zip(self._starts, self._ends, self._offsets, strict=True):
                if now < start:
                    return day, offset
                if now < end:
                    return day, offset + now - start
        return self.next_working_day(day), 0

    def _moment(self, day: date, offset: int, *, at_end: bool) -> datetime:
        """The datetime of a position.

        An offset on a boundary between two periods is the next period's start, unless
        `at_end`, in which case it is the previous period's end (11:30, 17:00).
        """
        for start, end, first in zip(self._starts, self._ends, self._offsets, strict=True):
            last = first + end - start
            if offset < last or (at_end and offset == last):
                wall = start + offset - first
                break
        else:  # pragma: no cover - offsets are kept within [0, day length]
            raise AssertionError(offset)
        seconds, micro = divmod(wall, _US_PER_SECOND)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=self.tz)

    def is_working_time(self, t: datetime) -> bool:
        """Whether `t` falls inside a working period [start, end) of a working day."""
        local = self._local(t)
        if not self.is_working_day(local.date()):
            return False
        now = _time_us(local.time())
        return any(start <= now < end for start, end in zip(self._starts, self._ends, strict=True))

    def is_period_end(self, t: datetime) -> bool:
        """Whether `t` is exactly the end of a working period of a working day (11:30, 17:00)."""
        local = self._local(t)
        return self.is_working_day(local.date()) and _time_us(local.time()) in self._ends

    def next_working_start(self, t: datetime) -> datetime:
        """`t` itself (in the calendar's zone) if it is working time, else the start of the
        next working period (12:00 → 13:30, 17:00 → next working day 07:30)."""
        day, offset = self._position(t)
        return self._moment(day, offset, at_end=False)

    # -- arithmetic -----------------------------------------------------------------------

    def add_working_time(self, start: datetime, *, days: float = 0, hours: float = 0) -> datetime:
        """The moment `days` working days and `hours` working hours after `start`.

        - A start outside working time counts from the start of the next working period.
        - Whole days keep the position within the day: Monday 10:00 + 2 days is Wednesday
          10:00 (the n-th next working day, same working-time offset; a start at lunch or
          before work counts as the next period's start, e.g. 12:00 + 1 day → 13:30).
        - A fractional day is that fraction of the day's working time, added as working
          time (0.5 day = 3 h 45 with the default hours).
        - Hours consume working time across periods and days, after the whole days.
        - A result exactly at the end of a period stays there (Monday 13:30 + 3.5 h is
          Monday 17:00, not Tuesday 07:30).
        - `days=0, hours=0` returns the normalized start.

        Negative, infinite or NaN amounts raise ValueError.
        """
        for name, amount in (("days", days), ("hours", hours)):
            if not math.isfinite(amount) or amount < 0:
                raise ValueError(f"Số {name} cộng thêm phải là số không âm, nhận được {amount!r}.")
        whole_days = math.floor(days)
        extra = round((days - whole_days) * self._length) + round(hours * _US_PER_HOUR)

        day, offset = self._position(start)
        if whole_days:
            day = self.next_working_day(day, whole_days)
        if extra == 0:
            return self._moment(day, offset, at_end=False)

        # Keep the offset in (0, day length]: landing on 17:00 stays on that day.
        skipped, rest = divmod(offset + extra - 1, self._length)
        if skipped:
            day = self.next_working_day(day, skipped)
        return self._moment(day, rest + 1, at_end=True)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time inside [a, b]; when b is before a, minus the working time in [b, a].

        Additive: between(a, c) == between(a, b) + between(b, c) for any a, b, c.
        """
        local_a, local_b = self._local(a), self._local(b)
        if local_b < local_a:
            return -self.working_time_between(b, a)
        total = self._offset_in_day(local_b) - self._offset_in_day(local_a)
        total += self.working_days_between(local_a.date(), local_b.date()) * self._length
        return timedelta(microseconds=total)


# -- configuration --------------------------------------------------------------------------

_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_HOURS_EXAMPLE = "«07:30-11:30,13:30-17:00»"


def _wall_time(hour: str, minute: str) -> time | None:
    h, m = int(hour), int(minute)
    return time(h, m) if h < 24 and m < 60 else None


def parse_working_hours(value: str) -> tuple[tuple[time, time], ...]:
    """Parse CONGSO_WORKING_HOURS ("07:30-11:30,13:30-17:00") into ordered periods."""
    periods: list[tuple[time, time]] = []
    for chunk in str(value).split(","):
        match = _PERIOD.match(chunk.strip())
        start = _wall_time(match[1], match[2]) if match else None
        end = _wall_time(match[3], match[4]) if match else None
        if start is None or end is None:
            raise ImproperlyConfigured(
                f"Giờ làm việc CONGSO_WORKING_HOURS={value!r} không hợp lệ: khoảng "
                f"{chunk.strip()!r} phải có dạng giờ:phút-giờ:phút, ví dụ {_HOURS_EXAMPLE}."
            )
        if start >= end:
            raise ImproperlyConfigured(
                f"Giờ làm việc CONGSO_WORKING_HOURS={value!r} không hợp lệ: khoảng "
                f"{chunk.strip()!r} kết thúc không sau giờ bắt đầu."
            )
        if periods and start < periods[-1][1]:
            raise ImproperlyConfigured(
                f"Giờ làm việc CONGSO_WORKING_HOURS={value!r} không hợp lệ: các khoảng phải theo "
                f"thứ tự tăng dần và không chồng lấn, ví dụ {_HOURS_EXAMPLE}."
            )
        periods.append((start, end))
    return tuple(periods)


def parse_weekdays(value: str) -> frozenset[int]:
    """Parse CONGSO_WORKING_WEEKDAYS ("0,1,2,3,4", Monday = 0) into a set of weekdays."""
    chunks = [chunk.strip() for chunk in str(value).split(",")]
    if not all(chunk.isdigit() and int(chunk) <= 6 for chunk in chunks):
        raise ImproperlyConfigured(
            f"Ngày làm việc trong tuần CONGSO_WORKING_WEEKDAYS={value!r} không hợp lệ: cần các số "
            "từ 0 (thứ Hai) đến 6 (Chủ nhật) cách nhau bởi dấu phẩy, ví dụ «0,1,2,3,4»."
        )
    return frozenset(int(chunk) for chunk in chunks)


def _configured_country() -> str:
    country = str(settings.HOLIDAY_COUNTRY).strip().upper()
    try:
        national_days(country, date.today().year)  # noqa: DTZ011 - only probes the country code
    except NotImplementedError:
        raise ImproperlyConfigured(
            f"Mã quốc gia ngày lễ CONGSO_HOLIDAY_COUNTRY={settings.HOLIDAY_COUNTRY!r} không được "
            "thư viện holidays hỗ trợ; dùng mã hai chữ cái như «VN»."
        ) from None
    return country


def build_calendar() -> WorkingCalendar:
    """The province's calendar read from settings and the CalendarDay table (no cache)."""
    from congso.core.models import CalendarDay

    days_off: set[date] = set()
    working_days: set[date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        if kind == CalendarDay.Kind.WORKING_DAY:
            working_days.add(day)
        else:
            days_off.add(day)
    return WorkingCalendar(
        periods=parse_working_hours(settings.WORKING_HOURS),
        weekdays=parse_weekdays(settings.WORKING_WEEKDAYS),
        days_off=frozenset(days_off),
        working_days=frozenset(working_days),
        country=_configured_country(),
        tz=ZoneInfo(settings.TIME_ZONE),
    )


# -- the province's current calendar, cached ------------------------------------------------

# Bump when WorkingCalendar's pickled shape changes, so old cache entries are ignored.
CACHE_SCHEMA = 1
_VERSION_KEY = "congso:workdays:version"
_CACHE_TIMEOUT = 6 * 3600  # safety net for rows changed without invalidate_calendar()
_memo: dict[str, WorkingCalendar] = {}


def _settings_fingerprint() -> str:
    raw = "|".join(
        str(getattr(settings, name, ""))
        for name in ("WORKING_HOURS", "WORKING_WEEKDAYS", "HOLIDAY_COUNTRY", "TIME_ZONE")
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def calendar_cache_key() -> str | None:
    """The cache key of the current calendar version, or None when the cache keeps nothing.

    The version is a counter in the cache, seeded with the clock so that a lost counter
    (eviction, cache.clear()) can never bring back an older entry.
    """
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, _clock.time_ns(), timeout=None)
        version = cache.get(_VERSION_KEY)
        if version is None:
            return None
    return f"congso:workdays:calendar:s{CACHE_SCHEMA}:v{version}:{_settings_fingerprint()}"


def get_calendar() -> WorkingCalendar:
    """The province's current calendar (settings + CalendarDay rows), cached."""
    key = calendar_cache_key()
    if key is None:
        return build_calendar()
    calendar = _memo.get(key)
    if calendar is not None:
        return calendar
    calendar = cache.get(key)
    if not isinstance(calendar, WorkingCalendar):
        calendar = build_calendar()
        cache.set(key, calendar, timeout=_CACHE_TIMEOUT)
    _memo.clear()
    _memo[key] = calendar
    return calendar


def invalidate_calendar() -> None:
    """Forget the cached calendar; call it (on commit) after any CalendarDay change."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, _clock.time_ns(), timeout=None)
    _memo.clear()


def add_working_time(start: datetime, *, days: float = 0, hours: float = 0) -> datetime:
    """`WorkingCalendar.add_working_time` on the province's current calendar."""
    return get_calendar().add_working_time(start, days=days, hours=hours)


def working_time_between(a: datetime, b: datetime) -> timedelta:
    """`WorkingCalendar.working_time_between` on the province's current calendar."""
    return get_calendar().working_time_between(a, b)


def is_working_time(t: datetime) -> bool:
    """`WorkingCalendar.is_working_time` on the province's current calendar."""
    return get_calendar().is_working_time(t)


def is_working_day(d: date) -> bool:
    """`WorkingCalendar.is_working_day` on the province's current calendar."""
    return get_calendar().is_working_day(d)
