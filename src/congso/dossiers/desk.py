"""The one-stop desk's side of online dossiers: the queue of submissions and the first decision
on each — receive (the clock starts), ask for everything missing at once, or refuse.

The full desk (counter registration, printed slips, processing steps) builds on these pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congso.core.exceptions import ApplicationError, NotFound, NotPermitted, ValidationFailed
from congso.dossiers import permissions, processing, selectors, services
from congso.dossiers.models import Dossier, DossierFile
from congso.procedures import schema as form_schema

PER_PAGE = 30


def _check_desk_user(user) -> None:
    if not permissions.desk_agencies(user).exists():
        raise NotPermitted(_("Trang này dành cho cán bộ bộ phận một cửa."))


@login_required
@require_GET
def desk_queue(request: HttpRequest) -> HttpResponse:
    _check_desk_user(request.user)
    queue = selectors.desk_queue(user=request.user)
    page = Paginator(queue, PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "dossiers/desk/queue.html", {"page": page})


def _desk_dossier(user, pk: int) -> Dossier:
    dossier = Dossier.objects.select_related("agency").filter(pk=pk).exclude(status="draft").first()
    if dossier is None or not permissions.can_work_at_desk(user, dossier.agency):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return selectors.dossier_page(dossier)


def _parse_local(text: str):
    """'16:00 04/12/2026' (or '04/12/2026', meaning the end of that working day) → aware."""
    from datetime import datetime

    text = " ".join(text.split())
    for fmt in ("%H:%M %d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            value = datetime.strptime(text, fmt)  # noqa: DTZ007 - made aware just below
        except ValueError:
            continue
        if fmt == "%d/%m/%Y":
            value = value.replace(hour=17)
        return timezone.make_aware(value)
    return None


def _supplement_items(request, dossier: Dossier) -> tuple[list[dict], list[str]]:
    """Checked papers and fields of the request form, each with its reason."""
    items, errors = [], []
    for paper in dossier.required_papers():
        if request.POST.get(f"paper-{paper.pk}"):
            reason = request.POST.get(f"paper-{paper.pk}-reason", "").strip()
            if not reason:
                errors.append(_("Ghi lý do cho “%(name)s”.") % {"name": paper.name})
            items.append({"paper": paper.pk, "reason": reason})
    for name, spec, _req in form_schema.fields_of(dossier.procedure.form_schema):
        if request.POST.get(f"field-{name}"):
            reason = request.POST.get(f"field-{name}-reason", "").strip()
            if not reason:
                errors.append(_("Ghi lý do cho mục “%(name)s”.") % {"name": spec["title"]})
            items.append({"field": name, "reason": reason})
    other = request.POST.get("other-reason", "").strip()
    if other:
        items.append({"paper": None, "field": "", "reason": other})
    if not items and not errors:
        errors.append(_("Đánh dấu ít nhất một giấy tờ hoặc nội dung cần bổ sung, kèm lý do."))
    return items, errors


@login_required
@require_http_methods(["GET", "POST"])
def desk_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _desk_dossier(request.user, pk)
    context = {
        "dossier": dossier,
        "rows": form_schema.display_rows(dossier.procedure.form_schema, dossier.form_data),
        "fields": form_schema.fields_of(dossier.procedure.form_schema),
        "papers": list(dossier.required_papers().order_by("order", "id")),
        "files": [f for f in dossier.files.all() if f.kind == DossierFile.Kind.PAPER],
        "results": [f for f in dossier.files.all() if f.kind == DossierFile.Kind.RESULT],
        "step": processing.open_step(dossier),
        "errors": [],
    }
    if request.method == "GET":
        return render(request, "dossiers/desk/detail.html", context)
    action = request.POST.get("action")
    note = request.POST.get("note", "").strip()
    try:
        if action == "receive":
            dossier = services.dossier_receive(actor=request.user, dossier=dossier, note=note)
            messages.success(
                request,
                _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả kết quả %(due)s.")
                % {
                    "code": dossier.code,
                    "due": f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}",
                },
            )
        elif action == "supplement":
            items, errors = _supplement_items(request, dossier)
            if errors:
                context["errors"] = errors
                return render(request, "dossiers/desk/detail.html", context, status=400)
            services.dossier_request_supplement(
                actor=request.user, dossier=dossier, items=items, message=note
            )
            messages.success(request, _("Đã gửi yêu cầu bổ sung cho người nộp."))
        elif action == "issue_result":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationFailed(_("Vui lòng chọn tệp kết quả giải quyết."))
            services.dossier_issue_result(
                actor=request.user, dossier=dossier, file=upload, note=note
            )
            messages.success(request, _("Đã có kết quả; người nộp đã được báo."))
        elif action == "reschedule":
            new_due = _parse_local(request.POST.get("new_due", ""))
            if new_due is None:
                raise ValidationFailed(
                    _(
                        "Ngày hẹn lại phải theo dạng giờ:phút ngày/tháng/năm, ví dụ 16:00 04/12/2026."
                    )
                )
            services.dossier_reschedule(
                actor=request.user, dossier=dossier, new_due=new_due, reason=note
            )
            messages.success(request, _("Đã hẹn lại và gửi phiếu xin lỗi cho người nộp."))
        elif action == "return_result":
            services.dossier_return_result(actor=request.user, dossier=dossier, note=note)
            messages.success(request, _("Đã trả kết quả, hồ sơ kết thúc."))
        elif action == "refuse":
            services.dossier_refuse(actor=request.user, dossier=dossier, reason=note)
            messages.success(request, _("Đã từ chối tiếp nhận hồ sơ."))
        else:
            context["errors"] = [_("Thao tác không hợp lệ.")]
            return render(request, "dossiers/desk/detail.html", context, status=400)
    except ApplicationError as error:
        context["errors"] = [error.message]
        return render(request, "dossiers/desk/detail.html", context, status=error.status)
    return redirect("dossiers:desk-dossier", pk=dossier.pk)


def _counter_procedures(user):
    from congso.procedures.models import Procedure

    return (
        Procedure.objects.filter(is_active=True, agencies__in=permissions.desk_agencies(user))
        .distinct()
        .order_by("name")
    )


@login_required
@require_GET
def counter_choose(request: HttpRequest) -> HttpResponse:
    """Step 1 of registering a dossier brought in person: which procedure."""
    from congso.core.text import fold

    _check_desk_user(request.user)
    query = request.GET.get("q", "").strip()[:100]
    procedures = _counter_procedures(request.user)
    if query:
        procedures = procedures.filter(search_text__contains=fold(query))
    return render(
        request,
        "dossiers/desk/counter_choose.html",
        {"procedures": procedures[:100], "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def counter_register(request: HttpRequest, code: str) -> HttpResponse:
    """Step 2: the applicant, the form and the scanned papers; received at once when complete."""
    from congso.dossiers.forms import ApplicantForm

    _check_desk_user(request.user)
    procedure = _counter_procedures(request.user).filter(code=code).first()
    if procedure is None:
        raise NotFound(_("Không tìm thấy thủ tục hành chính."))
    agencies = services.agencies_for(procedure).filter(
        pk__in=permissions.desk_agencies(request.user).values("pk")
    )
    schema = procedure.form_schema
    context = {
        "procedure": procedure,
        "agencies": agencies,
        "cases": procedure.cases.all(),
        "applicant_form": ApplicantForm(request.POST or None),
        "data_form": form_schema.dossier_form(schema, request.POST or None),
        "errors": {},
    }
    context["papers"] = procedure.papers.select_related("case").order_by("order", "id")
    if request.method == "GET":
        return render(request, "dossiers/desk/counter_register.html", context)
    agency = agencies.filter(pk=request.POST.get("agency") or 0).first() or (
        agencies.first() if len(agencies) == 1 else None
    )
    case = procedure.cases.filter(pk=request.POST.get("case") or 0).first()
    uploads = []
    for key in request.FILES:
        if key.startswith("paper-"):
            try:
                paper_id = int(key.removeprefix("paper-"))
            except ValueError:
                continue
            uploads += [(paper_id, f) for f in request.FILES.getlist(key)]
    try:
        if agency is None:
            raise ValidationFailed(_("Vui lòng chọn cơ quan tiếp nhận hồ sơ."))
        dossier = services.dossier_register_at_counter(
            clerk=request.user,
            procedure=procedure,
            agency=agency,
            case=case,
            applicant=ApplicantForm(request.POST).raw(),
            values=form_schema.raw_values(schema, request.POST),
            uploads=uploads,
            note=request.POST.get("note", ""),
        )
    except ApplicationError as error:
        context["error"] = error.message
        context["errors"] = error.extra.get("errors", {})
        return render(request, "dossiers/desk/counter_register.html", context, status=error.status)
    messages.success(
        request,
        _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả kết quả %(due)s.")
        % {"code": dossier.code, "due": f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}"},
    )
    return redirect("dossiers:desk-dossier", pk=dossier.pk)


def _parse_day(text: str):
    from datetime import datetime

    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a date
    except ValueError:
        return None


@login_required
@require_GET
def log_book(request: HttpRequest) -> HttpResponse:
    """Mẫu 06 — Sổ theo dõi hồ sơ: the desk's dossiers received in a period, printable and
    exportable to Excel."""
    _check_desk_user(request.user)
    today = timezone.localdate()
    start = _parse_day(request.GET.get("tu", "")) if request.GET.get("tu") else today.replace(day=1)
    end = _parse_day(request.GET.get("den", "")) if request.GET.get("den") else today
    if start is None or end is None or start > end:
        raise ValidationFailed(
            _(
                "Khoảng thời gian không hợp lệ: nhập ngày dạng ngày/tháng/năm, từ ngày trước đến ngày."
            )
        )
    rows = list(selectors.log_book(user=request.user, start=start, end=end))
    if request.GET.get("xuat") == "excel":
        return _log_book_excel(rows, start, end)
    return render(
        request,
        "dossiers/desk/log_book.html",
        {"rows": rows, "start": start, "end": end},
    )


def _log_book_excel(rows, start, end) -> HttpResponse:
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi ho so"
    sheet.append([str(_("SỔ THEO DÕI HỒ SƠ")), f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"])
    headers = [
        _("STT"), _("Mã hồ sơ"), _("Thủ tục"), _("Người nộp"), _("Địa chỉ, điện thoại"),
        _("Kênh nộp"), _("Nhận lúc"), _("Hẹn trả"), _("Có kết quả"), _("Đã trả"),
        _("Trạng thái"),
    ]  # fmt: skip
    sheet.append([str(h) for h in headers])
    for cell in sheet[2]:
        cell.font = Font(bold=True)

    def local(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    for number, d in enumerate(rows, start=1):
        sheet.append([
            number, d.code, d.procedure.name, d.applicant_name,
            ", ".join(x for x in (d.address, d.phone) if x), d.get_channel_display(),
            local(d.received_at), local(d.due_at), local(d.finished_at), local(d.returned_at),
            d.get_status_display(),
        ])  # fmt: skip
    for column in "GHIJ":
        for cell in sheet[column][2:]:
            cell.number_format = "hh:mm dd/mm/yyyy"
    for column, width in zip(
        "ABCDEFGHIJK", (6, 28, 50, 24, 36, 14, 17, 17, 17, 17, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response
