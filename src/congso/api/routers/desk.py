"""The officials' side of dossiers: the one-stop desk (queue, reception, supplement, refusal,
result, return, new appointment) and the processing steps (inbox, claim, forward, return,
approve, reject), plus the desk's statistics.

Every write goes through `congso.dossiers.services` or `congso.dossiers.processing`, exactly as
the desk and processing pages do; this module only parses, checks visibility and shapes the
answer. A dossier or step the official may not see (another agency's, a draft) is "not found"
(404), never "forbidden", so ids cannot be probed; what the official sees but may not do is the
service's 403 or 409, with its Vietnamese message.
"""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.

import datetime as dt
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from congso.accounts.models import RoleAssignment
from congso.accounts.permissions import is_administrator
from congso.api.auth import session_auth
from congso.api.errors import ErrorOut
from congso.api.routers.dossiers import ApplicantOut, LocalDateTime, RequiredPaperOut
from congso.core.exceptions import NotFound, NotPermitted, ValidationFailed
from congso.dossiers import permissions, processing, selectors, services, stats
from congso.dossiers.models import Dossier, DossierStep
from congso.dossiers.reminders import warn_threshold
from congso.procedures import schema as form_schema

router = Router(tags=["Một cửa, xử lý hồ sơ"])

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_STATS_DAYS = 3700  # about ten years, as the statistics page
NO_STORE = {"Cache-Control": "private, no-store"}
DESK_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
CHANNEL_CODES = ", ".join(Dossier.Channel.values)


# --- output ------------------------------------------------------------------------------------


class QueueItemOut(Schema):
    id: int
    code: str
    status: str
    status_label: str
    national_status: int | None = Field(description="Mã trạng thái theo Cổng DVC quốc gia.")
    channel: str = Field(description=f"Kênh nộp: {CHANNEL_CODES}.")
    procedure_code: str
    procedure_name: str
    agency_code: str
    agency_name: str
    applicant_name: str
    submitted_at: LocalDateTime | None
    updated_at: LocalDateTime

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


class InboxItemOut(Schema):
    """Built from a `DossierStep` of `processing.inbox`, annotated with `overdue`, `due_soon`."""

    step_id: int = Field(description="Dùng cho `/desk/steps/{step_id}/...`.")
    dossier_id: int
    dossier_code: str | None
    dossier_status: str
    dossier_due_at: LocalDateTime | None = Field(description="Ngày hẹn trả kết quả của hồ sơ.")
    procedure_code: str
    procedure_name: str
    order: int = Field(description="Thứ tự bước trong quy trình.")
    name: str = Field(description="Tên bước.")
    unit_code: str = Field(description="Mã đơn vị xử lý bước.")
    unit_name: str
    role: str = Field(description="Vai trò xử lý bước.")
    role_label: str
    started_at: LocalDateTime = Field(description="Thời điểm hồ sơ đến bước này.")
    due_at: LocalDateTime = Field(description="Hạn xử lý bước.")
    handler_id: int | None = Field(description="Người đã nhận xử lý; null khi chưa ai nhận.")
    handler: str | None
    overdue: bool = Field(description="Đã quá hạn xử lý bước.")
    due_soon: bool = Field(description="Còn dưới 4 giờ làm việc đến hạn (chưa quá hạn).")

    @staticmethod
    def resolve_step_id(obj: DossierStep) -> int:
        return obj.pk

    @staticmethod
    def resolve_dossier_code(obj: DossierStep) -> str | None:
        return obj.dossier.code

    @staticmethod
    def resolve_dossier_status(obj: DossierStep) -> str:
        return obj.dossier.status

    @staticmethod
    def resolve_dossier_due_at(obj: DossierStep) -> dt.datetime | None:
        return obj.dossier.due_at

    @staticmethod
    def resolve_procedure_code(obj: DossierStep) -> str:
        return obj.dossier.procedure.code

    @staticmethod
    def resolve_procedure_name(obj: DossierStep) -> str:
        return obj.dossier.procedure.name

    @staticmethod
    def resolve_unit_code(obj: DossierStep) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_unit_name(obj: DossierStep) -> str:
        return obj.org_unit.name

    @staticmethod
    def resolve_handler(obj: DossierStep) -> str | None:
        return _name(obj.handler)


