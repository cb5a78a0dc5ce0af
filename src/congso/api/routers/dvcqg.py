"""What the national public service portal (Cổng Dịch vụ công quốc gia, DVCQG) takes from a
province: the dossier push and the progress push, as JSON a sync adapter forwards unchanged.

Field names are the portal's (Vietnamese, PascalCase); every time is `yyyyMMddHHmmss` in
Asia/Ho_Chi_Minh (DOMAIN.md), whatever the server's time zone. Status codes are
`Dossier.NATIONAL_CODES` (1–10). The mapping table is in docs/user-guide/api.md.

Only for connected systems holding a key with the scope `dvcqg:read`: a person's session is not
enough (these are every applicant's personal data). Drafts are never shown (404).
"""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.

import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from congso.accounts.models import Role, RoleAssignment
from congso.api.auth import ApiKeyAuth
from congso.api.errors import ErrorOut
from congso.api.models import ApiScope
from congso.core.exceptions import NotFound, ValidationFailed
from congso.dossiers.models import Dossier, DossierEvent, DossierFile, DossierStep

router = Router(tags=["Đồng bộ Cổng DVC quốc gia"])

DVCQG_AUTH = ApiKeyAuth(scope=ApiScope.DVCQG_READ.value)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STAMP_FORMAT = "%Y%m%d%H%M%S"
STAMP_RE = re.compile(r"^[0-9]{14}$")
STAMP_DESCRIPTION = "yyyyMMddHHmmss, giờ Việt Nam (Asia/Ho_Chi_Minh)"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
NO_STORE = {"Cache-Control": "private, no-store"}
DVCQG_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

# KenhNop: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích.
CHANNEL_CODES = {
    Dossier.Channel.COUNTER: 1,
    Dossier.Channel.ONLINE: 2,
    Dossier.Channel.POST: 3,
}
RESOLVED = (Dossier.Status.RESULT_READY, Dossier.Status.RETURNED)
STEP_ACTIONS = frozenset({"claim", "forward", "return", "approve", "reject"})
STEP_MOVES = STEP_ACTIONS - {"claim"}
APPLICANT_ACTIONS = frozenset({"submit", "withdraw", "answer_supplement"})
NOT_PROGRESS = frozenset({"start", "rate"})  # the draft, the satisfaction rating
OTHER_PAPER = "Giấy tờ khác"


def stamp(value: dt.datetime | None) -> str | None:
    """An aware datetime as the portal writes it: "20261127083005" (Vietnam's time)."""
    return value.astimezone(TZ).strftime(STAMP_FORMAT) if value is not None else None


def parse_since(text: str) -> dt.datetime:
    """`yyyyMMddHHmmss` (Vietnam's time) or ISO 8601 (without an offset: Vietnam's time)."""
    text = text.strip()
    try:
        if STAMP_RE.match(text):
            value = dt.datetime.strptime(text, STAMP_FORMAT)  # noqa: DTZ007 - zone set below
        else:
            value = dt.datetime.fromisoformat(text)
    except ValueError:
        message = _("Thời điểm phải theo dạng yyyyMMddHHmmss hoặc ISO 8601.")
        raise ValidationFailed(
            message,
            extra={
                "errors": [{"loc": ["query", "updated_since"], "type": "invalid", "msg": message}]
            },
        ) from None
    return value.replace(tzinfo=TZ) if value.tzinfo is None else value


# --- output ------------------------------------------------------------------------------------


class PaperOut(Schema):
    MaThanhPhan: int | None = Field(description="Mã thành phần hồ sơ của thủ tục (nếu có).")
    TenThanhPhan: str = Field(description="Tên thành phần hồ sơ (giấy tờ).")
    TenTep: str = Field(description="Tên tệp gốc.")
    DuongDan: str = Field(description="Địa chỉ tải tệp, cùng khoá API.")


class ResultFileOut(Schema):
    TenTep: str
    DuongDan: str = Field(description="Địa chỉ tải tệp, cùng khoá API.")


class FeeOut(Schema):
    TenPhiLePhi: str
    SoTien: int = Field(description="Mức thu, đồng.")
    GhiChu: str


