from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from congso.accounts.models import OrgUnit, Role, RoleAssignment, User
from congso.accounts.validators import ORG_CODE_RE
from congso.core.models import AuditLog
from congso.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PEOPLE
from congso.demo.data import PROVINCE_CODE, all_units

pytestmark = [pytest.mark.django_db]

LOCAL_KINDS = ("city", "district")
COMMUNE_KINDS = ("commune", "ward", "township")


@pytest.fixture(autouse=True)
def _demo_mode(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path / "media"  # the procedures' form templates


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", "--no-portals", *args, stdout=out)  # portals: test_demo_portals.py
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "units": OrgUnit.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "audit": AuditLog.objects.count(),
    }


def test_seeds_the_province_tree():
    output = run_demo()
    assert "55 cơ quan (55 mới)" in output
    assert f"{len(DEMO_PEOPLE)} tài khoản ({len(DEMO_PEOPLE)} mới" in output

    root = OrgUnit.objects.get(code=PROVINCE_CODE)
    assert root.is_root()
    assert root.kind == "province"
    assert root.name == "Ủy ban nhân dân tỉnh Thái Bình"
    assert root.website == "https://thaibinh.gov.vn"

    departments = OrgUnit.objects.filter(kind="department")
    assert departments.count() >= 20
    assert all(unit.get_parent() == root for unit in departments)
    assert OrgUnit.objects.get(kind="center").get_parent() == root
    sotttt = OrgUnit.objects.get(slug="sotttt")
    assert sotttt.name == "Sở Thông tin và Truyền thông"
    assert sotttt.short_name == "Sở TT&TT"

    districts = OrgUnit.objects.filter(kind__in=LOCAL_KINDS)
    assert districts.count() == 8
    assert OrgUnit.objects.filter(kind="city").count() == 1
    for district in districts:
        assert district.get_parent() == root
        assert district.effective_from is None
        assert district.effective_until is None
        assert district.is_active
        communes = district.get_children()
        assert 2 <= communes.count() <= 3
        nn = district.code.split(".")[2]
        for commune in communes:
            assert commune.kind in COMMUNE_KINDS
            assert commune.code.split(".")[2] == nn

    # The two-level structure since 1 July 2025: a ward directly under the province.
    post_merger = root.get_children().filter(kind__in=COMMUNE_KINDS)
    assert post_merger.count() == 1
    assert post_merger.get().effective_from.isoformat() == "2025-07-01"


def test_codes_contacts_and_slugs_are_well_formed():
    run_demo()
    codes = list(OrgUnit.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == len(all_units())
    assert all(ORG_CODE_RE.match(code) for code in codes)
    assert not any(OrgUnit.find_problems())
    for unit in OrgUnit.objects.all():
        assert unit.slug.isascii()
        if unit.phone:
            assert unit.phone.startswith("0227")
            assert len(unit.phone) in (10, 11)
        if unit.email:
            assert unit.email.endswith("thaibinh.gov.vn")
    phones = [u.phone for u in OrgUnit.objects.exclude(phone="")]
    assert len(phones) == len(set(phones))


def test_second_run_changes_nothing():
    run_demo()
    before = counts()
    output = run_demo()
    assert counts() == before
    assert f"55 cơ quan (0 mới), {len(DEMO_PEOPLE)} tài khoản (0 mới)" in output


def test_second_run_restores_a_changed_unit():
    run_demo()
    OrgUnit.objects.filter(slug="soyte").update(phone="02270000000")
    before = AuditLog.objects.count()
    output = run_demo()
    assert "1 cập nhật" in output
    assert OrgUnit.objects.get(slug="soyte").phone == "02273831725"
    assert AuditLog.objects.count() == before + 1


def test_quiet_prints_nothing():
    assert run_demo("--quiet") == ""


def test_refuses_outside_demo_mode_unless_forced(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        run_demo()
    assert OrgUnit.objects.count() == 0
    run_demo("--force", "--quiet")
    assert OrgUnit.objects.count() == len(all_units())


def test_every_demo_account_signs_in():
    run_demo()
    assert [email for email, _name, _label in DEMO_ACCOUNTS] == [p.email for p in DEMO_PEOPLE]
    for email, full_name, _label in DEMO_ACCOUNTS:
        user = authenticate(username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.full_name == full_name


def test_roles():
    run_demo()
    admin = User.objects.get(email="quantri@demo.congso.vn")
    assert admin.is_staff
    assert not admin.is_superuser
    assert RoleAssignment.objects.filter(
        user=admin, role=Role.ADMINISTRATOR, org_unit__code=PROVINCE_CODE
    ).exists()
    assert not admin.totpdevice_set.exists()

    leader = RoleAssignment.objects.get(user__email="lanhdao@demo.congso.vn")
    assert leader.role == Role.LEADER
    assert leader.org_unit.slug == "sotttt"
    assert leader.title == "Phó Giám đốc Sở"
    clerk = RoleAssignment.objects.get(user__email="motcua@demo.congso.vn")
    assert clerk.org_unit.kind == "center"
    assert {a.role for a in RoleAssignment.objects.all()} == set(Role.values)

    citizen = User.objects.get(email="congdan@demo.congso.vn")
    assert citizen.kind == User.Kind.CITIZEN
    assert citizen.citizen_id == "034190001234"
    assert not citizen.role_assignments.exists()
    assert not citizen.is_staff
    for user in User.objects.exclude(pk=citizen.pk):
        assert user.kind == User.Kind.OFFICIAL


@pytest.mark.parametrize("demo_mode", [True, False])
def test_sign_in_page_shows_demo_accounts_only_in_demo_mode(client, settings, demo_mode):
    from congso.demo.accounts import DEMO_PASSWORD

    settings.DEMO_MODE = demo_mode
    html = client.get("/dang-nhap/").content.decode()
    assert (DEMO_PASSWORD in html) is demo_mode
    assert ("quantri@demo.congso.vn" in html) is demo_mode