class FormRowOut(Schema):
    label: str
    value: str = Field(description="Giá trị như người đọc thấy (ngày dd/mm/yyyy, Có/Không).")


class DeskFileOut(Schema):
    id: int
    paper_id: int | None
    paper_name: str | None
    name: str = Field(description="Tên tệp gốc.")
    size: int
    content_type: str
    kind: str = Field(description="paper: giấy tờ; result: kết quả; internal: dự thảo nội bộ.")
    url: str = Field(description="Địa chỉ tải tệp (cần phiên đăng nhập).")
    uploaded_at: LocalDateTime


class SupplementItemOut(Schema):
    paper_id: int | None
    field: str | None
    reason: str


class SupplementOut(Schema):
    requested_at: LocalDateTime
    message: str
    items: list[SupplementItemOut]
    answered_at: LocalDateTime | None
    answer_note: str


class StepOut(Schema):
    id: int
    order: int
    name: str
    unit_code: str
    unit_name: str
    role: str
    role_label: str
    sent_by: str | None = Field(description="Người chuyển hồ sơ đến bước này.")
    started_at: LocalDateTime
    due_at: LocalDateTime
    handler_id: int | None
    handler: str | None
    claimed_at: LocalDateTime | None
    finished_at: LocalDateTime | None = Field(description="Thời điểm chuyển đi; null: đang mở.")
    outcome: str = Field(
        description="Kết quả bước: " + ", ".join(DossierStep.Outcome.values) + "; rỗng khi đang mở."
    )
    outcome_label: str
    note: str = Field(description="Ý kiến xử lý.")
    timing: str = Field(description="early, on_time, late khi đã chuyển đi; rỗng khi đang mở.")
    overdue: bool = Field(description="Đang mở và đã quá hạn.")


class EventOut(Schema):
    at: LocalDateTime
    action: str
    action_label: str
    actor_name: str
    from_status: str | None
    to_status: str | None
    note: str


class DeskDossierOut(Schema):
    id: int
    code: str
    status: str
    status_label: str
    national_status: int | None
    channel: str = Field(description=f"Kênh nộp: {CHANNEL_CODES}.")
    procedure_code: str
    procedure_name: str
    case_id: int | None
    case_name: str | None
    agency_code: str
    agency_name: str
    applicant: ApplicantOut
    form_data: dict[str, Any]
    form_rows: list[FormRowOut] = Field(description="Tờ khai, theo thứ tự và nhãn của biểu mẫu.")
    papers: list[RequiredPaperOut] = Field(description="Thành phần hồ sơ phải nộp.")
    files: list[DeskFileOut]
    supplements: list[SupplementOut] = Field(description="Các yêu cầu bổ sung, mới trước.")
    steps: list[StepOut] = Field(description="Các lần chuyển bước (Mẫu 05), cũ trước.")
    open_step: StepOut | None = Field(description="Bước đang mở, nếu có.")
    events: list[EventOut] = Field(description="Quá trình xử lý, cũ trước.")
    processing_days: float | None
    created_at: LocalDateTime
    updated_at: LocalDateTime
    submitted_at: LocalDateTime | None
    received_at: LocalDateTime | None
    due_at: LocalDateTime | None = Field(description="Ngày hẹn trả kết quả.")
    apology_due_at: LocalDateTime | None = Field(description="Ngày hẹn lại (phiếu xin lỗi).")
    finished_at: LocalDateTime | None
    returned_at: LocalDateTime | None
    overdue: bool = Field(description="Đang giải quyết và đã quá ngày hẹn trả.")
    rating: int | None
    rating_comment: str
    at_my_desk: bool = Field(description="Người gọi làm việc tại bộ phận một cửa của hồ sơ.")
    can_act_on_open_step: bool = Field(description="Người gọi có vai trò xử lý bước đang mở.")


class StepMoveOut(Schema):
    dossier_id: int
    dossier_code: str | None
    dossier_status: str
    step: StepOut = Field(description="Bước vừa thao tác.")
    next_step: StepOut | None = Field(
        description="Bước hồ sơ được chuyển đến; null khi nhận xử lý."
    )


