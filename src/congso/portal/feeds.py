from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from congso.portal import selectors
from congso.portal.models import Category, PortalSettings
from congso.portal.permissions import current_site


class PortalFeed(Feed):
    """RSS of a portal's latest articles, or of one category: /rss/ and /rss/<category>/."""

    feed_type = Rss201rev2Feed
    language = "vi"

    def get_object(self, request, slug: str | None = None):
        site = current_site(request)
        category = None
        if slug is not None:
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                raise Http404
        self._request = request
        return {"site": site, "category": category}

    def title(self, obj) -> str:
        settings_row = PortalSettings.objects.filter(site=obj["site"]).first()
        name = settings_row.display_title if settings_row else obj["site"].site_name
        return f"{name} — {obj['category'].name}" if obj["category"] else name

    def link(self, obj) -> str:
        return obj["site"].root_url + "/"

    def description(self, obj) -> str:
        return _("Tin bài mới nhất")

    def items(self, obj):
        return selectors.articles_under(page=obj["site"].root_page, category=obj["category"])[:30]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.lead

    def item_link(self, item) -> str:
        return item.get_full_url(self._request)

    def item_pubdate(self, item):
        return item.published_on

    def item_author_name(self, item) -> str:
        return item.author or item.source
