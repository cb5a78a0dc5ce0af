"""Article view counts: cached hits are counted in the cache, then added to the database.

Every view is counted with one cache INCR, whether the page came from the page cache or was
rendered (the page then shows the row's count plus the pending views). The pending counts are
added to ArticlePage.view_count by `congso flush_view_counts`, which the scheduler runs every
minute.
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


def count_view(article_id: int) -> int:
    """Count one view; returns the views pending for the article, this one included."""
    return count_hits(article_id, 1)


def _index(article_id: int) -> None:
    ids = cache.get(INDEX_KEY) or set()
    if article_id not in ids:
        ids.add(article_id)
        cache.set(INDEX_KEY, ids, None)


def count_hits(article_id: int, count: int) -> int:
    incr_create = getattr(cache, "incr_create", None)  # Redis: one round trip
    if incr_create is not None:
        pending = incr_create(_key(article_id), count)
        if pending == count:  # the first views since the last flush
            _index(article_id)
        return pending
    try:
        return cache.incr(_key(article_id), count)
    except ValueError:
        if cache.add(_key(article_id), count, None):
            pending = count
        else:
            pending = cache.incr(_key(article_id), count)
        _index(article_id)
        return pending


def flushed_key(article_id: int) -> str:
    """How many views have been moved into the row so far: a page object a process keeps
    (portal.routing) adds those moved since it was read to the count it shows."""
    return f"{PREFIX}flushed:{article_id}"


def flush(article_id: int) -> int:
    """Move the pending count of one article into the database; returns how many were moved."""
    from congso.portal.models import ArticlePage

    pending = cache.get(_key(article_id)) or 0
    if pending:
        cache.decr(_key(article_id), pending)
        ArticlePage.objects.filter(pk=article_id).update(view_count=F("view_count") + pending)
        try:
            cache.incr(flushed_key(article_id), pending)
        except ValueError:
            cache.set(flushed_key(article_id), pending, None)
    return pending


def flush_all() -> int:
    ids = cache.get(INDEX_KEY) or set()
    return sum(flush(article_id) for article_id in ids)
