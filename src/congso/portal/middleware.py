"""Whole-page cache for anonymous readers of portal pages, invalidated on publish.

It is the first middleware: a hit costs one cache round trip and returns before sessions,
authentication or templates are touched.

Only responses that a portal page marks cacheable (`response.congso_cacheable = True`) are
stored; keys include the cache generation (`portal.cache`), which every publish, unpublish,
move or delete bumps. Requests carrying a session cookie (signed-in people, pending messages)
are never served from or stored into this cache.

On the way in, it also finds the request's Wagtail site from what this process remembers for
the current generation (`portal.sites`), so Wagtail's routing and the page header do not look it
up in the database each time, and the page a path led to in this generation (`portal.routing`),
so Wagtail does not walk the page tree again.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from congso.core.middleware import chosen_language
from congso.portal import cache as portal_cache
from congso.portal import routing, sites, viewcounts

PAGE_TTL_SECONDS = 600
SKIP_PREFIXES = ("/cms/", "/quan-tri/", "/api/", "/static/", "/media/")
NO_SITE_PREFIXES = ("/api/", "/static/", "/media/")


def _cacheable_request(request: HttpRequest) -> bool:
    from congso.portal.ratings import READER_COOKIE

    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and READER_COOKIE not in request.COOKIES  # pages show that reader's own rating
        and not request.path.startswith(SKIP_PREFIXES)
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.headers.get("HX-Request")
    )


class PortalPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            if request.path.startswith(NO_SITE_PREFIXES):
                return self.get_response(request)
            sites.find_site(request)
            routing.reuse_route(request)
            response = self.get_response(request)
            routing.remember_route(request, response)
            return response
        language = chosen_language(request)
        key = f"congso:portal:page:{request.get_host()}:{language}:{request.get_full_path()}"
        # One round trip: the current generation and the stored page together.
        found = cache.get_many([portal_cache.GENERATION_KEY, key])
        generation = found.get(portal_cache.GENERATION_KEY) or portal_cache.generation()
        entry = found.get(key)
        if entry is not None and entry.get("generation") != generation:
            entry = None
        if entry is None:
            sites.find_site(request, generation)
            routing.reuse_route(request)
        else:
            if entry.get("article_id"):
                viewcounts.count_hit(entry["article_id"])
            response = HttpResponse(entry["content"])
            for name, value in entry["headers"]:
                response[name] = value
            response["X-Congso-Cache"] = "hit"
            return response
        response = self.get_response(request)
        routing.remember_route(request, response)
        if (
            getattr(response, "congso_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(
                key,
                {
                    "generation": generation,
                    "content": response.content,
                    # The headers the rest of the stack set (security, language, type) are
                    # replayed on hits, which return before any other middleware runs.
                    "headers": [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in {"set-cookie", "x-congso-cache", "content-length"}
                    ],
                    "article_id": getattr(response, "congso_article_id", None),
                },
                PAGE_TTL_SECONDS,
            )
            response["X-Congso-Cache"] = "miss"
        return response
