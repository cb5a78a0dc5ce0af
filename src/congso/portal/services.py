"""Portal services: creating an agency's portal; keeping editor and reviewer groups in step
with portal roles.

A portal is a Wagtail Site bound to an OrgUnit by PortalSettings. Each portal has two groups:
editors (add and edit pages under its home, submit for review) and reviewers (also publish),
a moderation workflow whose approval task belongs to the reviewers, and an image/document
collection. Membership of the groups follows the portal roles held at the portal's agency.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from congso.accounts.models import OrgUnit, Role, RoleAssignment, User
from congso.accounts.permissions import check_administrator
from congso.core.audit import audit_log
from congso.core.exceptions import Conflict, ValidationFailed
from congso.core.text import slugify_vi
from congso.portal import cache as portal_cache
from congso.portal.models import (
    HomePage,
    NewsIndexPage,
    OrganisationPage,
    PortalSettings,
    SectionPage,
)

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
)  # fmt: skip

# The sections every agency portal must have (Decree 42/2022/NĐ-CP, Art. 4), in menu order.
STANDARD_SECTIONS: list[tuple[str, str, str, str]] = [
    # (kind, title, slug, link to a feature)
    ("introduction", gettext_noop("Giới thiệu"), "gioi-thieu", ""),
    (
        "strategy",
        gettext_noop("Chiến lược, quy hoạch, kế hoạch"),
        "chien-luoc-quy-hoach-ke-hoach",
        "",
    ),
    ("legal_documents", gettext_noop("Văn bản"), "van-ban-chi-dao-dieu-hanh", "/van-ban/"),
    ("procedures", gettext_noop("Thủ tục hành chính"), "thu-tuc-hanh-chinh", ""),
    ("law_dissemination", gettext_noop("Phổ biến pháp luật"), "pho-bien-phap-luat", ""),
    ("statistics", gettext_noop("Thống kê"), "thong-ke", ""),
    ("contacts", gettext_noop("Liên hệ"), "lien-he", "/hoi-dap/"),
]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _ensure_groups(*, site: Site, settings_row: PortalSettings, collection: Collection) -> None:
    home = site.root_page
    name = settings_row.display_title
    access_admin = _permission("wagtailadmin", "access_admin")
    for attr, label, page_perms in (
        ("editors_group", _("Biên tập — %(portal)s"), EDITOR_PAGE_PERMISSIONS),
        ("reviewers_group", _("Duyệt bài — %(portal)s"), REVIEWER_PAGE_PERMISSIONS),
    ):
        group = getattr(settings_row, attr)
        if group is None:
            base = (label % {"portal": name})[:140]
            group_name, n = base, 1
            while Group.objects.filter(name=group_name).exists():
                n += 1
                group_name = f"{base} ({n})"
            group = Group.objects.create(name=group_name)
            setattr(settings_row, attr, group)
        group.permissions.add(access_admin)
        for codename in page_perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=_permission("wagtailcore", codename)
            )
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )
    settings_row.save()


def _ensure_workflow(*, site: Site, settings_row: PortalSettings) -> Workflow:
    """Draft → submitted for review (reviewers' approval task) → published."""
    existing = WorkflowPage.objects.filter(page=site.root_page).select_related("workflow").first()
    if existing:
        return existing.workflow
    title = settings_row.display_title
    task = GroupApprovalTask.objects.create(
        name=(_("Duyệt bài — %(portal)s") % {"portal": title})[:255]
    )
    task.groups.set([settings_row.reviewers_group])
    workflow = Workflow.objects.create(
        name=(_("Quy trình duyệt tin — %(portal)s") % {"portal": title})[:255]
    )
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=site.root_page, workflow=workflow)
    return workflow


def _add_standard_sections(home: HomePage) -> None:
    home = Page.objects.get(pk=home.pk).specific
    news = NewsIndexPage(title=_("Tin tức"), slug="tin-tuc", show_in_menus=True)
    home.add_child(instance=news)
    for kind, title, slug, link in STANDARD_SECTIONS:
        home = Page.objects.get(pk=home.pk).specific
        if kind == "introduction":
            page = OrganisationPage(
                title=_("Giới thiệu, tổ chức bộ máy"), slug=slug, show_in_menus=True
            )
        else:
            page = SectionPage(
                title=_(title),
                slug=slug,
                kind=kind,
                link_url=link,
                show_in_menus=kind == "contacts",  # the header links /van-ban/ itself
            )
        home.add_child(instance=page)


def ensure_wagtail_roots() -> None:
    """The locale, root page and root collection Wagtail's migrations create (and a test flush removes)."""
    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@transaction.atomic
