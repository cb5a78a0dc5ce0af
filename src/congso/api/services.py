"""Issuing, revoking and checking API keys. Each change records an audit row."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from congso.accounts.models import OrgUnit
from congso.accounts.permissions import check_administrator
from congso.api.models import KEY_PREFIX, PREFIX_LENGTH, ApiKey
from congso.core.audit import audit_log, snapshot
from congso.core.exceptions import InvalidTransition, NotPermitted, ValidationFailed

AUDIT_FIELDS = ("name", "org_unit_id", "prefix", "scopes", "expires_at", "is_active")
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# token_urlsafe(32) gives 43 characters; anything much longer is not one of our keys.
MAX_RAW_KEY_LENGTH = 100


def hash_key(raw: str) -> str:
    """SHA-256 hex of a raw key. Keys carry 256 random bits, so no salt or stretching is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _generate_raw_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _check_administrator(actor: Any) -> None:
    try:
        check_administrator(actor)
    except NotPermitted:
        raise NotPermitted("Chỉ quản trị hệ thống mới được cấp và thu hồi khoá API.") from None


@transaction.atomic
def api_key_create(
    *,
    actor: Any,
    name: str,
    org_unit: OrgUnit | None = None,
    expires_at: dt.datetime | None = None,
    scopes: list[str] | None = None,
) -> tuple[ApiKey, str]:
    """Issue a key. Returns the key row and the raw key, which is shown once and never stored."""
    _check_administrator(actor)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed(
            "Thời điểm hết hạn phải ở tương lai.",
            extra={"fields": {"expires_at": ["Thời điểm hết hạn phải ở tương lai."]}},
        )
    raw = _generate_raw_key()
    key = ApiKey(
        name=name.strip(),
        org_unit=org_unit,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=hash_key(raw),
        scopes=list(scopes or []),
        created_by=actor,
        expires_at=expires_at,
    )
    try:
        key.full_clean()
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None
    key.save()
    audit_log(actor=actor, action="api_key.create", obj=key, changes=snapshot(key, AUDIT_FIELDS))
    return key, raw


@transaction.atomic
def api_key_revoke(*, actor: Any, key: ApiKey, reason: str) -> ApiKey:
    """Revoke a key for good; the connected system gets 401 from then on."""
    _check_administrator(actor)
    if not (reason or "").strip():
        raise ValidationFailed("Cần ghi rõ lý do thu hồi khoá API.")
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if not key.is_active:
        raise InvalidTransition("Khoá API này đã bị thu hồi.")
    key.is_active = False
    key.revoked_at = timezone.now()
    key.save(update_fields=["is_active", "revoked_at", "updated_at"])
    audit_log(
        actor=actor,
        action="api_key.revoke",
        obj=key,
        changes={"is_active": [True, False]},
        reason=reason.strip(),
    )
    return key


def api_key_authenticate(raw: str | None) -> ApiKey | None:
    """The usable key matching `raw`, or None.

    The lookup is by SHA-256 of the presented key, so response time says nothing about how
    much of a stored key was guessed; the final comparison is constant-time as well.
    """
    if not raw or len(raw) > MAX_RAW_KEY_LENGTH or not raw.startswith(KEY_PREFIX):
        return None
    digest = hash_key(raw)
    key = ApiKey.objects.select_related("org_unit").filter(key_hash=digest).first()
    if key is None or not hmac.compare_digest(key.key_hash, digest) or not key.is_usable:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
