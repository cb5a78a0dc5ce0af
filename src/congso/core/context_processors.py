from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

SITE_AGENCY_CACHE_KEY = "congso:site-agency:v1"


def _agency_dict(unit) -> dict:
    return {
        "name": unit.name,
        "name_en": unit.name_en,
        "short_name": unit.short_name,
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
        "website": unit.website,
    }


def _root_agency() -> dict | None:
    """The root agency (the province People's Committee), for pages outside any portal."""
    data = cache.get(SITE_AGENCY_CACHE_KEY)
    if data is None:
        from congso.accounts.models import OrgUnit

        root = OrgUnit.get_root_nodes().filter(is_active=True).first()
        data = _agency_dict(root) if root else {}
        cache.set(SITE_AGENCY_CACHE_KEY, data, 300)
    return data or None


def _portal(request: HttpRequest) -> dict | None:
    """Header, menu and footer data of the portal the request is for (cached per generation)."""
    from wagtail.models import Site

    from congso.portal import cache as portal_cache

    site = Site.find_for_request(request)
    if site is None:
        return None
    key = portal_cache.key("chrome", site.pk, current=getattr(request, "_congso_generation", None))
    data = cache.get(key)
    if data is None:
        from congso.portal.models import PortalSettings

        settings_row = (
            PortalSettings.objects.select_related("org_unit", "logo").filter(site=site).first()
        )
        menu = [
            {"title": page.title, "url": page.get_url(request=request)}
            for page in site.root_page.get_children().live().in_menu().specific()
        ]
        data = {
            "site_id": site.pk,
            "title": settings_row.display_title if settings_row else site.site_name,
            "tagline": settings_row.tagline if settings_row else "",
            "is_main": bool(settings_row and settings_row.is_main),
            "agency": _agency_dict(settings_row.org_unit)
            if settings_row and settings_row.org_unit_id
            else None,
            "logo_url": settings_row.logo.file.url if settings_row and settings_row.logo_id else "",
            "contact_block": settings_row.contact_block if settings_row else "",
            "footer_text": settings_row.footer_text if settings_row else "",
            "menu": menu,
        }
        cache.set(key, data, 600)
    return data


def congso(request: HttpRequest) -> dict:
    portal = _portal(request)
    return {
        "portal": portal,
        "site_agency": (portal or {}).get("agency") or _root_agency(),
        "demo_mode": settings.DEMO_MODE,
        "debug": settings.DEBUG,
    }
