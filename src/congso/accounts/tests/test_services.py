import pytest
from django.core.exceptions import ValidationError

from congso.accounts import services
from congso.accounts.models import OrgUnit, Role, RoleAssignment, User
from congso.accounts.tests.factories import UserFactory, make_official
from congso.accounts.validators import validate_citizen_id, validate_org_code
from congso.core.exceptions import InvalidTransition, NotPermitted, ValidationFailed
from congso.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["000.00.00.H56", "000.01.27.H56", "123.45.67.G01"])
def test_valid_org_codes(code):
    validate_org_code(code)


@pytest.mark.parametrize(
    "code", ["", "000.00.00.h56", "00.00.00.H56", "000.00.00.H5", "000-00-00-H56", "000.00.00.H56 "]
)
def test_invalid_org_codes(code):
    with pytest.raises(ValidationError):
        validate_org_code(code)


@pytest.mark.parametrize("value", ["03419000123", "0341900012345", "03419000123a", ""])
def test_citizen_id_must_be_twelve_digits(value):
    with pytest.raises(ValidationError):
        validate_citizen_id(value)


def test_administrator_creates_org_unit_with_audit(province, administrator):
    unit = services.org_unit_create(
        actor=administrator, parent=province.root, name="Sở Tư pháp", code="000.00.14.H56",
        kind="department", reason="Thành lập theo quyết định",
    )  # fmt: skip
    assert unit.get_parent() == province.root
    assert unit.search_text == "so tu phap 000.00.14.h56"
    row = AuditLog.objects.get(action="org_unit.create", object_id=str(unit.pk))
    assert row.actor == administrator
    assert row.reason == "Thành lập theo quyết định"
    assert row.changes["code"] == "000.00.14.H56"


def test_non_administrator_cannot_create_org_unit(province):
    editor = make_official(
        email="bt@test.vn", full_name="Biên Tập", unit=province.sotttt, role=Role.PORTAL_EDITOR
    )
    before_units, before_audit = OrgUnit.objects.count(), AuditLog.objects.count()
    with pytest.raises(NotPermitted):
        services.org_unit_create(
            actor=editor, parent=province.root, name="Sở X", code="000.00.99.H56", kind="department"
        )
    assert OrgUnit.objects.count() == before_units
    assert AuditLog.objects.count() == before_audit


def test_org_unit_code_is_validated_and_unique(province, administrator):
    with pytest.raises(ValidationFailed) as bad:
        services.org_unit_create(
            actor=administrator, parent=province.root, name="Sở X", code="abc", kind="department"
        )
    assert "000.00.00.H56" in bad.value.message
    with pytest.raises(ValidationFailed):
        services.org_unit_create(
            actor=administrator,
            parent=province.root,
            name="Sở Y",
            code="000.00.31.H56",
            kind="department",
        )
    assert OrgUnit.objects.filter(code="000.00.31.H56").count() == 1


def test_update_records_only_changed_fields(province, administrator):
    services.org_unit_update(
        actor=administrator, unit=province.soyte, phone="02273838888", name="Sở Y tế"
    )
    row = AuditLog.objects.get(action="org_unit.update")
    assert row.changes == {"phone": ["", "02273838888"]}
    services.org_unit_update(actor=administrator, unit=province.soyte, phone="02273838888")
    assert AuditLog.objects.filter(action="org_unit.update").count() == 1


def test_deactivate_keeps_unit_and_requires_reason(province, administrator):
    with pytest.raises(ValidationFailed):
        services.org_unit_set_active(
            actor=administrator, unit=province.donghung, active=False, reason=" "
        )
    assert OrgUnit.objects.get(pk=province.donghung.pk).is_active
    import datetime as dt

    unit = services.org_unit_set_active(
        actor=administrator, unit=province.donghung, active=False, reason="Sắp xếp đơn vị hành chính 2025",
        on=dt.date(2025, 6, 30),
    )  # fmt: skip
    assert not unit.is_active
    assert unit.effective_until == dt.date(2025, 6, 30)
    assert OrgUnit.objects.filter(pk=unit.pk).exists()
    with pytest.raises(InvalidTransition):
        services.org_unit_set_active(actor=administrator, unit=unit, active=False, reason="lần nữa")


