"""Portal models: per-site settings, page types, ratings.

Feature apps that hang off the portal (legal documents library, weekly work calendar, Q&A) live
in their own apps under congso/portal/ with their own migrations.
"""

from congso.portal.models.settings import PortalSettings

__all__ = ["PortalSettings"]
