"""The exam autosave answered in front of Django's request handling (congso.wsgi).

`POST /thi/lam-bai/<id>/luu/` is the request an exam sends most — each candidate's page, every
few seconds, thousands of candidates at once. It needs nothing of the middleware: no session, no
CSRF check (the signed attempt token in `X-Attempt-Token` authenticates it), no user, no page.
This WSGI layer answers it as the view `views.attempt_save` does — the same token check
(`attempts.read_token`), the same service (`attempts.attempt_save_returning_deadline`: the same
validation and the same single UPDATE, which also returns the deadline the view reads with a
second query), the same JSON and status codes, the same headers — without building a request
object. Whatever it is unsure of (another method or path, a Host outside ALLOWED_HOSTS, no
Content-Length, a body over DATA_UPLOAD_MAX_MEMORY_SIZE, an HTTPS redirect due) goes on to Django
unchanged, where the view answers it.

Database connections live as under Django's handler: `request_started` and `request_finished`
are sent around each save, so connections past their CONN_MAX_AGE or broken are closed.
Bad input never makes a 500: a body that is not JSON, nested too deep, or holding text the
database cannot store is a 422.
"""

from __future__ import annotations

import json
import logging
import re
from http.client import responses

from django.conf import settings
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError
from django.http import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congso.core.exceptions import ApplicationError, NotFound, ValidationFailed
from congso.exams import attempts

logger = logging.getLogger("django.request")

SAVE_PATH = re.compile(r"/thi/lam-bai/([0-9]+)/luu/")


def _allowed_host(environ) -> bool:
    """As `HttpRequest.get_host()`: else Django answers (400) and logs it."""
    if settings.USE_X_FORWARDED_HOST:
        return False
    host = environ.get("HTTP_HOST")
    if not host:
        host = environ.get("SERVER_NAME", "")
        port = str(environ.get("SERVER_PORT", ""))
        if port and port != ("443" if _is_secure(environ) else "80"):
            host = f"{host}:{port}"
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def _is_secure(environ) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header and environ.get(header[0]) is not None:
        return environ[header[0]].split(",", 1)[0].strip() == header[1]
    return environ.get("wsgi.url_scheme") == "https"


def _body_length(environ) -> int | None:
    raw = environ.get("CONTENT_LENGTH", "")
    if not raw.isdigit():
        return None
    length = int(raw)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        return None
    return length


def _language(environ) -> str:
    """As VietnameseFirstLocaleMiddleware: the language chosen with the switch, else Vietnamese."""
    raw = environ.get("HTTP_COOKIE", "")
    name = settings.LANGUAGE_COOKIE_NAME
    if name in raw:
        chosen = parse_cookie(raw).get(name, "")
        if chosen in {code for code, _name in settings.LANGUAGES}:
            return chosen
    return settings.LANGUAGE_CODE


def _headers(
    body: bytes, language: str, secure: bool, content_type: str = "application/json"
) -> list[tuple[str, str]]:
    """What the view's response carries after the middleware (security, clickjacking, locale)."""
    headers = [
        ("Content-Type", content_type),
        ("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()),
        ("Content-Length", str(len(body))),
        ("Content-Language", language),
        ("Vary", "Cookie"),
    ]
    if secure and settings.SECURE_HSTS_SECONDS:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append(("Strict-Transport-Security", value))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if policy:
        if isinstance(policy, str):
            policy = policy.split(",")
        headers.append(("Referrer-Policy", ",".join(v.strip() for v in policy)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    return headers


def save(environ, attempt_pk: int, length: int) -> tuple[int, dict]:
    """The view's work: (status, JSON body)."""
    try:
        attempt_id, candidate_id, grace = attempts.read_token(
            environ.get("HTTP_X_ATTEMPT_TOKEN", "")
        )
        if attempt_id != attempt_pk:
            raise NotFound(_("Không tìm thấy bài làm."))
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise ValidationFailed(_("Dữ liệu bài làm không hợp lệ.")) from None
        if not isinstance(body, dict):
            raise ValidationFailed(_("Dữ liệu bài làm không hợp lệ."))
        try:
            saved_at, deadline = attempts.attempt_save_returning_deadline(
                attempt_id=attempt_id,
                candidate_id=candidate_id,
                answers=body.get("answers", {}),
                grace_seconds=grace,
            )
        except (DataError, UnicodeEncodeError):
            # A NUL character or a lone surrogate in a text answer: PostgreSQL refuses it.
            raise ValidationFailed(_("Dữ liệu bài làm không hợp lệ.")) from None
    except ApplicationError as exc:
        return exc.status, exc.as_dict()
    return 200, {
        "saved_at": timezone.localtime(saved_at).strftime("%H:%M:%S"),
        "remaining": max(0, int((deadline - saved_at).total_seconds())) if deadline else 0,
    }


class FastSaveApp:
    """Wraps the WSGI application; see the module docstring."""

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST":
            return self.application(environ, start_response)
        match = SAVE_PATH.fullmatch(environ.get("PATH_INFO", ""))
        if match is None:
            return self.application(environ, start_response)
        length = _body_length(environ)
        secure = _is_secure(environ)
        if (
            length is None
            or not _allowed_host(environ)
            or (settings.SECURE_SSL_REDIRECT and not secure)
        ):
            return self.application(environ, start_response)
        return self.respond(environ, start_response, int(match.group(1)), length, secure)

    def respond(self, environ, start_response, attempt_pk: int, length: int, secure: bool):
        path = environ.get("PATH_INFO", "")
        language = _language(environ)
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            with translation.override(language):
                try:
                    status, payload = save(environ, attempt_pk, length)
                except Exception:
                    logger.exception("Internal Server Error: %s", path, extra={"status_code": 500})
                    status = 500
                    payload = {  # as congso.core.views.server_error answers JSON
                        "message": _("Hệ thống đang gặp sự cố, vui lòng thử lại sau."),
                        "code": "server_error",
                        "extra": {},
                    }
        finally:
            signals.request_finished.send(sender=self.__class__)
        if 400 <= status < 500:
            logger.warning("%s: %s", responses[status], path, extra={"status_code": status})
        body = json.dumps(payload, cls=DjangoJSONEncoder).encode()
        start_response(f"{status} {responses[status]}", _headers(body, language, secure))
        return [body]
