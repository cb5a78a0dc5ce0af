"""The one-stop desk's printed slips as A4 PDFs (the annex of Circular 01/2018/TT-VPCP):

- Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả      `receipt_pdf(dossier)`
- Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ       `supplement_pdf(request)`
- Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ      `refusal_pdf(dossier, reason)`
- Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả     `apology_pdf(dossier, new_due=, reason=)`
- Mẫu 05 Phiếu kiểm soát quá trình giải quyết hồ sơ    `control_sheet_pdf(dossier)`

Each is an HTML template (templates/dossiers/slips/) laid out like a Vietnamese administrative
document — agency on the left, the national header on the right, Liberation Serif 13pt — turned
into PDF by WeasyPrint. The forms' wording is fixed by the circular, so the templates hold it in
Vietnamese and are always rendered in Vietnamese, whatever the reader's language.

`slip(dossier, kind)` picks the slip by the name used in URLs and says, with a Vietnamese
ApplicationError, when a slip does not apply to the dossier (a receipt before reception, ...).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import barcode
import segno
from barcode.writer import SVGWriter
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from congso.core.exceptions import InvalidTransition, NotFound
from congso.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierStep,
    SupplementRequest,
)
from congso.dossiers.tasks import lookup_url
from congso.dossiers.templatetags.dossiers_tags import supplement_items

# The place on the "<place>, ngày … tháng … năm …" line: settings.PROVINCE_NAME when the project
# gets one (there is no such setting yet), else this.
PLACE = "Thái Bình"
QR_SCALE = 4
TIMING_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}

# WeasyPrint logs every rendering stage at INFO; keep its warnings only.


# --- dates -------------------------------------------------------------------------------------


def place_name() -> str:
    return getattr(settings, "PROVINCE_NAME", "") or PLACE


def vn_date(dt: datetime | None) -> str:
    """ "ngày 27 tháng 11 năm 2026" (local date)."""
    if dt is None:
        return ""
    local = timezone.localtime(dt)
    return f"ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def vn_datetime(dt: datetime | None) -> str:
    """ "08 giờ 05 phút, ngày 27 tháng 11 năm 2026" (local time)."""
    if dt is None:
        return ""
    local = timezone.localtime(dt)
    return f"{local:%H} giờ {local:%M} phút, {vn_date(local)}"


def vn_date_line(dt: datetime | None, place: str | None = None) -> str:
    """ "Thái Bình, ngày 27 tháng 11 năm 2026": the place and date line under the national header."""
    return f"{place or place_name()}, {vn_date(dt or timezone.now())}"


# --- pictures ----------------------------------------------------------------------------------


def barcode_data_uri(code: str) -> str:
    """The dossier code as a Code 128 barcode (SVG data URI, the digits printed separately)."""
    buffer = io.BytesIO()
    barcode.get("code128", code, writer=SVGWriter()).write(
        buffer,
        options={"write_text": False, "module_width": 0.3, "module_height": 11, "quiet_zone": 2},
    )
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=QR_SCALE)


# --- rendering ---------------------------------------------------------------------------------


def render_html(template: str, context: dict[str, Any]) -> str:
    with translation.override("vi"):
        return render_to_string(f"dossiers/slips/{template}", context)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_html(template, context)
    # Pictures are data: URIs; nothing else is fetched, whatever ends up in the text.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def _person(user, fallback: str = "") -> str:
    if user is None:
        return fallback
    return user.full_name or user.email


def _last_event(dossier: Dossier, action: str) -> DossierEvent | None:
    return (
        DossierEvent.objects.filter(dossier=dossier, action=action)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def _base(dossier: Dossier, *, at: datetime | None) -> dict[str, Any]:
    agency = dossier.agency
    return {
        "dossier": dossier,
        "agency": agency,
        "parent": agency.get_parent(),
        "date_line": vn_date_line(at),
        "lookup_page": f"{settings.BASE_URL}{reverse('dossiers:lookup')}",
    }


# --- Mẫu 01 ------------------------------------------------------------------------------------


def _paper_rows(dossier: Dossier) -> list[dict[str, Any]]:
    """The papers received: every required one, and any optional one that came with a file."""
    files = list(
        DossierFile.objects.filter(
            dossier=dossier, kind=DossierFile.Kind.PAPER, removed_at__isnull=True
        ).order_by("created_at", "id")
    )
    rows = []
    for paper in dossier.required_papers().order_by("order", "id"):
        names = [f.original_name for f in files if f.paper_id == paper.pk]
        if paper.is_required or names:
            rows.append(
                {"name": paper.name, "originals": paper.originals, "copies": paper.copies,
                 "files": names}
            )  # fmt: skip
    others = [f.original_name for f in files if f.paper_id is None]
    if others:
        rows.append({"name": "Giấy tờ khác", "originals": None, "copies": None, "files": others})
    return rows


def receipt_context(dossier: Dossier) -> dict[str, Any]:
    received = _last_event(dossier, "receive")
    qr_url = lookup_url(dossier)
    return {
        **_base(dossier, at=dossier.received_at),
        "papers": _paper_rows(dossier),
        "clerk": _person(received.actor, received.actor_name) if received else "",
        "received": vn_datetime(dossier.received_at),
        "due": vn_datetime(dossier.due_at),
        "barcode": barcode_data_uri(dossier.code or ""),
        "qr_url": qr_url,
        "qr": qr_data_uri(qr_url),
    }


def receipt_pdf(dossier: Dossier) -> bytes:
    return render_pdf("receipt.html", receipt_context(dossier))


# --- Mẫu 02 ------------------------------------------------------------------------------------


def supplement_context(request: SupplementRequest) -> dict[str, Any]:
    dossier = request.dossier
    return {
        **_base(dossier, at=request.created_at),
        "request": request,
        "items": supplement_items(request, dossier),
        "official": _person(request.requested_by),
        "submitted": vn_datetime(dossier.submitted_at),
        "received": vn_datetime(dossier.received_at),
    }


def supplement_pdf(request: SupplementRequest) -> bytes:
    return render_pdf("supplement.html", supplement_context(request))


# --- Mẫu 03 ------------------------------------------------------------------------------------


def refusal_context(dossier: Dossier, reason: str) -> dict[str, Any]:
    refused = _last_event(dossier, "refuse")
    at = refused.at if refused else timezone.now()
    return {
        **_base(dossier, at=at),
        "reason": reason,
        "official": _person(refused.actor, refused.actor_name) if refused else "",
        "submitted": vn_datetime(dossier.submitted_at),
    }


def refusal_pdf(dossier: Dossier, reason: str) -> bytes:
    return render_pdf("refusal.html", refusal_context(dossier, reason))


# --- Mẫu 04 ------------------------------------------------------------------------------------


def apology_context(dossier: Dossier, *, new_due: datetime, reason: str) -> dict[str, Any]:
    return {
        **_base(dossier, at=timezone.now()),
        "reason": reason,
        "received": vn_datetime(dossier.received_at),
        "received_date": vn_date(dossier.received_at),
        "due": vn_datetime(dossier.due_at),
        "new_due": vn_datetime(new_due),
    }


def apology_pdf(dossier: Dossier, *, new_due: datetime, reason: str) -> bytes:
    return render_pdf("apology.html", apology_context(dossier, new_due=new_due, reason=reason))


# --- Mẫu 05 ------------------------------------------------------------------------------------


def control_rows(dossier: Dossier) -> list[dict[str, Any]]:
    """One row per hand-off, in time order: the unit it came from is the previous row's."""
    steps = (
        DossierStep.objects.filter(dossier=dossier)
        .select_related("org_unit", "sent_by", "handler")
        .order_by("started_at", "id")
    )
    rows, previous = [], dossier.agency
    for number, step in enumerate(steps, start=1):
        rows.append(
            {
                "number": number,
                "step": step,
                "from_unit": previous.name,
                "to_unit": step.org_unit.name,
                "sender": _person(step.sent_by),
                "receiver": _person(step.handler),
                "started": vn_datetime(step.started_at),
                "due": vn_datetime(step.due_at),
                "finished": vn_datetime(step.finished_at),
                "timing": TIMING_LABELS.get(step.timing, ""),
                # Forwarding is the rule; other outcomes (returned, rejected, ...) are noted.
                "outcome": step.get_outcome_display()
                if step.outcome and step.outcome != DossierStep.Outcome.FORWARDED
                else "",
            }
        )
        previous = step.org_unit
    return rows


