"""The catalogue in the admin: editing with inlines and the schema editor, Excel screens, and
refusals for anyone who is not a provincial administrator."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congso.accounts.models import Role, User
from congso.accounts.tests.factories import make_official
from congso.api.tests.test_admin import sign_in_with_otp
from congso.core.models import AuditLog
from congso.procedures.models import Field, Procedure
from congso.procedures.schema import for_editing
from congso.procedures.services import procedure_snapshot
from congso.procedures.tests.factories import FieldFactory, ProcedureFactory, make_full_procedure
from congso.procedures.tests.test_excel import SCHEMA, make_xlsx, procedure_row

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:procedures_procedure_changelist")
IMPORT = reverse("admin:procedures_procedure_import")
EXPORT = reverse("admin:procedures_procedure_export")
TEMPLATE = reverse("admin:procedures_procedure_template")


@pytest.fixture
def admin_client(client, administrator):
    sign_in_with_otp(client, administrator)
    return client


@pytest.fixture
def staff_client(client, province):
    """A verified staff official who holds a role, but not the administrator's."""
    official = make_official(
        email="cv@test.vn", full_name="Chuyên Viên Xử Lý", unit=province.sotttt, role=Role.HANDLER
    )
    User.objects.filter(pk=official.pk).update(is_staff=True)
    official.refresh_from_db()
    sign_in_with_otp(client, official)
    return client


@pytest.fixture
def printing(province):
    return make_full_procedure(
        code="1.003578", name="Cấp giấy phép hoạt động in",
        field=FieldFactory(code="XB", name="Xuất bản, in và phát hành"),
        agencies=[province.sotttt], form_schema=SCHEMA,
    )  # fmt: skip


def upload(content: bytes, name: str = "thu-tuc.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def change_form_data(response) -> dict:
    """What the browser would post back unchanged: the form and every inline formset."""
    data: dict = {}

    def add(bound):
        if isinstance(bound.field, forms.FileField):
            return
        value = bound.value()
        if value is True:
            data[bound.html_name] = "on"
        elif value is None or value is False:
            return
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)

    for bound in response.context["adminform"].form:
        add(bound)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value())
        for form in formset.forms:
            for bound in form:
                add(bound)
    return data


# --- editing -------------------------------------------------------------------------------


