"""The working-time calendar behind every legal deadline (congso.core.workdays)."""

from __future__ import annotations

import math
import pickle
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congso.core import workdays
from congso.core.workdays import (
    DEFAULT_TZ,
    WorkingCalendar,
    national_days,
    parse_weekdays,
    parse_working_hours,
)

TZ = DEFAULT_TZ
DEFAULT_PERIODS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
MON_FRI = frozenset(range(5))

# A compensatory working Saturday and an extra day off, as the province would enter them.
WORKED_SATURDAY = date(2026, 3, 7)
EXTRA_DAY_OFF = date(2026, 3, 10)  # a Tuesday

CAL = WorkingCalendar(
    periods=DEFAULT_PERIODS, weekdays=MON_FRI, days_off=frozenset(), working_days=frozenset()
)
PROVINCE_CAL = WorkingCalendar(
    periods=DEFAULT_PERIODS,
    weekdays=MON_FRI,
    days_off=frozenset({EXTRA_DAY_OFF}),
    working_days=frozenset({WORKED_SATURDAY}),
)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=TZ)


# 2 June 2025 is a Monday in a month without holidays.
MON = (2025, 6, 2)
TUE = (2025, 6, 3)
WED = (2025, 6, 4)
FRI = (2025, 6, 6)
SAT = (2025, 6, 7)
NEXT_MON = (2025, 6, 9)


# -- days and periods -----------------------------------------------------------------------


def test_day_length_is_the_sum_of_the_periods():
    assert CAL.day_length == timedelta(hours=7, minutes=30)
    single = WorkingCalendar(
        periods=((time(8), time(12)),),
        weekdays=MON_FRI,
        days_off=frozenset(),
        working_days=frozenset(),
    )
    assert single.day_length == timedelta(hours=4)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(*MON, 7, 29, 59), False),
        (at(*MON, 7, 30), True),
        (at(*MON, 11, 29, 59), True),
        (at(*MON, 11, 30), False),  # periods are half-open
        (at(*MON, 12, 0), False),
        (at(*MON, 13, 30), True),
        (at(*MON, 16, 59, 59), True),
        (at(*MON, 17, 0), False),
        (at(*SAT, 9, 0), False),
        (at(2025, 9, 2, 9, 0), False),  # Quốc khánh
    ],
)
def test_is_working_time_uses_half_open_periods(moment, expected):
    assert CAL.is_working_time(moment) is expected


def test_other_time_zones_are_converted_to_local_time():
    utc_three = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    assert CAL.is_working_time(utc_three)
    due = CAL.add_working_time(utc_three, days=2)
    assert due == at(*WED, 10, 0)
    assert due.tzinfo is TZ


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.add_working_time(datetime(2025, 6, 2, 10, 0), days=1),
        lambda: CAL.working_time_between(datetime(2025, 6, 2, 10, 0), at(*TUE)),
        lambda: CAL.working_time_between(at(*TUE), datetime(2025, 6, 2, 10, 0)),
        lambda: CAL.is_working_time(datetime(2025, 6, 2, 10, 0)),
        lambda: CAL.next_working_start(datetime(2025, 6, 2, 10, 0)),
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError, match="múi giờ"):
        call()


@pytest.mark.parametrize(
    "amount", [{"days": -1}, {"hours": -0.5}, {"hours": math.nan}, {"days": math.inf}]
)
def test_negative_or_non_finite_amounts_are_refused(amount):
    with pytest.raises(ValueError, match="không âm"):
        CAL.add_working_time(at(*MON, 10), **amount)


# -- add_working_time -----------------------------------------------------------------------


def test_monday_ten_plus_two_days_is_wednesday_ten():
    assert CAL.add_working_time(at(*MON, 10, 0), days=2) == at(*WED, 10, 0)


