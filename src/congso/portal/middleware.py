"""Whole-page cache for anonymous readers of portal pages, invalidated on publish.

Only responses that a portal page marks cacheable (`response.congso_cacheable = True`) are
stored; keys include the cache generation (`portal.cache`), which every publish, unpublish,
move or delete bumps. Requests carrying a session cookie (signed-in people, pending messages)
are never served from or stored into this cache.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from congso.portal import cache as portal_cache

PAGE_TTL_SECONDS = 600
SKIP_PREFIXES = ("/cms/", "/quan-tri/", "/api/", "/static/", "/media/")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIP_PREFIXES)
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.headers.get("HX-Request")
    )


class PortalPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        key = portal_cache.key("page", request.get_host(), language, request.get_full_path())
        entry = cache.get(key)
        if entry is not None:
            if entry.get("article_id"):
                from congso.portal.models import ArticlePage

                ArticlePage.objects.filter(pk=entry["article_id"]).update(
                    view_count=F("view_count") + 1
                )
            response = HttpResponse(entry["content"], content_type=entry["content_type"])
            response["X-Congso-Cache"] = "hit"
            response["Content-Language"] = language
            return response
        response = self.get_response(request)
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
                    "content": response.content,
                    "content_type": response["Content-Type"],
                    "article_id": getattr(response, "congso_article_id", None),
                },
                PAGE_TTL_SECONDS,
            )
            response["X-Congso-Cache"] = "miss"
        return response
