"""Reads for portal pages, written to keep the query count flat (no N+1)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.models import Page, Site

from congso.portal.models import ArticlePage, Category, NewsIndexPage, PortalSettings

CARD_RELATED = ("cover_image",)


def _cards(qs: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    return qs.live().select_related(*CARD_RELATED).order_by("-published_on", "-pk")


def articles_under(*, page: Page, category: Category | None = None) -> QuerySet[ArticlePage]:
    qs = ArticlePage.objects.descendant_of(page)
    if category is not None:
        qs = qs.filter(categories=category)
    return _cards(qs)


def is_main_site(site: Site) -> bool:
    return PortalSettings.objects.filter(site=site, is_main=True).exists()


def home_articles(*, site: Site, limit: int = 12) -> list[ArticlePage]:
    """The site's own latest articles; on the main portal also those marked for it elsewhere."""
    own = Q(path__startswith=site.root_page.path)
    if is_main_site(site):
        own |= Q(show_on_main_portal=True)
    return list(_cards(ArticlePage.objects.filter(own))[:limit])


def news_indexes(*, home: Page) -> QuerySet[NewsIndexPage]:
    return NewsIndexPage.objects.child_of(home).live().order_by("path")


def related_articles(*, article: ArticlePage, limit: int = 5) -> list[ArticlePage]:
    chosen = list(
        _cards(ArticlePage.objects.filter(pk__in=article.related_links.values("related_id")))[
            :limit
        ]
    )
    if len(chosen) < limit:
        category_ids = list(article.categories.values_list("pk", flat=True))
        if category_ids:
            more = (
                _cards(ArticlePage.objects.filter(categories__in=category_ids))
                .exclude(pk__in=[article.pk, *(a.pk for a in chosen)])
                .distinct()
            )
            chosen += list(more[: limit - len(chosen)])
    return chosen
