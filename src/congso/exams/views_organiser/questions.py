"""Writing questions of every type, their versions (history, read-only view, comparison,
restore) and hiding them from new papers."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congso.core.exceptions import ApplicationError, NotFound, ValidationFailed
from congso.exams import organising, permissions
from congso.exams import questions as question_services
from congso.exams.forms import ADD_ROWS, QuestionForm, ReasonForm, percent_label
from congso.exams.models import Question, QuestionBank, QuestionType, QuestionVersion
from congso.exams.views_organiser.common import (
    category_choices,
    category_tree,
    render_page,
    safe_next,
)


def _insert_image(request: HttpRequest, bank: QuestionBank, upload, alt: str) -> str:
    """Store an uploaded image of the bank; the <img> to put into the question's text."""
    if (upload.size or 0) > organising.MAX_IMAGE_BYTES:
        raise ValidationFailed(_("Ảnh quá lớn: tối đa 5 MB."))
    forms.ImageField().clean(upload)  # Pillow opens it: a real picture
    image = organising.question_image_add(actor=request.user, bank=bank, file=upload)
    return f'<p><img src="{escape(image.image.url)}" alt="{escape(alt)}"></p>'


def _editor(
    request: HttpRequest,
    *,
    bank: QuestionBank,
    qtype: str,
    question: Question | None,
    context: dict[str, Any],
    save,
) -> HttpResponse:
    """GET: the form; POST: add rows, upload an image, or save through `save(form) -> Question`."""
    categories = category_choices(category_tree(bank.pk))
    if not categories:
        messages.warning(
            request, _("Ngân hàng chưa có chủ đề: hãy thêm một chủ đề trước khi thêm câu hỏi.")
        )
        return redirect("exams:org-bank", pk=bank.pk)
    editing = question is not None
    version = question.current_version if question else None

    def make_form(data=None, files=None, **kwargs: Any) -> QuestionForm:
        return QuestionForm(
            data, files, qtype=qtype, categories=categories, editing=editing, version=version,
            **kwargs,
        )  # fmt: skip

    template = "question_form.html"
    context = {**context, "bank": bank, "question": question}
    if request.method == "GET":
        initial = {}
        if question is not None:
            initial["category"] = question.category_id
        elif request.GET.get("chu-de", "").isdigit():
            initial["category"] = int(request.GET["chu-de"])
        form = make_form(initial=initial)
        return render_page(request, template, {**context, "form": form})
    action = request.POST.get("action", "save")
    if action == "add-row":
        form = make_form(request.POST, add_rows=ADD_ROWS)
        return render_page(request, template, {**context, "form": form})
    if action == "upload":
        data = request.POST.copy()
        upload = request.FILES.get("image")
        error = None
        if upload is None:
            error = _("Hãy chọn ảnh cần chèn.")
        else:
            try:
                img = _insert_image(request, bank, upload, data.get("image_alt", ""))
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            except ApplicationError as failed:
                error = failed.message
            else:
                data["text"] = f"{data.get('text', '').rstrip()}\n{img}".strip()
                data["image_alt"] = ""
        form = make_form(data)
        context["upload_error"] = error
        return render_page(
            request, template, {**context, "form": form}, status=400 if error else 200
        )
    form = make_form(request.POST, request.FILES)
    if not form.is_valid():
        return render_page(request, template, {**context, "form": form}, status=400)
    try:
        if form.cleaned_data.get("image"):
            img = _insert_image(
                request, bank, form.cleaned_data["image"], form.cleaned_data.get("image_alt", "")
            )
            form.cleaned_data["text"] = f"{form.cleaned_data['text'].rstrip()}\n{img}".strip()
        saved = save(form)
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_page(request, template, {**context, "form": form}, status=error.status)
    if action == "save-new" and not editing:
        return redirect(
            f"{reverse('exams:org-question-create', args=[bank.pk])}"
            f"?loai={qtype}&chu-de={saved.category_id}"
        )
    return redirect(safe_next(request, reverse("exams:org-bank", args=[bank.pk])))


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    bank = permissions.access_bank(user=request.user, bank_id=pk)
    qtype = request.POST.get("loai") or request.GET.get("loai", "")
    if qtype not in QuestionType.values:
        return render_page(
            request,
            "question_type.html",
            {"bank": bank, "types": QuestionType.choices},
            status=200 if request.method == "GET" and not qtype else 400,
        )

    def save(form: QuestionForm) -> Question:
        question = question_services.question_create(
            actor=request.user, bank=bank, qtype=qtype, **form.service_kwargs()
        )
        messages.success(request, _("Đã thêm câu hỏi “%(title)s”.") % {"title": question})
        return question

    return _editor(request, bank=bank, qtype=qtype, question=None, context={}, save=save)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)

    def save(form: QuestionForm) -> Question:
        before = question.current_version_id
        updated = question_services.question_update(
            actor=request.user,
            question=question,
            reason=form.cleaned_data.get("reason", ""),
            **form.service_kwargs(),
        )
        if updated.current_version_id == before:
            messages.info(request, _("Không có thay đổi nào, câu hỏi giữ nguyên phiên bản."))
        else:
            messages.success(
                request,
                _("Đã lưu phiên bản %(n)s của câu hỏi.")
                % {"n": updated.current_version.number if updated.current_version else "?"},
            )
        return updated

    return _editor(
        request,
        bank=question.bank,
        qtype=question.qtype,
        question=question,
        context={},
        save=save,
    )