def test_whole_days_skip_the_weekend():
    assert CAL.add_working_time(at(*FRI, 10, 0), days=1) == at(*NEXT_MON, 10, 0)
    assert CAL.add_working_time(at(*MON, 14, 15), days=5) == at(*NEXT_MON, 14, 15)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(*MON, 7, 30), at(*MON, 11, 15)),
        (at(*MON, 10, 0), at(*MON, 15, 45)),  # 1 h 30 before lunch, 2 h 15 after
        (at(*MON, 14, 0), at(*TUE, 8, 15)),  # 3 h today, 45 min tomorrow
    ],
)
def test_half_a_day_is_half_the_working_hours(start, expected):
    assert CAL.add_working_time(start, days=0.5) == expected
    assert CAL.add_working_time(start, hours=3.75) == expected


def test_days_and_a_half():
    assert CAL.add_working_time(at(*MON, 10, 0), days=2.5) == at(*WED, 15, 45)


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        # before 07:30: counts from 07:30 the same day
        (at(*MON, 6, 0), {"hours": 1}, at(*MON, 8, 30)),
        (at(*MON, 6, 0), {"days": 1}, at(*TUE, 7, 30)),
        # at lunch: counts from 13:30
        (at(*MON, 12, 0), {"hours": 1}, at(*MON, 14, 30)),
        (at(*MON, 11, 30), {"days": 1}, at(*TUE, 13, 30)),
        # after 17:00: counts from the next working morning
        (at(*MON, 18, 0), {"hours": 1}, at(*TUE, 8, 30)),
        (at(*MON, 17, 0), {"days": 2}, at(*(2025, 6, 5), 7, 30)),
        (at(*FRI, 18, 0), {"days": 1}, at(2025, 6, 10, 7, 30)),
        # Saturday: counts from Monday 07:30
        (at(*SAT, 9, 0), {"hours": 1}, at(*NEXT_MON, 8, 30)),
        (at(*SAT, 9, 0), {"days": 1}, at(2025, 6, 10, 7, 30)),
        # on a holiday (Tuesday 2 September 2025): counts from Wednesday 07:30
        (at(2025, 9, 2, 9, 0), {"hours": 1}, at(2025, 9, 3, 8, 30)),
        (at(2025, 9, 1, 9, 0), {"days": 1}, at(2025, 9, 4, 7, 30)),
    ],
)
def test_start_outside_working_time_counts_from_the_next_period(start, amount, expected):
    assert CAL.add_working_time(start, **amount) == expected


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(*MON, 13, 30), 3.5, at(*MON, 17, 0)),
        (at(*MON, 7, 30), 7.5, at(*MON, 17, 0)),
        (at(*MON, 12, 0), 3.5, at(*MON, 17, 0)),
        (at(*MON, 7, 30), 4, at(*MON, 11, 30)),  # end of the morning stays too
        (at(*FRI, 7, 30), 7.5, at(*FRI, 17, 0)),  # not Monday 07:30
        (at(*MON, 10, 0), 5 + 7.5 + 4, at(*WED, 11, 30)),
    ],
)
def test_a_result_on_a_period_end_stays_there(start, hours, expected):
    assert CAL.add_working_time(start, hours=hours) == expected


def test_whole_days_keep_the_offset_even_at_the_first_minute():
    # Documented choice: a position (working day, offset) moves by whole days; 07:30 stays
    # 07:30, while the same amount of working time as hours ends at 17:00 the same day.
    assert CAL.add_working_time(at(*MON, 7, 30), days=1) == at(*TUE, 7, 30)
    assert CAL.add_working_time(at(*MON, 7, 30), hours=7.5) == at(*MON, 17, 0)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(*MON, 11, 0), 1, at(*MON, 14, 0)),  # over lunch
        (at(*MON, 16, 0), 2, at(*TUE, 8, 30)),  # over the night
        (at(*MON, 16, 0), 10, at(*WED, 9, 0)),  # 1 h + 7 h 30 + 1 h 30
        (at(*FRI, 16, 0), 2, at(*NEXT_MON, 8, 30)),  # over the weekend
        (at(*MON, 10, 0), 0.25, at(*MON, 10, 15)),
        (at(*MON, 11, 15), 0.5, at(*MON, 13, 45)),
    ],
)
def test_hours_consume_working_time_across_periods_and_days(start, hours, expected):
    assert CAL.add_working_time(start, hours=hours) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(*MON, 10, 0), at(*MON, 10, 0)),
        (at(*MON, 6, 0), at(*MON, 7, 30)),
        (at(*MON, 11, 30), at(*MON, 13, 30)),
        (at(*MON, 17, 0), at(*TUE, 7, 30)),
        (at(*SAT, 10, 0), at(*NEXT_MON, 7, 30)),
    ],
)
def test_adding_nothing_returns_the_normalized_start(start, expected):
    assert CAL.add_working_time(start) == expected
    assert CAL.add_working_time(start, days=0, hours=0) == expected
    assert CAL.next_working_start(start) == expected


