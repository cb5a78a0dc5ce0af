"""Contests: create, edit, publish, finish; the page lists its rounds."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congso.core.exceptions import ApplicationError
from congso.exams import organising, permissions
from congso.exams.forms import ContestForm
from congso.exams.views_organiser.common import render_page


def _units(user):
    return permissions.organiser_units(user).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request: HttpRequest) -> HttpResponse:
    permissions.check_organiser(request.user)
    form = ContestForm(request.POST or None, units=_units(request.user))
    context = {"form": form, "contest": None}
    if request.method == "GET":
        return render_page(request, "contest_form.html", context)
    if not form.is_valid():
        return render_page(request, "contest_form.html", context, status=400)
    try:
        contest = organising.contest_create(actor=request.user, fields=form.service_fields())
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_page(request, "contest_form.html", context, status=error.status)
    messages.success(request, _("Đã tạo cuộc thi “%(title)s”.") % {"title": contest.title})
    return redirect("exams:org-contest", pk=contest.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contest = permissions.access_contest(user=request.user, contest_id=pk)
    form = ContestForm(
        request.POST or None, instance=copy.copy(contest), units=_units(request.user)
    )
    context = {"form": form, "contest": contest}
    if request.method == "GET":
        return render_page(request, "contest_form.html", context)
    if not form.is_valid():
        return render_page(request, "contest_form.html", context, status=400)
    try:
        organising.contest_update(actor=request.user, contest=contest, fields=form.service_fields())
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_page(request, "contest_form.html", context, status=error.status)
    messages.success(request, _("Đã lưu cuộc thi."))
    return redirect("exams:org-contest", pk=contest.pk)


@login_required
@require_GET
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = permissions.access_contest(user=request.user, contest_id=pk)
    rounds = (
        contest.rounds.select_related("bank")
        .annotate(attempt_count=Count("attempts"))
        .order_by("round_number", "opens_at")
    )
    return render_page(
        request,
        "contest_detail.html",
        {
            "contest": contest,
            "rounds": list(rounds),
            "registrations": contest.registrations.count(),
        },
    )


@login_required
@require_POST
def contest_publish(request: HttpRequest, pk: int) -> HttpResponse:
    contest = permissions.access_contest(user=request.user, contest_id=pk)
    organising.contest_publish(actor=request.user, contest=contest)
    messages.success(request, _("Đã công bố cuộc thi."))
    return redirect("exams:org-contest", pk=contest.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contest_finish(request: HttpRequest, pk: int) -> HttpResponse:
    contest = permissions.access_contest(user=request.user, contest_id=pk)
    if request.method == "GET":
        return render_page(
            request,
            "confirm.html",
            {
                "title": _("Kết thúc cuộc thi “%(title)s”?") % {"title": contest.title},
                "explanation": _(
                    "Cuộc thi chuyển sang trạng thái đã kết thúc và không sửa được nữa. "
                    "Mọi vòng thi phải kết thúc trước."
                ),
                "button": _("Kết thúc cuộc thi"),
                "back": contest,
                "back_url": "exams:org-contest",
                "with_reason": False,
            },
        )
    organising.contest_finish(actor=request.user, contest=contest)
    messages.success(request, _("Cuộc thi đã kết thúc."))
    return redirect("exams:org-contest", pk=contest.pk)
