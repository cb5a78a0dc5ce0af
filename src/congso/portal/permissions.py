"""Who may edit which portal.

Portal roles are held at exactly the portal's agency (not inherited by child agencies, so an
editor of the province's main portal does not edit the departments' portals).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.models import Site

from congso.accounts.models import Role, RoleAssignment
from congso.accounts.permissions import is_administrator
from congso.core.exceptions import NotFound

PORTAL_ROLES = (Role.PORTAL_EDITOR, Role.PORTAL_REVIEWER)


def portal_sites(user, roles: tuple[str, ...] = PORTAL_ROLES) -> QuerySet[Site]:
    """Sites the user may work on with one of `roles`; every site for an administrator."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Site.objects.none()
    if is_administrator(user):
        return Site.objects.all()
    units = RoleAssignment.objects.filter(user=user, role__in=roles).values("org_unit")
    return Site.objects.filter(portalsettings__org_unit__in=units)


def can_edit_site(user, site: Site, roles: tuple[str, ...] = PORTAL_ROLES) -> bool:
    return portal_sites(user, roles).filter(pk=site.pk).exists()


def current_site(request: HttpRequest) -> Site:
    """The portal the request is for (by host name); 404 when no site matches."""
    site = Site.find_for_request(request)
    if site is None:
        raise NotFound()
    return site
