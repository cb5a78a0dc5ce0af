"""Reads of the work calendar: one query per week, cached per portal cache generation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from congso.portal import cache as portal_cache
from congso.portal.calendar.models import CalendarEntry
from congso.portal.calendar.weeks import VN_TZ, Week, day_label

CACHE_SECONDS = 600
NOON = dt.time(12, 0)
MORNING = _("Sáng")
AFTERNOON = _("Chiều")


@dataclass
class Row:
    id: int
    starts_at: dt.datetime  # local (Asia/Ho_Chi_Minh)
    ends_at: dt.datetime | None
    content: str
    leaders: str
    location: str
    participants: str
    preparing_unit: str
    note: str

    @property
    def time(self) -> str:
        start = f"{self.starts_at:%H:%M}"
        return f"{start} – {self.ends_at:%H:%M}" if self.ends_at and self._same_day else start

    @property
    def _same_day(self) -> bool:
        return self.ends_at is not None and self.ends_at.date() == self.starts_at.date()


@dataclass
class Session:
    label: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Day:
    date: dt.date
    label: str
    sessions: list[Session]

    @property
    def is_empty(self) -> bool:
        return not any(s.rows for s in self.sessions)

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5


def published_entries(*, site: Site, week: Week) -> QuerySet[CalendarEntry]:
    return CalendarEntry.objects.filter(
        site=site, is_published=True, starts_at__gte=week.starts_at, starts_at__lt=week.ends_at
    ).order_by("starts_at", "pk")


def _row(entry: CalendarEntry) -> Row:
    return Row(
        id=entry.pk,
        starts_at=entry.starts_at.astimezone(VN_TZ),
        ends_at=entry.ends_at.astimezone(VN_TZ) if entry.ends_at else None,
        content=entry.content,
        leaders=entry.leaders,
        location=entry.location,
        participants=entry.participants,
        preparing_unit=entry.preparing_unit,
        note=entry.note,
    )


def _rows(*, site: Site, week: Week) -> list[Row]:
    key = portal_cache.key("calendar", site.pk, week.monday.isoformat())
    rows = cache.get(key)
    if rows is None:
        rows = [_row(e) for e in published_entries(site=site, week=week)]
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def week_days(*, site: Site, week: Week) -> list[Day]:
    """Monday–Friday always, Saturday and Sunday when they have entries; Sáng/Chiều split."""
    by_day: dict[dt.date, list[Row]] = {}
    for row in _rows(site=site, week=week):
        by_day.setdefault(row.starts_at.date(), []).append(row)
    days = []
    for date in week.days:
        rows = by_day.get(date, [])
        if date.weekday() >= 5 and not rows:
            continue
        sessions = [
            Session(str(MORNING), [r for r in rows if r.starts_at.time() < NOON]),
            Session(str(AFTERNOON), [r for r in rows if r.starts_at.time() >= NOON]),
        ]
        days.append(Day(date=date, label=day_label(date), sessions=sessions))
    return days
