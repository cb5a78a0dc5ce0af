"""The waiting room: when starts come faster than the server takes them, a candidate gets a
place in the queue and a page that counts down, instead of an error.

A leaky bucket per exam in the shared cache: each arrival takes a ticket (an atomic counter);
ticket n may start at `window_start + n / rate`. A candidate keeps their ticket in the session,
so reloading the waiting page keeps their place. After a quiet spell the window moves up, so
unused capacity is not saved up into a burst.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Admission:
    admitted: bool
    ticket: int
    place: int = 0  # candidates ahead, when waiting
    wait_seconds: int = 0


def _keys(exam_id: int) -> tuple[str, str]:
    return f"exams:queue:{exam_id}:tail", f"exams:queue:{exam_id}:start"


def rate() -> float:
    return max(1.0, float(settings.EXAM_STARTS_PER_SECOND))


def admit(exam_id: int, ticket: int | None = None, *, now: float | None = None) -> Admission:
    """Whether a start may go ahead now; `ticket` is the one this candidate already holds."""
    now = time.time() if now is None else now
    per_second = rate()
    tail_key, start_key = _keys(exam_id)
    new_arrival = ticket is None
    if ticket is None:
        cache.add(tail_key, 0, timeout=3600)
        try:
            ticket = cache.incr(tail_key)
        except ValueError:  # evicted between add and incr
            cache.set(tail_key, 1, timeout=3600)
            ticket = 1
    # A fresh window gives one second's worth of starts at once (the bucket's depth).
    fresh_start = now - 1.0 + (1 - ticket) / per_second
    start = cache.get(start_key)
    if start is None:
        cache.add(start_key, fresh_start, timeout=3600)
        start = cache.get(start_key) or fresh_start
    slot = start + ticket / per_second
    if new_arrival and slot < now - 1.0:
        # Quiet for a while: start a fresh window at this newcomer (only newcomers move it, so a
        # late returner does not push back those queued after them).
        start = fresh_start
        cache.set(start_key, start, timeout=3600)
        slot = start + ticket / per_second
    if slot <= now:
        return Admission(admitted=True, ticket=ticket)
    wait = slot - now
    return Admission(
        admitted=False,
        ticket=ticket,
        place=max(1, math.ceil(wait * per_second)),
        wait_seconds=max(1, math.ceil(wait)),
    )
