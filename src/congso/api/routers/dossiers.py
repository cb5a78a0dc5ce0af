"""Online dossiers (hồ sơ trực tuyến) of the signed-in person, and the public lookup.

Every write goes through `congso.dossiers.services`, exactly as the HTML pages do; this module
only parses, fetches through `permissions` and shapes the answer. Someone else's dossier is
"not found" (404), never "forbidden", so ids cannot be probed.
"""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import AfterValidator, field_validator

from congso.api.auth import OPTIONAL_API_KEY, OPTIONAL_API_KEY_OPENAPI, session_auth
from congso.api.errors import VALIDATION_MESSAGE, ErrorOut
from congso.core.exceptions import Conflict, NotFound, RateLimited, ValidationFailed
from congso.dossiers import permissions, selectors, services
from congso.dossiers.models import SECRET_LENGTH, Dossier, DossierFile
from congso.dossiers.tasks import lookup_url
from congso.dossiers.views import _lookup_allowed
from congso.procedures import schema as form_schema
from congso.procedures.models import Procedure, ProcedureCase

router = Router(tags=["Hồ sơ trực tuyến"])

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_VALUE_LENGTH = 10000  # as the HTML form's drafts (schema.raw_values)
# Files the applicant sees: what they uploaded and the result; never the desk's internal papers.
VISIBLE_KINDS = (DossierFile.Kind.PAPER, DossierFile.Kind.RESULT)
LOOKUP_NOT_FOUND = gettext_lazy(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Vui lòng kiểm tra lại (mã tra cứu gồm "
    "chữ in hoa và số, không có chữ O, I, L và số 0, 1)."
)
NO_STORE = {"Cache-Control": "private, no-store"}
CITIZEN_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


LocalDateTime = Annotated[datetime, AfterValidator(_local)]


# --- output ------------------------------------------------------------------------------------


class DossierSummary(Schema):
    id: int
    code: str | None = Field(description="Mã hồ sơ, có khi nộp; null với hồ sơ nháp.")
    status: str = Field(description="Trạng thái: " + ", ".join(Dossier.Status.values) + ".")
    status_label: str
    national_status: int | None = Field(
        description="Mã trạng thái theo Cổng Dịch vụ công quốc gia (1–10); null với hồ sơ nháp."
    )
    procedure_code: str
    procedure_name: str
    agency_code: str
    agency_name: str
    created_at: LocalDateTime
    updated_at: LocalDateTime
    submitted_at: LocalDateTime | None
    due_at: LocalDateTime | None = Field(description="Ngày hẹn trả kết quả, có khi tiếp nhận.")


def _summary(dossier: Dossier) -> dict[str, Any]:
    return {
        "id": dossier.pk,
        "code": dossier.code,
        "status": dossier.status,
        "status_label": str(dossier.get_status_display()),
        "national_status": dossier.national_status,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "agency_code": dossier.agency.code,
        "agency_name": dossier.agency.name,
        "created_at": dossier.created_at,
        "updated_at": dossier.updated_at,
        "submitted_at": dossier.submitted_at,
        "due_at": dossier.due_at,
    }


class DossierListItemOut(DossierSummary):
    @staticmethod
    def resolve_status_label(obj: Dossier) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_procedure_code(obj: Dossier) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_procedure_name(obj: Dossier) -> str:
        return obj.procedure.name

    @staticmethod
    def resolve_agency_code(obj: Dossier) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_agency_name(obj: Dossier) -> str:
        return obj.agency.name


class ApplicantOut(Schema):
    applicant_name: str = Field(description="Họ và tên người nộp hồ sơ.")
    applicant_id_number: str = Field(description="Số định danh cá nhân / CCCD.")
    organization_name: str
    tax_code: str
    address: str
    phone: str
    email: str
    result_delivery: str = Field(description="Hình thức nhận kết quả: counter, post, online.")


class RequiredPaperOut(Schema):
    id: int = Field(description="Dùng làm `paper_id` khi tải tệp lên.")
    name: str
    required: bool


class DossierFileOut(Schema):
    id: int
    paper_id: int | None = Field(description="Thành phần hồ sơ của tệp.")
    name: str = Field(description="Tên tệp gốc.")
    size: int = Field(description="Dung lượng đã lưu (byte); ảnh được nén.")
    content_type: str
    kind: str = Field(description="paper: giấy tờ trong hồ sơ; result: kết quả giải quyết.")
    url: str = Field(description="Địa chỉ tải tệp (cần phiên đăng nhập).")
    uploaded_at: LocalDateTime


class DossierEventOut(Schema):
    at: LocalDateTime = Field(description="Thời điểm, giờ Việt Nam (Asia/Ho_Chi_Minh).")
    action: str
    action_label: str
    from_status: str | None
    to_status: str | None
    note: str


class SupplementItemOut(Schema):
    paper_id: int | None
    paper_name: str | None
    field: str | None = Field(description="Tên trường của tờ khai cần sửa.")
    field_label: str | None
    reason: str


class SupplementOut(Schema):
    requested_at: LocalDateTime
    message: str
    items: list[SupplementItemOut] = Field(description="Từng nội dung cần bổ sung, kèm lý do.")


class DossierOut(DossierSummary):
    case_id: int | None
    case_name: str | None
    lookup_secret: str | None = Field(
        description="Mã tra cứu (in trên phiếu nộp hồ sơ), có khi đã nộp."
    )
    lookup_url: str | None = Field(description="Trang tra cứu công khai (mã QR trên phiếu).")
    is_editable: bool = Field(description="true: hồ sơ nháp, còn sửa được.")
    form_data: dict[str, Any] = Field(description="Nội dung tờ khai.")
    applicant: ApplicantOut
    papers: list[RequiredPaperOut] = Field(description="Thành phần hồ sơ phải nộp.")
    files: list[DossierFileOut]
    events: list[DossierEventOut] = Field(description="Quá trình xử lý, cũ trước.")
    supplement_request: SupplementOut | None = Field(
        description="Yêu cầu bổ sung đang chờ người nộp trả lời."
    )
    processing_days: float | None = Field(description="Thời hạn giải quyết, ngày làm việc.")
    received_at: LocalDateTime | None
    finished_at: LocalDateTime | None
    returned_at: LocalDateTime | None
    rating: int | None = Field(description="Mức độ hài lòng 1–4 (4: rất hài lòng).")
    rating_comment: str


class LookupEventOut(Schema):
    at: LocalDateTime
    action: str
    action_label: str
    to_status: str | None
    to_status_label: str | None


class LookupOut(Schema):
    code: str
    status: str
    status_label: str
    national_status: int | None
    procedure_code: str
    procedure_name: str
    agency_code: str
    agency_name: str
    submitted_at: LocalDateTime | None
    received_at: LocalDateTime | None
    due_at: LocalDateTime | None
    finished_at: LocalDateTime | None
    returned_at: LocalDateTime | None
    events: list[LookupEventOut] = Field(
        description="Quá trình xử lý, không có thông tin cá nhân (người thực hiện, ghi chú)."
    )


# --- input -------------------------------------------------------------------------------------


class DossierCreateIn(Schema):
    procedure_code: str = Field(max_length=30, description="Mã thủ tục.")
    agency_code: str | None = Field(
        None,
        max_length=20,
        description="Mã cơ quan tiếp nhận; bỏ trống khi thủ tục chỉ có một cơ quan.",
    )
    case_id: int | None = Field(
        None, ge=1, description="Trường hợp (id trong `cases` của thủ tục), nếu thủ tục có chia."
    )
    client_token: str = Field(
        "",
        max_length=64,
        description="Chuỗi ngẫu nhiên do ứng dụng tạo cho mỗi lần bấm “Nộp hồ sơ”: gửi lại "
        "cùng chuỗi (bấm hai lần, thử lại khi mất mạng) nhận lại đúng hồ sơ đã tạo.",
    )


class ApplicantIn(Schema):
    """Only the fields sent are changed; null or "" clears a text field."""

    applicant_name: str | None = Field(None, max_length=255)
    applicant_id_number: str | None = Field(None, max_length=20)
    organization_name: str | None = Field(None, max_length=255)
    tax_code: str | None = Field(None, max_length=14)
    address: str | None = Field(None, max_length=500)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    result_delivery: Literal["counter", "post", "online"] | None = None


class DossierPatchIn(Schema):
    form_data: dict[str, Any] | None = Field(
        None,
        description="Các trường của tờ khai cần lưu (chỉ gửi trường thay đổi cũng được), với "
        "giá trị JSON theo kiểu của trường: chuỗi, số, true/false; null để xoá.",
    )
    applicant: ApplicantIn | None = Field(None, description="Thông tin người nộp hồ sơ.")


class WithdrawIn(Schema):
    reason: str = Field(min_length=1, max_length=1000, description="Lý do rút hồ sơ.")


class SupplementIn(Schema):
    note: str = Field("", max_length=2000, description="Ghi chú, giải trình (nếu có).")


class RatingIn(Schema):
    rating: int = Field(ge=1, le=4, description="1: không hài lòng … 4: rất hài lòng.")
    comment: str = Field("", max_length=2000)


class DossierFilters(Schema):
    status: Dossier.Status | None = Field(None, description="Chỉ lấy hồ sơ ở trạng thái này.")

    @field_validator("status", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value


class LookupIn(Schema):
    code: str = Field(max_length=40, description="Mã hồ sơ, ví dụ 000.00.31.H56-261127-0001.")
    secret: str = Field(
        max_length=SECRET_LENGTH + 4, description=f"Mã tra cứu gồm {SECRET_LENGTH} ký tự."
    )


# --- helpers -----------------------------------------------------------------------------------


def _error(loc: list[str], message: str, kind: str = "invalid") -> dict[str, Any]:
    return {"loc": loc, "type": kind, "msg": str(message)}


def _loc(key: str) -> list[str]:
    """Where a service's error key lives in this API (ninja's own locs: body, payload, ...)."""
    if key.startswith("f-"):
        return ["body", "payload", "form_data", key.removeprefix("f-")]
    if key.startswith("paper-"):
        return ["papers", key.removeprefix("paper-")]
    if key in services.APPLICANT_FIELDS:
        return ["body", "payload", "applicant", key]
    return ["body", "payload", {"agency": "agency_code", "case": "case_id"}.get(key, key)]


@contextmanager
def _located_errors() -> Iterator[None]:
    """A service's {key: [messages]} becomes the API's list of {"loc", "type", "msg"}."""
    try:
        yield
    except ValidationFailed as error:
        errors = error.extra.get("errors")
        if not isinstance(errors, dict):
            raise
        located = [
            _error(_loc(key), message, "incomplete")
            for key, messages in errors.items()
            for message in messages
        ]
        raise ValidationFailed(error.message, extra={**error.extra, "errors": located}) from None


def _user(request: HttpRequest):
    return request.auth  # type: ignore[attr-defined]


def _own(request: HttpRequest, dossier_id: int) -> Dossier:
    return permissions.access_own_dossier(user=_user(request), dossier_id=dossier_id)


def _typed_values(schema: dict, values: dict[str, Any]) -> dict[str, Any]:
    """JSON values as the draft stores what is typed in the HTML form: strings, and booleans for
    check boxes; submission validates and converts them. Every wrong value is reported at once."""
    specs = {name: spec for name, spec, _required in form_schema.fields_of(schema)}
    stored: dict[str, Any] = {}
    errors = []
    for name, value in values.items():
        loc = ["body", "payload", "form_data", name]
        spec = specs.get(name)
        if spec is None:
            errors.append(_error(loc, _("Tờ khai của thủ tục này không có trường này."), "unknown"))
        elif spec["type"] == "boolean":
            if value is None or isinstance(value, bool):
                stored[name] = bool(value)
            else:
                errors.append(_error(loc, _("Giá trị phải là true hoặc false."), "bool_type"))
        elif value is None:
            stored[name] = ""
        elif isinstance(value, str):
            stored[name] = value[:MAX_VALUE_LENGTH]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            stored[name] = _number_text(value)
        else:
            errors.append(
                _error(loc, _("Giá trị phải là chuỗi hoặc số (theo kiểu của trường)."), "type")
            )
    if errors:
        raise ValidationFailed(VALIDATION_MESSAGE, extra={"errors": errors})
    return stored


def _applicant_values(applicant: ApplicantIn) -> dict[str, str]:
    """The fields that were sent; null clears a text field (as in `form_data`)."""
    sent = applicant.model_dump(exclude_unset=True)
    return {
        name: "" if value is None else value
        for name, value in sent.items()
        if not (value is None and name == "result_delivery")
    }


def _number_text(value: int | float) -> str:
    """2 -> "2", 2.5 -> "2.5", 1e20 -> "100000000000000000000" (what the form field parses)."""
    return str(value) if isinstance(value, int) else format(Decimal(str(value)), "f")


def _decimal_days(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _detail(dossier: Dossier) -> DossierOut:
    dossier = selectors.dossier_page(dossier)
    schema = dossier.procedure.form_schema
    papers = list(dossier.required_papers().order_by("order", "id"))
    paper_names = {paper.pk: paper.name for paper in papers}
    labels = {name: spec["title"] for name, spec, _req in form_schema.fields_of(schema)}
    supplement = next((s for s in dossier.supplements.all() if s.answered_at is None), None)
    return DossierOut(
        **_summary(dossier),
        case_id=dossier.case_id,
        case_name=dossier.case.name if dossier.case else None,
        received_at=dossier.received_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        lookup_secret=dossier.lookup_secret if dossier.code else None,
        lookup_url=lookup_url(dossier) if dossier.code else None,
        is_editable=dossier.is_editable,
        form_data=dossier.form_data,
        applicant=ApplicantOut(
            **{name: getattr(dossier, name) for name in services.APPLICANT_FIELDS}
        ),
        papers=[
            RequiredPaperOut(id=paper.pk, name=paper.name, required=paper.is_required)
            for paper in papers
        ],
        files=[_file_out(item) for item in _visible_files(dossier)],
        events=[
            DossierEventOut(
                at=event.at,
                action=event.action,
                action_label=event.action_label,
                from_status=event.from_status or None,
                to_status=event.to_status or None,
                note=event.note,
            )
            for event in dossier.events.all()
        ],
        supplement_request=SupplementOut(
            requested_at=supplement.created_at,
            message=supplement.message,
            items=[
                SupplementItemOut(
                    paper_id=item.get("paper"),
                    paper_name=paper_names.get(item.get("paper")),
                    field=item.get("field") or None,
                    field_label=labels.get(item.get("field") or ""),
                    reason=item.get("reason", ""),
                )
                for item in supplement.items
            ],
        )
        if supplement
        else None,
        processing_days=_decimal_days(dossier.processing_days),
        rating=dossier.rating,
        rating_comment=dossier.rating_comment,
    )


def _visible_files(dossier: Dossier) -> list[DossierFile]:
    """The papers (in the order of the procedure's papers), then the results."""
    files = [item for item in dossier.files.all() if item.kind in VISIBLE_KINDS]
    return sorted(files, key=lambda item: VISIBLE_KINDS.index(item.kind))


def _file_out(item: DossierFile) -> DossierFileOut:
    return DossierFileOut(
        id=item.pk,
        paper_id=item.paper_id,
        name=item.original_name,
        size=item.size,
        content_type=item.content_type,
        kind=item.kind,
        url=reverse("dossiers:file", args=[item.dossier_id, item.pk]),
        uploaded_at=item.created_at,
    )


def _no_store(response: HttpResponse) -> None:
    for header, value in NO_STORE.items():
        response[header] = value


# --- citizen endpoints -------------------------------------------------------------------------


@router.post(
    "/dossiers",
    response={200: DossierOut, 201: DossierOut, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Tạo hồ sơ nháp",
)
def create_dossier(request: HttpRequest, response: HttpResponse, payload: DossierCreateIn):
    """Tạo hồ sơ nháp cho một thủ tục có dịch vụ công trực tuyến (201), điền sẵn thông tin từ
    tài khoản. Gửi lại cùng `client_token` nhận lại hồ sơ đã tạo (200), không tạo hồ sơ thứ hai.
    """
    _no_store(response)
    user = _user(request)
    procedure = Procedure.objects.filter(code=payload.procedure_code, is_active=True).first()
    if procedure is None:
        raise NotFound(_("Không tìm thấy thủ tục hành chính."))
    token = payload.client_token.strip()
    if token:
        existing = Dossier.objects.filter(applicant=user, client_token=token).first()
        if existing is not None:
            if existing.procedure_id != procedure.pk:
                raise Conflict(_("Mã client_token này đã được dùng cho một hồ sơ khác."))
            return Status(200, _detail(existing))
    agency = None
    if payload.agency_code:
        agency = services.agencies_for(procedure).filter(code=payload.agency_code).first()
        if agency is None:
            message = _("Cơ quan này không tiếp nhận hồ sơ của thủ tục.")
            raise ValidationFailed(
                message, extra={"errors": [_error(["body", "payload", "agency_code"], message)]}
            )
    case = None
    if payload.case_id is not None:
        case = ProcedureCase.objects.filter(pk=payload.case_id, procedure=procedure).first()
        if case is None:
            message = _("Trường hợp không thuộc thủ tục này.")
            raise ValidationFailed(
                message, extra={"errors": [_error(["body", "payload", "case_id"], message)]}
            )
    with _located_errors():
        dossier = services.dossier_start(
            applicant=user, procedure=procedure, agency=agency, case=case, client_token=token
        )
    return Status(201, _detail(dossier))


@router.get(
    "/dossiers",
    response={200: list[DossierListItemOut], 401: ErrorOut, 422: ErrorOut},
    auth=session_auth,
    summary="Hồ sơ của tôi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_dossiers(request: HttpRequest, response: HttpResponse, filters: Query[DossierFilters]):
    """Các hồ sơ của người đang đăng nhập, mới cập nhật trước, chia trang."""
    _no_store(response)
    dossiers = selectors.my_dossiers(user=_user(request))
    if filters.status:
        dossiers = dossiers.filter(status=filters.status)
    return dossiers


@router.get(
    "/dossiers/{dossier_id}",
    response={200: DossierOut, 401: ErrorOut, 404: ErrorOut},
    auth=session_auth,
    summary="Chi tiết một hồ sơ",
)
def get_dossier(request: HttpRequest, response: HttpResponse, dossier_id: int):
    """Hồ sơ của chính người đang đăng nhập: tờ khai, tệp, quá trình xử lý, yêu cầu bổ sung."""
    _no_store(response)
    return _detail(_own(request, dossier_id))


@router.patch(
    "/dossiers/{dossier_id}",
    response={200: DossierOut, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Lưu nháp tờ khai và thông tin người nộp",
)
def save_draft(request: HttpRequest, dossier_id: int, payload: DossierPatchIn):
    """Lưu những gì đã nhập, kể cả khi chưa hợp lệ (kiểm tra đầy đủ khi nộp). Chỉ các trường
    gửi lên được thay đổi. Hồ sơ đã nộp thì không sửa được (409)."""
    dossier = _own(request, dossier_id)
    values = None
    if payload.form_data is not None:
        values = _typed_values(dossier.procedure.form_schema, payload.form_data)
    applicant = _applicant_values(payload.applicant) if payload.applicant else None
    services.dossier_save_draft(
        actor=_user(request), dossier=dossier, values=values, applicant=applicant
    )
    return _detail(dossier)


@router.post(
    "/dossiers/{dossier_id}/files",
    response={201: DossierFileOut, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Tải một tệp lên hồ sơ",
)
def upload_file(
    request: HttpRequest,
    dossier_id: int,
    file: File[UploadedFile],
    paper_id: int | None = Form(
        None,
        description="Thành phần hồ sơ: `id` trong `papers` của hồ sơ (hoặc của thủ tục).",
    ),
):
    """Gửi `multipart/form-data` với tệp ở trường `file` và thành phần hồ sơ ở `paper_id`.

    Nhận PDF, Word (DOCX) và ảnh JPEG, PNG, HEIC; loại tệp được nhận biết theo nội dung, không
    theo tên. Ảnh được nén còn khoảng 1 MB mỗi trang. Tệp không hợp lệ: 422 với lời nhắn cụ thể.
    Tải được khi hồ sơ là bản nháp hoặc đang được yêu cầu bổ sung.
    """
    dossier = _own(request, dossier_id)
    item = services.dossier_attach_file(
        actor=_user(request),
        dossier=dossier,
        paper_id=paper_id,
        upload=file,
        original_name=file.name or "",
    )
    return Status(201, _file_out(item))


@router.delete(
    "/dossiers/{dossier_id}/files/{file_id}",
    response={204: None, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Gỡ một tệp khỏi hồ sơ",
)
def remove_file(request: HttpRequest, dossier_id: int, file_id: int):
    """Gỡ tệp khỏi hồ sơ nháp (hoặc tệp vừa bổ sung khi đang được yêu cầu bổ sung)."""
    dossier = _own(request, dossier_id)
    if not services.current_files(dossier).filter(pk=file_id).exists():
        raise NotFound(_("Không tìm thấy tệp."))
    services.dossier_remove_file(actor=_user(request), dossier=dossier, file_id=file_id)
    return Status(204, None)


@router.post(
    "/dossiers/{dossier_id}/submit",
    response={200: DossierOut, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Nộp hồ sơ",
)
def submit_dossier(request: HttpRequest, dossier_id: int):
    """Nộp hồ sơ nháp: hồ sơ nhận mã hồ sơ và mã tra cứu, thư xác nhận được gửi đi.

    Hồ sơ chưa đủ: 422, `extra.errors` liệt kê mọi nội dung cần hoàn thiện cùng lúc
    (`loc` chỉ trường tờ khai, thông tin người nộp hoặc `["papers", "<paper_id>"]`).
    Nộp lại một hồ sơ đã nộp (bấm hai lần, thử lại) trả về chính hồ sơ đó, cùng mã.
    """
    dossier = _own(request, dossier_id)
    with _located_errors():
        dossier, _first = services.dossier_submit(actor=_user(request), dossier=dossier)
    return _detail(dossier)


@router.post(
    "/dossiers/{dossier_id}/withdraw",
    response={200: DossierOut, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Rút hồ sơ",
)
def withdraw_dossier(request: HttpRequest, dossier_id: int, payload: WithdrawIn):
    """Rút hồ sơ đã nộp khi cơ quan chưa tiếp nhận."""
    dossier = _own(request, dossier_id)
    with _located_errors():
        dossier = services.dossier_withdraw(
            actor=_user(request), dossier=dossier, reason=payload.reason
        )
    return _detail(dossier)


@router.post(
    "/dossiers/{dossier_id}/supplement",
    response={200: DossierOut, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Gửi bổ sung hồ sơ",
)
def answer_supplement(request: HttpRequest, dossier_id: int, payload: SupplementIn):
    """Sau khi tải lên các giấy tờ được yêu cầu (`POST .../files`), gửi lại hồ sơ cho cơ quan."""
    dossier = _own(request, dossier_id)
    with _located_errors():
        dossier = services.dossier_answer_supplement(
            actor=_user(request), dossier=dossier, note=payload.note
        )
    return _detail(dossier)


@router.post(
    "/dossiers/{dossier_id}/rating",
    response={200: DossierOut, **CITIZEN_ERRORS},
    auth=session_auth,
    summary="Đánh giá mức độ hài lòng",
)
def rate_dossier(request: HttpRequest, dossier_id: int, payload: RatingIn):
    """Một lần, sau khi hồ sơ có kết quả."""
    dossier = _own(request, dossier_id)
    dossier = services.dossier_rate(
        actor=_user(request), dossier=dossier, rating=payload.rating, comment=payload.comment
    )
    return _detail(dossier)


# --- public lookup -----------------------------------------------------------------------------


@router.get(
    "/dossier-lookup",
    response={200: LookupOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Tra cứu hồ sơ bằng mã hồ sơ và mã tra cứu",
)
def lookup_dossier(request: HttpRequest, response: HttpResponse, params: Query[LookupIn]):
    """Không cần đăng nhập: trạng thái và quá trình xử lý, không có thông tin cá nhân.

    Sai mã hồ sơ hay sai mã tra cứu đều nhận cùng một lỗi 404. Số lần tra cứu từ một địa chỉ IP
    có giới hạn (như trang tra cứu): vượt quá nhận lỗi 429.
    """
    _no_store(response)
    if not _lookup_allowed(request):
        raise RateLimited(_("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút."))
    code = params.code.strip().upper()
    secret = params.secret.strip().upper().replace(" ", "")
    dossier = selectors.lookup(code=code, secret=secret) if code and secret else None
    if dossier is None:
        raise NotFound(LOOKUP_NOT_FOUND)
    return LookupOut(
        code=dossier.code,
        status=dossier.status,
        status_label=str(dossier.get_status_display()),
        national_status=dossier.national_status,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        agency_code=dossier.agency.code,
        agency_name=dossier.agency.name,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        events=[
            LookupEventOut(
                at=event.at,
                action=event.action,
                action_label=event.action_label,
                to_status=event.to_status or None,
                to_status_label=str(event.to_status_label) or None,
            )
            for event in dossier.events.all()
        ],
    )
