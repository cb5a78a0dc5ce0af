"""Which Wagtail site a request is for, remembered in each process for a cache generation.

Wagtail looks the site up in the database on every request (`Site.find_for_request`: one query
with a CASE over the sites). Every page outside the page cache needs it — Wagtail's routing,
the header and menu (`core.context_processors`), the procedures' portal filter — so each
process keeps the answer per host name and port, for the current generation of the portal
cache (`portal.cache`). A change to any site (its host, port, root page or default flag)
starts a new generation (`apps.PortalConfig.ready`), as every publish does, so no process
keeps an answer past a change.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

from congso.portal import cache as portal_cache

MAX_HOSTS = 1000  # Host headers come from outside: bound what a process keeps

_found: dict[tuple[str, int | str], tuple[int, Site | None]] = {}


def find_site(request: HttpRequest, generation: int | None = None) -> Site | None:
    """As `Site.find_for_request`, and sets the request's site for Wagtail to reuse."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    where = (hostname, request.get_port())
    if generation is None:
        generation = portal_cache.recent_generation()
    entry = _found.get(where)
    if entry is not None and entry[0] == generation:
        site = entry[1]
    else:
        site = Site._find_for_request(request)
        if len(_found) >= MAX_HOSTS:
            _found.clear()
        _found[where] = (generation, site)
    request._wagtail_site = site
    request._congso_generation = generation
    return site


def forget() -> None:
    """Drop what this process remembers (tests that change sites without a commit)."""
    _found.clear()
