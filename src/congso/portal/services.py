"""Portal services: creating an agency's portal, keeping editor groups in step with roles."""

from __future__ import annotations


def portal_home_page_class():
    """The page class used as a portal's home (a plain Page until the portal page types exist)."""
    try:
        from congso.portal.models.pages import HomePage
    except ImportError:
        from wagtail.models import Page

        return Page
    return HomePage