def control_sheet_context(dossier: Dossier) -> dict[str, Any]:
    rows = control_rows(dossier)
    units: list[str] = []
    for row in rows:
        if row["to_unit"] not in units:
            units.append(row["to_unit"])
    return {
        **_base(dossier, at=timezone.now()),
        "rows": rows,
        "units": units,
        "received": vn_datetime(dossier.received_at),
        "due": vn_datetime(dossier.due_at),
        "barcode": barcode_data_uri(dossier.code or ""),
    }


def control_sheet_pdf(dossier: Dossier) -> bytes:
    return render_pdf("control_sheet.html", control_sheet_context(dossier))


# --- which slip --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    filename: str
    content: bytes


def _receipt(dossier: Dossier) -> Slip:
    if dossier.received_at is None:
        raise InvalidTransition(
            _("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận hồ sơ và hẹn trả kết quả.")
        )
    return Slip(f"phieu-tiep-nhan-{dossier.code}.pdf", receipt_pdf(dossier))


def _supplement(dossier: Dossier) -> Slip:
    request = (
        SupplementRequest.objects.filter(dossier=dossier)
        .select_related("requested_by", "dossier__procedure", "dossier__agency")
        .order_by("-created_at", "-id")
        .first()
    )
    if request is None:
        raise NotFound(_("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào."))
    return Slip(f"phieu-yeu-cau-bo-sung-{dossier.code}.pdf", supplement_pdf(request))


