"""Dashboard, question banks and their category trees and question lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congso.core.exceptions import ApplicationError
from congso.exams import permissions
from congso.exams import questions as question_services
from congso.exams.forms import BankForm, CategoryForm, QuestionFilterForm
from congso.exams.models import (
    Contest,
    Exam,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
)
from congso.exams.views_organiser.common import (
    category_choices,
    category_tree,
    organiser_units_checked,
    paginate,
    render_page,
)

DASHBOARD_EXAMS = 50


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    units = organiser_units_checked(request.user)
    banks = (
        QuestionBank.objects.filter(org_unit__in=units)
        .select_related("org_unit")
        .annotate(
            question_count=Count("questions", filter=Q(questions__is_archived=False)),
        )
        .order_by("name")
    )
    contests = (
        Contest.objects.filter(org_unit__in=units)
        .select_related("org_unit")
        .annotate(round_count=Count("rounds"))
        .order_by("-created_at")
    )
    exams = (
        Exam.objects.filter(org_unit__in=units)
        .select_related("org_unit", "contest", "bank")
        .annotate(
            attempt_count=Count("attempts"),
            open_count=Count("attempts", filter=Q(attempts__status="open")),
        )
        .order_by("-opens_at")[:DASHBOARD_EXAMS]
    )
    return render_page(
        request,
        "dashboard.html",
        {"banks": list(banks), "contests": list(contests), "exams": list(exams)},
    )


@login_required
@require_GET
def bank_list(request: HttpRequest) -> HttpResponse:
    units = organiser_units_checked(request.user)
    banks = (
        QuestionBank.objects.filter(org_unit__in=units)
        .select_related("org_unit")
        .annotate(
            question_count=Count(
                "questions", filter=Q(questions__is_archived=False), distinct=True
            ),
            category_count=Count("categories", distinct=True),
        )
        .order_by("org_unit__path", "name")
    )
    return render_page(request, "bank_list.html", {"page": paginate(request, banks)})


@login_required
@require_http_methods(["GET", "POST"])
def bank_create(request: HttpRequest) -> HttpResponse:
    units = organiser_units_checked(request.user).order_by("path")
    form = BankForm(request.POST or None, units=units)
    if request.method == "POST":
        if not form.is_valid():
            return render_page(request, "bank_form.html", {"form": form}, status=400)
        try:
            bank = question_services.bank_create(
                actor=request.user,
                org_unit=form.cleaned_data["org_unit"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return render_page(request, "bank_form.html", {"form": form}, status=error.status)
        messages.success(request, _("Đã tạo ngân hàng câu hỏi “%(name)s”.") % {"name": bank.name})
        return redirect("exams:org-bank", pk=bank.pk)
    return render_page(request, "bank_form.html", {"form": form})


def _question_list(bank: QuestionBank, form: QuestionFilterForm, nodes):
    questions = Question.objects.filter(bank=bank).select_related("current_version")
    data = form.cleaned_data if form.is_valid() else {}
    archived = data.get("an") or ""
    if archived == "1":
        questions = questions.filter(is_archived=True)
    elif archived != "tat-ca":
        questions = questions.filter(is_archived=False)
    if data.get("chu_de"):
        node = next((n for n in nodes if n.category.pk == data["chu_de"]), None)
        questions = questions.filter(category_id__in=node.descendants if node else [])
    if data.get("loai"):
        questions = questions.filter(qtype=data["loai"])
    if data.get("do_kho"):
        questions = questions.filter(difficulty=data["do_kho"])
    if data.get("q"):
        query = " ".join(data["q"].split())
        questions = questions.filter(
            Q(current_version__text__icontains=query) | Q(current_version__name__icontains=query)
        )
    return questions.order_by("-id")


@login_required
@require_GET
def bank_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bank = permissions.access_bank(user=request.user, bank_id=pk)
    nodes = category_tree(bank.pk)
    counts = dict(
        Question.objects.filter(bank=bank, is_archived=False)
        .values_list("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )
    choices = category_choices(nodes)
    form = QuestionFilterForm(request.GET or None, categories=choices)
    page = paginate(request, _question_list(bank, form, nodes))
    names = {n.category.pk: n.full_name for n in nodes}
    rows = [(q, names.get(q.category_id, "")) for q in page.object_list]
    return render_page(
        request,
        "bank_detail.html",
        {
            "bank": bank,
            "nodes": [(n, counts.get(n.category.pk, 0)) for n in nodes],
            "filter_form": form,
            "page": page,
            "rows": rows,
            "category_form": CategoryForm(categories=choices),
            "types": QuestionType.choices,
        },
    )


@login_required
@require_POST
def category_create(request: HttpRequest, pk: int) -> HttpResponse:
    bank = permissions.access_bank(user=request.user, bank_id=pk)
    nodes = category_tree(bank.pk)
    form = CategoryForm(request.POST, categories=category_choices(nodes))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("exams:org-bank", pk=bank.pk)
    parent_id = form.cleaned_data["parent"]
    parent = next((n for n in nodes if n.category.pk == parent_id), None)
    name = form.cleaned_data["name"]
    path = [*(parent.path if parent else []), name]
    existed = QuestionCategory.objects.filter(
        bank=bank, parent_id=parent_id, name__iexact=name
    ).exists()
    category = question_services.category_get_or_create(actor=request.user, bank=bank, path=path)
    if existed:
        messages.info(request, _("Chủ đề “%(name)s” đã có sẵn.") % {"name": category.name})
    else:
        messages.success(request, _("Đã thêm chủ đề “%(name)s”.") % {"name": category.name})
    return redirect("exams:org-bank", pk=bank.pk)