def test_custom_hours_and_a_six_day_week():
    cal = WorkingCalendar(
        periods=parse_working_hours("08:00-12:00"),
        weekdays=parse_weekdays("0,1,2,3,4,5"),
        days_off=frozenset(),
        working_days=frozenset(),
    )
    assert cal.day_length == timedelta(hours=4)
    assert cal.add_working_time(at(*FRI, 11, 0), hours=2) == at(*SAT, 9, 0)
    assert cal.add_working_time(at(*SAT, 10, 0), days=0.5) == at(*SAT, 12, 0)


# -- the national calendar --------------------------------------------------------------------


def test_tet_2026_as_the_holidays_package_gives_it():
    days_off, _ = national_days("VN", 2026)
    tet = {d for d in days_off if date(2026, 2, 1) <= d <= date(2026, 2, 28)}
    # Giao thừa (Mon 16/2) to mùng bốn (Fri 20/2): one whole working week.
    assert tet == {date(2026, 2, d) for d in range(16, 21)}


def test_a_dossier_received_before_tet_is_due_after_it():
    received = at(2026, 2, 13, 9, 0)  # Friday, the last working day before Tết 2026
    assert CAL.add_working_time(received, days=1) == at(2026, 2, 23, 9, 0)  # Monday after Tết
    assert CAL.add_working_time(received, hours=7.5) == at(2026, 2, 23, 9, 0)
    assert CAL.working_time_between(received, at(2026, 2, 23, 9, 0)) == CAL.day_length
    for d in range(14, 23):
        assert not CAL.is_working_day(date(2026, 2, d))


def test_tet_2025_includes_the_29th():
    days_off, _ = national_days("VN", 2025)
    assert {date(2025, 1, 27), date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 31)} <= days_off
    assert date(2025, 2, 1) in days_off  # mùng bốn, a Saturday anyway
    # Friday 24/1/2025 10:00 + 1 day: Monday 27/1 to Saturday 1/2 are off.
    assert CAL.add_working_time(at(2025, 1, 24, 10, 0), days=1) == at(2025, 2, 3, 10, 0)


def test_fifteen_working_days_over_tet_2026():
    # 2/2 (Mon) + 15 working days: 9 days to Fri 13/2, Tết week off, 6 more from Mon 23/2.
    assert CAL.add_working_time(at(2026, 2, 2, 8, 0), days=15) == at(2026, 3, 2, 8, 0)


def test_government_swap_days_come_from_the_holidays_package():
    # 2025: Saturday 26/4 worked so that Friday 2/5 is off; 2026: Saturday 22/8 for Monday 31/8.
    assert CAL.is_working_day(date(2025, 4, 26))
    assert not CAL.is_working_day(date(2025, 5, 2))
    assert CAL.is_working_day(date(2026, 8, 22))
    assert not CAL.is_working_day(date(2026, 8, 31))


def test_between_over_30_april_and_1_may():
    # Wed 29/4/2026 08:00 → Mon 4/5 08:00: 7 h on Wednesday, Thu 30/4 and Fri 1/5 off,
    # the weekend, 30 min on Monday.
    assert CAL.working_time_between(at(2026, 4, 29, 8, 0), at(2026, 5, 4, 8, 0)) == timedelta(
        hours=7, minutes=30
    )
    # 2025: Wed 30/4, Thu 1/5 and Fri 2/5 (swapped) are off.
    assert (
        CAL.working_time_between(at(2025, 4, 29, 7, 30), at(2025, 5, 5, 17, 0))
        == 2 * CAL.day_length
    )


