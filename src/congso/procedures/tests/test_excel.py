"""The catalogue in Excel: layout, all-or-nothing import, export that round-trips, commands."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from openpyxl import Workbook, load_workbook

from congso.accounts.models import Role, User
from congso.accounts.tests.factories import make_official
from congso.core.exceptions import NotPermitted, ValidationFailed
from congso.core.models import AuditLog
from congso.core.text import strip_accents
from congso.procedures import excel
from congso.procedures.excel import LAYOUT, SHEETS, CellError
from congso.procedures.models import Procedure, ProcedureCase, ProcessStep, RequiredPaper
from congso.procedures.services import (
    procedure_export,
    procedure_import,
    procedure_import_template,
    procedure_snapshot,
)
from congso.procedures.tests.factories import (
    FieldFactory,
    ProcedureFactory,
    make_full_procedure,
)

pytestmark = pytest.mark.django_db

SCHEMA = {
    "type": "object",
    "required": ["ho_ten"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên", "maxLength": 100},
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "so_ban": {"type": "integer", "title": "Số bản", "minimum": 1},
    },
}  # keys in the order for_editing() writes them
SCHEMA_JSON = (
    '{"type": "object", "required": ["ho_ten"], "properties": {"ho_ten": {"type": "string", '
    '"title": "Họ và tên", "maxLength": 100}, "ngay_sinh": {"type": "string", "title": "Ngày sinh", '
    '"format": "date"}, "so_ban": {"type": "integer", "title": "Số bản", "minimum": 1}}}'
)


def row(sheet: str, **values) -> list:
    """One row of `sheet`, the values given by column key, in the layout's column order."""
    return [values.get(column.key) for column in LAYOUT[sheet]]


