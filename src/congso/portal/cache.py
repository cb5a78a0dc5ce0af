"""One cache generation for all portal output; publishing anything starts a new generation.

Keys for page caches, fragment caches and the per-site header/menu data include the current
generation, so bumping it invalidates them all at once without scanning the cache.
"""

from __future__ import annotations

import time

from django.core.cache import cache

GENERATION_KEY = "congso:portal:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return int(value)


def bump() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), None)
    forget_recent()


# What a process remembers per generation (portal.sites, portal.routing) needs the generation
# on every request; each process reads it at most once a second (as portal.fastpath does), so
# a publish made by another process reaches it within a second, one made by itself at once.
RECENT_SECONDS = 1.0
_recent: list = [None, 0.0]  # [generation, read at (monotonic)]


def recent_generation() -> int:
    now = time.monotonic()
    if _recent[0] is None or now - _recent[1] >= RECENT_SECONDS:
        _recent[0], _recent[1] = generation(), now
    return _recent[0]


def forget_recent() -> None:
    _recent[0] = None


def key(*parts: object, current: int | None = None) -> str:
    """A key of the current generation (`current`: the generation already read for a request)."""
    return "congso:portal:" + ":".join(
        str(p) for p in (generation() if current is None else current, *parts)
    )