def test_between_over_national_day_2026():
    # Fri 28/8 07:30 → Thu 3/9 17:00: Mon 31/8 (swapped), Tue 1/9 and Wed 2/9 are off.
    assert (
        CAL.working_time_between(at(2026, 8, 28, 7, 30), at(2026, 9, 3, 17, 0))
        == 2 * CAL.day_length
    )
    assert CAL.add_working_time(at(2026, 8, 28, 15, 0), days=1) == at(2026, 9, 3, 15, 0)


def test_24_november_is_a_holiday_from_2026():
    assert CAL.is_working_day(date(2025, 11, 24))
    assert not CAL.is_working_day(date(2026, 11, 24))


def test_deadlines_cross_the_new_year():
    # Wed 31/12/2025 + 2 days: Thu 1/1/2026 is Tết Dương lịch → Fri 2/1, then Mon 5/1.
    assert CAL.add_working_time(at(2025, 12, 31, 9, 0), days=2) == at(2026, 1, 5, 9, 0)
    assert (
        CAL.working_time_between(at(2025, 12, 31, 9, 0), at(2026, 1, 5, 9, 0)) == 2 * CAL.day_length
    )


def test_next_working_day_and_working_days_between():
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert CAL.next_working_day(date(2026, 2, 13), 3) == date(2026, 2, 25)
    # 31/12/2025, then the 249 working days of 2026, then 2027 (1/1 is a holiday).
    assert CAL.working_days_between(date(2026, 1, 1), date(2027, 1, 1)) == 249
    assert CAL.next_working_day(date(2025, 12, 30), 250) == date(2026, 12, 31)
    assert CAL.next_working_day(date(2025, 12, 30), 260) == date(2027, 1, 15)
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert CAL.working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == 0
    assert CAL.working_days_between(date(2025, 1, 1), date(2027, 1, 1)) == sum(
        CAL.is_working_day(date(2025, 1, 1) + timedelta(days=n)) for n in range(730)
    )
    with pytest.raises(ValueError, match="nguyên dương"):
        CAL.next_working_day(date(2026, 2, 13), 0)


# -- working_time_between -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (at(*MON, 10, 0), at(*MON, 10, 0), timedelta(0)),
        (at(*MON, 10, 0), at(*MON, 11, 0), timedelta(hours=1)),
        (at(*MON, 11, 0), at(*MON, 14, 0), timedelta(hours=1)),
        (at(*MON, 11, 45), at(*MON, 13, 15), timedelta(0)),
        (at(*MON, 6, 0), at(*MON, 20, 0), timedelta(hours=7, minutes=30)),
        (at(*FRI, 16, 0), at(*NEXT_MON, 8, 30), timedelta(hours=2)),
        (at(*SAT, 0, 0), at(2025, 6, 8, 23, 59), timedelta(0)),
        (at(*MON, 10, 0), at(*WED, 10, 0), timedelta(hours=15)),
    ],
)
def test_working_time_between(a, b, expected):
    assert CAL.working_time_between(a, b) == expected
    assert CAL.working_time_between(b, a) == -expected


# -- the province's exceptions --------------------------------------------------------------


def test_a_compensatory_working_saturday_counts():
    friday = at(2026, 3, 6, 10, 0)
    assert PROVINCE_CAL.is_working_day(WORKED_SATURDAY)
    assert PROVINCE_CAL.add_working_time(friday, days=1) == at(2026, 3, 7, 10, 0)
    assert CAL.add_working_time(friday, days=1) == at(2026, 3, 9, 10, 0)


