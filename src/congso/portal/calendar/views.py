"""Public pages of the work calendar: the week (full page or HTMX partial) and its print view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from congso.portal.calendar import selectors
from congso.portal.calendar.weeks import Week
from congso.portal.permissions import current_site


def _context(request: HttpRequest) -> dict:
    site = current_site(request)
    week = Week.from_params(request.GET)
    days = selectors.week_days(site=site, week=week)
    return {
        "week": week,
        "days": days,
        "has_entries": any(not day.is_empty for day in days),
        "current_week": Week.current(),
    }


@require_safe
def week_view(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    htmx = getattr(request, "htmx", None)
    template = "portal_calendar/week.html"
    if htmx and not htmx.history_restore_request:
        template += "#calendar"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    response.congso_cacheable = True  # whole-page cache for anonymous readers, per generation
    return response


@require_safe
def print_view(request: HttpRequest) -> HttpResponse:
    response = render(request, "portal_calendar/print.html", _context(request))
    response.congso_cacheable = True
    return response
