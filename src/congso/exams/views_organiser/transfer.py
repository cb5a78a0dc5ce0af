"""Import questions into a bank from a file, export a bank, and the Excel template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congso.core.exceptions import ApplicationError, NotFound
from congso.core.text import slugify_vi
from congso.exams import permissions
from congso.exams.forms import ImportForm
from congso.exams.views_organiser.common import render_page

EXPORTS = {
    "moodlexml": ("xml", "application/xml; charset=utf-8"),
    "gift": ("gift", "text/plain; charset=utf-8"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def bank_import(request: HttpRequest, pk: int) -> HttpResponse:
    bank = permissions.access_bank(user=request.user, bank_id=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"bank": bank, "form": form, "report": None}
    if request.method == "GET":
        return render_page(request, "import.html", context)
    if not form.is_valid():
        return render_page(request, "import.html", context, status=400)
    from congso.exams.formats import import_questions

    upload = form.cleaned_data["file"]
    try:
        report = import_questions(
            actor=request.user,
            bank=bank,
            fmt=form.cleaned_data["fmt"],
            data=upload.read(),
            filename=upload.name or "",
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_page(request, "import.html", context, status=error.status)
    context["report"] = report
    return render_page(request, "import.html", context)


@login_required
@require_GET
def bank_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    bank = permissions.access_bank(user=request.user, bank_id=pk)
    if fmt not in EXPORTS:
        raise NotFound(_("Không có định dạng xuất này."))
    from congso.exams.formats import export_bank

    extension, content_type = EXPORTS[fmt]
    content = export_bank(bank=bank, fmt=fmt)
    name = slugify_vi(bank.name, max_length=60) or "ngan-hang-cau-hoi"
    return _attachment(content, filename=f"{name}.{extension}", content_type=content_type)


@login_required
@require_GET
def xlsx_template(request: HttpRequest) -> HttpResponse:
    permissions.check_organiser(request.user)
    from congso.exams.formats import xlsx_template as make_template

    return _attachment(make_template(), filename="mau-nhap-cau-hoi.xlsx", content_type=XLSX)
