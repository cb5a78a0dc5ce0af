"""The public catalogue of administrative procedures (danh mục thủ tục hành chính)."""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import field_validator

from congso.accounts.models import OrgUnit
from congso.api.auth import OPTIONAL_API_KEY, OPTIONAL_API_KEY_OPENAPI
from congso.api.errors import ErrorOut
from congso.core.text import fold
from congso.procedures import selectors
from congso.procedures.models import Field as ProcedureField
from congso.procedures.models import Procedure, ProcessStep

router = Router(tags=["Thủ tục hành chính"])

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ProcedureListItemOut(Schema):
    code: str = Field(description="Mã thủ tục trên Cơ sở dữ liệu quốc gia về TTHC.")
    name: str
    field_code: str = Field(description="Mã lĩnh vực.")
    field_name: str
    level: str = Field(description="Cấp thực hiện: " + ", ".join(Procedure.Level.values) + ".")
    level_label: str
    online_level: str = Field(
        description="Mức độ dịch vụ công trực tuyến: "
        + ", ".join(Procedure.OnlineLevel.values)
        + " (toàn trình, một phần, trực tiếp)."
    )
    online_level_label: str
    processing_days: float = Field(
        description="Thời hạn giải quyết chung, tính theo ngày làm việc (bội số của 0,5)."
    )
    agency_count: int = Field(
        description="Số cơ quan thực hiện; danh sách đầy đủ ở trang chi tiết."
    )

    @staticmethod
    def resolve_field_code(obj: Procedure) -> str:
        return obj.field.code

    @staticmethod
    def resolve_field_name(obj: Procedure) -> str:
        return obj.field.name

    @staticmethod
    def resolve_level_label(obj: Procedure) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_online_level_label(obj: Procedure) -> str:
        return str(obj.get_online_level_display())


class AgencyOut(Schema):
    code: str = Field(description="Mã định danh điện tử của cơ quan.")
    name: str


class CaseOut(Schema):
    id: int = Field(description="Dùng làm `case_id` khi tạo hồ sơ trực tuyến.")
    name: str
    processing_days: float = Field(
        description="Thời hạn giải quyết của trường hợp (bằng thời hạn chung nếu không quy định "
        "riêng), ngày làm việc."
    )


class PaperOut(Schema):
    id: int = Field(description="Dùng làm `paper_id` khi tải tệp lên hồ sơ trực tuyến.")
    name: str
    originals: int = Field(description="Số bản chính.")
    copies: int = Field(description="Số bản sao.")
    required: bool
    note: str
    case: str | None = Field(
        description="Tên trường hợp áp dụng; null: áp dụng cho mọi trường hợp."
    )
    template_url: str | None = Field(description="Địa chỉ tải mẫu đơn, tờ khai (nếu có).")


class FeeOut(Schema):
    name: str
    amount: int = Field(description="Mức thu, đồng.")
    note: str
    case: str | None = Field(
        description="Tên trường hợp áp dụng; null: áp dụng cho mọi trường hợp."
    )


class StepOut(Schema):
    order: int
    name: str
    org_unit_code: str | None = Field(
        description="Đơn vị thực hiện bước; null: cơ quan tiếp nhận hồ sơ thực hiện."
    )
    role: str = Field(description="Vai trò thực hiện.")
    role_label: str
    days: float = Field(description="Thời gian của bước, ngày làm việc.")


class ProcedureDetailOut(Schema):
    code: str
    name: str
    field_code: str
    field_name: str
    level: str
    level_label: str
    agencies: list[AgencyOut] = Field(description="Các cơ quan tiếp nhận và giải quyết.")
    applicant_kind: str = Field(
        description="Đối tượng thực hiện: " + ", ".join(Procedure.Applicant.values) + "."
    )
    applicant_kind_label: str
    online_level: str
    online_level_label: str
    processing_days: float = Field(description="Thời hạn giải quyết chung, ngày làm việc.")
    processing_note: str
    steps_text: str = Field(description="Trình tự thực hiện.")
    channels_text: str = Field(description="Cách thức thực hiện.")
    requirements: str = Field(description="Yêu cầu, điều kiện.")
    result: str = Field(description="Kết quả thực hiện.")
    legal_basis: str = Field(description="Căn cứ pháp lý.")
    fee_note: str = Field(description="Ghi chú phí, lệ phí.")
    cases: list[CaseOut] = Field(description="Các trường hợp; rỗng nếu thủ tục không chia.")
    papers: list[PaperOut] = Field(description="Thành phần hồ sơ.")
    fees: list[FeeOut] = Field(description="Phí, lệ phí; rỗng: không thu phí.")
    process_steps: list[StepOut] = Field(description="Quy trình nội bộ: các bước xử lý.")
    form_schema: dict[str, Any] = Field(
        description="Lược đồ JSON của tờ khai điện tử (rỗng: không có tờ khai trực tuyến). "
        "Thứ tự các trường theo danh sách `order` nếu có, vì thứ tự khoá JSON không được giữ."
    )


class ProcedureFieldOut(Schema):
    code: str = Field(description="Mã lĩnh vực, dùng cho tham số `field`.")
    name: str
    procedure_count: int = Field(description="Số thủ tục đang áp dụng thuộc lĩnh vực.")


