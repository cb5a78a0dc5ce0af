from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

SITE_AGENCY_CACHE_KEY = "congso:site-agency:v1"


def _site_agency() -> dict | None:
    """The root agency (the province People's Committee) shown in the header and footer."""
    data = cache.get(SITE_AGENCY_CACHE_KEY)
    if data is None:
        from congso.accounts.models import OrgUnit

        root = OrgUnit.get_root_nodes().filter(is_active=True).first()
        data = (
            {
                "name": root.name,
                "short_name": root.short_name,
                "address": root.address,
                "phone": root.phone,
                "email": root.email,
                "website": root.website,
            }
            if root
            else {}
        )
        cache.set(SITE_AGENCY_CACHE_KEY, data, 300)
    return data or None


def congso(request: HttpRequest) -> dict:
    return {
        "site_agency": _site_agency(),
        "demo_mode": settings.DEMO_MODE,
        "debug": settings.DEBUG,
    }
