"""Fixtures for the API: a small province tree, people, and issued keys."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congso.accounts.models import OrgUnit, Role, RoleAssignment, User
from congso.api.services import api_key_create

ROOT_CODE = "000.00.00.H56"


def build_province(departments: int = 0) -> OrgUnit:
    """A province root with `departments` numbered departments (000.00.01.H56, ...)."""
    root = OrgUnit.add_root(name="UBND tỉnh Thái Bình", code=ROOT_CODE, kind="province")
    for number in range(1, departments + 1):
        root = OrgUnit.objects.get(pk=root.pk)
        root.add_child(name=f"Sở số {number}", code=f"000.00.{number:02d}.H56", kind="department")
    return OrgUnit.objects.get(pk=root.pk)


def add_child(parent: OrgUnit, **fields) -> OrgUnit:
    return OrgUnit.objects.get(pk=parent.pk).add_child(**fields)


@pytest.fixture
def units(db) -> dict[str, OrgUnit]:
    """Root, two departments (one with a division), a district that was dissolved, a commune."""
    root = OrgUnit.add_root(
        name="UBND tỉnh Thái Bình", short_name="UBND tỉnh", code=ROOT_CODE, kind="province"
    )
    health = add_child(
        root,
        name="Sở Y tế",
        short_name="SYT",
        name_en="Department of Health",
        code="000.00.31.H56",
        kind="department",
        address="Số 1 Lê Lợi",
        phone="02273831234",
        email="syt@thaibinh.gov.vn",
        website="https://syt.thaibinh.gov.vn",
    )
    info = add_child(
        root, name="Sở Thông tin và Truyền thông", code="000.00.22.H56", kind="department"
    )
    division = add_child(health, name="Phòng Nghiệp vụ Y", code="000.01.31.H56", kind="division")
    commune = add_child(root, name="Xã Đông Hưng", code="000.00.40.H56", kind="commune")
    district = add_child(
        root,
        name="Huyện Đông Hưng",
        code="000.00.35.H56",
        kind="district",
        is_active=False,
        effective_until=dt.date(2025, 6, 30),
        successor=commune,
    )
    return {
        "root": OrgUnit.objects.get(pk=root.pk),
        "health": OrgUnit.objects.get(pk=health.pk),
        "info": info,
        "division": division,
        "district": district,
        "commune": commune,
    }


@pytest.fixture
def superadmin(db) -> User:
    return User.objects.create_user(
        email="quantri@test.vn",
        password="mat-khau-dai-1",
        full_name="Quản Trị Viên",
        kind="official",
        is_superuser=True,
        is_staff=True,
    )


@pytest.fixture
def official(db) -> User:
    return User.objects.create_user(
        email="canbo@test.vn",
        password="mat-khau-dai-1",
        full_name="Trần Văn Cán",
        kind="official",
        phone="0912345678",
    )


@pytest.fixture
def role_administrator(official, units) -> User:
    """An official who is an administrator by role (not a superuser)."""
    RoleAssignment.objects.create(user=official, org_unit=units["root"], role=Role.ADMINISTRATOR)
    return official


@pytest.fixture
def issued_key(superadmin) -> tuple:
    """(ApiKey, raw key) issued by the administrator."""
    return api_key_create(actor=superadmin, name="Hệ thống văn bản", scopes=["org_units:read"])


@pytest.fixture
def expired_key(superadmin):
    key, raw = api_key_create(
        actor=superadmin,
        name="Hệ thống cũ",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    key.expires_at = timezone.now() - dt.timedelta(seconds=1)
    key.save(update_fields=["expires_at"])
    return key, raw
