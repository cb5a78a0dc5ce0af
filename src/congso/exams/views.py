"""Candidates' pages: contests and exams, registration and sign-in by one-time code, taking an
exam (all questions on one page or one per page, saved as they are answered), and the result."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congso.accounts.models import OrgUnit
from congso.core.context import client_ip
from congso.core.exceptions import ApplicationError, NotFound, ValidationFailed
from congso.exams import admission, attempts, candidates
from congso.exams.models import Attempt, Contest, Exam, Registration, Result
from congso.exams.notify import sms_configured

PENDING_KEY = "exams_pending"


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def candidate_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        candidate = candidates.current_candidate(request)
        if candidate is None:
            messages.info(
                request, _("Hãy đăng nhập bằng thư điện tử hoặc số điện thoại để dự thi.")
            )
            return redirect(f"{reverse('exams:sign-in')}?next={request.get_full_path()}")
        request.candidate = candidate
        return view(request, *args, **kwargs)

    return wrapper


# ---------------------------------------------------------------- lists and contest pages


@require_GET
def exam_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    contests = Contest.objects.filter(status__in=["published", "finished"]).select_related(
        "org_unit"
    )
    exams = (
        Exam.objects.filter(status__in=["published", "closed", "ranked"], contest__isnull=True)
        .filter(Q(closes_at__gte=now - timedelta(days=30)))
        .select_related("org_unit")
    )
    return render(
        request,
        "exams/list.html",
        {"contests": contests, "exams": exams, "candidate": candidates.current_candidate(request)},
    )


def _public_contest(slug: str) -> Contest:
    contest = (
        Contest.objects.filter(slug=slug, status__in=["published", "finished"])
        .select_related("org_unit")
        .first()
    )
    if contest is None:
        raise NotFound(_("Không tìm thấy cuộc thi."))
    return contest


@require_GET
def contest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _public_contest(slug)
    candidate = candidates.current_candidate(request)
    registered = (
        candidate is not None
        and Registration.objects.filter(contest=contest, candidate=candidate).exists()
    )
    rounds = contest.rounds.exclude(status=Exam.Status.DRAFT).order_by("round_number", "opens_at")
    return render(
        request,
        "exams/contest.html",
        {
            "contest": contest,
            "rounds": rounds,
            "candidate": candidate,
            "registered": registered,
            "now": timezone.now(),
            "registrations": contest.registrations.count(),
        },
    )


@require_GET
def contest_rules(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _public_contest(slug)
    return render(request, "exams/contest_text.html", {"contest": contest, "part": "rules"})


@require_GET
def contest_prizes(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _public_contest(slug)
    rounds = contest.rounds.exclude(status=Exam.Status.DRAFT).prefetch_related("prize_tiers")
    return render(
        request,
        "exams/contest_text.html",
        {"contest": contest, "part": "prizes", "rounds": rounds},
    )


# ---------------------------------------------------------------- registration and sign-in


def _org_units():
    return OrgUnit.objects.filter(is_active=True).exclude(kind="division").order_by("path")


def _send_code(request: HttpRequest, contact: candidates.Contact, pending: dict) -> None:
    code = candidates.code_request(contact=contact, ip_address=client_ip(request))
    show = settings.DEBUG and (
        (contact.kind == "phone" and not sms_configured())
        or settings.EMAIL_BACKEND.endswith("console.EmailBackend")
    )
    pending.update(
        {"kind": contact.kind, "contact": contact.value, "debug_code": code if show else ""}
    )
    request.session[PENDING_KEY] = pending


@require_http_methods(["GET", "POST"])
def contest_register(request: HttpRequest, slug: str) -> HttpResponse:
    contest = _public_contest(slug)
    candidate = candidates.current_candidate(request)
    if candidate is not None:
        if request.method == "POST":
            candidates.contest_register(
                contest=contest, candidate=candidate, ip_address=client_ip(request)
            )
            messages.success(
                request, _("Bạn đã đăng ký dự thi “%(title)s”.") % {"title": contest.title}
            )
            return redirect("exams:contest", slug=contest.slug)
        return render(
            request, "exams/register_confirm.html", {"contest": contest, "candidate": candidate}
        )
    values = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        if request.POST.get("website"):  # honeypot: people leave it empty
            return redirect("exams:contest", slug=contest.slug)
        try:
            contact = candidates.parse_contact(request.POST.get("contact", ""))
            org_unit = request.POST.get("org_unit") or ""
            profile = candidates.clean_profile(
                candidates.Profile(
                    full_name=request.POST.get("full_name", ""),
                    workplace=request.POST.get("workplace", ""),
                    org_unit_id=int(org_unit) if org_unit.isdigit() else None,
                    citizen_id=request.POST.get("citizen_id", ""),
                ),
                require_citizen_id=contest.require_citizen_id,
            )
            _send_code(
                request,
                contact,
                {
                    "profile": profile.__dict__,
                    "contest": contest.slug,
                    "next": reverse("exams:contest", args=[contest.slug]),
                },
            )
            return redirect("exams:verify")
        except ApplicationError as exc:
            error = exc
    response = render(
        request,
        "exams/register.html",
        {"contest": contest, "values": values, "error": error, "org_units": _org_units()},
        status=error.status if error else 200,
    )
    return response


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    error = None
    next_url = _safe_next(request, reverse("exams:list"))
    if request.method == "POST":
        try:
            contact = candidates.parse_contact(request.POST.get("contact", ""))
            if candidates.find_candidate(contact) is None:
                raise NotFound(
                    _(
                        "Chưa có tài khoản dự thi với thông tin này. Hãy đăng ký tại trang "
                        "của cuộc thi."
                    )
                )
            _send_code(request, contact, {"next": next_url})
            return redirect("exams:verify")
        except ApplicationError as exc:
            error = exc
    return render(
        request,
        "exams/sign_in.html",
        {"error": error, "next": next_url, "values": request.POST},
        status=error.status if error else 200,
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return redirect("exams:sign-in")
    contact = candidates.Contact(pending["kind"], pending["contact"])
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "resend":
                _send_code(request, contact, pending)
                messages.info(request, _("Đã gửi lại mã xác thực."))
                return redirect("exams:verify")
            candidates.code_verify(contact=contact, code=request.POST.get("code", ""))
            candidate = candidates.find_candidate(contact)
            if candidate is None:
                if not pending.get("profile"):
                    raise NotFound(_("Chưa có tài khoản dự thi với thông tin này."))
                candidate = candidates.candidate_register(
                    contact=contact, profile=candidates.Profile(**pending["profile"])
                )
            candidates.sign_in(request, candidate)
            request.session.pop(PENDING_KEY, None)
            if pending.get("contest"):
                contest = _public_contest(pending["contest"])
                try:
                    candidates.contest_register(
                        contest=contest, candidate=candidate, ip_address=client_ip(request)
                    )
                    messages.success(
                        request,
                        _("Đăng ký thành công. Chúc bạn thi tốt!"),
                    )
                except ApplicationError as exc:
                    messages.error(request, exc.message)
            else:
                messages.success(request, _("Xin chào %(name)s!") % {"name": candidate.full_name})
            return redirect(pending.get("next") or "exams:list")
        except ApplicationError as exc:
            error = exc
    return render(
        request,
        "exams/verify.html",
        {"contact": contact, "error": error, "debug_code": pending.get("debug_code")},
        status=error.status if error else 200,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    candidates.sign_out(request)
    messages.info(request, _("Bạn đã đăng xuất khỏi tài khoản dự thi."))
    return redirect("exams:list")


# ---------------------------------------------------------------- one exam


def _public_exam(slug: str, *, for_page: bool = True) -> Exam:
    """The exam at `slug` unless a draft; `for_page=False` (starting, waiting) skips the
    organising agency the page shows."""
    exams = Exam.objects.filter(slug=slug).exclude(status=Exam.Status.DRAFT)
    exam = exams.select_related(*(("org_unit", "contest") if for_page else ("contest",))).first()
    if exam is None or (exam.contest and exam.contest.status == Contest.Status.DRAFT):
        raise NotFound(_("Không tìm thấy bài thi."))
    return exam


@require_GET
def exam_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exam = _public_exam(slug)
    candidate = candidates.current_candidate(request)
    mine = []
    current = None
    problem = None
    if candidate is not None:
        current = attempts.open_attempt(exam, candidate)
        if current is not None:
            current = attempts.finalize_if_due(current)
            if current.status != Attempt.Status.OPEN:
                current = None
        mine = list(Attempt.objects.filter(exam=exam, candidate=candidate).order_by("number"))
        if current is None:
            try:
                attempts.check_can_start(
                    exam=exam, candidate=candidate, ip_address=client_ip(request)
                )
                if attempts.attempts_left(exam, candidate) == 0:
                    problem = _("Bạn đã làm đủ số lần cho phép.")
            except ApplicationError as exc:
                problem = exc.message
    return render(
        request,
        "exams/exam.html",
        {
            "exam": exam,
            "candidate": candidate,
            "mine": mine,
            "current": current,
            "problem": problem,
            "questions": exam.rules.all(),
            "now": timezone.now(),
        },
    )


def _my_ticket(request: HttpRequest, exam: Exam) -> int | None:
    """The place this candidate holds in this exam's waiting room, if any."""
    ticket = admission.ticket_loads(request.COOKIES.get(admission.TICKET_COOKIE))
    if ticket is None or ticket.exam_id != exam.pk or ticket.candidate_id != request.candidate.pk:
        return None
    return ticket.number


