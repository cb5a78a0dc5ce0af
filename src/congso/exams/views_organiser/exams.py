"""Exams (a test or one round of a contest): settings, paper rules, prizes, publish, close, the
supervisor's start, and the attempts monitor with extra time per candidate."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congso.core.exceptions import ApplicationError, NotFound
from congso.exams import organising, papers, permissions
from congso.exams.forms import (
    ADD_ROWS,
    RANKING_LABELS,
    ExamForm,
    ExtendForm,
    PrizeRowForm,
    ReasonForm,
    RowSet,
    RuleRowForm,
)
from congso.exams.models import Attempt, Contest, Exam
from congso.exams.views_organiser.common import (
    category_choices,
    category_tree,
    paginate,
    render_page,
)

MAX_RULES = 30
MAX_PRIZES = 20
ATTEMPTS_PER_PAGE = 50


def _form(request: HttpRequest, *, exam: Exam, contest: Contest | None) -> ExamForm:
    return ExamForm(
        request.POST or None,
        instance=exam,
        contest=contest,
        units=permissions.organiser_units(request.user).order_by("path"),
        banks=permissions.banks_for(request.user).order_by("name"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def exam_create(request: HttpRequest) -> HttpResponse:
    permissions.check_organiser(request.user)
    contest = None
    contest_id = request.POST.get("cuoc-thi") or request.GET.get("cuoc-thi") or ""
    if contest_id:
        if not contest_id.isdigit():
            raise NotFound(_("Không tìm thấy cuộc thi."))
        contest = permissions.access_contest(user=request.user, contest_id=int(contest_id))
    exam = Exam(contest=contest)
    if contest is not None:
        last = contest.rounds.aggregate(n=Max("round_number"))["n"] or 0
        exam.round_number = last + 1
        exam.org_unit = contest.org_unit
    form = _form(request, exam=exam, contest=contest)
    context = {"form": form, "exam": None, "contest": contest}
    if request.method == "GET":
        return render_page(request, "exam_form.html", context)
    if not form.is_valid():
        return render_page(request, "exam_form.html", context, status=400)
    try:
        created = organising.exam_create(
            actor=request.user, fields=form.service_fields(), contest=contest
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_page(request, "exam_form.html", context, status=error.status)
    messages.success(
        request,
        _("Đã tạo bài thi “%(title)s”. Hãy đặt quy tắc rút câu hỏi.") % {"title": created.title},
    )
    return redirect("exams:org-exam-rules", pk=created.pk)


@login_required
@require_http_methods(["GET", "POST"])
def exam_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    form = _form(request, exam=copy.copy(exam), contest=exam.contest)
    context = {"form": form, "exam": exam, "contest": exam.contest}
    if request.method == "GET":
        return render_page(request, "exam_form.html", context)
    if not form.is_valid():
        return render_page(request, "exam_form.html", context, status=400)
    try:
        organising.exam_update(actor=request.user, exam=exam, fields=form.service_fields())
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_page(request, "exam_form.html", context, status=error.status)
    messages.success(request, _("Đã lưu bài thi."))
    return redirect("exams:org-exam", pk=exam.pk)


def _exam_page(
    request: HttpRequest,
    exam: Exam,
    *,
    errors: list[str] | None = None,
    extend_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    names = {n.category.pk: n.full_name for n in category_tree(exam.bank_id)}
    rules = [(rule, names.get(rule.category_id, "")) for rule in exam.rules.all()]
    counts = exam.attempts.aggregate(
        started=Count("id"),
        open=Count("id", filter=Q(status=Attempt.Status.OPEN)),
        submitted=Count("id", filter=Q(status=Attempt.Status.SUBMITTED)),
    )
    attempts = paginate(
        request,
        exam.attempts.select_related("candidate").order_by("-started_at", "-id"),
        ATTEMPTS_PER_PAGE,
    )
    context = {
        "exam": exam,
        "rules": rules,
        "prizes": list(exam.prize_tiers.all()),
        "problems": papers.check_drawable(exam)
        if exam.status in (Exam.Status.DRAFT, Exam.Status.PUBLISHED)
        else [],
        "free_papers": papers.free_papers(exam) if exam.status == Exam.Status.PUBLISHED else None,
        "counts": counts,
        "attempts": attempts,
        "errors": errors or [],
        "extend_errors": extend_errors or {},
        "ranking_labels": [RANKING_LABELS.get(k, k) for k in exam.effective_ranking_order],
        "networks": exam.allowed_networks.split(),
        "contacts_count": len(exam.allowed_contacts.split()),
    }
    template = "exam_detail.html"
    if getattr(request, "htmx", False) and request.GET.get("phan") == "luot-lam-bai":
        template += "#attempts"
    return render_page(request, template, context, status=status)


@login_required
@require_GET
def exam_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    return _exam_page(request, exam)


def _rows_view(
    request: HttpRequest,
    *,
    exam: Exam,
    template: str,
    rowset_kwargs: dict,
    save,
) -> HttpResponse:
    """Shared by the rules and prizes editors: add rows, or validate and save all rows."""
    if request.method == "GET":
        rows = RowSet(**rowset_kwargs)
        return render_page(request, template, {"exam": exam, "rows": rows, "errors": []})
    action = request.POST.get("action", "save")
    add = ADD_ROWS if action == "add-row" else 0
    rows = RowSet(data=request.POST, add=add, **rowset_kwargs)
    context = {"exam": exam, "rows": rows, "errors": []}
    if add:
        return render_page(request, template, context)
    if not rows.is_valid():
        context["errors"] = rows.errors
        return render_page(request, template, context, status=400)
    try:
        save(rows.cleaned_data)
    except ApplicationError as error:
        context["errors"] = [error.message]
        return render_page(request, template, context, status=error.status)
    return redirect("exams:org-exam", pk=exam.pk)


@login_required
@require_http_methods(["GET", "POST"])
def exam_rules(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    categories = category_choices(category_tree(exam.bank_id))
    initial = [
        {
            "category": rule.category_id,
            "include_subcategories": rule.include_subcategories,
            "difficulty": rule.difficulty,
            "count": rule.count,
            "mark": rule.mark,
        }
        for rule in exam.rules.all()
    ]

    def save(cleaned):
        organising.exam_rules_set(actor=request.user, exam=exam, rules=cleaned)
        messages.success(request, _("Đã lưu quy tắc rút câu hỏi."))

    return _rows_view(
        request,
        exam=exam,
        template="exam_rules.html",
        rowset_kwargs={
            "form_class": RuleRowForm,
            "prefix": "rule",
            "initial": initial,
            "minimum": 3,
            "maximum": MAX_RULES,
            "form_kwargs": {"categories": categories},
        },
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exam_prizes(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    initial = [{"name": p.name, "count": p.count, "value": p.value} for p in exam.prize_tiers.all()]

    def save(cleaned):
        organising.exam_prizes_set(actor=request.user, exam=exam, prizes=cleaned)
        messages.success(request, _("Đã lưu cơ cấu giải thưởng."))

    return _rows_view(
        request,
        exam=exam,
        template="exam_prizes.html",
        rowset_kwargs={
            "form_class": PrizeRowForm,
            "prefix": "prize",
            "initial": initial,
            "minimum": 4,
            "maximum": MAX_PRIZES,
        },
        save=save,
    )


@login_required
@require_POST
def exam_publish(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    try:
        exam = organising.exam_publish(actor=request.user, exam=exam)
    except ApplicationError as error:
        return _exam_page(request, exam, errors=[error.message], status=error.status)
    messages.success(
        request,
        _("Đã công bố bài thi; đã rút sẵn %(n)s đề.") % {"n": papers.free_papers(exam)},
    )
    return redirect("exams:org-exam", pk=exam.pk)


@login_required
@require_http_methods(["GET", "POST"])
def exam_close(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "GET":
        return render_page(
            request,
            "confirm.html",
            {
                "title": _("Kết thúc bài thi “%(title)s” ngay bây giờ?") % {"title": exam.title},
                "explanation": _(
                    "Thí sinh không bắt đầu làm bài được nữa. Các lượt đang làm bài được nộp "
                    "ngay với những câu đã trả lời. Việc này không hoàn tác được."
                ),
                "button": _("Kết thúc bài thi"),
                "back": exam,
                "back_url": "exams:org-exam",
                "form": form,
            },
        )
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    organising.exam_close(actor=request.user, exam=exam, reason=reason)
    messages.success(request, _("Bài thi đã kết thúc; các lượt đang làm bài đã được nộp."))
    return redirect("exams:org-exam", pk=exam.pk)


@login_required
@require_POST
def exam_supervisor_start(request: HttpRequest, pk: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    try:
        organising.exam_supervisor_start(actor=request.user, exam=exam)
    except ApplicationError as error:
        return _exam_page(request, exam, errors=[error.message], status=error.status)
    messages.success(request, _("Đã bắt đầu ca thi: thí sinh có thể vào làm bài."))
    return redirect("exams:org-exam", pk=exam.pk)


@login_required
@require_POST
def attempt_extend(request: HttpRequest, pk: int, attempt_id: int) -> HttpResponse:
    exam = permissions.access_exam(user=request.user, exam_id=pk)
    attempt = exam.attempts.select_related("candidate").filter(pk=attempt_id).first()
    if attempt is None:
        raise NotFound(_("Không tìm thấy lượt làm bài."))
    form = ExtendForm(request.POST)
    if not form.is_valid():
        errors = [str(m) for messages_ in form.errors.values() for m in messages_]
        return _exam_page(request, exam, extend_errors={attempt.pk: errors}, status=400)
    try:
        organising.attempt_extend(
            actor=request.user,
            attempt=attempt,
            minutes=form.cleaned_data["minutes"],
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as error:
        return _exam_page(
            request, exam, extend_errors={attempt.pk: [error.message]}, status=error.status
        )
    messages.success(
        request,
        _("Đã cho thí sinh %(name)s thêm %(n)s phút.")
        % {"name": attempt.candidate.full_name, "n": form.cleaned_data["minutes"]},
    )
    return redirect(reverse("exams:org-exam", args=[exam.pk]) + "#attempts")
