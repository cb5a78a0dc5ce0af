import datetime as dt
from decimal import Decimal

import pytest

from congso.core import context
from congso.core.audit import audit_log, diff, snapshot
from congso.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_audit_row_records_actor_object_reason_and_ip(rf, province, administrator):
    token = context.set_from_request(
        rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Firefox")
    )
    try:
        row = audit_log(
            actor=administrator,
            action="x.y",
            obj=province.soyte,
            changes={"a": [1, 2]},
            reason="vì",
        )
    finally:
        context.reset(token)
    row = AuditLog.objects.get(pk=row.pk)
    assert (row.actor, row.object_repr, row.object_id) == (
        administrator,
        "Sở Y tế",
        str(province.soyte.pk),
    )
    assert (row.ip_address, row.user_agent, row.reason) == ("203.0.113.5", "Firefox", "vì")


def test_system_actor_is_kept_as_text(province):
    row = audit_log(actor="congso demo", action="x.y", obj=province.root)
    assert row.actor is None
    assert row.actor_repr == "congso demo"
    assert row.ip_address is None


def test_forwarded_for_is_used_only_when_trusted(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    assert context.client_ip(request) == "10.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert context.client_ip(request) == "198.51.100.7"


def test_snapshot_and_diff_are_json_friendly(province):
    snap = snapshot(province.soyte, ["name", "effective_from"])
    assert snap == {"name": "Sở Y tế", "effective_from": None}
    changes = diff(
        {"a": dt.date(2025, 7, 1).isoformat(), "b": 1},
        {"a": "2025-07-02", "b": 1, "c": str(Decimal("1.5"))},
    )
    assert changes == {"a": ["2025-07-01", "2025-07-02"], "c": [None, "1.5"]}
