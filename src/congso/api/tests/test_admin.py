from __future__ import annotations

import re

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from congso.api.models import ApiKey
from congso.api.services import api_key_authenticate
from congso.core.models import AuditLog

CHANGELIST = "/quan-tri/api/apikey/"
ADD = "/quan-tri/api/apikey/add/"


def sign_in_with_otp(client, user) -> None:
    """Signed in and TOTP-verified, as the admin site requires."""
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def admin_client(client, superadmin):
    sign_in_with_otp(client, superadmin)
    return client


def test_add_issues_a_key_and_shows_it_once(admin_client, superadmin, units):
    response = admin_client.post(
        ADD,
        {
            "name": "Hệ thống văn bản Sở Y tế",
            "org_unit": units["health"].pk,
            "expires_at_0": "",
            "expires_at_1": "",
            "scopes": ["org_units:read"],
        },
        follow=True,
    )

    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    shown = [t for t in texts if t.startswith("Khoá API mới: ")]
    assert len(shown) == 1
    assert shown[0].endswith("— hãy sao chép ngay, hệ thống sẽ không hiển thị lại.")
    raw = re.search(r"(cs_\S+)", shown[0]).group(1)
    key = ApiKey.objects.get()
    assert key.name == "Hệ thống văn bản Sở Y tế"
    assert key.org_unit == units["health"]
    assert key.scopes == ["org_units:read"]
    assert key.created_by == superadmin
    assert api_key_authenticate(raw) == key
    assert AuditLog.objects.filter(action="api_key.create", object_id=str(key.pk)).count() == 1
    # The detail page never shows the raw key again.
    detail = admin_client.get(f"/quan-tri/api/apikey/{key.pk}/change/")
    assert detail.status_code == 200
    assert raw not in detail.content.decode()
    assert key.prefix in detail.content.decode()


def test_add_form_asks_only_name_unit_expiry_scopes(admin_client, units):
    response = admin_client.get(ADD)

    form = response.context["adminform"].form
    assert list(form.fields) == ["name", "org_unit", "expires_at", "scopes"]


def test_add_refuses_expiry_in_the_past(admin_client, units):
    response = admin_client.post(
        ADD,
        {"name": "Hệ thống cũ", "expires_at_0": "01/01/2020", "expires_at_1": "08:00"},
    )

    assert response.status_code == 200
    assert "expires_at" in response.context["adminform"].form.errors
    assert ApiKey.objects.count() == 0


def test_revoke_action(admin_client, superadmin, issued_key):
    key, raw = issued_key

    response = admin_client.post(
        CHANGELIST, {"action": "revoke_keys", "_selected_action": [key.pk]}, follow=True
    )

    assert response.status_code == 200
    key.refresh_from_db()
    assert key.is_active is False
    assert api_key_authenticate(raw) is None
    row = AuditLog.objects.get(action="api_key.revoke")
    assert row.reason == "Thu hồi từ trang quản trị"
    assert row.actor == superadmin


def test_no_delete(admin_client, issued_key):
    key, _ = issued_key

    assert admin_client.get(f"/quan-tri/api/apikey/{key.pk}/delete/").status_code == 403
    assert "delete_selected" not in admin_client.get(CHANGELIST).content.decode()
    assert ApiKey.objects.filter(pk=key.pk).exists()


def test_staff_who_is_not_an_administrator_sees_nothing(client, official, issued_key):
    official.is_staff = True
    official.save()
    sign_in_with_otp(client, official)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"name": "Lén lút"}).status_code == 403
    assert ApiKey.objects.count() == 1