class StatsRowOut(Schema):
    received: int = Field(description="Hồ sơ tiếp nhận trong kỳ.")
    online: int
    resolved: int
    early: int
    on_time: int
    late: int
    in_progress: int
    overdue: int
    stopped: int
    rated: int
    rating_4: int
    rating_3: int
    rating_2: int
    rating_1: int
    on_time_rate: float | None = Field(description="(Trước hạn + đúng hạn) / đã giải quyết, 0–1.")
    online_share: float | None
    satisfied_share: float | None
    resolved_share: float | None


class StatsGroupOut(StatsRowOut):
    code: str
    name: str


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    agency_code: str | None = Field(description="Cơ quan được chọn; null: mọi cơ quan được xem.")
    totals: StatsRowOut
    procedures: list[StatsGroupOut] = Field(description="Theo thủ tục, nhiều hồ sơ trước.")
    agencies: list[StatsGroupOut] = Field(description="Theo cơ quan (hồ sơ của chính cơ quan).")


# --- input -------------------------------------------------------------------------------------


class NoteIn(Schema):
    note: str = Field("", max_length=2000, description="Ghi chú, ý kiến (nếu có).")


class ReasonIn(Schema):
    reason: str = Field(max_length=2000, description="Lý do, bắt buộc.")


class SupplementItemIn(Schema):
    paper_id: int | None = Field(None, description="Thành phần hồ sơ (`id` trong `papers`).")
    field: str = Field("", max_length=100, description="Tên trường tờ khai cần sửa.")
    reason: str = Field(max_length=1000, description="Lý do, bắt buộc cho từng nội dung.")


class SupplementIn(Schema):
    items: list[SupplementItemIn] = Field(
        max_length=100, description="Mọi giấy tờ, nội dung cần bổ sung, mỗi mục kèm lý do."
    )
    message: str = Field("", max_length=2000, description="Lời nhắn chung cho người nộp.")


class RescheduleIn(Schema):
    new_due: str = Field(
        max_length=40,
        description="Ngày hẹn mới, ISO 8601 (2026-12-04T16:00:00+07:00); không có múi giờ thì "
        "hiểu là giờ Việt Nam.",
        json_schema_extra={"format": "date-time"},
    )
    reason: str = Field(max_length=2000, description="Lý do chậm trả kết quả, bắt buộc.")


class InboxFilters(Schema):
    mine: bool = Field(False, description="true: chỉ các bước tôi đã nhận xử lý.")


class StatsFilters(Schema):
    start: dt.date | None = Field(None, description="Từ ngày (YYYY-MM-DD); mặc định 1/1 năm nay.")
    end: dt.date | None = Field(None, description="Đến ngày (YYYY-MM-DD); mặc định hôm nay.")
    agency_code: str | None = Field(
        None, max_length=20, description="Chỉ cơ quan này (và đơn vị trực thuộc)."
    )


# --- helpers -----------------------------------------------------------------------------------


def _user(request: HttpRequest):
    return request.auth  # type: ignore[attr-defined]


def _no_store(response: HttpResponse) -> None:
    for header, value in NO_STORE.items():
        response[header] = value


def _check_official(user) -> None:
    if not (is_administrator(user) or RoleAssignment.objects.filter(user=user).exists()):
        raise NotPermitted(_("Chức năng này dành cho cán bộ, công chức."))


def _visible(request: HttpRequest, dossier_id: int) -> Dossier:
    """A dossier the official may see (`processing.can_see`); anything else is "not found"."""
    dossier = (
        Dossier.objects.select_related("procedure", "case", "agency")
        .filter(pk=dossier_id)
        .exclude(status=Dossier.Status.DRAFT)
        .first()
    )
    if dossier is None or not processing.can_see(_user(request), dossier):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


def _visible_step(request: HttpRequest, step_id: int) -> DossierStep:
    step = (
        DossierStep.objects.select_related("dossier", "dossier__agency")
        .filter(pk=step_id)
        .exclude(dossier__status=Dossier.Status.DRAFT)
        .first()
    )
    if step is None or not processing.can_see(_user(request), step.dossier):
        raise NotFound(_("Không tìm thấy bước xử lý."))
    return step


def _name(user) -> str | None:
    return (user.full_name or user.email) if user is not None else None