class DossierPushOut(Schema):
    MaHoSo: str = Field(description="Mã hồ sơ.")
    MaTTHC: str = Field(description="Mã thủ tục hành chính (CSDL quốc gia về TTHC).")
    TenTTHC: str
    MaDonVi: str = Field(description="Mã định danh điện tử của cơ quan tiếp nhận.")
    TenDonVi: str
    ChuHoSo: str = Field(description="Người nộp hồ sơ (chủ hồ sơ).")
    SoCCCD: str = Field(description="Số định danh cá nhân / CCCD.")
    DiaChi: str
    SoDienThoai: str
    Email: str
    KenhNop: int = Field(description="1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích.")
    NgayNop: str | None = Field(description=STAMP_DESCRIPTION)
    NgayTiepNhan: str | None = Field(description=STAMP_DESCRIPTION)
    NgayHenTra: str | None = Field(description="Ngày hẹn trả khi tiếp nhận; " + STAMP_DESCRIPTION)
    NgayHenTraMoi: str | None = Field(
        description="Ngày hẹn lại (phiếu xin lỗi, Mẫu 04), nếu có; " + STAMP_DESCRIPTION
    )
    NgayCoKetQua: str | None = Field(description=STAMP_DESCRIPTION)
    NgayTra: str | None = Field(description=STAMP_DESCRIPTION)
    TrangThaiHoSo: int = Field(description="Mã trạng thái 1–10 của Cổng DVC quốc gia.")
    ThanhPhanHoSo: list[PaperOut]
    KetQua: list[ResultFileOut]
    PhiLePhi: list[FeeOut] = Field(description="Phí, lệ phí của thủ tục (và trường hợp).")
    NgayCapNhat: str = Field(
        description="Lần thay đổi gần nhất của hồ sơ hoặc quá trình xử lý; " + STAMP_DESCRIPTION
    )


class DossierPageOut(Schema):
    items: list[DossierPushOut]
    count: int


class ProgressEntryOut(Schema):
    STT: int
    NguoiXuLy: str
    ChucDanh: str | None = Field(description="Chức danh của người xử lý, nếu biết.")
    MaDonViXuLy: str | None
    DonViXuLy: str | None = Field(description="null: thao tác của người nộp hồ sơ.")
    ThoiDiemXuLy: str = Field(description=STAMP_DESCRIPTION)
    NoiDungXuLy: str
    TrangThai: int | None = Field(description="Mã trạng thái của hồ sơ sau thao tác (1–10).")
    HanXuLy: str | None = Field(
        description="Hạn xử lý của bước (ngày hẹn trả khi tiếp nhận); " + STAMP_DESCRIPTION
    )


class ProgressOut(Schema):
    MaHoSo: str
    TrangThaiHoSo: int
    QuaTrinhXuLy: list[ProgressEntryOut] = Field(description="Cũ trước.")


# --- input -------------------------------------------------------------------------------------


class SyncFilters(Schema):
    updated_since: str | None = Field(
        None,
        max_length=40,
        description="Chỉ hồ sơ thay đổi từ thời điểm này (kể cả): yyyyMMddHHmmss giờ Việt Nam, "
        "hoặc ISO 8601. Lần sau gửi `NgayCapNhat` của hồ sơ cuối cùng đã nhận.",
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE, ge=1, description=f"Tối đa {MAX_PAGE_SIZE}.")


# --- reads -------------------------------------------------------------------------------------


def _dossiers() -> QuerySet[Dossier]:
    """Non-draft dossiers with what the push needs, and `changed_at`: the later of the dossier's
    own change and its last event (a step move writes an event, not always the dossier row)."""
    last_event = (
        DossierEvent.objects.filter(dossier=OuterRef("pk")).order_by("-at", "-id").values("at")[:1]
    )
    return (
        Dossier.objects.exclude(status=Dossier.Status.DRAFT)
        .exclude(code__isnull=True)
        .select_related("procedure", "agency", "case")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=DossierFile.objects.filter(
                    removed_at__isnull=True,
                    kind__in=(DossierFile.Kind.PAPER, DossierFile.Kind.RESULT),
                ).select_related("paper"),
            ),
            "procedure__fees",
        )
        .annotate(changed_at=Greatest("updated_at", Coalesce(Subquery(last_event), "updated_at")))
    )


def _by_code(code: str) -> Dossier:
    dossier = _dossiers().filter(code=code.strip()).first()
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


def _file_url(request: HttpRequest, item: DossierFile, code: str) -> str:
    return request.build_absolute_uri(
        reverse("api:dvcqg_file", kwargs={"code": code, "file_id": item.pk})
    )


