from __future__ import annotations

import pytest

from congso.core.models import AuditLog
from congso.portal.calendar.demo import seed_demo_calendar
from congso.portal.calendar.models import CalendarEntry
from congso.portal.calendar.weeks import Week

pytestmark = pytest.mark.django_db


def test_seed_demo_calendar_is_a_published_current_week_and_idempotent(province, portal):
    leaders = ["Đồng chí Nguyễn Văn A - Giám đốc Sở", "Đồng chí Trần Thị B - Phó Giám đốc Sở"]
    created = seed_demo_calendar(portal, province.sotttt, leaders)
    assert 8 <= created <= 12
    week = Week.current()
    entries = CalendarEntry.objects.filter(site=portal)
    assert entries.count() == created
    assert all(e.is_published for e in entries)
    assert all(week.starts_at <= e.starts_at < week.ends_at for e in entries)
    assert {e.leaders for e in entries} == set(leaders)
    assert AuditLog.objects.filter(action="calendar_entry.create").count() == created
    assert seed_demo_calendar(portal, province.sotttt, leaders) == 0
    assert CalendarEntry.objects.filter(site=portal).count() == created
