"""The officials' Q&A screens inside the CMS (/cms/hoi-dap/): a list and one page per question.

Each action form posts to its own URL and calls one service; refusals are shown on the page
with the service's Vietnamese message and its status (403, 409, 422).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congso.core.exceptions import ApplicationError
from congso.portal.qa import permissions, selectors, services
from congso.portal.qa.forms import AnswerForm, AssignForm, RejectForm
from congso.portal.qa.models import Question

PER_PAGE = 25


def _action_labels() -> dict[str, str]:
    return {
        "question.submit": _("Gửi câu hỏi"),
        "question.assign": _("Giao trả lời"),
        "question.answer": _("Trả lời"),
        "question.publish": _("Công khai"),
        "question.reject": _("Không tiếp nhận"),
        "question.seed": _("Tạo dữ liệu mẫu"),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:100]
    mine = request.GET.get("mine") == "1"
    base = permissions.visible_questions(request.user)
    if mine:
        base = base.filter(assigned_to=request.user)
    questions = selectors.admin_questions(base, status=status, query=query)
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_title": _("Hỏi đáp"),
        "header_icon": "help",
        "page": page,
        "status": status,
        "query": query,
        "mine": mine,
        "statuses": Question.Status.choices,
    }
    return render(request, "portal_qa/admin/index.html", context)


def _detail(request: HttpRequest, question: Question, forms=None, status: int = 200, error=""):
    user = request.user
    forms = forms or {}
    can_manage = permissions.can_manage(user, question)
    can_answer = permissions.can_answer(user, question)
    state = question.status
    labels = _action_labels()

    def allowed(action: str) -> bool:
        return state in services.TRANSITIONS[action][0]

    context = {
        "page_title": question.title,
        "header_icon": "help",
        "question": question,
        "history": [
            (row, labels.get(row.action, row.action))
            for row in selectors.question_history(question)
        ],
        "error": error,
        "assign_form": forms.get("assign")
        or (
            AssignForm(
                officials=permissions.eligible_officials(question.site),
                initial={"official": question.assigned_to_id},
            )
            if can_manage and allowed("assign")
            else None
        ),
        "answer_form": forms.get("answer")
        or (
            AnswerForm(initial={"answer": question.answer})
            if can_answer and allowed("answer")
            else None
        ),
        "can_publish": can_manage and allowed("publish"),
        "reject_form": forms.get("reject")
        or (RejectForm() if can_manage and allowed("reject") else None),
    }
    return render(request, "portal_qa/admin/detail.html", context, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    return _detail(request, question)


def _act(request, question, name, form, call, done):
    if form is not None and not form.is_valid():
        return _detail(request, question, forms={name: form}, status=400)
    try:
        call()
    except ApplicationError as error:
        question.refresh_from_db()
        return _detail(
            request,
            question,
            forms={name: form} if form is not None else None,
            status=error.status,
            error=error.message,
        )
    messages.success(request, done)
    return redirect("portal_qa_admin:detail", pk=question.pk)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    form = AssignForm(request.POST, officials=permissions.eligible_officials(question.site))
    return _act(
        request, question, "assign", form,
        lambda: services.question_assign(
            actor=request.user, question=question,
            official=form.cleaned_data["official"], note=form.cleaned_data["note"],
        ),
        _("Đã giao câu hỏi cho cán bộ trả lời."),
    )  # fmt: skip


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    form = AnswerForm(request.POST)
    return _act(
        request, question, "answer", form,
        lambda: services.question_answer(
            actor=request.user, question=question, answer=form.cleaned_data["answer"]
        ),
        _("Đã lưu câu trả lời. Câu trả lời chờ biên tập viên công khai."),
    )  # fmt: skip


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    return _act(
        request, question, "publish", None,
        lambda: services.question_publish(actor=request.user, question=question),
        _("Đã công khai câu hỏi và câu trả lời; người hỏi đã được báo qua thư điện tử."),
    )  # fmt: skip


@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    form = RejectForm(request.POST)
    return _act(
        request, question, "reject", form,
        lambda: services.question_reject(
            actor=request.user, question=question, reason=form.cleaned_data["reason"]
        ),
        _("Đã ghi nhận không tiếp nhận câu hỏi."),
    )  # fmt: skip