def _step_out(step: DossierStep, now: dt.datetime) -> StepOut:
    return StepOut(
        id=step.pk,
        order=step.order,
        name=step.name,
        unit_code=step.org_unit.code,
        unit_name=step.org_unit.name,
        role=step.role,
        role_label=step.role_label,
        sent_by=_name(step.sent_by),
        started_at=step.started_at,
        due_at=step.due_at,
        handler_id=step.handler_id,
        handler=_name(step.handler),
        claimed_at=step.claimed_at,
        finished_at=step.finished_at,
        outcome=step.outcome,
        outcome_label=str(step.get_outcome_display()) if step.outcome else "",
        note=step.note,
        timing=step.timing,
        overdue=step.finished_at is None and step.due_at < now,
    )


def _steps(dossier: Dossier) -> list[DossierStep]:
    return list(
        dossier.steps.select_related("org_unit", "handler", "sent_by").order_by("started_at", "id")
    )


def _file_url(item) -> str:
    return reverse("dossiers:file", args=[item.dossier_id, item.pk])


def _detail(request: HttpRequest, dossier: Dossier) -> DeskDossierOut:
    user = _user(request)
    now = timezone.now()
    dossier = selectors.dossier_page(dossier)
    schema = dossier.procedure.form_schema
    papers = list(dossier.required_papers().order_by("order", "id"))
    steps = _steps(dossier)
    open_step = next((s for s in reversed(steps) if s.finished_at is None), None)
    in_progress = dossier.status in {
        Dossier.Status.RECEIVED,
        Dossier.Status.IN_PROCESS,
        Dossier.Status.PAYMENT,
    }
    return DeskDossierOut(
        id=dossier.pk,
        code=dossier.code,
        status=dossier.status,
        status_label=str(dossier.get_status_display()),
        national_status=dossier.national_status,
        channel=dossier.channel,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        case_id=dossier.case_id,
        case_name=dossier.case.name if dossier.case else None,
        agency_code=dossier.agency.code,
        agency_name=dossier.agency.name,
        applicant=ApplicantOut(
            **{name: getattr(dossier, name) for name in services.APPLICANT_FIELDS}
        ),
        form_data=dossier.form_data,
        form_rows=[
            FormRowOut(label=str(label), value=str(value))
            for label, value in form_schema.display_rows(schema, dossier.form_data)
        ],
        papers=[
            RequiredPaperOut(id=paper.pk, name=paper.name, required=paper.is_required)
            for paper in papers
        ],
        files=[
            DeskFileOut(
                id=item.pk,
                paper_id=item.paper_id,
                paper_name=item.paper.name if item.paper else None,
                name=item.original_name,
                size=item.size,
                content_type=item.content_type,
                kind=item.kind,
                url=_file_url(item),
                uploaded_at=item.created_at,
            )
            for item in dossier.files.all()
        ],
        supplements=[
            SupplementOut(
                requested_at=request_.created_at,
                message=request_.message,
                items=[
                    SupplementItemOut(
                        paper_id=item.get("paper"),
                        field=item.get("field") or None,
                        reason=item.get("reason", ""),
                    )
                    for item in request_.items
                ],
                answered_at=request_.answered_at,
                answer_note=request_.answer_note,
            )
            for request_ in dossier.supplements.all()
        ],
        steps=[_step_out(step, now) for step in steps],
        open_step=_step_out(open_step, now) if open_step else None,
        events=[
            EventOut(
                at=event.at,
                action=event.action,
                action_label=event.action_label,
                actor_name=event.actor_name,
                from_status=event.from_status or None,
                to_status=event.to_status or None,
                note=event.note,
            )
            for event in dossier.events.all()
        ],
        processing_days=float(dossier.processing_days) if dossier.processing_days else None,
        created_at=dossier.created_at,
        updated_at=dossier.updated_at,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        apology_due_at=dossier.apology_due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        overdue=bool(in_progress and dossier.due_at and dossier.due_at < now),
        rating=dossier.rating,
        rating_comment=dossier.rating_comment,
        at_my_desk=permissions.can_work_at_desk(user, dossier.agency),
        can_act_on_open_step=bool(open_step and processing.can_act_on(user, open_step)),
    )


