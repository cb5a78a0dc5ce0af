"""The exam waiting room answered in front of Django's request handling (congso.wsgi).

During a start spike thousands of candidates wait for their turn, and each one's waiting page
reloads itself at `GET /thi/<slug>/hang-doi/` when the countdown ends (or when they press "Thử
lại ngay"). While their turn has not come, the answer is the same small page with their place in
the queue: it needs no session, no user, no database — only the signed ticket cookie the start
view gave them (`admission.ticket_loads`) and the waiting room's counters in the cache
(`admission.admit`, as the view calls it). This layer answers exactly that case, with the page
and headers the view would send. Everything else goes on to Django unchanged: another method or
path, a query string, a Host outside ALLOWED_HOSTS, an HTTPS redirect due, no ticket or one that
is altered, too old or for another exam — and above all a candidate whose turn has come, whom
the view starts after checking who they are (the cookie alone never starts an attempt).
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core import signals
from django.http import parse_cookie
from django.utils import translation

from congso.exams import admission
from congso.exams.fastsave import _allowed_host, _headers, _is_secure, _language

logger = logging.getLogger("django.request")

QUEUE_PATH = re.compile(r"/thi/([-a-zA-Z0-9_]+)/hang-doi/")


class FastQueueApp:
    """Wraps the WSGI application; see the module docstring."""

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING"):
            return self.application(environ, start_response)
        match = QUEUE_PATH.fullmatch(environ.get("PATH_INFO", ""))
        raw_cookies = environ.get("HTTP_COOKIE", "")
        if match is None or admission.TICKET_COOKIE not in raw_cookies:
            return self.application(environ, start_response)
        secure = _is_secure(environ)
        if not _allowed_host(environ) or (settings.SECURE_SSL_REDIRECT and not secure):
            return self.application(environ, start_response)
        ticket = admission.ticket_loads(parse_cookie(raw_cookies).get(admission.TICKET_COOKIE))
        if ticket is None or ticket.slug != match.group(1):
            return self.application(environ, start_response)
        body = self.waiting(environ, ticket)
        if body is None:  # their turn: the view starts the attempt
            return self.application(environ, start_response)
        language = _language(environ)
        start_response("202 Accepted", _headers(body, language, secure, "text/html; charset=utf-8"))
        return [body]

    def waiting(self, environ, ticket: admission.Ticket) -> bytes | None:
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            gate = admission.admit(ticket.exam_id, ticket.number)
            if gate.admitted:
                return None
            with translation.override(_language(environ)):
                page = admission.waiting_page(slug=ticket.slug, title=ticket.title, gate=gate)
            return page.encode()
        except Exception:
            # The cache unreachable, say: let the view answer (and report) it.
            logger.exception("exam waiting room fast path failed; Django answers")
            return None
        finally:
            signals.request_finished.send(sender=self.__class__)