def test_an_extra_day_off_is_skipped():
    monday = at(2026, 3, 9, 10, 0)
    assert not PROVINCE_CAL.is_working_day(EXTRA_DAY_OFF)
    assert PROVINCE_CAL.add_working_time(monday, days=1) == at(2026, 3, 11, 10, 0)
    assert (
        PROVINCE_CAL.working_time_between(monday, at(2026, 3, 11, 10, 0)) == PROVINCE_CAL.day_length
    )


def test_the_province_table_overrides_the_national_calendar():
    holiday = date(2026, 9, 2)
    worked = WorkingCalendar(
        periods=DEFAULT_PERIODS,
        weekdays=MON_FRI,
        days_off=frozenset({date(2026, 8, 22)}),
        working_days=frozenset({holiday}),
    )
    assert worked.is_working_day(holiday)
    assert not worked.is_working_day(date(2026, 8, 22))


def test_is_working_day_accepts_an_aware_datetime_on_its_local_date():
    late_friday_utc = datetime(2025, 6, 6, 18, 0, tzinfo=UTC)  # Saturday 01:00 in Hà Nội
    assert not CAL.is_working_day(late_friday_utc)


def test_calendar_survives_pickling():
    PROVINCE_CAL.working_days_between(date(2026, 1, 1), date(2026, 12, 31))  # fill the memo
    copy = pickle.loads(pickle.dumps(PROVINCE_CAL))  # noqa: S301 - our own object
    assert copy._years == {}
    assert copy == PROVINCE_CAL
    assert copy.add_working_time(at(2026, 3, 6, 10), days=1) == at(2026, 3, 7, 10)


@pytest.mark.parametrize(
    ("periods", "weekdays", "message"),
    [
        ((), MON_FRI, "ít nhất một khoảng"),
        (((time(12), time(8)),), MON_FRI, "không kết thúc sau"),
        (((time(8), time(12)), (time(11), time(14))), MON_FRI, "không chồng lấn"),
        (((time(8), time(12)),), frozenset(), "từ 0"),
        (((time(8), time(12)),), frozenset({7}), "từ 0"),
    ],
)
def test_an_inconsistent_calendar_cannot_be_built(periods, weekdays, message):
    with pytest.raises(ValueError, match=message):
        WorkingCalendar(
            periods=periods, weekdays=weekdays, days_off=frozenset(), working_days=frozenset()
        )


def test_a_calendar_without_any_working_day_fails_loudly():
    every_day = frozenset(date(2025, 1, 1) + timedelta(days=n) for n in range(3 * 366 + 10))
    everything_off = WorkingCalendar(
        periods=DEFAULT_PERIODS, weekdays=MON_FRI, days_off=every_day, working_days=frozenset()
    )
    with pytest.raises(ValueError, match="không có ngày làm việc"):
        everything_off.add_working_time(at(2025, 1, 1, 8), days=1)


# -- configuration --------------------------------------------------------------------------


def test_parse_settings_strings():
    assert parse_working_hours("07:30-11:30,13:30-17:00") == DEFAULT_PERIODS
    assert parse_working_hours(" 7:30 - 11:30 , 13:30-17:00 ") == DEFAULT_PERIODS
    assert parse_weekdays("0,1,2,3,4") == MON_FRI
    assert parse_weekdays(" 5, 0 ") == frozenset({0, 5})


@pytest.mark.parametrize(
    "value",
    [
        "",
        "07:30",
        "7h30-11h30",
        "07:30-25:00",
        "11:30-07:30",
        "13:30-17:00,07:30-11:30",
        "07:30-12:00,11:30-17:00",
        "07:30-11:30,",
    ],
)
def test_malformed_working_hours_are_improperly_configured(value):
    with pytest.raises(ImproperlyConfigured, match="CONGSO_WORKING_HOURS"):
        parse_working_hours(value)


@pytest.mark.parametrize("value", ["", "0,1,7", "mon,tue", "-1", "0;1"])
def test_malformed_weekdays_are_improperly_configured(value):
    with pytest.raises(ImproperlyConfigured, match="CONGSO_WORKING_WEEKDAYS"):
        parse_weekdays(value)


# -- the province's current calendar (settings + database) ----------------------------------


