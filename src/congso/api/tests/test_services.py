from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from congso.api.models import ApiKey
from congso.api.services import api_key_authenticate, api_key_create, api_key_revoke
from congso.core.exceptions import (
    InvalidTransition,
    NotAuthenticated,
    NotPermitted,
    ValidationFailed,
)
from congso.core.models import AuditLog


def test_create_returns_raw_key_and_stores_only_its_hash(superadmin, units):
    key, raw = api_key_create(
        actor=superadmin,
        name="  Hệ thống văn bản Sở Y tế ",
        org_unit=units["health"],
        scopes=["org_units:read"],
    )

    assert raw.startswith("cs_")
    assert len(raw) == 3 + 43
    key.refresh_from_db()
    assert key.name == "Hệ thống văn bản Sở Y tế"
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert key.prefix == raw[:8]
    assert key.org_unit == units["health"]
    assert key.scopes == ["org_units:read"]
    assert key.created_by == superadmin
    assert key.is_active is True
    stored = [str(v) for v in ApiKey.objects.filter(pk=key.pk).values().get().values()]
    assert all(raw not in value for value in stored)


def test_create_writes_an_audit_row_without_the_key(superadmin):
    key, raw = api_key_create(actor=superadmin, name="Hệ thống A")

    row = AuditLog.objects.get(action="api_key.create")
    assert row.actor == superadmin
    assert row.object_id == str(key.pk)
    assert row.changes["prefix"] == key.prefix
    assert raw not in str(row.changes)
    assert key.key_hash not in str(row.changes)


def test_each_key_is_different(superadmin):
    _, first = api_key_create(actor=superadmin, name="A")
    _, second = api_key_create(actor=superadmin, name="B")

    assert first != second


def test_administrator_by_role_may_create(role_administrator):
    key, _ = api_key_create(actor=role_administrator, name="Hệ thống B")

    assert key.created_by == role_administrator


def test_non_administrator_cannot_create(official):
    with pytest.raises(NotPermitted):
        api_key_create(actor=official, name="Hệ thống C")

    assert ApiKey.objects.count() == 0
    assert not AuditLog.objects.filter(action="api_key.create").exists()


def test_anonymous_cannot_create(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        api_key_create(actor=AnonymousUser(), name="Hệ thống D")

    assert ApiKey.objects.count() == 0


def test_create_refuses_unknown_scope_and_blank_name(superadmin):
    with pytest.raises(ValidationFailed) as error:
        api_key_create(actor=superadmin, name="Hệ thống E", scopes=["dossiers:write"])
    assert "scopes" in error.value.extra["fields"]

    with pytest.raises(ValidationFailed) as error:
        api_key_create(actor=superadmin, name="   ")
    assert "name" in error.value.extra["fields"]

    assert ApiKey.objects.count() == 0


def test_create_refuses_expiry_in_the_past(superadmin):
    with pytest.raises(ValidationFailed):
        api_key_create(
            actor=superadmin, name="Hệ thống F", expires_at=timezone.now() - dt.timedelta(hours=1)
        )

    assert ApiKey.objects.count() == 0


def test_authenticate_accepts_the_raw_key(issued_key):
    key, raw = issued_key

    assert api_key_authenticate(raw) == key


@pytest.mark.parametrize(
    "presented",
    ["", None, "cs_wrong", "not-a-key", "cs_" + "x" * 200],
)
def test_authenticate_refuses_wrong_keys(issued_key, presented):
    assert api_key_authenticate(presented) is None


def test_authenticate_refuses_a_key_differing_in_one_character(issued_key):
    _, raw = issued_key
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")

    assert api_key_authenticate(tampered) is None


def test_revoke_requires_a_reason(superadmin, issued_key):
    key, raw = issued_key

    with pytest.raises(ValidationFailed):
        api_key_revoke(actor=superadmin, key=key, reason="  ")

    key.refresh_from_db()
    assert key.is_active is True
    assert api_key_authenticate(raw) == key
    assert not AuditLog.objects.filter(action="api_key.revoke").exists()


def test_revoked_key_does_not_authenticate(superadmin, issued_key):
    key, raw = issued_key

    api_key_revoke(actor=superadmin, key=key, reason="Hệ thống ngừng sử dụng")

    key.refresh_from_db()
    assert key.is_active is False
    assert key.revoked_at is not None
    assert api_key_authenticate(raw) is None
    row = AuditLog.objects.get(action="api_key.revoke")
    assert row.actor == superadmin
    assert row.reason == "Hệ thống ngừng sử dụng"
    assert row.object_id == str(key.pk)


def test_revoke_twice_is_refused(superadmin, issued_key):
    key, _ = issued_key
    api_key_revoke(actor=superadmin, key=key, reason="Lộ khoá")

    with pytest.raises(InvalidTransition):
        api_key_revoke(actor=superadmin, key=key, reason="Lộ khoá")

    assert AuditLog.objects.filter(action="api_key.revoke").count() == 1


def test_non_administrator_cannot_revoke(official, issued_key):
    key, raw = issued_key

    with pytest.raises(NotPermitted):
        api_key_revoke(actor=official, key=key, reason="Thử")

    key.refresh_from_db()
    assert key.is_active is True
    assert api_key_authenticate(raw) == key


def test_expired_key_does_not_authenticate(expired_key):
    _, raw = expired_key

    assert api_key_authenticate(raw) is None


def test_authenticate_records_last_use_at_most_once_a_minute(issued_key, django_assert_num_queries):
    key, raw = issued_key
    assert key.last_used_at is None

    with django_assert_num_queries(2):  # lookup + touch
        api_key_authenticate(raw)
    key.refresh_from_db()
    first_use = key.last_used_at
    assert first_use is not None

    with django_assert_num_queries(1):  # lookup only
        api_key_authenticate(raw)
    key.refresh_from_db()
    assert key.last_used_at == first_use

    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first_use - dt.timedelta(minutes=2))
    api_key_authenticate(raw)
    key.refresh_from_db()
    assert key.last_used_at > first_use - dt.timedelta(minutes=2)
