"""The current request's who-and-where, for services that write audit rows.

Set by RequestContextMiddleware; tasks and commands run with an empty context.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""


_current: ContextVar[RequestContext | None] = ContextVar("congso_request_context", default=None)


def client_ip(request: HttpRequest) -> str | None:
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def set_from_request(request: HttpRequest):
    ctx = RequestContext(
        ip_address=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:255]
    )
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


def current() -> RequestContext:
    return _current.get() or RequestContext()
