"""Article view counts: cached hits are counted in the cache, then added to the database.

A cached page is served without touching the database; its view is counted with one cache
INCR. The pending counts are added to ArticlePage.view_count when the article is rendered again
(a cache miss) and by `congso flush_view_counts`, which the scheduler runs every minute.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import F

PREFIX = "congso:portal:views:"
INDEX_KEY = "congso:portal:views:index"


def _key(article_id: int) -> str:
    return f"{PREFIX}{article_id}"


def count_hit(article_id: int) -> None:
    count_hits(article_id, 1)


def count_hits(article_id: int, count: int) -> None:
    try:
        cache.incr(_key(article_id), count)
    except ValueError:
        if not cache.add(_key(article_id), count, None):
            cache.incr(_key(article_id), count)
        ids = cache.get(INDEX_KEY) or set()
        ids.add(article_id)
        cache.set(INDEX_KEY, ids, None)


def flush(article_id: int) -> int:
    """Move the pending count of one article into the database; returns how many were moved."""
    from congso.portal.models import ArticlePage

    pending = cache.get(_key(article_id)) or 0
    if pending:
        cache.decr(_key(article_id), pending)
        ArticlePage.objects.filter(pk=article_id).update(view_count=F("view_count") + pending)
    return pending


def flush_all() -> int:
    ids = cache.get(INDEX_KEY) or set()
    return sum(flush(article_id) for article_id in ids)