def test_change_page_shows_the_schema_as_indented_json_in_a_monospace_box(admin_client, printing):
    response = admin_client.get(reverse("admin:procedures_procedure_change", args=[printing.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "font-family: ui-monospace" in html
    textarea = response.context["adminform"].form["form_schema"].value()
    assert textarea == json.dumps(for_editing(SCHEMA), ensure_ascii=False, indent=2)
    assert '\n  "properties": {\n    "ho_ten": {' in textarea
    for inline in ("cases", "papers", "fees", "steps"):
        assert f'id="{inline}-group"' in html
    # A paper or a fee chooses among this procedure's cases only.
    other = make_full_procedure(code="1.000001")
    case_field = response.context["inline_admin_formsets"][1].formset.forms[0].fields["case"]
    assert list(case_field.queryset) == list(printing.cases.all())
    assert not set(case_field.queryset) & set(other.cases.all())
    assert admin_client.get(reverse("admin:procedures_procedure_add")).status_code == 200


def test_administrator_edits_a_procedure_and_its_papers_with_one_audit_row(
    admin_client, administrator, printing
):
    url = reverse("admin:procedures_procedure_change", args=[printing.pk])
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "name": "Cấp giấy phép hoạt động in (sửa đổi)",
            "processing_days": "7,5",
            "papers-0-name": "Đơn đề nghị cấp giấy phép (mẫu số 01)",
            "fees-1-DELETE": "on",
            "change_reason": "Quyết định 123/QĐ-UBND",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, [
        (i.formset.prefix, i.formset.errors, i.formset.non_form_errors())
        for i in response.context["inline_admin_formsets"]
    ]
    printing.refresh_from_db()
    assert printing.name == "Cấp giấy phép hoạt động in (sửa đổi)"
    assert printing.processing_days == Decimal("7.5")
    assert [p.name for p in printing.papers.all()] == [
        "Đơn đề nghị cấp giấy phép (mẫu số 01)",
        "Bản sao quyết định thành lập",
        "Giấy phép bị hư hỏng",
    ]
    assert [f.name for f in printing.fees.all()] == ["Phí thẩm định"]
    row = AuditLog.objects.get()
    assert (row.action, row.actor, row.reason) == (
        "procedure.admin_update", administrator, "Quyết định 123/QĐ-UBND",
    )  # fmt: skip
    assert sorted(row.changes) == ["fees", "name", "papers", "processing_days"]
    assert row.changes["processing_days"] == ["7.0", "7.5"]


def test_a_bad_schema_is_refused_with_the_vietnamese_reason(admin_client, printing):
    before = procedure_snapshot(printing)
    url = reverse("admin:procedures_procedure_change", args=[printing.pk])
    data = change_form_data(admin_client.get(url))

    data["form_schema"] = '{"type": "object", "properties": {"Ho ten": {"type": "string"}}}'
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["form_schema"] == [
        "Trường “Ho ten”: tên trường chỉ gồm chữ thường không dấu, số và dấu gạch dưới."
    ]

    data["form_schema"] = '{"type": "object",\n "properties": }'
    response = admin_client.post(url, data)
    assert response.context["adminform"].form.errors["form_schema"] == [
        "Biểu mẫu không phải JSON hợp lệ (dòng 2, cột 16)."
    ]
    # What was typed is shown back as typed.
    assert response.context["adminform"].form["form_schema"].value() == data["form_schema"]
    assert procedure_snapshot(printing) == before
    assert AuditLog.objects.count() == 0


def test_an_empty_schema_box_means_no_online_form(admin_client, printing):
    url = reverse("admin:procedures_procedure_change", args=[printing.pk])
    data = change_form_data(admin_client.get(url))
    data["form_schema"] = "  "

    assert admin_client.post(url, data).status_code == 302
    printing.refresh_from_db()
    assert printing.form_schema == {}


def test_administrator_adds_a_field_with_audit(admin_client):
    response = admin_client.post(
        reverse("admin:procedures_field_add"),
        {"code": "HT", "name": "Hộ tịch", "slug": "", "change_reason": "Bổ sung"},
    )

    assert response.status_code == 302
    field = Field.objects.get(code="HT")
    assert field.slug == "ho-tich"
    row = AuditLog.objects.get()
    assert (row.action, row.reason) == ("field.admin_create", "Bổ sung")


# --- Excel screens -------------------------------------------------------------------------


def test_changelist_offers_import_export_and_template(admin_client, printing):
    response = admin_client.get(CHANGELIST, {"field__id__exact": printing.field_id})

    html = response.content.decode()
    assert f'<a href="{IMPORT}">Nhập từ Excel</a>' in html
    assert f'<a href="{EXPORT}?field__id__exact={printing.field_id}">Xuất Excel</a>' in html
    assert f'<a href="{TEMPLATE}">Tải tệp mẫu</a>' in html


def test_export_downloads_the_filtered_list(admin_client, printing, province):
    ProcedureFactory(code="1.000894", name="Đăng ký kết hôn", agencies=[province.xa])

    response = admin_client.get(EXPORT, {"field__id__exact": printing.field_id})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == (
        f'attachment; filename="thu-tuc-hanh-chinh-{today}.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert [r[0] for r in workbook["Thủ tục"].iter_rows(min_row=2, values_only=True)] == [
        "1.003578"
    ]
    everything = admin_client.get(EXPORT)
    workbook = load_workbook(io.BytesIO(everything.content))
    assert workbook["Thủ tục"].max_row == 3


def test_template_downloads(admin_client):
    response = admin_client.get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="mau-nhap-thu-tuc-hanh-chinh.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Thủ tục"]["A2"].value == "VD.000001"


def test_administrator_imports_a_workbook(admin_client, administrator, province):
    FieldFactory(code="XB", name="Xuất bản")
    page = admin_client.get(IMPORT)
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()

    response = admin_client.post(
        IMPORT,
        {"file": upload(make_xlsx({"Thủ tục": [procedure_row("2.000001")]})), "reason": "QĐ 5"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == CHANGELIST
    assert [str(m) for m in response.context["messages"]] == [
        "Đã nhập 1 thủ tục (1 mới, 0 cập nhật)."
    ]
    assert Procedure.objects.get().code == "2.000001"
    row = AuditLog.objects.get(action="procedure.import")
    assert (row.actor, row.reason, row.changes["file"]) == (administrator, "QĐ 5", "thu-tuc.xlsx")


def test_a_bad_workbook_shows_every_error_and_saves_nothing(admin_client, province):
    FieldFactory(code="XB", name="Xuất bản")
    content = make_xlsx(
        {
            "Thủ tục": [procedure_row("2.000001"), procedure_row("2.000002", level="Cấp bộ")],
            "Phí, lệ phí": [["2.000001", None, "Lệ phí", "50k", None]],
        }
    )

    response = admin_client.post(IMPORT, {"file": upload(content)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp có 2 lỗi, chưa nhập thủ tục nào." in html
    assert '<table id="import-errors">' in html
    assert (
        "<tr><td>Thủ tục</td><td>3</td>\n      <td>Cấp thực hiện</td><td>Cấp thực hiện “Cấp bộ” "
        "không hợp lệ; chọn một trong: Cấp tỉnh; Cấp sở, ngành; Cấp huyện; Cấp xã.</td></tr>"
    ) in html
    assert "<td>Phí, lệ phí</td><td>2</td>\n      <td>Mức thu (đồng)</td>" in html
    assert Procedure.objects.count() == 0
    assert AuditLog.objects.count() == 0


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(admin_client):
    response = admin_client.post(IMPORT, {"file": upload(b"ma;ten\n1;2\n", "thu-tuc.csv")})

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors[0].startswith("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
    assert Procedure.objects.count() == 0


# --- refusals ------------------------------------------------------------------------------


def test_staff_who_is_not_an_administrator_is_refused_everywhere_and_nothing_changes(
    staff_client, printing
):
    before = procedure_snapshot(printing)
    content = make_xlsx({"Thủ tục": [procedure_row("1.003578", name="Đổi tên lén")]})
    change = reverse("admin:procedures_procedure_change", args=[printing.pk])

    for url in (CHANGELIST, IMPORT, EXPORT, TEMPLATE, change,
                reverse("admin:procedures_procedure_add"),
                reverse("admin:procedures_field_changelist")):  # fmt: skip
        assert staff_client.get(url).status_code == 403, url
    assert staff_client.post(IMPORT, {"file": upload(content)}).status_code == 403
    assert staff_client.post(change, {"name": "Đổi tên lén", "code": "1.003578"}).status_code == 403
    assert (
        staff_client.post(
            reverse("admin:procedures_procedure_delete", args=[printing.pk]), {"post": "yes"}
        ).status_code
        == 403
    )

    assert procedure_snapshot(printing) == before
    assert Procedure.objects.count() == 1
    assert AuditLog.objects.count() == 0


def test_without_a_verified_second_factor_the_screens_send_to_sign_in(client, administrator):
    client.force_login(administrator)
    for url in (IMPORT, EXPORT, TEMPLATE):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
