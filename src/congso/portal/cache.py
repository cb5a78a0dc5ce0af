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


def key(*parts: object, current: int | None = None) -> str:
    """A key of the current generation (`current`: the generation already read for a request)."""
    return "congso:portal:" + ":".join(
        str(p) for p in (generation() if current is None else current, *parts)
    )