def version_display(version: QuestionVersion) -> dict[str, Any]:
    """A version's answers as lines for people (read-only view and comparison)."""
    data = version.data or {}
    answers: list[dict[str, Any]] = []
    notes: list[str] = []
    if version.qtype in (QuestionType.SINGLE, QuestionType.MULTI):
        for choice in data.get("choices", []):
            answers.append(
                {
                    "html": choice.get("text", ""),
                    "fraction": percent_label(choice.get("fraction", 0)),
                    "correct": float(choice.get("fraction", 0)) > 0,
                    "feedback": choice.get("feedback", ""),
                }
            )
    elif version.qtype == QuestionType.TRUE_FALSE:
        notes.append(
            _("Đáp án đúng: %(answer)s")
            % {"answer": _("Đúng") if data.get("correct") else _("Sai")}
        )
    elif version.qtype == QuestionType.SHORT_ANSWER:
        for answer in data.get("answers", []):
            answers.append(
                {
                    "html": escape(answer.get("text", "")),
                    "fraction": percent_label(answer.get("fraction", 0)),
                    "correct": float(answer.get("fraction", 0)) > 0,
                    "feedback": "",
                }
            )
        notes.append(
            _("Phân biệt chữ hoa, chữ thường") if data.get("case_sensitive")
            else _("Không phân biệt chữ hoa, chữ thường")
        )  # fmt: skip
        notes.append(
            _("Phân biệt dấu tiếng Việt") if data.get("accent_sensitive", True)
            else _("Không phân biệt dấu tiếng Việt")
        )  # fmt: skip
    elif version.qtype == QuestionType.NUMERIC:
        for answer in data.get("answers", []):
            answers.append(
                {
                    "html": escape(
                        _("%(value)s (sai số ±%(tolerance)s)")
                        % {
                            "value": str(answer.get("value", "")).replace(".", ","),
                            "tolerance": str(answer.get("tolerance", "0")).replace(".", ","),
                        }
                    ),
                    "fraction": percent_label(answer.get("fraction", 0)),
                    "correct": float(answer.get("fraction", 0)) > 0,
                    "feedback": "",
                }
            )
    return {"answers": answers, "notes": notes}


def _version(question: Question, number: int) -> QuestionVersion:
    version = question.versions.select_related("created_by").filter(number=number).first()
    if version is None:
        raise NotFound(_("Không tìm thấy phiên bản này của câu hỏi."))
    return version