def _push(request: HttpRequest, dossier: Dossier) -> DossierPushOut:
    files = list(dossier.files.all())
    fees = [fee for fee in dossier.procedure.fees.all() if fee.case_id in (None, dossier.case_id)]
    return DossierPushOut(
        MaHoSo=dossier.code,
        MaTTHC=dossier.procedure.code,
        TenTTHC=dossier.procedure.name,
        MaDonVi=dossier.agency.code,
        TenDonVi=dossier.agency.name,
        ChuHoSo=dossier.applicant_name,
        SoCCCD=dossier.applicant_id_number,
        DiaChi=dossier.address,
        SoDienThoai=dossier.phone,
        Email=dossier.email,
        KenhNop=CHANNEL_CODES.get(dossier.channel, 2),
        NgayNop=stamp(dossier.submitted_at),
        NgayTiepNhan=stamp(dossier.received_at),
        NgayHenTra=stamp(dossier.due_at),
        NgayHenTraMoi=stamp(dossier.apology_due_at),
        NgayCoKetQua=stamp(dossier.finished_at) if dossier.status in RESOLVED else None,
        NgayTra=stamp(dossier.returned_at),
        TrangThaiHoSo=dossier.national_status,
        ThanhPhanHoSo=[
            PaperOut(
                MaThanhPhan=item.paper_id,
                TenThanhPhan=item.paper.name if item.paper else OTHER_PAPER,
                TenTep=item.original_name,
                DuongDan=_file_url(request, item, dossier.code),
            )
            for item in files
            if item.kind == DossierFile.Kind.PAPER
        ],
        KetQua=[
            ResultFileOut(
                TenTep=item.original_name, DuongDan=_file_url(request, item, dossier.code)
            )
            for item in files
            if item.kind == DossierFile.Kind.RESULT
        ],
        PhiLePhi=[FeeOut(TenPhiLePhi=fee.name, SoTien=fee.amount, GhiChu=fee.note) for fee in fees],
        NgayCapNhat=stamp(dossier.changed_at),
    )


def _acted_step(event: DossierEvent, steps: list[DossierStep]) -> DossierStep | None:
    """The step an event of a step move was about. Moves of one dossier are serialised by its row
    lock and the event is written right after the step, so it is the actor's latest step claimed
    (for "claim") or finished (for the other moves) no later than the event."""
    if event.action == "claim":
        done = [s for s in steps if s.claimed_at is not None and s.claimed_at <= event.at]
        key = "claimed_at"
    else:
        done = [s for s in steps if s.finished_at is not None and s.finished_at <= event.at]
        key = "finished_at"
    mine = [s for s in done if s.handler_id == event.actor_id] or done
    return max(mine, key=lambda s: (getattr(s, key), s.pk), default=None)


def _titles(actor_ids: set[int]) -> dict[int, list[RoleAssignment]]:
    titles: dict[int, list[RoleAssignment]] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(user_id__in=actor_ids).exclude(title=""):
        titles[assignment.user_id].append(assignment)
    return titles


def _title(assignments: list[RoleAssignment], unit_id: int | None, role: str) -> str | None:
    """The actor's title at the unit and role of the work, else at the unit, else any."""
    for matches in (
        lambda a: a.org_unit_id == unit_id and a.role == role,
        lambda a: a.org_unit_id == unit_id,
        lambda a: True,
    ):
        found = next((a.title for a in assignments if matches(a)), None)
        if found:
            return found
    return None


def _progress(dossier: Dossier) -> list[ProgressEntryOut]:
    events = list(dossier.events.order_by("at", "id"))
    steps = list(dossier.steps.select_related("org_unit").order_by("started_at", "id"))
    titles = _titles({e.actor_id for e in events if e.actor_id})
    entries: list[ProgressEntryOut] = []
    status = ""
    for event in events:
        if event.to_status:
            status = event.to_status
        elif event.action in STEP_MOVES and status == Dossier.Status.RECEIVED:
            status = Dossier.Status.IN_PROCESS  # moved without a claim: processing has begun
        if event.action in NOT_PROGRESS:
            continue
        step = _acted_step(event, steps) if event.action in STEP_ACTIONS else None
        if step is not None:
            unit, role, due = step.org_unit, step.role, step.due_at
        elif event.action in APPLICANT_ACTIONS:
            unit, role, due = None, "", None
        else:
            unit, role = dossier.agency, Role.ONE_STOP_CLERK
            due = dossier.due_at if event.action == "receive" else None
        label = event.action_label
        what = label[:1].upper() + label[1:]
        entries.append(
            ProgressEntryOut(
                STT=len(entries) + 1,
                NguoiXuLy=event.actor_name,
                ChucDanh=_title(titles.get(event.actor_id, []), unit.pk, role) if unit else None,
                MaDonViXuLy=unit.code if unit else None,
                DonViXuLy=unit.name if unit else None,
                ThoiDiemXuLy=stamp(event.at),
                NoiDungXuLy=f"{what}: {event.note}" if event.note else what,
                TrangThai=Dossier.NATIONAL_CODES.get(status),
                HanXuLy=stamp(due),
            )
        )
    return entries


