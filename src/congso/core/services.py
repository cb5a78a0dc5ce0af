"""Services of the core kernel: the province's table of extra days off and worked days.

Every change is audited with its reason, runs in one transaction and, once committed, makes the
working-time calendar (congso.core.workdays) forget its cached copy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from congso.accounts.permissions import check_administrator
from congso.core.audit import audit_log, diff, snapshot
from congso.core.exceptions import Conflict, NotFound, ValidationFailed
from congso.core.models import CalendarDay
from congso.core.workdays import invalidate_calendar

_AUDITED_FIELDS = ("date", "kind", "name", "note")


def _check_calendar_manager(actor: Any) -> None:
    """Administrators manage the calendar; a non-empty string is a system actor (a job)."""
    if isinstance(actor, str) and actor:
        return
    check_administrator(actor)


def calendar_day_set(
    *,
    actor: Any,
    date: dt.date,
    kind: str,
    name: str,
    note: str = "",
    reason: str = "",
) -> CalendarDay:
    """Create or change the province's entry for `date` (an extra day off or a worked day).

    An update that changes nothing writes nothing and is not audited.
    """
    _check_calendar_manager(actor)
    with transaction.atomic():
        day = CalendarDay.objects.select_for_update().filter(date=date).first()
        before = snapshot(day, _AUDITED_FIELDS) if day is not None else {}
        if day is None:
            day = CalendarDay(date=date)
        day.kind = kind
        day.name = (name or "").strip()
        day.note = (note or "").strip()
        try:
            day.full_clean()
        except ValidationError as error:
            raise ValidationFailed.from_django(error) from error
        changes = diff(before, snapshot(day, _AUDITED_FIELDS))
        if before and not changes:
            return day
        try:
            with transaction.atomic():
                day.save()
        except IntegrityError:
            raise Conflict(
                "Ngày này vừa được người khác thêm vào lịch, vui lòng tải lại."
            ) from None
        audit_log(actor=actor, action="calendar_day.set", obj=day, changes=changes, reason=reason)
        transaction.on_commit(invalidate_calendar)
    return day


def calendar_day_delete(*, actor: Any, day: CalendarDay | dt.date, reason: str = "") -> None:
    """Remove the province's entry (given as the row or its date); the national calendar and
    the working weekdays apply to that date again."""
    _check_calendar_manager(actor)
    with transaction.atomic():
        rows = CalendarDay.objects.select_for_update()
        if isinstance(day, CalendarDay):
            row = rows.filter(pk=day.pk).first()
        else:
            row = rows.filter(date=day).first()
        if row is None:
            raise NotFound("Không tìm thấy ngày này trong lịch nghỉ và làm bù của tỉnh.")
        changes = diff(snapshot(row, _AUDITED_FIELDS), {})
        audit_log(
            actor=actor, action="calendar_day.delete", obj=row, changes=changes, reason=reason
        )
        row.delete()
        transaction.on_commit(invalidate_calendar)