@pytest.mark.django_db
def test_get_calendar_reads_settings_and_calendar_days(settings):
    from congso.core.models import CalendarDay

    settings.WORKING_HOURS = "07:30-11:30,13:30-17:00"
    settings.WORKING_WEEKDAYS = "0,1,2,3,4"
    CalendarDay.objects.create(date=WORKED_SATURDAY, kind="working_day", name="Làm bù")
    CalendarDay.objects.create(date=EXTRA_DAY_OFF, kind="day_off", name="Nghỉ bổ sung")
    workdays.invalidate_calendar()

    cal = workdays.get_calendar()
    assert cal == PROVINCE_CAL
    assert workdays.is_working_day(WORKED_SATURDAY)
    assert not workdays.is_working_day(EXTRA_DAY_OFF)
    assert workdays.add_working_time(at(2026, 3, 6, 10), days=1) == at(2026, 3, 7, 10)
    assert workdays.add_working_time(at(2026, 3, 9, 10), days=1) == at(2026, 3, 11, 10)
    assert workdays.is_working_time(at(2026, 3, 7, 8))
    assert (
        workdays.working_time_between(at(2026, 3, 6, 17), at(2026, 3, 9, 7, 30)) == cal.day_length
    )


@pytest.mark.django_db
def test_get_calendar_is_cached_until_invalidated(django_assert_num_queries):
    from congso.core.models import CalendarDay

    workdays.invalidate_calendar()
    with django_assert_num_queries(1):
        first = workdays.get_calendar()
    with django_assert_num_queries(0):
        assert workdays.get_calendar() is first

    CalendarDay.objects.create(date=WORKED_SATURDAY, kind="working_day", name="Làm bù")
    assert not workdays.is_working_day(WORKED_SATURDAY)  # stale until invalidated
    workdays.invalidate_calendar()
    assert workdays.is_working_day(WORKED_SATURDAY)


@pytest.mark.django_db
def test_get_calendar_survives_a_cleared_cache():
    from django.core.cache import cache

    from congso.core.models import CalendarDay

    workdays.get_calendar()
    CalendarDay.objects.create(date=EXTRA_DAY_OFF, kind="day_off", name="Nghỉ")
    cache.clear()  # the version counter is gone: an old entry must not come back
    assert not workdays.is_working_day(EXTRA_DAY_OFF)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "value", "variable"),
    [
        ("WORKING_HOURS", "7:30 đến 17:00", "CONGSO_WORKING_HOURS"),
        ("WORKING_WEEKDAYS", "thứ hai", "CONGSO_WORKING_WEEKDAYS"),
        ("HOLIDAY_COUNTRY", "XX", "CONGSO_HOLIDAY_COUNTRY"),
    ],
)
def test_malformed_settings_stop_get_calendar(settings, name, value, variable):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match=variable):
        workdays.get_calendar()


@pytest.mark.django_db
def test_settings_change_gives_another_cache_entry(settings):
    assert workdays.get_calendar().day_length == timedelta(hours=7, minutes=30)
    settings.WORKING_HOURS = "08:00-12:00"
    assert workdays.get_calendar().day_length == timedelta(hours=4)


# -- services -------------------------------------------------------------------------------


def make_admin():
    from congso.accounts.models import User

    return User.objects.create_user(
        email="quantri@test.vn",
        password="Mat-khau-Thu-2026",
        full_name="Quản Trị",
        is_superuser=True,
        is_staff=True,
        kind="official",
    )


def make_plain_user():
    from congso.accounts.models import User

    return User.objects.create_user(
        email="dan@test.vn", password="Mat-khau-Thu-2026", full_name="Dân"
    )