def _no_store(response: HttpResponse) -> None:
    for header, value in NO_STORE.items():
        response[header] = value


# --- endpoints ---------------------------------------------------------------------------------


@router.get(
    "/dvcqg/dossiers",
    response={200: DossierPageOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=DVCQG_AUTH,
    summary="Hồ sơ thay đổi từ một thời điểm (đồng bộ dần)",
)
def list_changed(request: HttpRequest, response: HttpResponse, filters: Query[SyncFilters]):
    """Các hồ sơ (không gồm hồ sơ nháp) có thay đổi từ `updated_since`, theo thứ tự thay đổi
    (`NgayCapNhat`), mỗi hồ sơ theo đúng dạng gói tin hồ sơ. Không có `updated_since`: mọi hồ sơ.

    Đồng bộ dần: gửi `updated_since` bằng `NgayCapNhat` của hồ sơ cuối cùng đã nhận; mốc tính
    cả hồ sơ thay đổi đúng thời điểm đó nên có thể nhận lại một hồ sơ đã có — nhận diện theo
    `MaHoSo`.
    """
    _no_store(response)
    dossiers = _dossiers()
    if filters.updated_since:
        since = parse_since(filters.updated_since)
        # Narrowed first by the conditions indexes serve, then by the exact `changed_at`.
        touched = DossierEvent.objects.filter(at__gte=since).values("dossier_id")
        dossiers = dossiers.filter(Q(updated_at__gte=since) | Q(pk__in=touched)).filter(
            changed_at__gte=since
        )
    dossiers = dossiers.order_by("changed_at", "id")
    size = min(filters.page_size, MAX_PAGE_SIZE)
    offset = (filters.page - 1) * size
    return DossierPageOut(
        items=[_push(request, dossier) for dossier in dossiers[offset : offset + size]],
        count=dossiers.count(),
    )


@router.get(
    "/dvcqg/dossiers/{code}",
    response={200: DossierPushOut, **DVCQG_ERRORS},
    auth=DVCQG_AUTH,
    summary="Gói tin hồ sơ",
)
def dossier_push(request: HttpRequest, response: HttpResponse, code: str):
    """Thông tin hồ sơ để đẩy lên Cổng DVC quốc gia: thủ tục, cơ quan, chủ hồ sơ, kênh nộp, các
    mốc thời gian, trạng thái, thành phần hồ sơ, kết quả, phí và lệ phí."""
    _no_store(response)
    return _push(request, _by_code(code))


@router.get(
    "/dvcqg/dossiers/{code}/progress",
    response={200: ProgressOut, **DVCQG_ERRORS},
    auth=DVCQG_AUTH,
    summary="Gói tin quá trình xử lý",
)
def dossier_progress(request: HttpRequest, response: HttpResponse, code: str):
    """Quá trình xử lý hồ sơ: mỗi thao tác (nộp, tiếp nhận, nhận xử lý, chuyển bước, phê duyệt,
    yêu cầu bổ sung, trả kết quả...) với người xử lý, chức danh, đơn vị, thời điểm, nội dung,
    trạng thái sau thao tác và hạn xử lý."""
    _no_store(response)
    dossier = _by_code(code)
    return ProgressOut(
        MaHoSo=dossier.code,
        TrangThaiHoSo=dossier.national_status,
        QuaTrinhXuLy=_progress(dossier),
    )


@router.get(
    "/dvcqg/dossiers/{code}/files/{file_id}",
    response=DVCQG_ERRORS,
    auth=DVCQG_AUTH,
    url_name="dvcqg_file",
    summary="Tải một tệp của hồ sơ",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Nội dung tệp.",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def dossier_file(request: HttpRequest, code: str, file_id: int):
    """Tệp giấy tờ hoặc kết quả (địa chỉ `DuongDan` trong gói tin hồ sơ); không có tài liệu xử
    lý nội bộ."""
    item = (
        DossierFile.objects.filter(
            pk=file_id,
            dossier__code=code.strip(),
            removed_at__isnull=True,
            kind__in=(DossierFile.Kind.PAPER, DossierFile.Kind.RESULT),
        )
        .exclude(dossier__status=Dossier.Status.DRAFT)
        .first()
    )
    if item is None:
        raise NotFound(_("Không tìm thấy tệp."))
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(True, item.original_name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    _no_store(response)
    return response