class ProcedureFilters(Schema):
    q: str = Field(
        "",
        max_length=100,
        description="Tìm theo tên hoặc mã thủ tục; không phân biệt dấu "
        "(“dang ky khai sinh” tìm thấy “Đăng ký khai sinh”).",
    )
    field: str | None = Field(None, max_length=30, description="Mã lĩnh vực.")
    agency: str | None = Field(
        None,
        max_length=20,
        description="Mã cơ quan: các thủ tục mà cơ quan này hoặc đơn vị trực thuộc thực hiện.",
    )
    level: Procedure.Level | None = Field(None, description="Cấp thực hiện.")
    online_level: Procedure.OnlineLevel | None = Field(
        None, description="Mức độ dịch vụ công trực tuyến."
    )

    @field_validator("field", "agency", "level", "online_level", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("q", mode="after")
    @classmethod
    def _printable(cls, value: str) -> str:
        return "".join(ch for ch in value if ch.isprintable()).strip()


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


@router.get(
    "/procedures",
    response={200: list[ProcedureListItemOut], 401: ErrorOut, 422: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Danh sách thủ tục hành chính",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilters]):
    """Các thủ tục đang áp dụng, chia trang (`page`, `page_size`).

    Có `q`: mã trùng khớp trước, rồi tên bắt đầu bằng từ khoá, rồi các kết quả khác; không có
    `q`: theo tên. Thủ tục đã bãi bỏ không có trong danh sách.
    """
    agency_path = ""
    if filters.agency:
        agency_path = (
            OrgUnit.objects.filter(code=filters.agency).values_list("path", flat=True).first()
        )
        if agency_path is None:
            return Procedure.objects.none()
    qs = selectors.procedure_list(
        query=filters.q,
        agency_path=agency_path,
        level=filters.level or "",
        online_level=filters.online_level or "",
    )
    if filters.field:
        qs = qs.filter(field__code=filters.field)
    # A list row names no agencies (a commune-level procedure has hundreds): drop the
    # selector's preview of the first few, `agency_count` is annotated already.
    return qs.prefetch_related(None)


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 401: ErrorOut, 404: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Thông tin đầy đủ một thủ tục hành chính",
)
def get_procedure(request: HttpRequest, code: str):
    """Một thủ tục đang áp dụng theo mã: cơ quan thực hiện, trường hợp, thành phần hồ sơ, phí,
    lệ phí, quy trình xử lý và tờ khai điện tử."""
    detail = selectors.procedure_get(code=code)
    procedure = detail.procedure
    cases = list(procedure.cases.all())
    case_names = {case.pk: case.name for case in cases}
    steps = ProcessStep.objects.filter(procedure=procedure).select_related("org_unit")
    return ProcedureDetailOut(
        code=procedure.code,
        name=procedure.name,
        field_code=procedure.field.code,
        field_name=procedure.field.name,
        level=procedure.level,
        level_label=str(procedure.get_level_display()),
        agencies=[AgencyOut(code=unit.code, name=unit.name) for unit in detail.agencies],
        applicant_kind=procedure.applicant_kind,
        applicant_kind_label=str(procedure.get_applicant_kind_display()),
        online_level=procedure.online_level,
        online_level_label=str(procedure.get_online_level_display()),
        processing_days=procedure.processing_days,
        processing_note=procedure.processing_note,
        steps_text=procedure.steps_text,
        channels_text=procedure.channels_text,
        requirements=procedure.requirements,
        result=procedure.result,
        legal_basis=procedure.legal_basis,
        fee_note=procedure.fee_note,
        cases=[
            CaseOut(
                id=case.pk,
                name=case.name,
                processing_days=case.processing_days or procedure.processing_days,
            )
            for case in cases
        ],
        papers=[
            PaperOut(
                id=paper.pk,
                name=paper.name,
                originals=paper.originals,
                copies=paper.copies,
                required=paper.is_required,
                note=paper.note,
                case=case_names.get(paper.case_id),
                template_url=_absolute(request, paper.template.url) if paper.template else None,
            )
            for paper in procedure.papers.all()
        ],
        fees=[
            FeeOut(
                name=fee.name, amount=fee.amount, note=fee.note, case=case_names.get(fee.case_id)
            )
            for fee in procedure.fees.all()
        ],
        process_steps=[
            StepOut(
                order=step.order,
                name=step.name,
                org_unit_code=step.org_unit.code if step.org_unit else None,
                role=step.role,
                role_label=str(step.get_role_display()),
                days=step.days,
            )
            for step in steps.order_by("order")
        ],
        form_schema=procedure.form_schema or {},
    )


@router.get(
    "/procedure-fields",
    response={200: list[ProcedureFieldOut], 401: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Danh sách lĩnh vực thủ tục hành chính",
)
def list_procedure_fields(request: HttpRequest):
    """Các lĩnh vực có thủ tục đang áp dụng, kèm số thủ tục, theo tên (không phân trang:
    danh sách ngắn)."""
    rows = (
        ProcedureField.objects.annotate(
            procedure_count=Count("procedures", filter=Q(procedures__is_active=True))
        )
        .filter(procedure_count__gt=0)
        .values("code", "name", "procedure_count")
    )
    return sorted(rows, key=lambda row: (fold(row["name"]), row["code"]))