@pytest.mark.django_db
def test_administrator_sets_a_day_audited_and_the_calendar_follows(
    django_capture_on_commit_callbacks,
):
    from congso.core.models import AuditLog, CalendarDay
    from congso.core.services import calendar_day_set

    admin = make_admin()
    assert not workdays.is_working_day(WORKED_SATURDAY)  # cached before the change
    with django_capture_on_commit_callbacks(execute=True):
        day = calendar_day_set(
            actor=admin,
            date=WORKED_SATURDAY,
            kind="working_day",
            name="Làm bù cho 30/4",
            note="Công văn 123/UBND",
            reason="Theo thông báo của UBND tỉnh",
        )
    assert CalendarDay.objects.get(pk=day.pk).kind == "working_day"
    log = AuditLog.objects.get(action="calendar_day.set")
    assert (log.actor, log.reason, log.object_id) == (
        admin,
        "Theo thông báo của UBND tỉnh",
        str(day.pk),
    )
    assert log.changes["kind"] == [None, "working_day"]
    assert log.changes["date"] == [None, "2026-03-07"]
    assert workdays.is_working_day(WORKED_SATURDAY)
    assert workdays.add_working_time(at(2026, 3, 6, 10), days=1) == at(2026, 3, 7, 10)


@pytest.mark.django_db
def test_setting_an_existing_day_changes_it_and_logs_the_difference(
    django_capture_on_commit_callbacks,
):
    from congso.core.models import AuditLog, CalendarDay
    from congso.core.services import calendar_day_set

    admin = make_admin()
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=admin, date=EXTRA_DAY_OFF, kind="working_day", name="Làm bù")
    assert workdays.is_working_day(EXTRA_DAY_OFF)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=admin, date=EXTRA_DAY_OFF, kind="day_off", name="Nghỉ", reason="đổi")
    assert CalendarDay.objects.count() == 1
    assert not workdays.is_working_day(EXTRA_DAY_OFF)
    latest = AuditLog.objects.filter(action="calendar_day.set").order_by("-id").first()
    assert latest.changes == {"kind": ["working_day", "day_off"], "name": ["Làm bù", "Nghỉ"]}
    # the same values again: nothing written, nothing audited
    calendar_day_set(actor=admin, date=EXTRA_DAY_OFF, kind="day_off", name="Nghỉ")
    assert AuditLog.objects.filter(action="calendar_day.set").count() == 2


@pytest.mark.django_db
def test_administrator_deletes_a_day(django_capture_on_commit_callbacks):
    from congso.core.models import AuditLog, CalendarDay
    from congso.core.services import calendar_day_delete, calendar_day_set

    admin = make_admin()
    with django_capture_on_commit_callbacks(execute=True):
        day = calendar_day_set(actor=admin, date=EXTRA_DAY_OFF, kind="day_off", name="Nghỉ")
    assert not workdays.is_working_day(EXTRA_DAY_OFF)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_delete(actor=admin, day=day, reason="nhập nhầm")
    assert not CalendarDay.objects.exists()
    log = AuditLog.objects.get(action="calendar_day.delete")
    assert (log.reason, log.object_id, log.changes["kind"]) == (
        "nhập nhầm",
        str(day.pk),
        ["day_off", None],
    )
    assert workdays.is_working_day(EXTRA_DAY_OFF)


@pytest.mark.django_db
def test_deleting_a_missing_day_is_not_found():
    from congso.core.exceptions import NotFound
    from congso.core.services import calendar_day_delete

    with pytest.raises(NotFound):
        calendar_day_delete(actor=make_admin(), day=EXTRA_DAY_OFF)


@pytest.mark.django_db
def test_a_non_administrator_may_not_change_the_calendar():
    from congso.core.exceptions import NotPermitted
    from congso.core.models import AuditLog, CalendarDay
    from congso.core.services import calendar_day_delete, calendar_day_set

    existing = CalendarDay.objects.create(date=EXTRA_DAY_OFF, kind="day_off", name="Nghỉ")
    user = make_plain_user()
    with pytest.raises(NotPermitted):
        calendar_day_set(actor=user, date=WORKED_SATURDAY, kind="working_day", name="Làm bù")
    with pytest.raises(NotPermitted):
        calendar_day_delete(actor=user, day=existing)
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [EXTRA_DAY_OFF]
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_anonymous_callers_must_sign_in():
    from django.contrib.auth.models import AnonymousUser

    from congso.core.exceptions import NotAuthenticated
    from congso.core.services import calendar_day_set

    for actor in (None, AnonymousUser()):
        with pytest.raises(NotAuthenticated):
            calendar_day_set(actor=actor, date=WORKED_SATURDAY, kind="working_day", name="Làm bù")


