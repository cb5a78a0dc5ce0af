"""Every write on the work calendar. Each change writes an audit row; refusals change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from congso.accounts.models import Role, User
from congso.core.audit import audit_log, diff, snapshot
from congso.core.exceptions import NotAuthenticated, NotPermitted, ValidationFailed
from congso.portal import cache as portal_cache
from congso.portal.calendar.models import CalendarEntry
from congso.portal.calendar.weeks import Week
from congso.portal.permissions import can_edit_site

ENTRY_FIELDS = (
    "site", "starts_at", "ends_at", "content", "leaders", "location", "participants",
    "preparing_unit", "note", "is_published",
)  # fmt: skip
AUDIT_FIELDS = tuple("site_id" if name == "site" else name for name in ENTRY_FIELDS)


def _check_can_edit(actor: Any, site: Site) -> None:
    """A person must be allowed to edit the portal; a system name (str) acts for the platform."""
    if isinstance(actor, str) and actor:
        return
    if not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated()
    if not can_edit_site(actor, site):
        raise NotPermitted(_("Bạn không có quyền sửa lịch công tác của cổng thông tin này."))


def _validate(entry: CalendarEntry) -> None:
    try:
        entry.full_clean()
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None


def _leader_users(users: Iterable[User] | None) -> list[User] | None:
    if users is None:
        return None
    users = list(users)
    ids = {u.pk for u in users}
    leaders = set(
        User.objects.filter(
            pk__in=ids, role_assignments__role=Role.LEADER, is_active=True
        ).values_list("pk", flat=True)
    )
    if ids - leaders:
        raise ValidationFailed(
            _("Chỉ chọn được tài khoản có vai trò lãnh đạo."),
            extra={"fields": {"leader_users": [_("Tài khoản không phải lãnh đạo.")]}},
        )
    return users


def _leader_ids(entry: CalendarEntry) -> list[int]:
    return sorted(entry.leader_users.values_list("pk", flat=True))


def _invalidate_portal_cache() -> None:
    transaction.on_commit(portal_cache.bump)


@transaction.atomic
def calendar_entry_create(
    *,
    actor: Any,
    site: Site,
    starts_at: dt.datetime,
    content: str,
    leaders: str,
    location: str,
    ends_at: dt.datetime | None = None,
    participants: str = "",
    preparing_unit: str = "",
    note: str = "",
    is_published: bool = False,
    leader_users: Iterable[User] | None = None,
    reason: str = "",
) -> CalendarEntry:
    _check_can_edit(actor, site)
    users = _leader_users(leader_users)
    entry = CalendarEntry(
        site=site, starts_at=starts_at, ends_at=ends_at, content=content, leaders=leaders,
        location=location, participants=participants, preparing_unit=preparing_unit, note=note,
        is_published=is_published,
    )  # fmt: skip
    _validate(entry)
    entry.save()
    if users:
        entry.leader_users.set(users)
    changes = snapshot(entry, AUDIT_FIELDS)
    changes["leader_users"] = sorted(u.pk for u in users or [])
    audit_log(
        actor=actor, action="calendar_entry.create", obj=entry, changes=changes, reason=reason
    )
    _invalidate_portal_cache()
    return entry


@transaction.atomic
def calendar_entry_update(
    *,
    actor: Any,
    entry: CalendarEntry,
    reason: str = "",
    leader_users: Iterable[User] | None = None,
    **fields: Any,
) -> CalendarEntry:
    """Change the given fields (and `leader_users` when given); the old and new portal both
    have to be the actor's."""
    entry = CalendarEntry.objects.select_for_update().select_related("site").get(pk=entry.pk)
    _check_can_edit(actor, entry.site)
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Không sửa được trường %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    if "site" in fields and fields["site"].pk != entry.site_id:
        _check_can_edit(actor, fields["site"])
    users = _leader_users(leader_users)
    before = snapshot(entry, AUDIT_FIELDS)
    before_leaders = _leader_ids(entry)
    for name, value in fields.items():
        setattr(entry, name, value)
    _validate(entry)
    changes = diff(before, snapshot(entry, AUDIT_FIELDS))
    if users is not None:
        after_leaders = sorted(u.pk for u in users)
        if after_leaders != before_leaders:
            changes["leader_users"] = [before_leaders, after_leaders]
    if changes:
        entry.save()
        if "leader_users" in changes:
            entry.leader_users.set(users)
        audit_log(
            actor=actor, action="calendar_entry.update", obj=entry, changes=changes, reason=reason
        )
        _invalidate_portal_cache()
    return entry


@transaction.atomic
def calendar_entry_delete(*, actor: Any, entry: CalendarEntry, reason: str) -> None:
    entry = CalendarEntry.objects.select_for_update().select_related("site").get(pk=entry.pk)
    _check_can_edit(actor, entry.site)
    if not (reason or "").strip():
        raise ValidationFailed(
            _("Vui lòng nêu lý do xóa mục lịch công tác."),
            extra={"fields": {"reason": [_("Vui lòng nêu lý do xóa.")]}},
        )
    changes = snapshot(entry, AUDIT_FIELDS)
    changes["leader_users"] = _leader_ids(entry)
    audit_log(
        actor=actor, action="calendar_entry.delete", obj=entry, changes=changes,
        reason=reason.strip(),
    )  # fmt: skip
    entry.delete()
    _invalidate_portal_cache()


@transaction.atomic
def calendar_week_publish(
    *, actor: Any, site: Site, week_start: dt.date, reason: str = ""
) -> list[CalendarEntry]:
    """Publish every not yet published entry of the week containing `week_start`."""
    _check_can_edit(actor, site)
    week = Week.containing(week_start)
    entries = list(
        CalendarEntry.objects.select_for_update()
        .filter(
            site=site,
            is_published=False,
            starts_at__gte=week.starts_at,
            starts_at__lt=week.ends_at,
        )
        .order_by("starts_at", "pk")
    )
    if not entries:
        return []
    why = reason or _("Công bố lịch công tác tuần từ ngày %(start)s đến ngày %(end)s.") % {
        "start": f"{week.monday:%d/%m/%Y}",
        "end": f"{week.sunday:%d/%m/%Y}",
    }
    CalendarEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        is_published=True, updated_at=timezone.now()
    )
    for entry in entries:
        entry.is_published = True
        audit_log(
            actor=actor, action="calendar_entry.publish", obj=entry,
            changes={"is_published": [False, True]}, reason=why,
        )  # fmt: skip
    _invalidate_portal_cache()
    return entries
