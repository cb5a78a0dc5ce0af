from __future__ import annotations

import datetime as dt

import pytest

from congso.accounts.tests.factories import make_official
from congso.core.exceptions import NotPermitted, ValidationFailed
from congso.core.models import AuditLog
from congso.portal.calendar import services
from congso.portal.calendar.models import CalendarEntry

from .conftest import make_entry, vn

pytestmark = pytest.mark.django_db

FIELDS = {
    "content": "Làm việc với Ủy ban nhân dân huyện Đông Hưng",
    "leaders": "Đồng chí Nguyễn Văn A - Giám đốc Sở",
    "location": "Trụ sở UBND huyện Đông Hưng",
}


def test_editor_creates_an_entry_with_an_audit_row(editor, portal):
    entry = services.calendar_entry_create(
        actor=editor, site=portal, starts_at=vn(2025, 7, 14, 8), ends_at=vn(2025, 7, 14, 11),
        **FIELDS,
    )  # fmt: skip
    assert entry.pk
    assert not entry.is_published
    row = AuditLog.objects.get(action="calendar_entry.create")
    assert row.actor == editor
    assert row.object_id == str(entry.pk)
    assert row.changes["content"] == FIELDS["content"]
    assert row.changes["starts_at"] == "2025-07-14T08:00:00+07:00"


def test_editor_of_another_portal_cannot_create_and_nothing_changes(other_editor, portal):
    with pytest.raises(NotPermitted):
        services.calendar_entry_create(
            actor=other_editor, site=portal, starts_at=vn(2025, 7, 14), **FIELDS
        )
    assert not CalendarEntry.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="calendar_entry").exists()


def test_ends_at_must_be_after_starts_at(editor, portal):
    with pytest.raises(ValidationFailed) as error:
        services.calendar_entry_create(
            actor=editor, site=portal, starts_at=vn(2025, 7, 14, 9), ends_at=vn(2025, 7, 14, 8),
            **FIELDS,
        )  # fmt: skip
    assert error.value.message == "Thời gian kết thúc phải sau thời gian bắt đầu."
    assert "ends_at" in error.value.extra["fields"]
    assert not CalendarEntry.objects.exists()


def test_blank_content_is_refused_in_vietnamese(editor, portal):
    with pytest.raises(ValidationFailed) as error:
        services.calendar_entry_create(
            actor=editor, site=portal, starts_at=vn(2025, 7, 14), **{**FIELDS, "content": "   "}
        )
    assert error.value.message == "Vui lòng nhập nội dung công tác."


def test_update_records_the_diff(editor, portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8))
    services.calendar_entry_update(
        actor=editor, entry=entry, location="Phòng họp số 2", reason="Đổi phòng họp"
    )
    entry.refresh_from_db()
    assert entry.location == "Phòng họp số 2"
    row = AuditLog.objects.get(action="calendar_entry.update")
    assert row.changes == {"location": ["Phòng họp số 1", "Phòng họp số 2"]}
    assert row.reason == "Đổi phòng họp"


def test_update_by_another_portal_is_refused_and_nothing_changes(other_editor, portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8))
    with pytest.raises(NotPermitted):
        services.calendar_entry_update(actor=other_editor, entry=entry, location="Nơi khác")
    entry.refresh_from_db()
    assert entry.location == "Phòng họp số 1"
    assert not AuditLog.objects.exists()


def test_moving_an_entry_to_a_portal_one_cannot_edit_is_refused(editor, portal, other_portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8))
    with pytest.raises(NotPermitted):
        services.calendar_entry_update(actor=editor, entry=entry, site=other_portal)
    entry.refresh_from_db()
    assert entry.site_id == portal.pk


def test_leader_accounts_must_hold_the_leader_role(editor, portal, province):
    leader = make_official(
        email="giamdoc@sotttt.vn", full_name="Nguyễn Văn A", unit=province.sotttt, role="leader"
    )
    entry = services.calendar_entry_create(
        actor=editor, site=portal, starts_at=vn(2025, 7, 14), leader_users=[leader], **FIELDS
    )
    assert list(entry.leader_users.all()) == [leader]
    with pytest.raises(ValidationFailed):
        services.calendar_entry_update(actor=editor, entry=entry, leader_users=[editor])
    assert list(entry.leader_users.all()) == [leader]


def test_delete_needs_a_reason_and_is_audited(editor, portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8))
    with pytest.raises(ValidationFailed):
        services.calendar_entry_delete(actor=editor, entry=entry, reason=" ")
    assert CalendarEntry.objects.filter(pk=entry.pk).exists()
    services.calendar_entry_delete(actor=editor, entry=entry, reason="Hoãn cuộc họp")
    assert not CalendarEntry.objects.filter(pk=entry.pk).exists()
    row = AuditLog.objects.get(action="calendar_entry.delete")
    assert row.reason == "Hoãn cuộc họp"
    assert row.object_id == str(entry.pk)


def test_delete_by_another_portal_is_refused(other_editor, portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8))
    with pytest.raises(NotPermitted):
        services.calendar_entry_delete(actor=other_editor, entry=entry, reason="Thử")
    assert CalendarEntry.objects.filter(pk=entry.pk).exists()
    assert not AuditLog.objects.exists()


def test_week_publish_publishes_only_that_week_of_that_portal(editor, portal, other_portal):
    monday = make_entry(portal, vn(2025, 7, 14, 0, 0), is_published=False)
    sunday = make_entry(portal, vn(2025, 7, 20, 23, 30), is_published=False)
    next_week = make_entry(portal, vn(2025, 7, 21, 0, 0), is_published=False)
    previous_week = make_entry(portal, vn(2025, 7, 13, 23, 59), is_published=False)
    elsewhere = make_entry(other_portal, vn(2025, 7, 15, 8), is_published=False)
    published = services.calendar_week_publish(
        actor=editor, site=portal, week_start=dt.date(2025, 7, 16)
    )
    assert {e.pk for e in published} == {monday.pk, sunday.pk}
    assert set(CalendarEntry.objects.filter(is_published=True)) == {monday, sunday}
    for entry in (next_week, previous_week, elsewhere):
        entry.refresh_from_db()
        assert not entry.is_published
    rows = AuditLog.objects.filter(action="calendar_entry.publish")
    assert sorted(rows.values_list("object_id", flat=True)) == sorted(
        [str(monday.pk), str(sunday.pk)]
    )
    assert (
        rows.first().reason == "Công bố lịch công tác tuần từ ngày 14/07/2025 đến ngày 20/07/2025."
    )


def test_week_publish_by_another_portal_is_refused(other_editor, portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8), is_published=False)
    with pytest.raises(NotPermitted):
        services.calendar_week_publish(
            actor=other_editor, site=portal, week_start=dt.date(2025, 7, 14)
        )
    entry.refresh_from_db()
    assert not entry.is_published
    assert not AuditLog.objects.exists()


def test_anonymous_and_citizens_are_refused(citizen, portal):
    from django.contrib.auth.models import AnonymousUser

    from congso.core.exceptions import NotAuthenticated

    with pytest.raises(NotAuthenticated):
        services.calendar_entry_create(
            actor=AnonymousUser(), site=portal, starts_at=vn(2025, 7, 14), **FIELDS
        )
    with pytest.raises(NotPermitted):
        services.calendar_entry_create(
            actor=citizen, site=portal, starts_at=vn(2025, 7, 14), **FIELDS
        )
    assert not CalendarEntry.objects.exists()
