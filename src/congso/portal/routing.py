"""Which page a path is, remembered in each process for a cache generation.

Wagtail finds the page for `/tin-tuc/<slug>/` by walking the tree from the site's root: a query
for each level's child and another for its specific type — four or five queries before the page
is served. Every page outside the page cache pays them (a signed-in reader, an editor, the first
reader after a publish). Each process therefore remembers, per site, path and cache generation
(`portal.cache`), the page a path led to — the page object itself, served again as a copy. Every
publish, unpublish, move or delete starts a new generation, so nothing is remembered past a
change. (An article's view count, which changes without a publish, is shown from the cache's
counters: `ArticlePage.remember_for_generation`, `portal.viewcounts`.) Only plain routes are remembered (a page with no sub-route arguments); a
routable page's sub-pages (`RoutablePageMixin`) are routed by Wagtail each time.

Page view restrictions (Wagtail's privacy settings) are also remembered per generation: while
none exists in the installation, a page needs no query to find that it has none. Adding or
removing one starts a new generation (`apps.PortalConfig.ready`).
"""

from __future__ import annotations

import copy

from django.http import HttpRequest, HttpResponse
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from congso.portal import cache as portal_cache

MAX_ROUTES = 2_000  # a page object each (a few kB to ~20 kB); paths come from outside: a bound

_routes: dict[tuple[int, int, str], Page] = {}
_restrictions: dict[int, bool] = {}


def _key(request: HttpRequest) -> tuple[int, int, str] | None:
    site = getattr(request, "_wagtail_site", None)
    generation = getattr(request, "_congso_generation", None)
    if site is None or generation is None:
        return None
    return generation, site.pk, request.path_info


def reuse_route(request: HttpRequest) -> None:
    """Before Django's views: the page this path led to in this generation, if remembered."""
    if request.method not in ("GET", "HEAD"):
        return
    key = _key(request)
    page = _routes.get(key) if key else None
    if page is not None:
        # A copy per request: what a request sets on its page stays with that request.
        request._wagtail_route_for_request = RouteResult(copy.copy(page))


def remember_route(request: HttpRequest, response: HttpResponse) -> None:
    """After the view: remember a plain route Wagtail just found and served."""
    route = getattr(request, "_wagtail_route_for_request", None)
    if (
        route is None
        or response.status_code != 200
        or route.args
        or route.kwargs
        or request.method not in ("GET", "HEAD")
    ):
        return
    key = _key(request)
    if key is None or key in _routes:
        return
    if len(_routes) >= MAX_ROUTES:
        _routes.clear()
    page = route.page
    remember = getattr(page, "remember_for_generation", None)
    if remember is not None:
        remember()
    _routes[key] = page


def any_view_restriction(generation: int | None = None) -> bool:
    """Whether any page view restriction exists, as of this generation."""
    if generation is None:
        generation = portal_cache.recent_generation()
    found = _restrictions.get(generation)
    if found is None:
        found = PageViewRestriction.objects.exists()
        _restrictions.clear()
        _restrictions[generation] = found
    return found


def forget() -> None:
    _routes.clear()
    _restrictions.clear()
