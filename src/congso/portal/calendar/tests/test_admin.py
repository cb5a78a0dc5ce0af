from __future__ import annotations

import pytest

from congso.core.models import AuditLog
from congso.portal.calendar.models import CalendarEntry

from .conftest import make_entry, vn

pytestmark = pytest.mark.django_db

BASE = "/cms/lich-cong-tac/"


def entry_data(site, **overrides):
    return {
        "site": site.pk,
        "starts_at": "14/07/2025 08:00",
        "ends_at": "14/07/2025 10:30",
        "content": "Giao ban đầu tuần",
        "leaders": "Đồng chí Nguyễn Văn A - Giám đốc Sở",
        "location": "Phòng họp số 1",
        "participants": "Trưởng các phòng",
        "preparing_unit": "Văn phòng",
        "note": "",
        "is_published": "",
        **overrides,
    }


def test_editor_lists_only_their_portals_entries(client, editor, portal, other_portal):
    make_entry(portal, vn(2025, 7, 14, 8), content="Việc của Sở TT&TT")
    make_entry(other_portal, vn(2025, 7, 14, 8), content="Việc của Sở Y tế")
    client.force_login(editor)
    response = client.get(BASE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Việc của Sở TT&amp;TT" in html
    assert "Việc của Sở Y tế" not in html
    assert "Công bố lịch tuần" in html


def test_editor_creates_through_the_service(client, editor, portal):
    client.force_login(editor)
    response = client.post(BASE + "new/", entry_data(portal))
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = CalendarEntry.objects.get()
    assert entry.site == portal
    assert entry.starts_at == vn(2025, 7, 14, 8)
    assert not entry.is_published
    assert AuditLog.objects.filter(action="calendar_entry.create", actor=editor).count() == 1


def test_create_for_another_portal_is_refused(client, editor, portal, other_portal):
    client.force_login(editor)
    response = client.post(BASE + "new/", entry_data(other_portal))
    assert response.status_code == 200  # the form again, with an error on the portal field
    assert not CalendarEntry.objects.exists()
    assert not AuditLog.objects.exists()


def test_end_before_start_is_a_vietnamese_form_error(client, editor, portal):
    client.force_login(editor)
    response = client.post(BASE + "new/", entry_data(portal, ends_at="14/07/2025 07:00"))
    assert response.status_code == 200
    assert "Thời gian kết thúc phải sau thời gian bắt đầu." in response.content.decode()
    assert not CalendarEntry.objects.exists()


def test_editor_edits_own_entry_with_audit(client, editor, portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8), is_published=False)
    client.force_login(editor)
    response = client.post(
        f"{BASE}edit/{entry.pk}/", entry_data(portal, location="Hội trường tầng 3")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.location == "Hội trường tầng 3"
    row = AuditLog.objects.get(action="calendar_entry.update")
    assert row.changes["location"] == ["Phòng họp số 1", "Hội trường tầng 3"]


def test_editor_cannot_see_or_change_another_portals_entry(client, editor, other_portal):
    entry = make_entry(other_portal, vn(2025, 7, 14, 8), is_published=False)
    client.force_login(editor)
    for url in (f"{BASE}edit/{entry.pk}/", f"{BASE}delete/{entry.pk}/",
                f"{BASE}history/{entry.pk}/", f"{BASE}usage/{entry.pk}/"):  # fmt: skip
        assert client.get(url).status_code in {403, 404}, url
    assert client.post(
        f"{BASE}edit/{entry.pk}/", entry_data(other_portal, location="Đã bị sửa")
    ).status_code in {403, 404}
    assert client.post(f"{BASE}delete/{entry.pk}/", {"reason": "Thử xóa"}).status_code in {
        403,
        404,
    }
    entry.refresh_from_db()
    assert entry.location == "Phòng họp số 1"
    assert not AuditLog.objects.exists()


def test_delete_asks_for_a_reason(client, editor, portal):
    entry = make_entry(portal, vn(2025, 7, 14, 8))
    client.force_login(editor)
    response = client.post(f"{BASE}delete/{entry.pk}/", {"reason": ""})
    assert response.status_code == 200
    assert CalendarEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(f"{BASE}delete/{entry.pk}/", {"reason": "Cuộc họp bị hoãn"})
    assert response.status_code == 302
    assert not CalendarEntry.objects.filter(pk=entry.pk).exists()
    assert AuditLog.objects.get(action="calendar_entry.delete").reason == "Cuộc họp bị hoãn"


def test_publish_week_button(client, editor, portal, other_portal):
    mine = make_entry(portal, vn(2025, 7, 15, 8), is_published=False)
    theirs = make_entry(other_portal, vn(2025, 7, 15, 8), is_published=False)
    client.force_login(editor)
    assert client.get(BASE + "cong-bo-tuan/").status_code == 200
    response = client.post(BASE + "cong-bo-tuan/", {"site": portal.pk, "day": "17/07/2025"})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_published
    assert not theirs.is_published
    assert AuditLog.objects.filter(action="calendar_entry.publish").count() == 1


def test_publish_week_of_another_portal_is_refused(client, editor, other_portal):
    theirs = make_entry(other_portal, vn(2025, 7, 15, 8), is_published=False)
    client.force_login(editor)
    response = client.post(BASE + "cong-bo-tuan/", {"site": other_portal.pk, "day": "17/07/2025"})
    assert response.status_code == 200  # the site is not a choice for this editor
    theirs.refresh_from_db()
    assert not theirs.is_published
    assert not AuditLog.objects.exists()


def test_people_without_a_portal_role_are_kept_out(client, citizen, portal):
    from django.contrib.auth.models import Permission

    citizen.user_permissions.add(Permission.objects.get(codename="access_admin"))
    entry = make_entry(portal, vn(2025, 7, 14, 8))
    client.force_login(citizen)
    assert client.get(BASE).status_code in {302, 403}
    assert client.get(f"{BASE}edit/{entry.pk}/").status_code in {302, 403, 404}
    assert client.get(BASE + "cong-bo-tuan/").status_code in {403, 404}
