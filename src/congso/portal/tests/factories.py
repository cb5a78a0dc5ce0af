"""Portals for tests: a Wagtail Site with its PortalSettings bound to an agency."""

from __future__ import annotations

from wagtail.models import Page, Site

from congso.accounts.models import OrgUnit
from congso.portal.models import HomePage, PortalSettings


def make_portal(
    *, org_unit: OrgUnit, hostname: str, is_main: bool = False, title: str = ""
) -> Site:
    """A portal whose home page is a direct child of Wagtail's root, served at `hostname`:80."""
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title=title or org_unit.name, slug=hostname.replace(".", "-"))
    )
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=home, site_name=title or org_unit.name,
        is_default_site=is_main,
    )  # fmt: skip
    PortalSettings.objects.update_or_create(
        site=site,
        defaults={"org_unit": org_unit, "is_main": is_main, "title": title or org_unit.name},
    )
    return site