def _new_due(text: str) -> dt.datetime:
    """ISO 8601; without an offset, the local (Vietnam) time."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        message = _("Thời điểm không đúng định dạng ISO 8601, ví dụ 2026-12-04T16:00:00+07:00.")
        error = {"loc": ["body", "payload", "new_due"], "type": "datetime_parsing", "msg": message}
        raise ValidationFailed(message, extra={"errors": [error]}) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


# --- the desk ----------------------------------------------------------------------------------


@router.get(
    "/desk/queue",
    response={200: list[QueueItemOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=session_auth,
    summary="Hồ sơ trực tuyến chờ tiếp nhận",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def desk_queue(request: HttpRequest, response: HttpResponse):
    """Hồ sơ đã nộp, chờ bộ phận một cửa nơi người gọi làm việc tiếp nhận; nộp trước xếp trước.

    Chỉ dành cho cán bộ bộ phận một cửa (và quản trị hệ thống): người khác nhận lỗi 403.
    """
    _no_store(response)
    user = _user(request)
    if not permissions.desk_agencies(user).exists():
        raise NotPermitted(_("Trang này dành cho cán bộ bộ phận một cửa."))
    return selectors.desk_queue(user=user)


@router.get(
    "/desk/inbox",
    response={200: list[InboxItemOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=session_auth,
    summary="Các bước xử lý của tôi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def desk_inbox(request: HttpRequest, response: HttpResponse, filters: Query[InboxFilters]):
    """Các bước đang mở mà người gọi có vai trò xử lý (tại đơn vị của mình) hoặc đã nhận,
    hạn sớm trước: bước quá hạn đứng đầu."""
    _no_store(response)
    user = _user(request)
    _check_official(user)
    steps = processing.inbox(user=user)
    if filters.mine:
        steps = steps.filter(handler=user)
    now, soon = timezone.now(), warn_threshold()
    return steps.annotate(
        overdue=ExpressionWrapper(Q(due_at__lt=now), output_field=BooleanField()),
        due_soon=ExpressionWrapper(
            Q(due_at__gte=now, due_at__lte=soon), output_field=BooleanField()
        ),
    )


@router.get(
    "/desk/dossiers/{dossier_id}",
    response={200: DeskDossierOut, 401: ErrorOut, 404: ErrorOut},
    auth=session_auth,
    summary="Hồ sơ (cán bộ xem)",
)
def desk_dossier(request: HttpRequest, response: HttpResponse, dossier_id: int):
    """Mọi thông tin của hồ sơ cho cán bộ: người nộp, tờ khai, tệp (kể cả dự thảo nội bộ),
    yêu cầu bổ sung, các lần chuyển bước (Mẫu 05) và quá trình xử lý.

    Xem được khi người gọi làm việc tại bộ phận một cửa của cơ quan tiếp nhận, hoặc đơn vị của
    người gọi có (đã có) một bước xử lý hồ sơ; người khác nhận lỗi 404.
    """
    _no_store(response)
    return _detail(request, _visible(request, dossier_id))


@router.post(
    "/desk/dossiers/{dossier_id}/receive",
    response={200: DeskDossierOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Tiếp nhận hồ sơ",
)
def receive_dossier(request: HttpRequest, dossier_id: int, payload: NoteIn | None = None):
    """Tiếp nhận hồ sơ đã nộp: ngày hẹn trả được tính theo ngày làm việc, bước xử lý đầu tiên
    được mở, người nộp nhận thư kèm giấy tiếp nhận (Mẫu 01). Thân yêu cầu không bắt buộc."""
    dossier = _visible(request, dossier_id)
    note = payload.note if payload else ""
    services.dossier_receive(actor=_user(request), dossier=dossier, note=note)
    return _detail(request, dossier)


@router.post(
    "/desk/dossiers/{dossier_id}/supplement",
    response={200: DeskDossierOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Yêu cầu bổ sung hồ sơ",
)
def request_supplement(request: HttpRequest, dossier_id: int, payload: SupplementIn):
    """Liệt kê một lần mọi giấy tờ (`paper_id`) và nội dung tờ khai (`field`) cần bổ sung, mỗi
    mục kèm lý do (Mẫu 02). Sau khi tiếp nhận, thời hạn tạm dừng đến khi người nộp bổ sung."""
    dossier = _visible(request, dossier_id)
    services.dossier_request_supplement(
        actor=_user(request),
        dossier=dossier,
        items=[
            {"paper": item.paper_id, "field": item.field, "reason": item.reason}
            for item in payload.items
        ],
        message=payload.message,
    )
    return _detail(request, dossier)


@router.post(
    "/desk/dossiers/{dossier_id}/refuse",
    response={200: DeskDossierOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Từ chối tiếp nhận hồ sơ",
)
def refuse_dossier(request: HttpRequest, dossier_id: int, payload: ReasonIn):
    """Từ chối hồ sơ, ghi rõ lý do (Mẫu 03 gửi người nộp)."""
    dossier = _visible(request, dossier_id)
    services.dossier_refuse(actor=_user(request), dossier=dossier, reason=payload.reason)
    return _detail(request, dossier)


@router.post(
    "/desk/dossiers/{dossier_id}/result",
    response={200: DeskDossierOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Đính kèm kết quả giải quyết",
)
def issue_result(
    request: HttpRequest,
    dossier_id: int,
    file: File[UploadedFile],
    note: str = Form("", max_length=2000, description="Ghi chú (nếu có)."),
):
    """Gửi `multipart/form-data` với tệp kết quả ở trường `file` (PDF, DOCX, ảnh).

    Chỉ khi hồ sơ đã về bước trả kết quả của bộ phận một cửa; người nộp tải được kết quả và
    nhận thư báo."""
    dossier = _visible(request, dossier_id)
    services.dossier_issue_result(
        actor=_user(request),
        dossier=dossier,
        file=file,
        original_name=file.name or "",
        note=note,
    )
    return _detail(request, dossier)


@router.post(
    "/desk/dossiers/{dossier_id}/return",
    response={200: DeskDossierOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Trả kết quả cho người nộp",
)
def return_result(request: HttpRequest, dossier_id: int, payload: NoteIn | None = None):
    """Ghi nhận đã trả kết quả (tại quầy hoặc qua bưu chính); hồ sơ kết thúc."""
    dossier = _visible(request, dossier_id)
    note = payload.note if payload else ""
    services.dossier_return_result(actor=_user(request), dossier=dossier, note=note)
    return _detail(request, dossier)


@router.post(
    "/desk/dossiers/{dossier_id}/reschedule",
    response={200: DeskDossierOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Hẹn lại ngày trả kết quả",
)
def reschedule_dossier(request: HttpRequest, dossier_id: int, payload: RescheduleIn):
    """Hồ sơ trễ (hoặc sắp trễ) hạn: ngày hẹn mới kèm lý do; người nộp nhận phiếu xin lỗi và
    hẹn lại (Mẫu 04). Ngày hẹn ban đầu được giữ cho thống kê. Bộ phận một cửa hoặc lãnh đạo cơ
    quan tiếp nhận thực hiện."""
    dossier = _visible(request, dossier_id)
    services.dossier_reschedule(
        actor=_user(request),
        dossier=dossier,
        new_due=_new_due(payload.new_due),
        reason=payload.reason,
    )
    return _detail(request, dossier)


# --- processing steps --------------------------------------------------------------------------


STEP_MOVES = {
    "forward": processing.step_forward,
    "return": processing.step_return,
    "approve": processing.step_approve,
    "reject": processing.step_reject,
}


def _moved(step: DossierStep, opened: DossierStep | None) -> StepMoveOut:
    """The step acted on and the step opened by the move, as they are now."""
    now = timezone.now()
    related = DossierStep.objects.select_related("org_unit", "handler", "sent_by")
    dossier = Dossier.objects.only("pk", "code", "status").get(pk=step.dossier_id)
    return StepMoveOut(
        dossier_id=dossier.pk,
        dossier_code=dossier.code,
        dossier_status=dossier.status,
        step=_step_out(related.get(pk=step.pk), now),
        next_step=_step_out(related.get(pk=opened.pk), now) if opened else None,
    )


def _step_move(request: HttpRequest, step_id: int, action: str, note: str) -> StepMoveOut:
    step = _visible_step(request, step_id)
    opened = STEP_MOVES[action](actor=_user(request), step=step, note=note)
    return _moved(step, opened)


@router.post(
    "/desk/steps/{step_id}/claim",
    response={200: StepMoveOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Nhận xử lý một bước",
)
def claim_step(request: HttpRequest, step_id: int):
    """Nhận bước về mình; hồ sơ chuyển sang “Đang xử lý”. Nhận lại bước của chính mình không
    đổi gì; bước đã có người khác nhận: 409."""
    step = _visible_step(request, step_id)
    processing.step_claim(actor=_user(request), step=step)
    return _moved(step, None)


@router.post(
    "/desk/steps/{step_id}/forward",
    response={200: StepMoveOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Chuyển bước tiếp theo",
)
def forward_step(request: HttpRequest, step_id: int, payload: NoteIn | None = None):
    """Chuyển hồ sơ sang bước tiếp theo của quy trình (sau bước cuối: về bộ phận một cửa trả
    kết quả). Bước chưa ai nhận thì người chuyển được tính là người nhận xử lý."""
    note = payload.note if payload else ""
    return _step_move(request, step_id, "forward", note)


@router.post(
    "/desk/steps/{step_id}/return",
    response={200: StepMoveOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Trả lại bước trước",
)
def return_step(request: HttpRequest, step_id: int, payload: NoteIn):
    """Trả hồ sơ về bước trước; `note` (lý do) bắt buộc."""
    return _step_move(request, step_id, "return", payload.note)


@router.post(
    "/desk/steps/{step_id}/approve",
    response={200: StepMoveOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Phê duyệt (bước của lãnh đạo)",
)
def approve_step(request: HttpRequest, step_id: int, payload: NoteIn | None = None):
    """Ở bước của lãnh đạo: phê duyệt, hồ sơ sang bước tiếp theo."""
    note = payload.note if payload else ""
    return _step_move(request, step_id, "approve", note)


@router.post(
    "/desk/steps/{step_id}/reject",
    response={200: StepMoveOut, **DESK_ERRORS},
    auth=session_auth,
    summary="Không phê duyệt (bước của lãnh đạo)",
)
def reject_step(request: HttpRequest, step_id: int, payload: NoteIn):
    """Ở bước của lãnh đạo: không phê duyệt, hồ sơ trở lại bước trước; `note` bắt buộc."""
    return _step_move(request, step_id, "reject", payload.note)


# --- statistics --------------------------------------------------------------------------------


def _stats_row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in StatsRowOut.model_fields}


def _stats_group(row: dict[str, Any]) -> StatsGroupOut:
    return StatsGroupOut(code=row["code"], name=row["name"], **_stats_row(row))


@router.get(
    "/desk/stats",
    response={200: StatsOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=session_auth,
    summary="Thống kê hồ sơ một cửa",
)
def desk_stats(request: HttpRequest, response: HttpResponse, filters: Query[StatsFilters]):
    """Số hồ sơ tiếp nhận trong kỳ và kết quả giải quyết (trước hạn, đúng hạn, trễ hạn, đang
    giải quyết, quá hạn, tỷ lệ trực tuyến, mức độ hài lòng), như trang thống kê: tổng, theo thủ
    tục và theo cơ quan. Dành cho lãnh đạo, cán bộ một cửa (cơ quan của mình và đơn vị cấp dưới)
    và quản trị hệ thống; người khác nhận lỗi 403."""
    _no_store(response)
    user = _user(request)
    visible = stats.visible_agencies(user)
    if not visible.exists():
        raise NotPermitted(
            _("Thống kê dành cho lãnh đạo, cán bộ bộ phận một cửa và quản trị hệ thống.")
        )
    today = timezone.localdate()
    end = filters.end or today
    start = filters.start or end.replace(month=1, day=1)
    if start > end:
        raise ValidationFailed(_("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc."))
    if (end - start).days > MAX_STATS_DAYS:
        raise ValidationFailed(_("Mỗi lần chỉ xem được tối đa 10 năm."))
    agencies: Any = visible
    code = (filters.agency_code or "").strip()
    if code:
        agencies = visible.filter(code=code).first()
        if agencies is None:
            raise NotPermitted(_("Bạn không có quyền xem thống kê của cơ quan này."))
    period = {"agencies": agencies, "start": start, "end": end}
    return StatsOut(
        start=start,
        end=end,
        agency_code=code or None,
        totals=StatsRowOut(**_stats_row(stats.agency_stats(**period))),
        procedures=[_stats_group(row) for row in stats.stats_by_procedure(**period)],
        agencies=[_stats_group(row) for row in stats.stats_by_agency(**period)],
    )
