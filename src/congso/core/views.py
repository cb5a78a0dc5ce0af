from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from congso.accounts import selectors as account_selectors
from congso.core.middleware import wants_json


def agency_directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    units = account_selectors.org_unit_directory(query=query)
    return render(request, "core/agency_directory.html", {"units": units, "query": query})


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if wants_json(request):
        code = {400: "bad_request", 403: "not_permitted", 404: "not_found", 500: "server_error"}[
            status
        ]
        return JsonResponse({"message": message, "code": code, "extra": {}}, status=status)
    return render(
        request, "core/error.html", {"status": status, "error": {"message": message}}, status=status
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(
        request, 400, _("Yêu cầu không hợp lệ. Vui lòng kiểm tra lại địa chỉ hoặc dữ liệu đã nhập.")
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 403, _("Bạn không có quyền truy cập trang này."))


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Không tìm thấy trang bạn yêu cầu. Có thể địa chỉ đã thay đổi hoặc trang đã bị gỡ."),
    )


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors that touch the database.
    from django.template import loader

    html = loader.get_template("500.html").render({})
    if wants_json(request):
        return JsonResponse(
            {
                "message": _("Hệ thống đang gặp sự cố, vui lòng thử lại sau."),
                "code": "server_error",
                "extra": {},
            },
            status=500,
        )
    return HttpResponse(html, status=500)


def switch_language(request: HttpRequest) -> HttpResponse:
    """Set the language cookie (GET link or POST form) and go back; no CSRF token in pages."""
    from django.conf import settings
    from django.http import HttpResponseRedirect
    from django.utils.http import url_has_allowed_host_and_scheme

    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    next_url = data.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=60 * 60 * 24 * 365,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
