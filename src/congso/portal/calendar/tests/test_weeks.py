from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from congso.portal.calendar.weeks import (
    InvalidWeek,
    Week,
    day_label,
    parse_day,
    parse_iso_week,
)


def test_iso_week_is_its_monday():
    assert parse_iso_week("2025-W28") == dt.date(2025, 7, 7)
    assert parse_iso_week("2025-W01") == dt.date(2024, 12, 30)
    assert parse_iso_week("2020-W53") == dt.date(2020, 12, 28)


@pytest.mark.parametrize(
    "value", ["2025-W54", "2025-W00", "2025-28", "abc", "2025-W2x", "1800-W01", "9999-W52"]
)
def test_invalid_iso_week_is_refused(value):
    with pytest.raises(InvalidWeek) as error:
        parse_iso_week(value)
    assert error.value.status == 400


def test_day_is_parsed_as_dd_mm_yyyy():
    assert parse_day("14/07/2025") == dt.date(2025, 7, 14)
    assert parse_day("1/7/2025") == dt.date(2025, 7, 1)


@pytest.mark.parametrize("value", ["31/02/2025", "2025-07-14", "14-07-2025", "07/14/2025", ""])
def test_invalid_day_is_refused(value):
    with pytest.raises(InvalidWeek):
        parse_day(value)


def test_week_from_params_prefers_tuan_then_ngay():
    assert Week.from_params(QueryDict("tuan=2025-W29")).monday == dt.date(2025, 7, 14)
    assert Week.from_params(QueryDict("ngay=20/07/2025")).monday == dt.date(2025, 7, 14)
    with pytest.raises(InvalidWeek):
        Week.from_params(QueryDict("tuan="))


def test_week_bounds_are_midnight_in_ho_chi_minh_without_dst():
    week = Week(dt.date(2025, 7, 14))
    assert week.starts_at.isoformat() == "2025-07-14T00:00:00+07:00"
    assert week.ends_at.isoformat() == "2025-07-21T00:00:00+07:00"
    assert week.ends_at - week.starts_at == dt.timedelta(days=7)
    # Every week of the year is exactly 7 x 24 hours: the zone has no daylight saving time.
    for n in range(1, 53):
        w = Week(dt.date.fromisocalendar(2025, n, 1))
        assert w.starts_at.utcoffset() == dt.timedelta(hours=7)
        assert (w.ends_at - w.starts_at).total_seconds() == 7 * 24 * 3600


def test_week_navigation_and_labels():
    week = Week(dt.date(2025, 12, 29))
    assert week.iso == "2026-W01"
    assert week.previous().iso == "2025-W52"
    assert week.next().monday == dt.date(2026, 1, 5)
    assert week.sunday == dt.date(2026, 1, 4)
    assert day_label(dt.date(2025, 7, 14)) == "Thứ Hai, 14/07/2025"
    assert day_label(dt.date(2025, 7, 20)) == "Chủ nhật, 20/07/2025"


def test_current_week_follows_ho_chi_minh_not_utc(settings, monkeypatch):
    from django.utils import timezone

    settings.TIME_ZONE = "UTC"
    # Sunday 18:00 UTC is already Monday 01:00 in Việt Nam: the new week has begun.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 7, 20, 18, 0, tzinfo=dt.UTC))
    assert Week.current().monday == dt.date(2025, 7, 21)