def test_two_level_structure_fits_the_tree(province, administrator):
    ward = services.org_unit_create(
        actor=administrator, parent=province.root, name="Phường Trần Lãm", code="000.90.00.H56",
        kind="ward",
    )  # fmt: skip
    assert ward.get_parent() == province.root
    assert province.xa.get_parent().get_parent() == province.root


def test_register_citizen(db):
    user = services.user_register(
        email="Dan@Test.VN",
        password="mot-mat-khau-dai",
        full_name=" Trần Văn Dân ",
        citizen_id="034190001234",
    )
    assert user.email == "dan@test.vn"
    assert user.full_name == "Trần Văn Dân"
    assert user.kind == User.Kind.CITIZEN
    assert user.password.startswith(("argon2", "md5"))
    assert AuditLog.objects.filter(action="user.register", object_id=str(user.pk)).exists()


def test_register_rejects_bad_citizen_id_and_duplicates(db):
    with pytest.raises(ValidationFailed) as bad:
        services.user_register(
            email="a@test.vn", password="x-y-z-12345", full_name="A", citizen_id="12345"
        )
    assert "12 chữ số" in bad.value.message
    services.user_register(email="b@test.vn", password="x-y-z-12345", full_name="B")
    with pytest.raises(ValidationFailed):
        services.user_register(email="B@test.vn", password="x-y-z-12345", full_name="B2")
    assert User.objects.filter(email__iexact="b@test.vn").count() == 1


def test_officials_cannot_self_register(db):
    with pytest.raises(ValidationFailed):
        services.user_register(
            email="o@test.vn", password="x-y-z-12345", full_name="O", kind=User.Kind.OFFICIAL
        )
    assert not User.objects.filter(email="o@test.vn").exists()


def test_role_grant_and_revoke(province, administrator):
    official = services.official_create(actor=administrator, email="cb@test.vn", full_name="Cán Bộ")
    assert not official.has_usable_password()
    assignment = services.role_grant(
        actor=administrator,
        user=official,
        org_unit=province.sotttt,
        role=Role.HANDLER,
        title="Chuyên viên",
    )
    assert assignment.granted_by == administrator
    with pytest.raises(InvalidTransition):
        services.role_grant(
            actor=administrator, user=official, org_unit=province.sotttt, role=Role.HANDLER
        )
    services.role_grant(
        actor=administrator, user=official, org_unit=province.root, role=Role.ADMINISTRATOR
    )
    official.refresh_from_db()
    assert official.is_staff
    admin_role = RoleAssignment.objects.get(user=official, role=Role.ADMINISTRATOR)
    services.role_revoke(actor=administrator, assignment=admin_role, reason="Chuyển công tác")
    official.refresh_from_db()
    assert not official.is_staff
    actions = list(
        AuditLog.objects.filter(object_id=str(official.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        ["user.create_official", "role.grant", "role.grant", "role.revoke"]
    )


def test_citizens_get_no_roles(province, administrator, citizen):
    with pytest.raises(InvalidTransition):
        services.role_grant(
            actor=administrator, user=citizen, org_unit=province.sotttt, role=Role.HANDLER
        )
    assert not RoleAssignment.objects.filter(user=citizen).exists()


def test_non_administrator_cannot_grant_roles(province):
    leader = make_official(
        email="ld@test.vn", full_name="Lãnh Đạo", unit=province.sotttt, role=Role.LEADER
    )
    other = UserFactory(email="x@test.vn", kind=User.Kind.OFFICIAL)
    with pytest.raises(NotPermitted):
        services.role_grant(actor=leader, user=other, org_unit=province.sotttt, role=Role.HANDLER)
    assert not RoleAssignment.objects.filter(user=other).exists()


def test_profile_update_own_and_refused_for_others(citizen):
    other = UserFactory(email="khac@test.vn")
    services.user_update_profile(actor=citizen, user=citizen, phone="0912345678")
    citizen.refresh_from_db()
    assert citizen.phone == "0912345678"
    with pytest.raises(NotPermitted):
        services.user_update_profile(actor=citizen, user=other, phone="0900000000")
    other.refresh_from_db()
    assert other.phone == ""
