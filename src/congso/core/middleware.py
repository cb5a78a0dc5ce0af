from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from congso.core import context
from congso.core.exceptions import ApplicationError, NotAuthenticated

logger = logging.getLogger(__name__)


class RequestContextMiddleware:
    """Makes the client's IP and user agent available to audit rows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.set_from_request(request)
        try:
            return self.get_response(request)
        finally:
            context.reset(token)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def _has_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path or "%00" in query or "\x00" in query


class ApplicationErrorMiddleware:
    """Renders an ApplicationError raised by a view as a Vietnamese page or JSON with its 4xx."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            # No database stores a NUL character (PostgreSQL refuses it): a 400, never a 500.
            return self.process_exception(
                request, ApplicationError(_("Địa chỉ hoặc tham số có ký tự không hợp lệ."))
            )
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            json = JsonResponse(
                {
                    "message": _("Phương thức HTTP này không được hỗ trợ tại địa chỉ này."),
                    "code": "method_not_allowed",
                    "extra": {"allowed": [m.strip() for m in allowed.split(",") if m.strip()]},
                },
                status=405,
            )
            if allowed:
                json["Allow"] = allowed
            return json
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, NotAuthenticated) and not wants_json(request):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if wants_json(request):
            return JsonResponse(exception.as_dict(), status=exception.status)
        template = (
            "core/partials/error_message.html"
            if getattr(request, "htmx", False)
            else "core/error.html"
        )
        response = TemplateResponse(
            request,
            template,
            {"error": exception, "status": exception.status},
            status=exception.status,
        )
        return response.render()


def chosen_language(request: HttpRequest) -> str:
    """The language the person chose with the switch (cookie), else Vietnamese."""
    from django.conf import settings

    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return (
        chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE
    )


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English
    to a citizen whose phone happens to be set to English; Congso follows only the explicit
    choice, stored in the language cookie by the switch in the header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.get("Vary", "")
        if "Cookie" not in patch_vary:
            from django.utils.cache import patch_vary_headers

            patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response
