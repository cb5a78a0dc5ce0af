"""Results of exams and contests.

Public (once the organisers publish the ranking): the leaderboard and the prize list of an exam,
and the verification page and PDF of a certificate. Names, workplaces, scores and prizes are
public; emails and phone numbers never are (they are not even read for these pages).

Organisers (`permissions.access_exam`: their agency and those below; administrators): the full
ranking with contacts, the prediction truth, ranking again, publishing, the Excel file, and the
statistics page (summary, histogram as inline SVG with its table, Moodle's per-question figures).
Anyone else gets "not found" and nothing changes.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from congso.core.exceptions import ApplicationError, NotFound, ValidationFailed
from congso.exams import certificates, permissions, ranking
from congso.exams.models import Attempt, Exam, Result
from congso.exams.results_excel import (
    XLSX_CONTENT_TYPE,
    mmss,
    results_filename,
    results_workbook,
)
from congso.exams.statistics import ExamSummary, exam_summary, question_statistics

PUBLIC_PER_PAGE = 50
ORGANISER_PER_PAGE = 100
PUBLIC_FIELDS = (
    "rank", "score", "max_score", "time_taken_seconds", "prize", "candidate__full_name",
    "candidate__workplace", "candidate__org_unit__name", "exam_id", "candidate_id",
)  # fmt: skip


def _decorate(results: list[Result]) -> list[Result]:
    """Display values computed once: score as Vietnamese write it, time as mm:ss, workplace."""
    for result in results:
        result.score_display = certificates.vn_number(result.score)  # type: ignore[attr-defined]
        result.max_display = certificates.vn_number(result.max_score)  # type: ignore[attr-defined]
        result.time_display = mmss(result.time_taken_seconds)  # type: ignore[attr-defined]
        result.workplace = certificates.workplace(result.candidate)  # type: ignore[attr-defined]
    return results


# --- public --------------------------------------------------------------------------------------


def published_exam(slug: str) -> Exam:
    exam = (
        Exam.objects.select_related("org_unit", "contest")
        .filter(slug=slug, ranking_published_at__isnull=False)
        .first()
    )
    if exam is None:
        raise NotFound(
            _("Không tìm thấy bảng xếp hạng: bài thi không có hoặc chưa công bố kết quả.")
        )
    return exam


@require_GET
def leaderboard(request: HttpRequest, slug: str) -> HttpResponse:
    exam = published_exam(slug)
    results = (
        Result.objects.filter(exam=exam)
        .select_related("candidate", "candidate__org_unit")
        .only(*PUBLIC_FIELDS)
        .order_by("rank")
    )
    page = Paginator(results, PUBLIC_PER_PAGE).get_page(request.GET.get("trang"))
    page.object_list = _decorate(list(page.object_list))
    context = {"exam": exam, "page": page, "criteria": ranking.order_labels(exam)}
    return render(request, "exams/results/leaderboard.html", context)


@require_GET
def prize_list(request: HttpRequest, slug: str) -> HttpResponse:
    exam = published_exam(slug)
    winners = _decorate(
        list(
            Result.objects.filter(exam=exam)
            .exclude(prize="")
            .select_related("candidate", "candidate__org_unit")
            .only(*PUBLIC_FIELDS)
            .order_by("rank")
        )
    )
    tiers = []
    for tier in exam.prize_tiers.order_by("position", "id"):
        tiers.append(
            {"tier": tier, "winners": [w for w in winners if w.prize == tier.name]}
        )  # fmt: skip
    return render(request, "exams/results/prize_list.html", {"exam": exam, "tiers": tiers})


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    result = certificates.published_result(code)
    context = {
        "result": _decorate([result])[0],
        "exam": result.exam,
        "participants": Result.objects.filter(exam_id=result.exam_id).count(),
    }
    return render(request, "exams/results/verify.html", context)


@require_GET
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    result = certificates.published_result(code)
    response = HttpResponse(certificates.certificate_pdf(result), content_type="application/pdf")
    filename = certificates.certificate_filename(result)
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    return response


# --- organisers ----------------------------------------------------------------------------------


def _org_context(exam: Exam, request: HttpRequest) -> dict[str, Any]:
    results = (
        Result.objects.filter(exam=exam)
        .select_related("candidate", "candidate__org_unit")
        .order_by("rank")
    )
    page = Paginator(results, ORGANISER_PER_PAGE).get_page(request.GET.get("trang"))
    page.object_list = _decorate(list(page.object_list))
    submitted = Attempt.objects.filter(exam=exam, status=Attempt.Status.SUBMITTED)
    return {
        "exam": exam,
        "page": page,
        "tiers": list(exam.prize_tiers.order_by("position", "id")),
        "submitted_attempts": submitted.count(),
        "candidates": submitted.values("candidate_id").distinct().count(),
        "can_rank": exam.status in ranking.RANKABLE,
        "can_publish": exam.status == Exam.Status.RANKED,
        "criteria": ranking.order_labels(exam),
        "truth_value": request.POST.get("truth", "") if request.method == "POST" else "",
        "errors": [],
    }


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def org_results(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    if request.method == "GET":
        return render(request, "exams/results/org_results.html", _org_context(exam, request))
    action = request.POST.get("action", "")
    try:
        if action == "rank":
            count = ranking.exam_rank(actor=request.user, exam=exam)
            messages.success(request, _("Đã xếp hạng %(n)s thí sinh.") % {"n": count})
        elif action == "truth":
            exam = ranking.exam_set_prediction_truth(
                actor=request.user,
                exam=exam,
                value=request.POST.get("truth", ""),
                reason=request.POST.get("reason", "").strip()[:500],
            )
            messages.success(request, _("Đã lưu đáp án câu dự đoán và xếp hạng lại."))
        elif action == "publish":
            ranking.exam_publish_ranking(actor=request.user, exam=exam)
            messages.success(request, _("Đã công bố bảng xếp hạng, danh sách giải thưởng."))
        elif action == "unpublish":
            ranking.exam_unpublish_ranking(actor=request.user, exam=exam)
            messages.success(request, _("Đã thu hồi công bố kết quả."))
        else:
            raise ValidationFailed(_("Thao tác không hợp lệ."))
    except ApplicationError as error:
        exam.refresh_from_db()
        context = _org_context(exam, request)
        context["errors"] = [error.message]
        context["error_action"] = action
        return render(request, "exams/results/org_results.html", context, status=error.status)
    return redirect("exams:org-results", pk=exam.pk)


@login_required
@never_cache
@require_GET
def org_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    response = HttpResponse(results_workbook(exam), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, results_filename(exam)) or ""
    return response


# --- the histogram, as inline SVG ---------------------------------------------------------------

PLOT_TOP, PLOT_HEIGHT, PLOT_LEFT, PLOT_BOTTOM = 12, 200, 48, 40
PLOT_WIDTH = 660
MIN_SLOT, MAX_SLOT = 26, 66


def _scale_top(largest: int) -> tuple[int, int]:
    """A round axis top above `largest` and its tick step (1, 2 or 5 × 10ⁿ, at most 5 steps)."""
    if largest <= 0:
        return 1, 1
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if math.ceil(largest / step) <= 5:
                return step * math.ceil(largest / step), step
        magnitude *= 10


def _svg(number: float) -> str:
    return f"{number:.1f}"


def histogram_chart(summary: ExamSummary) -> dict[str, Any]:
    """Coordinates (as strings) of the histogram's bars for exams/results/_histogram.html."""
    bins = summary.bins
    top, step = _scale_top(max((b.count for b in bins), default=0))
    bottom = PLOT_TOP + PLOT_HEIGHT
    slot = min(MAX_SLOT, max(MIN_SLOT, PLOT_WIDTH / max(len(bins), 1)))
    bars = []
    for index, item in enumerate(bins):
        height = item.count / top * PLOT_HEIGHT
        bars.append(
            {
                "x": _svg(PLOT_LEFT + index * slot + 3),
                "y": _svg(bottom - height),
                "width": _svg(slot - 6),
                "height": _svg(height),
                "centre": _svg(PLOT_LEFT + (index + 0.5) * slot),
                "label": item.label,
                "count": item.count,
            }
        )
    right = PLOT_LEFT + len(bins) * slot
    return {
        "width": _svg(right + 8),
        "height": PLOT_TOP + PLOT_HEIGHT + PLOT_BOTTOM,
        "left": PLOT_LEFT,
        "right": _svg(right),
        "tick_x": PLOT_LEFT - 8,
        "bottom": bottom,
        "label_y": bottom + 18,
        "axis_label_y": bottom + 36,
        "ticks": [
            {"y": _svg(bottom - value / top * PLOT_HEIGHT), "text": value}
            for value in range(0, top + 1, step)
        ],
        "bars": bars,
    }


def _summary_figures(summary: ExamSummary) -> dict[str, str]:
    def show(value: float | None) -> str:
        return "—" if value is None else certificates.vn_number(round(value, 2))

    return {
        "mean": show(summary.mean),
        "median": show(summary.median),
        "sd": show(summary.sd),
        "minimum": show(summary.minimum),
        "maximum": show(summary.maximum),
        "max_score": show(summary.max_score),
        "mean_percent": show(summary.mean_percent),
    }


@login_required
@never_cache
@require_GET
def org_stats(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    summary = exam_summary(exam)
    rows = question_statistics(exam)
    context = {
        "exam": exam,
        "summary": summary,
        "figures": _summary_figures(summary),
        "chart": histogram_chart(summary),
        "rows": rows,
        "attention": sum(1 for row in rows if row.needs_attention),
    }
    return render(request, "exams/results/org_stats.html", context)
