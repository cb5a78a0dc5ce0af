from __future__ import annotations

from dataclasses import dataclass

import pytest
from wagtail.models import Page, Site

from congso.portal.models import ArticlePage, Category, NewsIndexPage
from congso.portal.services import portal_create

MAIN_HOST = "localhost"
SOTTTT_HOST = "sotttt.localhost"
SOYTE_HOST = "soyte.localhost"


@dataclass
class Portals:
    main: Site
    sotttt: Site
    soyte: Site

    def news(self, site: Site) -> NewsIndexPage:
        return NewsIndexPage.objects.descendant_of(site.root_page).get(slug="tin-tuc")


def publish_article(
    news: NewsIndexPage, *, title: str, lead: str = "", body: str = "", **fields
) -> ArticlePage:
    categories = fields.pop("categories", [])
    news = Page.objects.get(pk=news.pk).specific
    article = ArticlePage(
        title=title,
        lead=lead or f"Tóm tắt: {title}.",
        body=[("paragraph", f"<p>{body or title}</p>")],
        **fields,
    )
    news.add_child(instance=article)
    if categories:
        article.categories.set(categories)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def portals(province) -> Portals:
    # Wagtail's migration leaves a default "Welcome" site on localhost:80; the main portal replaces it.
    for site in Site.objects.all():
        root = site.root_page
        site.delete()
        root.delete()
    main = portal_create(actor="test", org_unit=province.root, hostname=MAIN_HOST, is_main=True)
    sotttt = portal_create(actor="test", org_unit=province.sotttt, hostname=SOTTTT_HOST)
    soyte = portal_create(actor="test", org_unit=province.soyte, hostname=SOYTE_HOST)
    return Portals(main=main, sotttt=sotttt, soyte=soyte)


@pytest.fixture
def category(db) -> Category:
    return Category.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
