"""Portal models: per-site settings, page types, ratings.

Feature apps that hang off the portal (legal documents library, weekly work calendar, Q&A) live
in their own apps under congso/portal/ with their own migrations.
"""

from congso.portal.models.pages import (
    ArticlePage,
    ArticleRelatedLink,
    ArticleTag,
    Category,
    HomePage,
    Leader,
    NewsIndexPage,
    OrganisationPage,
    SectionPage,
)
from congso.portal.models.ratings import ArticleRating
from congso.portal.models.settings import PortalSettings

__all__ = [
    "ArticlePage",
    "ArticleRating",
    "ArticleRelatedLink",
    "ArticleTag",
    "Category",
    "HomePage",
    "Leader",
    "NewsIndexPage",
    "OrganisationPage",
    "PortalSettings",
    "SectionPage",
]
