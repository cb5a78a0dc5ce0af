"""The waiting room: when starts come faster than the server takes them, a candidate gets a
place in the queue and a page that counts down, instead of an error.

A leaky bucket per exam in the shared cache: each arrival takes a ticket (an atomic counter);
ticket n may start at `window_start + n / rate`. After a quiet spell the window moves up, so
unused capacity is not saved up into a burst.

A candidate keeps their ticket in a signed cookie (below), so reloading the waiting page keeps
their place.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse


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


# ---------------------------------------------------------------- the ticket and the waiting page
#
# A waiting candidate keeps their ticket in a signed cookie, not in the session: holding a place
# then writes nothing to the database, and the waiting page can be answered in front of Django
# (`exams.fastqueue`) from the cookie alone — it shows a place in the queue and nothing else;
# the start itself always goes through the view, which checks who the candidate is.

TICKET_COOKIE = "congso_exam_queue"
TICKET_SALT = "congso.exams.queue"
TICKET_MAX_AGE = 2 * 3600


@dataclass(frozen=True)
class Ticket:
    exam_id: int
    slug: str
    title: str
    candidate_id: int
    number: int


def ticket_dumps(*, exam, candidate_id: int, number: int) -> str:
    return signing.dumps(
        {"e": exam.pk, "s": exam.slug, "n": exam.title, "c": candidate_id, "t": number},
        salt=TICKET_SALT,
        compress=True,
    )


def ticket_loads(raw: str | None) -> Ticket | None:
    """The ticket a cookie holds, or None if there is none, it was altered or it is too old."""
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        return Ticket(
            exam_id=int(data["e"]),
            slug=str(data["s"]),
            title=str(data["n"]),
            candidate_id=int(data["c"]),
            number=int(data["t"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def waiting_page(*, slug: str, title: str, gate: Admission) -> str:
    """The waiting page: small (a phone on a slow network), without the portal's header, so
    that it costs next to nothing to answer while thousands wait."""
    return render_to_string(
        "exams/queue.html",
        {
            "exam_title": title,
            "queue_url": reverse("exams:queue", args=[slug]),
            "exam_url": reverse("exams:exam", args=[slug]),
            "gate": gate,
        },
    )