def _refusal(dossier: Dossier) -> Slip:
    refused = _last_event(dossier, "refuse")
    if refused is None or dossier.status != Dossier.Status.REFUSED:
        raise InvalidTransition(_("Hồ sơ không bị từ chối tiếp nhận nên không có phiếu từ chối."))
    return Slip(f"phieu-tu-choi-{dossier.code}.pdf", refusal_pdf(dossier, refused.note))


def apology_reason(dossier: Dossier) -> str:
    """Why the result is late: the note of the latest extension or apology event, if any."""
    event = (
        DossierEvent.objects.filter(dossier=dossier, action__in=["apologize", "apology", "extend"])
        .exclude(note="")
        .order_by("-at", "-id")
        .first()
    )
    return event.note if event else ""


def _apology(dossier: Dossier) -> Slip:
    if dossier.apology_due_at is None:
        raise InvalidTransition(
            _("Hồ sơ chưa có ngày hẹn lại trả kết quả nên chưa lập được phiếu xin lỗi.")
        )
    pdf = apology_pdf(dossier, new_due=dossier.apology_due_at, reason=apology_reason(dossier))
    return Slip(f"phieu-xin-loi-{dossier.code}.pdf", pdf)


def _control_sheet(dossier: Dossier) -> Slip:
    if dossier.received_at is None:
        raise InvalidTransition(
            _("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát quá trình giải quyết.")
        )
    return Slip(f"phieu-kiem-soat-{dossier.code}.pdf", control_sheet_pdf(dossier))


KINDS = {
    "tiep-nhan": _receipt,  # Mẫu 01
    "bo-sung": _supplement,  # Mẫu 02
    "tu-choi": _refusal,  # Mẫu 03
    "xin-loi": _apology,  # Mẫu 04
    "kiem-soat": _control_sheet,  # Mẫu 05
}


def slip(dossier: Dossier, kind: str) -> Slip:
    """The slip `kind` of `dossier`, or NotFound / InvalidTransition when it does not apply."""
    builder = KINDS.get(kind)
    if builder is None:
        raise NotFound(_("Không có mẫu phiếu này."))
    return builder(dossier)
