"""Certificates (giấy chứng nhận) of an exam's results, as A4 landscape PDFs.

A certificate exists only for a result of a published ranking. It carries the candidate's name
and workplace, the contest and exam, the score, the rank or the prize, the date the ranking was
published and the organising agency, and a QR code opening the public verification page
(`exams:certificate-verify`) of its code. The wording is Vietnamese whatever the reader's
language, like the one-stop desk's printed slips (congso.dossiers.slips), whose layout it follows:
WeasyPrint, Liberation Serif, pictures as data: URIs only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from congso.core.exceptions import NotFound
from congso.exams.models import Result

PLACE = "Thái Bình"  # as congso.dossiers.slips, until settings.PROVINCE_NAME exists
QR_SCALE = 4
MAX_CODE_LENGTH = 16


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper()[:MAX_CODE_LENGTH]


def published_result(code: str) -> Result:
    """The result whose certificate has this code, if its ranking is published; else NotFound."""
    code = normalise_code(code)
    result = (
        Result.objects.select_related(
            "exam", "exam__org_unit", "exam__contest", "candidate", "candidate__org_unit"
        )
        .filter(certificate_code=code, exam__ranking_published_at__isnull=False)
        .first()
        if code.isalnum()
        else None
    )
    if result is None:
        raise NotFound(
            _(
                "Không tìm thấy giấy chứng nhận có mã này, hoặc kết quả cuộc thi chưa được công bố."
                " Vui lòng kiểm tra lại mã in trên giấy chứng nhận."
            )
        )
    return result


def verify_url(code: str) -> str:
    return f"{settings.BASE_URL}{reverse('exams:certificate-verify', args=[code])}"


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=QR_SCALE)


def vn_number(value: Decimal | float | int | None) -> str:
    """17.00 → "17", 17.50 → "17,5" (Vietnamese decimal comma, whatever the language)."""
    if value is None:
        return ""
    number = (Decimal(str(value)) if isinstance(value, float) else Decimal(value)).normalize()
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    with translation.override("vi"):
        return number_format(number, use_l10n=True)


def vn_date(dt: datetime | None) -> str:
    """ "ngày 27 tháng 11 năm 2026" (local date)."""
    if dt is None:
        return ""
    local = timezone.localtime(dt)
    return f"ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def place_name() -> str:
    return getattr(settings, "PROVINCE_NAME", "") or PLACE


def workplace(candidate) -> str:
    if candidate.workplace:
        return candidate.workplace
    return candidate.org_unit.name if candidate.org_unit_id else ""


def certificate_context(result: Result) -> dict[str, Any]:
    exam = result.exam
    agency = exam.org_unit
    issued = exam.ranking_published_at or result.exam.ranked_at or timezone.now()
    url = verify_url(result.certificate_code)
    return {
        "result": result,
        "exam": exam,
        "contest": exam.contest,
        "candidate": result.candidate,
        "workplace": workplace(result.candidate),
        "agency": agency,
        "parent": agency.get_parent(),
        "score": vn_number(result.score),
        "max_score": vn_number(result.max_score),
        "participants": Result.objects.filter(exam_id=exam.pk).count(),
        "issued": vn_date(issued),
        "date_line": f"{place_name()}, {vn_date(issued)}",
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def render_html(result: Result) -> str:
    with translation.override("vi"):
        return render_to_string("exams/results/certificate.html", certificate_context(result))


def certificate_pdf(result: Result) -> bytes:
    """The certificate of `result` (whose ranking must be published) as PDF bytes."""
    if result.exam.ranking_published_at is None:
        raise NotFound(_("Kết quả cuộc thi chưa được công bố."))
    fetcher = URLFetcher(allowed_protocols={"data"})  # nothing is fetched but the QR code
    return HTML(string=render_html(result), url_fetcher=fetcher).write_pdf()


def certificate_filename(result: Result) -> str:
    return f"giay-chung-nhan-{result.certificate_code}.pdf"