def _start_or_queue(request: HttpRequest, exam: Exam, ticket: int | None) -> HttpResponse:
    candidate = request.candidate
    if attempts.open_attempt(exam, candidate) is None:
        gate = admission.admit(exam.pk, ticket)
        if not gate.admitted:
            response = HttpResponse(
                admission.waiting_page(slug=exam.slug, title=exam.title, gate=gate), status=202
            )
            response.set_cookie(
                admission.TICKET_COOKIE,
                admission.ticket_dumps(exam=exam, candidate_id=candidate.pk, number=gate.ticket),
                max_age=admission.TICKET_MAX_AGE,
                path="/thi/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
    attempt = attempts.attempt_start(exam=exam, candidate=candidate, ip_address=client_ip(request))
    response = redirect("exams:attempt", pk=attempt.pk)
    if admission.TICKET_COOKIE in request.COOKIES:
        response.delete_cookie(admission.TICKET_COOKIE, path="/thi/", samesite="Lax")
    return response


@require_POST
@candidate_required
def exam_start(request: HttpRequest, slug: str) -> HttpResponse:
    exam = _public_exam(slug, for_page=False)
    return _start_or_queue(request, exam, _my_ticket(request, exam))


@require_GET
@candidate_required
def exam_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The waiting page reloads itself here; the start goes ahead once the candidate's turn comes.
    While the turn has not come, `exams.fastqueue` answers before Django with the same page."""
    exam = _public_exam(slug, for_page=False)
    ticket = _my_ticket(request, exam)
    if ticket is None:
        return redirect("exams:exam", slug=exam.slug)
    return _start_or_queue(request, exam, ticket)


# ---------------------------------------------------------------- taking it


def _my_attempt(request: HttpRequest, pk: int) -> Attempt:
    attempt = (
        Attempt.objects.filter(pk=pk, candidate=request.candidate)
        .select_related("exam", "exam__contest", "exam__org_unit")
        .first()
    )
    if attempt is None:
        raise NotFound(_("Không tìm thấy bài làm."))
    return attempt


def _form_answers(request: HttpRequest, attempt: Attempt) -> dict[str, object]:
    """Answers posted by the plain form (no script): the questions shown on that page."""
    answers: dict[str, object] = {}
    for raw in request.POST.getlist("shown"):
        if not raw.isdigit() or int(raw) >= len(attempt.slots):
            raise ValidationFailed(
                _("Câu hỏi “%(key)s” không thuộc đề thi của bạn.") % {"key": raw[:10]}
            )
        slot = attempt.slots[int(raw)]
        name = f"q-{raw}"
        if slot["t"] == "multi":
            answers[raw] = request.POST.getlist(name) or None
        else:
            answers[raw] = request.POST.get(name, "").strip() or None
    return answers


@require_http_methods(["GET", "POST"])
@candidate_required
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = attempts.finalize_if_due(_my_attempt(request, pk))
    if attempt.status != Attempt.Status.OPEN:
        return redirect("exams:attempt-result", pk=attempt.pk)
    exam = attempt.exam
    if request.method == "POST":
        answers = _form_answers(request, attempt)
        action = request.POST.get("action", "save")
        if action == "submit":
            attempts.attempt_submit(attempt=attempt, candidate=request.candidate, answers=answers)
            return redirect("exams:attempt-result", pk=attempt.pk)
        attempts.attempt_save(
            attempt_id=attempt.pk,
            candidate_id=request.candidate.pk,
            answers=answers,
            grace_seconds=exam.grace_seconds,
        )
        target = reverse("exams:attempt", args=[attempt.pk])
        if action.startswith("goto:") and action[5:].isdigit():
            target += f"?cau={int(action[5:])}"
        messages.success(request, _("Đã lưu bài làm."))
        return redirect(target)
    slots = attempts.paper_view(attempt)
    current = None
    if exam.layout == Exam.Layout.ONE and slots:
        try:
            number = int(request.GET.get("cau", "1"))
        except ValueError:
            number = 1
        number = min(max(number, 1), len(slots))
        current = slots[number - 1]
    now = timezone.now()
    return render(
        request,
        "exams/attempt.html",
        {
            "attempt": attempt,
            "exam": exam,
            "slots": slots,
            "shown": [current] if current else slots,
            "current": current,
            "token": attempts.attempt_token(attempt),
            "remaining": max(0, int((attempt.deadline - now).total_seconds())),
            "answered": sum(1 for s in slots if s.answered),
        },
    )


def _json_error(exc: ApplicationError) -> JsonResponse:
    return JsonResponse(exc.as_dict(), status=exc.status)


@csrf_exempt  # authenticated by the signed attempt token in the header, not by a cookie
@require_POST
def attempt_save(request: HttpRequest, pk: int) -> JsonResponse:
    """Autosave: {"answers": {"<slot>": response, ...}} with the X-Attempt-Token header."""
    try:
        attempt_id, candidate_id, grace = attempts.read_token(
            request.headers.get("X-Attempt-Token", "")
        )
        if attempt_id != pk:
            raise NotFound(_("Không tìm thấy bài làm."))
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise ValidationFailed(_("Dữ liệu bài làm không hợp lệ.")) from None
        if not isinstance(body, dict):
            raise ValidationFailed(_("Dữ liệu bài làm không hợp lệ."))
        saved_at = attempts.attempt_save(
            attempt_id=attempt_id,
            candidate_id=candidate_id,
            answers=body.get("answers", {}),
            grace_seconds=grace,
        )
    except ApplicationError as exc:
        return _json_error(exc)
    deadline = Attempt.objects.filter(pk=pk).values_list("deadline", flat=True).first()
    return JsonResponse(
        {
            "saved_at": timezone.localtime(saved_at).strftime("%H:%M:%S"),
            "remaining": max(0, int((deadline - saved_at).total_seconds())) if deadline else 0,
        }
    )


@require_POST
@candidate_required
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _my_attempt(request, pk)
    if attempt.status == Attempt.Status.OPEN:
        answers = None
        if request.POST.get("answers"):
            try:
                answers = json.loads(request.POST["answers"])
            except (ValueError, RecursionError):
                raise ValidationFailed(_("Dữ liệu bài làm không hợp lệ.")) from None
        attempts.attempt_submit(attempt=attempt, candidate=request.candidate, answers=answers)
    return redirect("exams:attempt-result", pk=attempt.pk)


@require_GET
@candidate_required
def attempt_result(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = attempts.finalize_if_due(_my_attempt(request, pk))
    if attempt.status == Attempt.Status.OPEN:
        return redirect("exams:attempt", pk=attempt.pk)
    exam = attempt.exam
    show_correct = attempts.may_see_correct(attempt)
    review = (
        attempts.paper_view(attempt, review=True, show_correct=show_correct)
        if exam.review_show_responses or show_correct
        else []
    )
    can_retry = False
    if attempts.attempts_left(exam, request.candidate) > 0:
        try:
            attempts.check_can_start(
                exam=exam, candidate=request.candidate, ip_address=client_ip(request)
            )
            can_retry = True
        except ApplicationError:
            can_retry = False
    standing = (
        Result.objects.filter(exam=exam, candidate=request.candidate).first()
        if exam.ranking_published_at
        else None
    )
    return render(
        request,
        "exams/result.html",
        {
            "standing": standing,
            "attempt": attempt,
            "exam": exam,
            "review": review,
            "show_correct": show_correct,
            "can_retry": can_retry,
            "answered": sum(1 for v in attempt.answers.values() if v not in (None, "", [])),
        },
    )