def portal_create(
    *,
    actor: Any,
    org_unit: OrgUnit,
    hostname: str,
    port: int = 80,
    is_main: bool = False,
    title: str = "",
    with_sections: bool = True,
    reason: str = "",
) -> Site:
    """Create the portal of an agency: home page, standard sections, site, groups, workflow."""
    if isinstance(actor, User):
        check_administrator(actor)
    hostname = (hostname or "").strip().lower()
    if not hostname or any(c in hostname for c in "/: "):
        raise ValidationFailed(_("Tên miền không hợp lệ (ví dụ: sotttt.thaibinh.gov.vn)."))
    if Site.objects.filter(hostname=hostname, port=port).exists():
        raise Conflict(_("Đã có cổng thông tin dùng tên miền này."))
    if PortalSettings.objects.filter(org_unit=org_unit).exists():
        raise Conflict(_("Cơ quan này đã có cổng thông tin."))
    if is_main and PortalSettings.objects.filter(is_main=True).exists():
        raise Conflict(_("Tỉnh đã có cổng chính."))
    title = title or (_("Cổng thông tin điện tử %(name)s") % {"name": org_unit.name})
    ensure_wagtail_roots()
    root = Page.get_first_root_node()
    slug = slugify_vi(org_unit.short_name or org_unit.name)[:50] or "cong"
    base_slug, n = slug, 1
    while Page.objects.child_of(root).filter(slug=slug).exists():
        n += 1
        slug = f"{base_slug}-{n}"
    home = root.add_child(instance=HomePage(title=title, slug=slug, intro=org_unit.name))
    site = Site.objects.create(
        hostname=hostname, port=port, root_page=home, site_name=title[:255], is_default_site=is_main
    )
    if is_main:
        Site.objects.exclude(pk=site.pk).filter(is_default_site=True).update(is_default_site=False)
    settings_row, _created = PortalSettings.objects.update_or_create(
        site=site, defaults={"org_unit": org_unit, "is_main": is_main, "title": title}
    )
    collection = Collection.get_first_root_node().add_child(name=title[:255])
    _ensure_groups(site=site, settings_row=settings_row, collection=collection)
    _ensure_workflow(site=site, settings_row=settings_row)
    if with_sections:
        _add_standard_sections(home)
    for user in User.objects.filter(role_assignments__org_unit=org_unit).distinct():
        portal_sync_user_groups(user)
    audit_log(
        actor=actor, action="portal.create", obj=settings_row,
        changes={"hostname": hostname, "port": port, "org_unit": org_unit.code, "is_main": is_main},
        reason=reason,
    )  # fmt: skip
    transaction.on_commit(portal_cache.bump)
    return site


OFFICIALS_GROUP_NAME = "Cán bộ cơ quan có cổng thông tin"


def officials_group() -> Group:
    """Officials of an agency that has a portal may open /cms/ (e.g. to answer Q&A)."""
    group, created = Group.objects.get_or_create(name=OFFICIALS_GROUP_NAME)
    if created:
        group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


ADMINISTRATORS_GROUP_NAME = "Quản trị hệ thống (mọi cổng)"
ADMIN_MODEL_PERMISSIONS = (
    ("portal", "add_category"), ("portal", "change_category"), ("portal", "delete_category"),
    ("portal", "change_portalsettings"), ("wagtailcore", "add_site"), ("wagtailcore", "change_site"),
    ("wagtailredirects", "add_redirect"), ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
)  # fmt: skip


def administrators_group() -> Group:
    """Provincial administrators work on every portal in /cms/."""
    group, created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP_NAME)
    if created:
        ensure_wagtail_roots()
        group.permissions.add(_permission("wagtailadmin", "access_admin"))
        for app_label, codename in ADMIN_MODEL_PERMISSIONS:
            group.permissions.add(_permission(app_label, codename))
        root = Page.get_first_root_node()
        for codename in (*REVIEWER_PAGE_PERMISSIONS, "bulk_delete_page"):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission("wagtailcore", codename)
            )
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=_permission(app_label, codename),
            )
    return group


def portal_sync_user_groups(user: User) -> None:
    """Make the user's membership of portal groups match their portal roles."""
    wanted: set[int] = set()
    if RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists():
        wanted.add(administrators_group().pk)
    if RoleAssignment.objects.filter(user=user, org_unit__portal_settings__isnull=False).exists():
        wanted.add(officials_group().pk)
    roles = RoleAssignment.objects.filter(
        user=user, role__in=(Role.PORTAL_EDITOR, Role.PORTAL_REVIEWER)
    ).values_list("org_unit_id", "role")
    by_unit = {
        row.org_unit_id: row
        for row in PortalSettings.objects.filter(org_unit__in=[u for u, _r in roles])
    }
    for unit_id, role in roles:
        row = by_unit.get(unit_id)
        if row is None:
            continue
        group = row.editors_group if role == Role.PORTAL_EDITOR else row.reviewers_group
        if group is not None:
            wanted.add(group.pk)
    portal_groups = set(PortalSettings.objects.values_list("editors_group", flat=True)) | set(
        PortalSettings.objects.values_list("reviewers_group", flat=True)
    )
    portal_groups.discard(None)
    portal_groups |= set(
        Group.objects.filter(name=OFFICIALS_GROUP_NAME).values_list("pk", flat=True)
    )
    current = set(user.groups.filter(pk__in=portal_groups).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