def make_xlsx(rows: dict[str, list[list]] | None = None, *, sheets=SHEETS) -> bytes:
    """A real workbook as a person would make it: headers on row 1, then the rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet)
        worksheet.append([column.header for column in LAYOUT[sheet]])
        for values in (rows or {}).get(sheet, []):
            worksheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def procedure_row(code="2.000001", **values) -> list:
    data = {
        "code": code, "name": "Cấp giấy phép hoạt động in", "field_code": "XB",
        "field_name": "Xuất bản", "level": "Cấp sở, ngành", "agencies": "000.00.31.H56",
        "applicant_kind": "Tổ chức, doanh nghiệp", "online_level": "Toàn trình",
        "processing_days": "7,5", "processing_note": "Kể từ ngày nhận đủ hồ sơ hợp lệ",
        "steps_text": "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.", "channels_text": "Trực tuyến",
        "result": "Giấy phép hoạt động in", "legal_basis": "Nghị định 60/2014/NĐ-CP",
        "is_active": "Có",
    }  # fmt: skip
    data.update(values)
    return row(excel.SHEET_PROCEDURES, **data)


@pytest.fixture
def xuat_ban(db):
    return FieldFactory(code="XB", name="Xuất bản, in và phát hành")


@pytest.fixture
def catalogue(province, xuat_ban):
    """Two procedures covering every column: children, a schema, agencies, an inactive one."""
    printing = make_full_procedure(
        code="1.003578", name="Cấp giấy phép hoạt động in", field=xuat_ban,
        agencies=[province.sotttt, province.soyte], form_schema=SCHEMA,
        requirements="Có mặt bằng\nvà thiết bị in", fee_note="Nộp khi nhận kết quả",
        channels_text="Trực tuyến; trực tiếp", steps_text="=Bước 1 bắt đầu bằng dấu bằng",
    )  # fmt: skip
    ProcessStep.objects.filter(procedure=printing, order=2).update(org_unit=province.soyte)
    marriage = ProcedureFactory(
        code="1.000894", name="Đăng ký kết hôn", field=FieldFactory(code="HT", name="Hộ tịch"),
        level=Procedure.Level.COMMUNE, agencies=[province.xa], applicant_kind="citizen",
        online_level=Procedure.OnlineLevel.OFFLINE, processing_days=Decimal("0.5"),
        processing_note="", is_active=False,
    )  # fmt: skip
    return printing, marriage


def snapshots() -> dict[str, dict]:
    return {p.code: procedure_snapshot(p) for p in Procedure.objects.all()}


# --- export and round trip -----------------------------------------------------------------


def test_export_writes_the_documented_layout(catalogue):
    sheets = cells(procedure_export())

    assert list(sheets) == [*SHEETS, excel.SHEET_GUIDE]
    for sheet in SHEETS:
        assert list(sheets[sheet][0]) == [c.header for c in LAYOUT[sheet]]
    assert sheets["Thủ tục"][1:] == [
        (
            "1.000894", "Đăng ký kết hôn", "HT", "Hộ tịch", "Cấp xã", "000.01.27.H56", "Công dân",
            "Trực tiếp", 0.5, None, None, None, None, "Giấy phép", "Luật Xuất bản năm 2012", None,
            None, "Không",
        ),
        (
            "1.003578", "Cấp giấy phép hoạt động in", "XB", "Xuất bản, in và phát hành",
            "Cấp sở, ngành", "000.00.17.H56; 000.00.31.H56", "Công dân, tổ chức, doanh nghiệp",
            "Một phần", 7, "Kể từ ngày nhận đủ hồ sơ hợp lệ", "=Bước 1 bắt đầu bằng dấu bằng",
            "Trực tuyến; trực tiếp", "Có mặt bằng\nvà thiết bị in", "Giấy phép",
            "Luật Xuất bản năm 2012", "Nộp khi nhận kết quả", SCHEMA_JSON, "Có",
        ),
    ]  # fmt: skip
    assert sheets["Trường hợp"][1:] == [("1.003578", "Cấp lại do bị mất, hư hỏng", 3)]
    assert sheets["Thành phần hồ sơ"][1:] == [
        ("1.003578", None, "Đơn đề nghị (theo mẫu)", 1, 0, "Có", None),
        ("1.003578", None, "Bản sao quyết định thành lập", 0, 2, "Không", "Bản sao có chứng thực"),
        ("1.003578", "Cấp lại do bị mất, hư hỏng", "Giấy phép bị hư hỏng", 1, 0, "Có", None),
    ]
    assert sheets["Phí, lệ phí"][1:] == [
        ("1.003578", None, "Phí thẩm định", 1500000, None),
        ("1.003578", "Cấp lại do bị mất, hư hỏng", "Phí cấp lại", 50000, None),
    ]
    assert sheets["Quy trình"][1:] == [
        ("1.003578", 1, "Tiếp nhận hồ sơ", None, "Cán bộ một cửa", 0.5),
        ("1.003578", 2, "Thẩm định", "000.00.17.H56", "Chuyên viên xử lý", 5.5),
        ("1.003578", 3, "Phê duyệt", None, "Lãnh đạo", 1),
    ]


def test_text_that_looks_like_a_formula_stays_text(catalogue):
    workbook = load_workbook(io.BytesIO(procedure_export()))
    cell = workbook["Thủ tục"]["K3"]
    assert cell.value == "=Bước 1 bắt đầu bằng dấu bằng"
    assert cell.data_type == "s"


def test_export_then_import_into_an_empty_catalogue_round_trips_exactly(catalogue, administrator):
    before = snapshots()
    first = procedure_export()
    Procedure.objects.all().delete()

    result = procedure_import(actor=administrator, file=first)

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert snapshots() == before
    assert cells(procedure_export()) == cells(first)


def test_reimporting_an_export_changes_nothing(catalogue, administrator):
    stamps = dict(Procedure.objects.values_list("code", "updated_at"))
    papers = list(RequiredPaper.objects.order_by("pk").values_list("pk", "name", "order"))

    result = procedure_import(actor=administrator, file=procedure_export(), reason="Rà soát")

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert result.summary() == "Đã nhập 2 thủ tục (0 mới, 0 cập nhật, 2 không thay đổi)."
    assert dict(Procedure.objects.values_list("code", "updated_at")) == stamps
    assert list(RequiredPaper.objects.order_by("pk").values_list("pk", "name", "order")) == papers
    row = AuditLog.objects.get()
    assert row.action == "procedure.import"
    assert row.actor == administrator
    assert row.reason == "Rà soát"
    assert row.changes == {
        "file": "", "procedures": 2, "created": 0, "updated": 0, "unchanged": 2,
    }  # fmt: skip


def test_export_reads_a_fixed_number_of_queries(catalogue, django_assert_num_queries):
    # procedures with their field, then agencies, cases, papers, fees, steps
    with django_assert_num_queries(6):
        procedure_export()
    for n in range(5):
        make_full_procedure(code=f"3.{n:06d}")
    with django_assert_num_queries(6):
        procedure_export()


# --- import --------------------------------------------------------------------------------


def test_import_creates_procedures_from_a_hand_made_workbook(province, xuat_ban, administrator):
    content = make_xlsx(
        {
            "Thủ tục": [
                procedure_row(
                    "2.000001", agencies="000.00.31.H56;000.00.17.h56", online_level="Mức độ 4",
                    form_schema=SCHEMA_JSON,
                ),
                procedure_row(
                    "2.000002", name="Cấp lại giấy phép", level="commune", processing_days=3,
                    applicant_kind=None, online_level="một phần", is_active="không",
                ),
            ],
            "Trường hợp": [
                row("Trường hợp", procedure="2.000001", name="Cấp mới"),
                row("Trường hợp", procedure="2.000001", name="Cấp lại", processing_days="3.5"),
            ],
            "Thành phần hồ sơ": [
                row("Thành phần hồ sơ", procedure="2.000001", name="Tờ khai", originals=1,
                    copies=0, is_required="Có"),
                row("Thành phần hồ sơ", procedure="2.000001", case="cấp lại", name="Giấy phép cũ",
                    originals="1", copies="2", is_required="Không", note="Nếu có"),
                row("Thành phần hồ sơ", procedure="2.000002", name="Đơn"),
            ],
            "Phí, lệ phí": [
                row("Phí, lệ phí", procedure="2.000001", name="Phí thẩm định", amount="1.500.000"),
                row("Phí, lệ phí", procedure="2.000001", case="Cấp lại", name="Lệ phí",
                    amount="50000"),
            ],
            "Quy trình": [
                row("Quy trình", procedure="2.000001", order=2, name="Thẩm định",
                    org_unit="000.00.31.H56", role="Chuyên viên xử lý", days="5,5"),
                row("Quy trình", procedure="2.000001", order=1, name="Tiếp nhận",
                    role="one_stop_clerk", days=0.5),
            ],
        }
    )  # fmt: skip

    result = procedure_import(actor=administrator, file=content)

    assert result.errors == []
    assert result.summary() == "Đã nhập 2 thủ tục (2 mới, 0 cập nhật)."
    printing = Procedure.objects.get(code="2.000001")
    assert printing.field == xuat_ban
    assert printing.level == Procedure.Level.DEPARTMENT
    assert printing.applicant_kind == Procedure.Applicant.BUSINESS
    assert printing.online_level == Procedure.OnlineLevel.FULL
    assert printing.processing_days == Decimal("7.5")
    assert printing.steps_text == "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả."
    assert printing.form_schema == {**SCHEMA, "order": ["ho_ten", "ngay_sinh", "so_ban"]}
    assert set(printing.agencies.all()) == {province.sotttt, province.soyte}
    assert [(c.name, c.processing_days, c.order) for c in printing.cases.all()] == [
        ("Cấp mới", None, 1),
        ("Cấp lại", Decimal("3.5"), 2),
    ]
    assert [
        (p.name, p.case and p.case.name, p.originals, p.copies, p.is_required, p.note)
        for p in printing.papers.all()
    ] == [
        ("Tờ khai", None, 1, 0, True, ""),
        ("Giấy phép cũ", "Cấp lại", 1, 2, False, "Nếu có"),
    ]
    assert [(f.name, f.case and f.case.name, f.amount) for f in printing.fees.all()] == [
        ("Phí thẩm định", None, 1_500_000),
        ("Lệ phí", "Cấp lại", 50_000),
    ]
    assert [(s.order, s.name, s.org_unit, s.role, s.days) for s in printing.steps.all()] == [
        (1, "Tiếp nhận", None, Role.ONE_STOP_CLERK, Decimal("0.5")),
        (2, "Thẩm định", province.sotttt, Role.HANDLER, Decimal("5.5")),
    ]
    renewal = Procedure.objects.get(code="2.000002")
    assert renewal.level == Procedure.Level.COMMUNE
    assert renewal.applicant_kind == Procedure.Applicant.BOTH
    assert renewal.online_level == Procedure.OnlineLevel.PARTIAL
    assert renewal.processing_days == Decimal("3")
    assert renewal.is_active is False
    assert [(p.name, p.originals, p.copies, p.is_required) for p in renewal.papers.all()] == [
        ("Đơn", 1, 0, True)
    ]
    assert sorted(AuditLog.objects.values_list("action", "object_repr")) == [
        ("procedure.import", ""),
        ("procedure.import_create", "2.000001 — Cấp giấy phép hoạt động in"),
        ("procedure.import_create", "2.000002 — Cấp lại giấy phép"),
    ]
    counts = AuditLog.objects.get(action="procedure.import").changes
    assert (counts["procedures"], counts["created"], counts["updated"]) == (2, 2, 0)


def test_import_updates_by_code_and_replaces_the_children(catalogue, administrator, province):
    printing, marriage = catalogue
    kept = printing.papers.get(name="Đơn đề nghị (theo mẫu)")
    RequiredPaper.objects.filter(pk=kept.pk).update(template="procedures/templates/2025/don.docx")
    content = make_xlsx(
        {
            "Thủ tục": [
                procedure_row(
                    "1.003578", name="Cấp giấy phép hoạt động in (sửa đổi)",
                    agencies="000.00.31.H56", processing_days="10",
                )
            ],
            "Thành phần hồ sơ": [
                row("Thành phần hồ sơ", procedure="1.003578", name="Bản sao giấy đăng ký kinh doanh",
                    copies=1, originals=0),
                row("Thành phần hồ sơ", procedure="1.003578", name="Đơn đề nghị (theo mẫu)",
                    note="Theo mẫu số 01"),
            ],
            "Quy trình": [
                row("Quy trình", procedure="1.003578", order=1, name="Tiếp nhận hồ sơ",
                    role="Cán bộ một cửa", days="1"),
            ],
        }
    )  # fmt: skip

    result = procedure_import(actor=administrator, file=content, reason="QĐ 123/QĐ-UBND")

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    printing.refresh_from_db()
    assert printing.name == "Cấp giấy phép hoạt động in (sửa đổi)"
    assert printing.processing_days == Decimal("10")
    assert list(printing.agencies.all()) == [province.sotttt]
    assert printing.cases.count() == 0
    assert printing.fees.count() == 0
    papers = list(printing.papers.all())
    assert [(p.name, p.order) for p in papers] == [
        ("Bản sao giấy đăng ký kinh doanh", 1),
        ("Đơn đề nghị (theo mẫu)", 2),
    ]
    # The kept paper is the same row: its uploaded form template is still there.
    assert papers[1].pk == kept.pk
    assert papers[1].template.name == "procedures/templates/2025/don.docx"
    assert papers[1].note == "Theo mẫu số 01"
    assert [(s.order, s.days) for s in printing.steps.all()] == [(1, Decimal("1.0"))]
    # Procedures that are not in the file are left alone.
    assert Procedure.objects.get(pk=marriage.pk).name == "Đăng ký kết hôn"
    audit = AuditLog.objects.get(action="procedure.import_update")
    assert audit.reason == "QĐ 123/QĐ-UBND"
    assert audit.changes["name"] == [
        "Cấp giấy phép hoạt động in",
        "Cấp giấy phép hoạt động in (sửa đổi)",
    ]
    assert audit.changes["processing_days"] == ["7.0", "10.0"]
    assert audit.changes["cases"] == [[["Cấp lại do bị mất, hư hỏng", "3.0"]], []]
    assert "legal_basis" in audit.changes  # the hand-made row has another legal basis


def test_any_bad_row_imports_nothing_and_every_bad_row_is_listed(catalogue, administrator):
    before = snapshots()
    content = make_xlsx(
        {
            "Thủ tục": [
                procedure_row("2.000001"),
                procedure_row(
                    "2.000002", field_code="KHONGCO", agencies="000.00.31.H56; 000.00.99.H56",
                    level="Cấp trung ương",
                ),
                procedure_row(
                    "2.000003", processing_days="bảy", online_level="Mức độ 5",
                    form_schema="{không phải json",
                ),
                procedure_row(
                    "2.000004", processing_days="7,25", is_active="Chưa",
                    form_schema='{"type": "object", "properties": {"Ho ten": {"type": "string", "title": "Họ tên"}}}',
                ),
                procedure_row("2.000001", name="Trùng mã"),
                procedure_row("2.000005", name="", result=" ", agencies=""),
                procedure_row(1.00014),
            ],
            "Trường hợp": [
                row("Trường hợp", procedure="2.000001", name="Cấp lại", processing_days="3"),
                row("Trường hợp", procedure="2.000001", name="cấp  lại"),
                row("Trường hợp", procedure="9.999999", name="Cấp mới"),
            ],
            "Thành phần hồ sơ": [
                row("Thành phần hồ sơ", procedure="2.000001", case="Cấp mới", name="Đơn"),
                row("Thành phần hồ sơ", procedure="2.000001", name="Tờ khai", originals="hai"),
            ],
            "Phí, lệ phí": [
                row("Phí, lệ phí", procedure="2.000001", name="Lệ phí", amount="50k"),
                row("Phí, lệ phí", procedure="2.000001", case="Cấp lại", name="Phí", amount="50.000"),
            ],
            "Quy trình": [
                row("Quy trình", procedure="2.000001", order=1, name="Tiếp nhận",
                    role="Cán bộ một cửa", days="0,5"),
                row("Quy trình", procedure="2.000001", order=1, name="Thẩm định",
                    role="Chuyên viên xử lý", days=1),
                row("Quy trình", procedure="2.000001", order=2, name="Ký",
                    org_unit="000.00.98.H56", role="Giám đốc", days="1,25"),
            ],
        }
    )  # fmt: skip

    result = procedure_import(actor=administrator, file=content)

    assert not result.ok
    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        ("Thủ tục", 3, "Mã lĩnh vực", "Không có lĩnh vực mã “KHONGCO”. Hãy thêm lĩnh vực trong trang quản trị trước."),
        ("Thủ tục", 3, "Cấp thực hiện", "Cấp thực hiện “Cấp trung ương” không hợp lệ; chọn một trong: Cấp tỉnh; Cấp sở, ngành; Cấp huyện; Cấp xã."),
        ("Thủ tục", 3, "Cơ quan thực hiện", "Không có cơ quan mã 000.00.99.H56."),
        ("Thủ tục", 4, "Mức độ DVC", "Mức độ DVC “Mức độ 5” không hợp lệ; chọn một trong: Toàn trình; Một phần; Trực tiếp."),
        ("Thủ tục", 4, "Thời hạn (ngày làm việc)", "Thời hạn “bảy” không phải là số ngày (ví dụ 7 hoặc 7,5)."),
        ("Thủ tục", 4, "Biểu mẫu (JSON)", "Biểu mẫu không phải JSON hợp lệ (lỗi ở ký tự thứ 2)."),
        ("Thủ tục", 5, "Thời hạn (ngày làm việc)", "Thời hạn tính theo ngày làm việc, chính xác đến nửa ngày (ví dụ 0,5; 3; 7,5), không nhận 7,25."),
        ("Thủ tục", 5, "Biểu mẫu (JSON)", "Trường “Ho ten”: tên trường chỉ gồm chữ thường không dấu, số và dấu gạch dưới."),
        ("Thủ tục", 5, "Đang áp dụng", "Đang áp dụng chỉ nhận “Có” hoặc “Không”, không nhận “Chưa”."),
        ("Thủ tục", 6, "Mã thủ tục", "Mã thủ tục “2.000001” trùng với dòng 2."),
        ("Thủ tục", 7, "Tên thủ tục", "Chưa ghi tên thủ tục."),
        ("Thủ tục", 7, "Cơ quan thực hiện", "Cần ít nhất một cơ quan thực hiện (mã định danh)."),
        ("Thủ tục", 7, "Kết quả", "Chưa ghi kết quả thực hiện."),
        ("Thủ tục", 8, "Mã thủ tục", "Excel đang hiểu mã này là một số (1.00014) nên có thể đã mất chữ số 0 ở cuối. Hãy định dạng cột là Văn bản (Text) rồi nhập lại mã."),
        ("Trường hợp", 3, "Tên trường hợp", "Trường hợp “cấp  lại” của thủ tục “2.000001” trùng với dòng 2."),
        ("Trường hợp", 4, "Mã thủ tục", "Mã thủ tục “9.999999” không có ở sheet “Thủ tục”."),
        ("Thành phần hồ sơ", 2, "Trường hợp", "Thủ tục “2.000001” không có trường hợp “Cấp mới” ở sheet “Trường hợp”."),
        ("Thành phần hồ sơ", 3, "Bản chính", "Số bản chính phải là số nguyên từ 0 đến 32767, không nhận “hai”."),
        ("Phí, lệ phí", 2, "Mức thu (đồng)", "Mức thu “50k” không phải số tiền (ví dụ 50000 hoặc 50.000)."),
        ("Quy trình", 3, "Thứ tự", "Bước số 1 của thủ tục “2.000001” trùng với dòng 2."),
        ("Quy trình", 4, "Mã đơn vị", "Không có đơn vị mã “000.00.98.H56”."),
        ("Quy trình", 4, "Vai trò", "Vai trò “Giám đốc” không hợp lệ; chọn một trong: Cán bộ một cửa; Chuyên viên xử lý; Lãnh đạo; Biên tập viên cổng thông tin; Người duyệt bài cổng thông tin; Cán bộ tổ chức thi; Cán bộ ứng cứu sự cố; Quản trị hệ thống."),
        ("Quy trình", 4, "Số ngày", "Số ngày tính theo ngày làm việc, chính xác đến nửa ngày (ví dụ 0,5; 3; 7,5), không nhận 1,25."),
    ]  # fmt: skip
    assert result.summary() == (
        "Tệp có 23 lỗi, chưa nhập thủ tục nào. Sửa các dòng được liệt kê rồi nhập lại."
    )
    assert snapshots() == before
    assert not Procedure.objects.filter(code__startswith="2.").exists()
    assert AuditLog.objects.count() == 0


def test_a_case_used_by_dossiers_cannot_be_dropped_and_the_whole_import_rolls_back(
    catalogue, administrator, monkeypatch
):
    # Dossiers protect their case (on_delete=PROTECT); stand in for one without a dossier.
    def protected(self, *args, **kwargs):
        raise ProtectedError("used by a dossier", {self})

    monkeypatch.setattr(ProcedureCase, "delete", protected)
    before = snapshots()
    content = make_xlsx(
        {
            "Thủ tục": [
                procedure_row("1.000894", name="Đăng ký kết hôn (sửa)", field_code="XB"),
                procedure_row("1.003578"),
            ],
        }
    )

    result = procedure_import(actor=administrator, file=content)

    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        (
            "Trường hợp", None, "Tên trường hợp",
            "Thủ tục “1.003578”: không bỏ được trường hợp “Cấp lại do bị mất, hư hỏng” vì đã "
            "có hồ sơ theo trường hợp này. Hãy giữ dòng này trong tệp.",
        )
    ]  # fmt: skip
    assert (result.created, result.updated) == (0, 0)
    # The first procedure had been saved before the second failed: that was undone too.
    assert snapshots() == before
    assert AuditLog.objects.count() == 0


def test_a_file_that_is_not_an_xlsx_gives_a_clear_error(administrator):
    for content in (b"Ma thu tuc,Ten thu tuc\n1.001612,Khai sinh\n", b"PK\x03\x04 not a zip"):
        with pytest.raises(ValidationFailed) as raised:
            procedure_import(actor=administrator, file=content)
        assert raised.value.message.startswith("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
    assert AuditLog.objects.count() == 0


def test_missing_sheets_and_columns_are_reported(administrator):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "thu tuc"  # accents and case do not matter
    worksheet.append([c.header for c in LAYOUT["Thủ tục"] if c.key != "result"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = procedure_import(actor=administrator, file=buffer.getvalue())

    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        ("Thủ tục", 1, "Kết quả", "Thiếu cột này ở dòng tiêu đề (dòng 1)."),
        ("Trường hợp", None, "", "Thiếu sheet “Trường hợp”."),
        ("Thành phần hồ sơ", None, "", "Thiếu sheet “Thành phần hồ sơ”."),
        ("Phí, lệ phí", None, "", "Thiếu sheet “Phí, lệ phí”."),
        ("Quy trình", None, "", "Thiếu sheet “Quy trình”."),
    ]


def test_headers_are_found_whatever_their_order_and_spelling(province, xuat_ban, administrator):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        columns = list(reversed(LAYOUT[sheet]))
        worksheet = workbook.create_sheet(sheet.upper())
        worksheet.append([strip_accents(c.header) for c in columns] + ["Cột thêm"])
        if sheet == "Thủ tục":
            values = dict(zip([c.key for c in LAYOUT[sheet]], procedure_row(), strict=True))
            worksheet.append([values[c.key] for c in columns] + ["bỏ qua"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = procedure_import(actor=administrator, file=buffer.getvalue())

    assert result.errors == []
    assert Procedure.objects.get(code="2.000001").processing_days == Decimal("7.5")


def test_an_administrator_is_needed_and_a_refusal_changes_nothing(catalogue, province, citizen):
    before = snapshots()
    handler = make_official(
        email="cv@test.vn", full_name="Chuyên Viên", unit=province.sotttt, role=Role.HANDLER
    )
    User.objects.filter(pk=handler.pk).update(is_staff=True)
    content = make_xlsx({"Thủ tục": [procedure_row("1.003578", name="Đổi tên lén")]})

    for actor in (handler, citizen):
        with pytest.raises(NotPermitted):
            procedure_import(actor=actor, file=content)

    assert snapshots() == before
    assert AuditLog.objects.count() == 0


def test_the_template_has_the_headers_and_one_example_row_that_imports(
    province, xuat_ban, administrator
):
    content = procedure_import_template()

    sheets = cells(content)
    for sheet in SHEETS:
        assert list(sheets[sheet][0]) == [c.header for c in LAYOUT[sheet]]
        assert len(sheets[sheet]) == 2
    assert sheets["Thủ tục"][1][:6] == (
        "VD.000001",
        "Ví dụ: Cấp giấy phép xuất bản bản tin (xoá dòng ví dụ này trước khi nhập)",
        "XB",
        "Xuất bản, in và phát hành",
        "Cấp sở, ngành",
        "000.00.17.H56",
    )
    result = procedure_import(actor=administrator, file=content)
    assert result.errors == []
    example = Procedure.objects.get(code="VD.000001")
    assert example.processing_days == Decimal("7.5")
    assert example.fees.get().amount == 50_000


# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", "7.0"), ("7,5", "7.5"), ("7.5", "7.5"), (7, "7.0"), (7.5, "7.5"), (" 0,5 ", "0.5")],
)
def test_days_accept_a_comma_or_a_dot(value, expected):
    assert excel.parse_days(value, label="Thời hạn") == Decimal(expected)


@pytest.mark.parametrize("value", ["7,25", "0", "-1", "bảy", "7 ngày", True, 0.2])
def test_days_refuse_other_values(value):
    with pytest.raises(CellError):
        excel.parse_days(value, label="Thời hạn")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50.000", 50_000), ("50000", 50_000), (50000, 50_000), (50000.0, 50_000),
        ("1.500.000", 1_500_000), ("1 500 000", 1_500_000), ("50.000 đồng", 50_000),
        ("50.000đ", 50_000), ("0", 0),
    ],
)  # fmt: skip
def test_amounts_accept_grouped_thousands(value, expected):
    assert excel.parse_amount(value) == expected


@pytest.mark.parametrize("value", ["50k", "50,5", "1.00.000", "-5", 12.5, "năm mươi nghìn"])
def test_amounts_refuse_other_values(value):
    with pytest.raises(CellError):
        excel.parse_amount(value)


# --- commands ------------------------------------------------------------------------------


def test_commands_export_then_import(catalogue, tmp_path):
    path = tmp_path / "thu-tuc.xlsx"
    out = io.StringIO()
    call_command("procedures_export", str(path), "--field", "XB", stdout=out)
    assert out.getvalue().strip() == f"Đã xuất 1 thủ tục vào {path}."
    Procedure.objects.filter(code="1.003578").delete()

    out = io.StringIO()
    call_command("procedures_import", str(path), "--reason", "Khôi phục", stdout=out)

    assert out.getvalue().strip() == "Đã nhập 1 thủ tục (1 mới, 0 cập nhật)."
    assert Procedure.objects.get(code="1.003578").papers.count() == 3
    row = AuditLog.objects.get(action="procedure.import")
    assert (row.actor, row.actor_repr, row.reason) == (
        None,
        "congso procedures_import",
        "Khôi phục",
    )
    assert row.changes["file"] == str(path)


def test_import_command_lists_errors_and_fails(province, tmp_path):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(make_xlsx({"Thủ tục": [procedure_row(field_code="KHONGCO")]}))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Tệp có 1 lỗi, chưa nhập thủ tục nào"):
        call_command("procedures_import", str(path), stderr=err)

    assert err.getvalue().strip() == (
        "Thủ tục, dòng 2, cột Mã lĩnh vực: Không có lĩnh vực mã “KHONGCO”. "
        "Hãy thêm lĩnh vực trong trang quản trị trước."
    )
    assert Procedure.objects.count() == 0
    with pytest.raises(CommandError, match="Tệp không phải bảng tính Excel"):
        call_command("procedures_import", __file__)