@pytest.mark.django_db
def test_a_system_actor_may_import_days():
    from congso.core.models import AuditLog
    from congso.core.services import calendar_day_set

    calendar_day_set(actor="congso import", date=WORKED_SATURDAY, kind="working_day", name="Làm bù")
    assert AuditLog.objects.get().actor_repr == "congso import"


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "name"), [("holiday", "Nghỉ"), ("day_off", "  ")])
def test_invalid_days_are_refused(kind, name):
    from congso.core.exceptions import ValidationFailed
    from congso.core.models import CalendarDay
    from congso.core.services import calendar_day_set

    with pytest.raises(ValidationFailed):
        calendar_day_set(actor=make_admin(), date=WORKED_SATURDAY, kind=kind, name=name)
    assert not CalendarDay.objects.exists()


# -- properties -----------------------------------------------------------------------------

PROPERTIES = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(TZ)
)
hours_amounts = st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False)
day_amounts = st.floats(min_value=0, max_value=40, allow_nan=False, allow_infinity=False)
calendars = st.sampled_from([CAL, PROVINCE_CAL])


def _within_working_time_or_at_a_period_end(cal: WorkingCalendar, t: datetime) -> bool:
    return cal.is_working_time(t) or cal.is_period_end(t)


@PROPERTIES
@given(cal=calendars, start=moments, first=hours_amounts, second=hours_amounts)
def test_adding_more_hours_never_ends_earlier(cal, start, first, second):
    low, high = sorted((first, second))
    assert cal.add_working_time(start, hours=low) <= cal.add_working_time(start, hours=high)


@PROPERTIES
@given(cal=calendars, start=moments, first=day_amounts, second=day_amounts)
def test_adding_more_days_never_ends_earlier(cal, start, first, second):
    low, high = sorted((first, second))
    assert cal.add_working_time(start, days=low) <= cal.add_working_time(start, days=high)


@PROPERTIES
@given(cal=calendars, start=moments, hours=hours_amounts)
def test_between_start_and_deadline_is_the_amount_added(cal, start, hours):
    due = cal.add_working_time(start, hours=hours)
    elapsed = cal.working_time_between(cal.next_working_start(start), due)
    assert abs(elapsed - timedelta(hours=hours)) < timedelta(seconds=1)
    assert abs(cal.working_time_between(start, due) - timedelta(hours=hours)) < timedelta(seconds=1)


@PROPERTIES
@given(cal=calendars, start=moments, days=st.integers(min_value=0, max_value=40))
def test_whole_days_are_whole_working_days(cal, start, days):
    due = cal.add_working_time(start, days=days)
    assert cal.working_time_between(start, due) == days * cal.day_length
    assert cal.is_working_time(due)


@PROPERTIES
@given(cal=calendars, start=moments, days=day_amounts, hours=hours_amounts)
def test_results_are_working_time_or_a_period_end(cal, start, days, hours):
    due = cal.add_working_time(start, days=days, hours=hours)
    assert _within_working_time_or_at_a_period_end(cal, due)
    assert due >= cal.next_working_start(start)
    if days == 0 and hours == 0:
        assert cal.is_working_time(due)


@PROPERTIES
@given(cal=calendars, a=moments, b=moments, c=moments)
def test_between_is_non_negative_and_additive(cal, a, b, c):
    first, middle, last = sorted((a, b, c))
    assert cal.working_time_between(first, middle) >= timedelta(0)
    assert cal.working_time_between(first, last) == cal.working_time_between(
        first, middle
    ) + cal.working_time_between(middle, last)
    assert cal.working_time_between(a, c) == cal.working_time_between(
        a, b
    ) + cal.working_time_between(b, c)
