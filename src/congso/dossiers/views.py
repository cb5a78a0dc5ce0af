"""Citizen pages of the online public service: start, fill and submit a dossier, follow it,
answer a request for supplement, rate the service; the public lookup by code and secret.

The dossier page is one multipart form that works without JavaScript: whatever the button, what
was typed is saved first, then each chosen file is checked on its own, then the action runs — so a
rejected upload or an incomplete form never loses anything. dossier.js adds autosave, a local copy
of what is typed (for a dropped connection) and one-by-one uploads.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congso.core.context import client_ip
from congso.core.exceptions import ApplicationError, NotFound, RateLimited, ValidationFailed
from congso.core.uploads import ACCEPT, accepted_types_text
from congso.dossiers import permissions, selectors, services
from congso.dossiers.forms import (
    ApplicantForm,
    LookupForm,
    RatingForm,
    StartForm,
    SupplementAnswerForm,
    WithdrawForm,
    new_client_token,
)
from congso.dossiers.models import Dossier, DossierFile
from congso.dossiers.tasks import lookup_url
from congso.procedures import schema as form_schema
from congso.procedures.models import Procedure

LOOKUPS_PER_IP = (30, 600)  # look-ups per IP within seconds
PER_PAGE = 20


def _procedure(code: str) -> Procedure:
    procedure = Procedure.objects.filter(code=code, is_active=True).first()
    if procedure is None:
        raise NotFound(_("Không tìm thấy thủ tục hành chính."))
    return procedure


@login_required
@require_http_methods(["GET", "POST"])
def dossier_start(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _procedure(code)
    agencies = services.agencies_for(procedure)
    form = StartForm(
        request.POST or None,
        procedure=procedure,
        agencies=agencies,
        initial={"token": new_client_token()},
    )
    context = {
        "procedure": procedure,
        "form": form,
        "drafts": selectors.drafts_for(user=request.user, procedure=procedure),
    }
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "dossiers/start.html", context, status=status)
    data = form.cleaned_data
    try:
        dossier = services.dossier_start(
            applicant=request.user,
            procedure=procedure,
            agency=data.get("agency"),
            case=data.get("case"),
            client_token=data["token"],
        )
    except ValidationFailed as error:
        for field, errors in error.extra.get("errors", {}).items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        if not error.extra.get("errors"):
            form.add_error(None, error.message)
        return render(request, "dossiers/start.html", context, status=400)
    return redirect("dossiers:detail", pk=dossier.pk)


@login_required
@require_GET
def my_dossiers(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang-thai", "")
    dossiers = selectors.my_dossiers(user=request.user)
    if status in Dossier.Status.values:
        dossiers = dossiers.filter(status=status)
    page = Paginator(dossiers, PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "dossiers/list.html",
        {"page": page, "status": status, "statuses": Dossier.Status.choices},
    )


def _papers_with_files(dossier: Dossier, upload_errors=None, problems=None) -> list[dict]:
    """Each paper with its current files and every message about it (upload or missing)."""
    files = [f for f in dossier.files.all() if f.kind == DossierFile.Kind.PAPER]
    rows = []
    for paper in dossier.required_papers().order_by("order", "id"):
        errors = [
            *(upload_errors or {}).get(paper.pk, []),
            *(problems or {}).get(f"paper-{paper.pk}", []),
        ]
        files_here = [f for f in files if f.paper_id == paper.pk and f.removed_at is None]
        rows.append({"paper": paper, "files": files_here, "errors": errors})
    return rows


def _detail_context(request, dossier: Dossier, **extra) -> dict:
    schema = dossier.procedure.form_schema
    context = {
        "dossier": dossier,
        "papers": _papers_with_files(dossier, extra.get("upload_errors"), extra.get("problems")),
        "results": [f for f in dossier.files.all() if f.kind == DossierFile.Kind.RESULT],
        "accept": ACCEPT,
        "accepted_text": accepted_types_text(),
        "rows": form_schema.display_rows(schema, dossier.form_data),
        "lookup_url": lookup_url(dossier) if dossier.code else "",
        "supplement": next((s for s in dossier.supplements.all() if s.answered_at is None), None),
        "upload_errors": {},
        "problems": {},
    }
    if dossier.is_editable:
        context.setdefault(
            "data_form",
            form_schema.dossier_form(
                schema, initial=form_schema.as_initial(schema, dossier.form_data)
            ),
        )
        context.setdefault("applicant_form", ApplicantForm(instance=dossier))
    context.update(extra)
    context.setdefault("withdraw_form", WithdrawForm())
    context.setdefault("rating_form", RatingForm())
    context.setdefault("supplement_form", SupplementAnswerForm())
    return context


def _upload_files(request, dossier: Dossier) -> tuple[int, dict[int, list[str]]]:
    """Store every file chosen in the form, each on its own; (stored, errors by paper id)."""
    stored, errors = 0, {}
    for key in request.FILES:
        if not key.startswith("paper-"):
            continue
        try:
            paper_id = int(key.removeprefix("paper-"))
        except ValueError:
            continue
        for upload in request.FILES.getlist(key):
            try:
                services.dossier_attach_file(
                    actor=request.user,
                    dossier=dossier,
                    paper_id=paper_id,
                    upload=upload,
                    original_name=upload.name,
                )
                stored += 1
            except ApplicationError as error:
                errors.setdefault(paper_id, []).append(f"{upload.name}: {error.message}")
    return stored, errors


def _wants_json(request) -> bool:
    """dossier.js uploads files one by one and wants a short JSON answer."""
    return request.headers.get("X-Requested-With") == "fetch"


def _upload_json(stored: int, errors: dict[int, list[str]]) -> JsonResponse:
    status = 400 if errors else 200
    payload = {
        "stored": stored,
        "errors": [m for messages_ in errors.values() for m in messages_],
        "message": _("Đã tải lên %(n)s tệp.") % {"n": stored} if stored else "",
    }
    return JsonResponse(payload, status=status)


def _save_typed(request, dossier: Dossier) -> Dossier:
    schema = dossier.procedure.form_schema
    return services.dossier_save_draft(
        actor=request.user,
        dossier=dossier,
        values=form_schema.raw_values(schema, request.POST),
        applicant=ApplicantForm(request.POST, instance=dossier).raw(),
    )


def _edit_response(request, dossier: Dossier, *, status: int, **extra) -> HttpResponse:
    schema = dossier.procedure.form_schema
    if extra.get("problems"):
        data_form = form_schema.dossier_form(
            schema, form_schema.as_form_data(schema, dossier.form_data)
        )
    else:
        data_form = form_schema.dossier_form(
            schema, initial=form_schema.as_initial(schema, dossier.form_data)
        )
    applicant_form = ApplicantForm(instance=dossier)
    context = _detail_context(
        request,
        dossier,
        data_form=data_form,
        applicant_form=applicant_form,
        show_form_errors=bool(extra.get("problems")),
        **extra,
    )
    return render(request, "dossiers/detail.html", context, status=status)


def _post_draft(request, dossier: Dossier) -> HttpResponse:
    action = request.POST.get("action", "save")
    dossier = _save_typed(request, dossier)
    if action == "autosave":
        saved = timezone.localtime(dossier.updated_at)
        return JsonResponse(
            {
                "saved_at": saved.isoformat(),
                "message": _("Đã tự động lưu lúc %(time)s.") % {"time": f"{saved:%H:%M}"},
            }
        )
    stored, upload_errors = _upload_files(request, dossier)
    if _wants_json(request):
        return _upload_json(stored, upload_errors)
    if request.POST.get("remove"):
        try:
            services.dossier_remove_file(
                actor=request.user, dossier=dossier, file_id=int(request.POST["remove"])
            )
            messages.success(request, _("Đã gỡ tệp khỏi hồ sơ."))
        except (ApplicationError, ValueError):
            messages.error(request, _("Không gỡ được tệp này."))
        return redirect("dossiers:detail", pk=dossier.pk)
    if upload_errors:
        return _edit_response(
            request,
            dossier,
            status=400,
            upload_errors=upload_errors,
            error=_(
                "Một số tệp không tải lên được (xem từng mục bên dưới). Nội dung bạn đã nhập "
                "và các tệp hợp lệ đã được lưu."
            ),
        )
    if action == "submit":
        try:
            dossier, first = services.dossier_submit(actor=request.user, dossier=dossier)
        except ValidationFailed as error:
            return _edit_response(
                request,
                dossier,
                status=400,
                problems=error.extra.get("errors", {}),
                error=error.message,
            )
        if first:
            messages.success(
                request,
                _("Đã nộp hồ sơ. Mã hồ sơ: %(code)s. Thư xác nhận đã được gửi tới %(email)s.")
                % {"code": dossier.code, "email": dossier.email or "—"},
            )
        return redirect("dossiers:detail", pk=dossier.pk)
    saved = timezone.localtime(dossier.updated_at)
    note = _("Đã lưu nháp lúc %(time)s ngày %(date)s.") % {
        "time": f"{saved:%H:%M}",
        "date": f"{saved:%d/%m/%Y}",
    }
    if stored:
        note += " " + _("Đã tải lên %(n)s tệp.") % {"n": stored}
    messages.success(request, note)
    return redirect("dossiers:detail", pk=dossier.pk)


def _post_submitted(request, dossier: Dossier) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "submit":  # a second click or a retry: the dossier is already in
        return redirect("dossiers:detail", pk=dossier.pk)
    if action == "withdraw":
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            context = _detail_context(request, dossier, withdraw_form=form)
            return render(request, "dossiers/detail.html", context, status=400)
        services.dossier_withdraw(
            actor=request.user, dossier=dossier, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Đã rút hồ sơ."))
        return redirect("dossiers:detail", pk=dossier.pk)
    if action == "rate":
        form = RatingForm(request.POST)
        if not form.is_valid():
            context = _detail_context(request, dossier, rating_form=form)
            return render(request, "dossiers/detail.html", context, status=400)
        services.dossier_rate(
            actor=request.user,
            dossier=dossier,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Cảm ơn bạn đã đánh giá."))
        return redirect("dossiers:detail", pk=dossier.pk)
    if action in {"upload", "answer_supplement"} or request.POST.get("remove"):
        stored, upload_errors = _upload_files(request, dossier)
        if _wants_json(request):
            return _upload_json(stored, upload_errors)
        if request.POST.get("remove"):
            try:
                services.dossier_remove_file(
                    actor=request.user, dossier=dossier, file_id=int(request.POST["remove"])
                )
            except (ApplicationError, ValueError):
                messages.error(request, _("Không gỡ được tệp này."))
            return redirect("dossiers:detail", pk=dossier.pk)
        if upload_errors:
            context = _detail_context(
                request, dossier, upload_errors=upload_errors, error=_("Một số tệp không hợp lệ.")
            )
            return render(request, "dossiers/detail.html", context, status=400)
        if action == "answer_supplement":
            form = SupplementAnswerForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.dossier_answer_supplement(actor=request.user, dossier=dossier, note=note)
            messages.success(request, _("Đã gửi bổ sung hồ sơ."))
        elif stored:
            messages.success(request, _("Đã tải lên %(n)s tệp.") % {"n": stored})
        return redirect("dossiers:detail", pk=dossier.pk)
    raise ValidationFailed(_("Thao tác không hợp lệ."))


@login_required
@require_http_methods(["GET", "POST"])
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = permissions.access_own_dossier(user=request.user, dossier_id=pk)
    if request.method == "POST":
        try:
            if dossier.is_editable:
                return _post_draft(request, dossier)
            return _post_submitted(request, dossier)
        except ApplicationError as error:
            if request.POST.get("action") == "autosave":
                raise
            dossier = selectors.dossier_page(dossier)
            context = _detail_context(request, dossier, error=error.message)
            return render(request, "dossiers/detail.html", context, status=error.status)
    dossier = selectors.dossier_page(dossier)
    return render(request, "dossiers/detail.html", _detail_context(request, dossier))


@login_required
@require_GET
def dossier_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    """A file of the dossier, for its applicant (and the desk of its agency)."""
    item = get_object_or_404(
        DossierFile.objects.select_related("dossier", "dossier__agency"), pk=file_id, dossier_id=pk
    )
    from congso.dossiers import processing

    dossier = item.dossier
    if item.kind == DossierFile.Kind.INTERNAL and permissions.is_applicant(request.user, dossier):
        raise NotFound(_("Không tìm thấy tệp."))  # working drafts stay inside the agencies
    if not (
        permissions.is_applicant(request.user, dossier)
        or permissions.can_work_at_desk(request.user, dossier.agency)
        or processing.can_see(request.user, dossier)
    ):
        raise NotFound(_("Không tìm thấy tệp."))
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="{item.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _lookup_allowed(request: HttpRequest) -> bool:
    limit, seconds = LOOKUPS_PER_IP
    key = f"congso:dossier:lookup:{client_ip(request)}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit


@require_GET
def dossier_lookup(request: HttpRequest) -> HttpResponse:
    """Public lookup by code + secret, no sign-in; the QR code on the receipt opens it filled."""
    searched = "ma" in request.GET
    form = LookupForm(request.GET if searched else None)
    context: dict = {"form": form, "searched": searched, "found": None}
    status = 200
    if searched:
        if not _lookup_allowed(request):
            raise RateLimited(_("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút."))
        if not form.is_valid():
            status = 400
        else:
            context["found"] = selectors.lookup(
                code=form.cleaned_data["ma"], secret=form.cleaned_data["bi_mat"]
            )
            if context["found"] is None:
                status = 404
    response = render(request, "dossiers/lookup.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
