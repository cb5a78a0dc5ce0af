"""The page cache's hits served in front of Django's request handling (congso.wsgi).

`PortalPageCacheMiddleware` stores the pages and stays the authority on what may be cached; this
WSGI layer only answers, before Django builds a request object, the anonymous GET/HEAD requests
whose page is already in the cache for the current generation. Whatever it is unsure of — an
unusual path or host, a cookie that matters, a miss — goes on to Django unchanged, where the
middleware sees it again. Each worker keeps its recent pages and checks the cache generation at
most once a second (GENERATION_CHECK_SECONDS): a publish reaches every worker within a second.
Article views counted here are added up in the worker and sent to the cache in one INCRBY per
article at most every second.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from http.cookies import CookieError, SimpleCookie

from django.conf import settings
from django.core.cache import cache

from congso.portal import cache as portal_cache
from congso.portal import viewcounts
from congso.portal.middleware import SKIP_PREFIXES

FLUSH_SECONDS = 1.0
# Each worker keeps the pages it served last and asks the cache for the generation at most this
# often: a publish reaches every worker within that time, and a hit costs no network round trip.
GENERATION_CHECK_SECONDS = 1.0
LOCAL_PAGES = 256
# Characters that Django's get_full_path() leaves as they are: with any other, Django decides.
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")


class _Views:
    """Views counted in this worker, sent to the cache at most every FLUSH_SECONDS."""

    def __init__(self) -> None:
        self.pending: Counter[int] = Counter()
        self.lock = threading.Lock()
        self.sent_at = time.monotonic()

    def add(self, article_id: int) -> None:
        with self.lock:
            self.pending[article_id] += 1
            if time.monotonic() - self.sent_at < FLUSH_SECONDS:
                return
            pending, self.pending = self.pending, Counter()
            self.sent_at = time.monotonic()
        for article_id, count in pending.items():
            viewcounts.count_hits(article_id, count)

    def flush(self) -> None:
        with self.lock:
            pending, self.pending = self.pending, Counter()
        for article_id, count in pending.items():
            viewcounts.count_hits(article_id, count)


views = _Views()


class _LocalPages:
    """The worker's own copy of recent entries, valid for the generation it last saw."""

    def __init__(self) -> None:
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.generation = None
        self.checked_at = -1e9
        self.lock = threading.Lock()

    def current_generation(self):
        now = time.monotonic()
        if now - self.checked_at >= GENERATION_CHECK_SECONDS:
            generation = cache.get(portal_cache.GENERATION_KEY)
            with self.lock:
                if generation != self.generation:
                    self.entries.clear()
                self.generation, self.checked_at = generation, now
        return self.generation

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > LOCAL_PAGES:
                self.entries.popitem(last=False)


local = _LocalPages()


def _plain(text: str) -> bool:
    return all(c in _SAFE for c in text)


def cache_key(environ) -> str | None:
    """The middleware's key for this request, or None when only Django can tell."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if (
        settings.USE_X_FORWARDED_HOST
        or "HTTP_AUTHORIZATION" in environ
        or "HTTP_HX_REQUEST" in environ
    ):
        return None
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    host = environ.get("HTTP_HOST", "")
    if not (
        host
        and path.startswith("/")
        and _plain(path)
        and _plain(query.replace("=", "").replace("&", ""))
    ):
        return None
    if path.startswith(SKIP_PREFIXES) or "\x00" in query:
        return None
    language = settings.LANGUAGE_CODE
    raw_cookies = environ.get("HTTP_COOKIE", "")
    if raw_cookies:
        from congso.portal.ratings import READER_COOKIE

        try:
            cookies = SimpleCookie(raw_cookies)
        except CookieError:
            return None
        if settings.SESSION_COOKIE_NAME in cookies or READER_COOKIE in cookies:
            return None
        chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is not None:
            if chosen.value not in {code for code, _name in settings.LANGUAGES}:
                return None
            language = chosen.value
    full_path = f"{path}?{query}" if query else path
    return f"congso:portal:page:{host}:{language}:{full_path}"


class PageCacheApp:
    """Wraps the Django WSGI application; see the module docstring."""

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ, start_response):
        key = cache_key(environ)
        if key is None:
            return self.application(environ, start_response)
        try:
            generation = local.current_generation()
            entry = local.get(key)
            if entry is None or entry.get("generation") != generation:
                entry = cache.get(key)
                if entry is not None and entry.get("generation") == generation:
                    local.put(key, entry)
        except Exception:
            return self.application(environ, start_response)
        if generation is None or entry is None or entry.get("generation") != generation:
            return self.application(environ, start_response)
        if entry.get("article_id"):
            views.add(entry["article_id"])
        body = entry["content"]
        headers = [(name, str(value)) for name, value in entry["headers"]]
        headers += [("Content-Length", str(len(body))), ("X-Congso-Cache", "hit")]
        start_response("200 OK", headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
