from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

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


class ApplicationErrorMiddleware:
    """Renders an ApplicationError raised by a view as a Vietnamese page or JSON with its 4xx."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

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