@login_required
@require_GET
def question_history(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    versions = list(question.versions.select_related("created_by").order_by("-number"))
    return render_page(
        request,
        "question_history.html",
        {"bank": question.bank, "question": question, "versions": versions},
    )


@login_required
@require_GET
def question_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    version = _version(question, number)
    return render_page(
        request,
        "question_version.html",
        {
            "bank": question.bank,
            "question": question,
            "version": version,
            "shown": version_display(version),
            "is_current": version.pk == question.current_version_id,
            "restore_form": ReasonForm(),
        },
    )


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """[("same" | "del" | "ins", words)]: what changed between two plain texts, word by word."""
    a, b = before.split(), after.split()
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("ins", " ".join(b[j1:j2])))
    return segments


def _plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def _answer_lines(version: QuestionVersion) -> list[str]:
    shown = version_display(version)
    lines = [f"{_plain(a['html'])} — {a['fraction']}" for a in shown["answers"]]
    return lines + [str(n) for n in shown["notes"]]


def compare_rows(a: QuestionVersion, b: QuestionVersion) -> list[dict[str, Any]]:
    def row(label: str, left: str, right: str) -> dict[str, Any]:
        return {"label": label, "a": left, "b": right, "changed": left != right}

    rows = [
        row(_("Tên ngắn"), a.name, b.name),
        row(_("Nội dung"), _plain(a.text), _plain(b.text)),
        row(_("Đáp án"), "\n".join(_answer_lines(a)), "\n".join(_answer_lines(b))),
        row(_("Điểm"), str(a.default_mark), str(b.default_mark)),
        row(_("Độ khó"), a.get_difficulty_display(), b.get_difficulty_display()),
        row(_("Thẻ"), ", ".join(a.tags or []), ", ".join(b.tags or [])),
        row(_("Giải thích đáp án"), _plain(a.general_feedback), _plain(b.general_feedback)),
    ]
    rows[1]["diff"] = word_diff(rows[1]["a"], rows[1]["b"])
    return rows


@login_required
@require_GET
def question_compare(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    numbers = sorted(question.versions.values_list("number", flat=True))
    current = question.current_version.number if question.current_version else numbers[-1]

    def pick(name: str, default: int) -> int:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in numbers else default

    b = pick("b", current)
    a = pick("a", max([n for n in numbers if n < b], default=b))
    version_a, version_b = _version(question, a), _version(question, b)
    return render_page(
        request,
        "question_compare.html",
        {
            "bank": question.bank,
            "question": question,
            "a": version_a,
            "b": version_b,
            "numbers": numbers,
            "rows": compare_rows(version_a, version_b),
        },
    )


@login_required
@require_POST
def question_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Make a past version current again, as a new version (history is never rewritten)."""
    question = permissions.access_question(user=request.user, question_id=pk)
    version = _version(question, number)
    form = ReasonForm(request.POST)
    note = form.cleaned_data["reason"] if form.is_valid() else ""
    reason = _("Khôi phục nội dung phiên bản %(n)s") % {"n": number}
    if note:
        reason = f"{reason}: {note}"
    updated = question_services.question_update(
        actor=request.user,
        question=question,
        text=version.text,
        data=version.data,
        name=version.name,
        default_mark=version.default_mark,
        difficulty=version.difficulty,
        tags=list(version.tags or []),
        general_feedback=version.general_feedback,
        reason=reason,
    )
    messages.success(
        request,
        _("Đã khôi phục nội dung phiên bản %(old)s thành phiên bản %(new)s.")
        % {
            "old": number,
            "new": updated.current_version.number if updated.current_version else "?",
        },
    )
    return redirect("exams:org-question-history", pk=question.pk)


@login_required
@require_POST
def question_archive(request: HttpRequest, pk: int) -> HttpResponse:
    question = permissions.access_question(user=request.user, question_id=pk)
    archived = request.POST.get("archived") != "0"
    form = ReasonForm(request.POST)
    question_services.question_archive(
        actor=request.user,
        question=question,
        archived=archived,
        reason=form.cleaned_data["reason"] if form.is_valid() else "",
    )
    if archived:
        messages.success(
            request, _("Đã ẩn câu hỏi: các đề rút sau này không dùng câu hỏi này nữa.")
        )
    else:
        messages.success(request, _("Đã dùng lại câu hỏi."))
    return redirect(safe_next(request, reverse("exams:org-bank", args=[question.bank_id])))
