import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site, WorkflowPage

from congso.accounts import services as account_services
from congso.accounts.models import Role
from congso.accounts.tests.factories import make_official
from congso.core.exceptions import Conflict, NotPermitted, ValidationFailed
from congso.core.models import AuditLog
from congso.portal.models import HomePage, OrganisationPage, PortalSettings, SectionPage
from congso.portal.services import STANDARD_SECTIONS, officials_group, portal_create

pytestmark = pytest.mark.django_db


def test_portal_create_builds_a_complete_portal(province, administrator):
    site = portal_create(
        actor=administrator,
        org_unit=province.soyte,
        hostname="SoYte.localhost",
        reason="QĐ thành lập",
    )
    assert site.hostname == "soyte.localhost"
    home = Page.objects.get(pk=site.root_page_id).specific
    assert isinstance(home, HomePage)
    settings_row = PortalSettings.objects.get(site=site)
    assert settings_row.org_unit == province.soyte
    assert settings_row.title == "Cổng thông tin điện tử Sở Y tế"
    kinds = set(SectionPage.objects.child_of(home).values_list("kind", flat=True))
    assert kinds == {kind for kind, *_ in STANDARD_SECTIONS} - {"introduction"}
    assert OrganisationPage.objects.child_of(home).exists()
    assert home.get_children().filter(slug="tin-tuc").exists()
    assert settings_row.editors_group is not None
    assert settings_row.reviewers_group is not None
    workflow = WorkflowPage.objects.get(page=home).workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [settings_row.reviewers_group]
    row = AuditLog.objects.get(action="portal.create")
    assert (row.actor, row.reason, row.changes["org_unit"]) == (
        administrator,
        "QĐ thành lập",
        province.soyte.code,
    )


def test_only_administrators_create_portals(province):
    editor = make_official(
        email="bt@test.vn", full_name="Biên Tập", unit=province.sotttt, role=Role.PORTAL_EDITOR
    )
    before = (Site.objects.count(), Page.objects.count(), Group.objects.count())
    with pytest.raises(NotPermitted):
        portal_create(actor=editor, org_unit=province.sotttt, hostname="sotttt.localhost")
    assert (Site.objects.count(), Page.objects.count(), Group.objects.count()) == before


def test_portal_create_refuses_duplicates_and_bad_hostnames(province, administrator):
    portal_create(actor=administrator, org_unit=province.sotttt, hostname="sotttt.localhost")
    with pytest.raises(Conflict):
        portal_create(actor=administrator, org_unit=province.soyte, hostname="sotttt.localhost")
    with pytest.raises(Conflict):
        portal_create(actor=administrator, org_unit=province.sotttt, hostname="khac.localhost")
    with pytest.raises(ValidationFailed):
        portal_create(actor=administrator, org_unit=province.soyte, hostname="http://soyte")
    assert Site.objects.filter(hostname__in=["khac.localhost", "http://soyte"]).count() == 0


def test_portal_roles_drive_editor_and_reviewer_groups(province, administrator):
    site = portal_create(actor=administrator, org_unit=province.sotttt, hostname="sotttt.localhost")
    settings_row = PortalSettings.objects.get(site=site)
    official = account_services.official_create(
        actor=administrator, email="cb@test.vn", full_name="Cán Bộ"
    )
    officials = officials_group()
    account_services.role_grant(
        actor=administrator, user=official, org_unit=province.sotttt, role=Role.HANDLER
    )
    assert list(official.groups.all()) == [officials]  # may open /cms/ to answer questions
    account_services.role_grant(
        actor=administrator, user=official, org_unit=province.sotttt, role=Role.PORTAL_EDITOR
    )
    assert set(official.groups.all()) == {officials, settings_row.editors_group}
    account_services.role_grant(
        actor=administrator, user=official, org_unit=province.sotttt, role=Role.PORTAL_REVIEWER
    )
    assert set(official.groups.all()) == {
        officials,
        settings_row.editors_group,
        settings_row.reviewers_group,
    }
    assignment = official.role_assignments.get(role=Role.PORTAL_EDITOR)
    account_services.role_revoke(actor=administrator, assignment=assignment, reason="Chuyển việc")
    assert set(official.groups.all()) == {officials, settings_row.reviewers_group}
    for assignment in official.role_assignments.all():
        account_services.role_revoke(actor=administrator, assignment=assignment, reason="Nghỉ hưu")
    assert list(official.groups.all()) == []


def test_roles_granted_before_the_portal_exists_apply_when_it_is_created(province, administrator):
    editor = make_official(
        email="bt@test.vn", full_name="Biên Tập", unit=province.soyte, role=Role.PORTAL_EDITOR
    )
    site = portal_create(actor=administrator, org_unit=province.soyte, hostname="soyte.localhost")
    assert set(editor.groups.all()) == {
        PortalSettings.objects.get(site=site).editors_group,
        officials_group(),
    }


def test_portal_create_command(province, capsys):
    from django.core.management import call_command

    call_command("portal_create", province.donghung.code, "donghung.localhost", "--port", "8000")
    assert "Đã tạo" in capsys.readouterr().out
    assert Site.objects.filter(hostname="donghung.localhost", port=8000).exists()


def test_administrator_creates_a_portal_with_one_form(client, province, administrator):
    client.force_login(administrator)
    url = "/cms/cong-thong-tin/tao-moi/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"org_unit": province.soyte.pk, "hostname": "soyte.localhost", "port": "80"}
    )
    assert response.status_code == 302
    assert PortalSettings.objects.get(org_unit=province.soyte).site.hostname == "soyte.localhost"
    bad = client.post(
        url, {"org_unit": province.sotttt.pk, "hostname": "soyte.localhost", "port": "80"}
    )
    assert bad.status_code == 400
    assert "Đã có cổng thông tin dùng tên miền này." in bad.content.decode()


def test_portal_form_is_refused_to_editors(client, province):
    editor = make_official(
        email="bt@test.vn", full_name="Biên Tập", unit=province.sotttt, role=Role.PORTAL_EDITOR
    )
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    before = Site.objects.count()
    response = client.post(
        "/cms/cong-thong-tin/tao-moi/",
        {"org_unit": province.soyte.pk, "hostname": "x.localhost", "port": "80"},
    )
    assert response.status_code == 403
    assert Site.objects.count() == before


def test_editors_see_a_link_to_the_back_office(client, province, administrator):
    portal_create(actor=administrator, org_unit=province.sotttt, hostname="sotttt.localhost")
    editor = make_official(
        email="bt@test.vn", full_name="Biên Tập", unit=province.sotttt, role=Role.PORTAL_EDITOR
    )
    citizen_page = client.get("/co-quan/").content.decode()
    assert 'href="/cms/"' not in citizen_page
    client.force_login(editor)
    assert 'href="/cms/"' in client.get("/co-quan/").content.decode()
