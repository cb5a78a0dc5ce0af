from __future__ import annotations

from dataclasses import dataclass

import factory

from congso.accounts.models import OrgUnit, RoleAssignment, User

PASSWORD = "Mat-khau-Thu-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoidung{n}@test.vn")
    full_name = factory.Sequence(lambda n: f"Người Dùng Số {n}")
    kind = User.Kind.CITIZEN
    password = factory.django.Password(PASSWORD)


@dataclass
class Province:
    root: OrgUnit
    sotttt: OrgUnit
    soyte: OrgUnit
    donghung: OrgUnit
    xa: OrgUnit


def make_province() -> Province:
    """A small province tree: UBND tỉnh → two departments and a district → a commune."""
    root = OrgUnit.add_root(
        name="Ủy ban nhân dân tỉnh Thái Bình", short_name="UBND tỉnh", code="000.00.00.H56",
        kind="province", address="76 Lê Lợi, TP Thái Bình", phone="02273831234", email="ubnd@test.vn",
    )  # fmt: skip
    sotttt = root.add_child(
        name="Sở Thông tin và Truyền thông",
        short_name="Sở TT&TT",
        code="000.00.31.H56",
        kind="department",
    )
    root = OrgUnit.objects.get(pk=root.pk)
    soyte = root.add_child(name="Sở Y tế", code="000.00.17.H56", kind="department")
    root = OrgUnit.objects.get(pk=root.pk)
    donghung = root.add_child(name="Huyện Đông Hưng", code="000.00.27.H56", kind="district")
    xa = donghung.add_child(name="Xã Đông Hợp", code="000.01.27.H56", kind="commune")
    return Province(
        root=OrgUnit.objects.get(pk=root.pk), sotttt=sotttt, soyte=soyte,
        donghung=OrgUnit.objects.get(pk=donghung.pk), xa=xa,
    )  # fmt: skip


def make_official(*, email: str, full_name: str, unit: OrgUnit, role: str, title: str = "") -> User:
    user = UserFactory(email=email, full_name=full_name, kind=User.Kind.OFFICIAL)
    RoleAssignment.objects.create(user=user, org_unit=unit, role=role, title=title)
    from congso.accounts.hooks import roles_changed

    roles_changed(user)
    if role == "administrator":
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.refresh_from_db()
    return user
