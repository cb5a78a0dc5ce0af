"""Demo documents for a portal (written for the demo; numbers and names are made up).

`seed_demo_documents(site, org_unit)` is idempotent: a document already on the portal with the
same number, symbol and issuer is left alone.
"""

from __future__ import annotations

import datetime as dt
import re

from wagtail.models import Site

from congso.accounts.models import OrgUnit
from congso.core.text import fold
from congso.portal.library import services
from congso.portal.library.models import DocumentField, LegalDocument

ACTOR = "congso demo"
PROVINCE_BODY = "UBND tỉnh Thái Bình"

FIELDS = {
    "cai-cach-hanh-chinh": "Cải cách hành chính",
    "chuyen-doi-so": "Chuyển đổi số",
    "to-chuc-bo-may": "Tổ chức bộ máy",
    "tai-chinh-ngan-sach": "Tài chính, ngân sách",
    "y-te": "Y tế",
    "dat-dai-xay-dung": "Đất đai, xây dựng",
}
T = LegalDocument.DocType


def _issuer(unit: OrgUnit) -> tuple[str, str]:
    """(issuing body as printed on documents, symbol suffix) for an agency."""
    name = unit.name
    if unit.kind == OrgUnit.Kind.PROVINCE:
        return PROVINCE_BODY, "UBND"
    if unit.kind == OrgUnit.Kind.DEPARTMENT and name.startswith("Sở "):
        words = [w for w in name[3:].split() if fold(w) != "va"]
        initials = "".join(w[0].upper() for w in words)
        return name, "S" + re.sub(r"[^A-ZĐ]", "", initials)
    local_kinds = {OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT, OrgUnit.Kind.TOWN,
                   OrgUnit.Kind.COMMUNE, OrgUnit.Kind.WARD, OrgUnit.Kind.TOWNSHIP}  # fmt: skip
    if unit.kind in local_kinds:
        return f"UBND {name[0].lower()}{name[1:]}", "UBND"
    return name, unit.short_name or "VP"


def _documents(unit: OrgUnit) -> list[dict]:
    body, suffix = _issuer(unit)
    short = unit.short_name or unit.name
    own = [
        {
            "doc_type": T.QUYET_DINH,
            "number_symbol": f"15/2025/QĐ-{suffix}",
            "issuing_body": body,
            "signer": "Nguyễn Văn Hải",
            "issued_on": dt.date(2025, 3, 12),
            "effective_from": dt.date(2025, 3, 25),
            "field": "cai-cach-hanh-chinh",
            "abstract": f"Ban hành Quy chế tiếp nhận, giải quyết thủ tục hành chính theo cơ chế "
            f"một cửa, một cửa liên thông tại {short}.",
        },
        {
            "doc_type": T.KE_HOACH,
            "number_symbol": f"48/KH-{suffix}",
            "issuing_body": body,
            "signer": "Trần Thị Thu Hà",
            "issued_on": dt.date(2025, 2, 20),
            "effective_from": dt.date(2025, 2, 20),
            "field": "chuyen-doi-so",
            "abstract": "Kế hoạch chuyển đổi số năm 2025, trọng tâm là dịch vụ công trực tuyến "
            "toàn trình và số hoá hồ sơ, kết quả giải quyết thủ tục hành chính.",
        },
        {
            "doc_type": T.CONG_VAN,
            "number_symbol": f"312/{suffix}-VP",
            "issuing_body": body,
            "signer": "Phạm Minh Tuấn",
            "issued_on": dt.date(2025, 5, 6),
            "field": "cai-cach-hanh-chinh",
            "abstract": "Về việc rà soát, công khai thủ tục hành chính trên Cổng dịch vụ công "
            "và tại Bộ phận một cửa.",
        },
        {
            "doc_type": T.BAO_CAO,
            "number_symbol": f"105/BC-{suffix}",
            "issuing_body": body,
            "signer": "Nguyễn Văn Hải",
            "issued_on": dt.date(2025, 6, 28),
            "field": "cai-cach-hanh-chinh",
            "abstract": "Báo cáo kết quả công tác cải cách hành chính 6 tháng đầu năm 2025 và "
            "phương hướng, nhiệm vụ 6 tháng cuối năm.",
        },
        {
            "doc_type": T.QUYET_DINH,
            "number_symbol": f"07/2023/QĐ-{suffix}",
            "issuing_body": body,
            "signer": "Lê Quang Vinh",
            "issued_on": dt.date(2023, 4, 3),
            "effective_from": dt.date(2023, 4, 15),
            "expires_on": dt.date(2025, 3, 25),
            "field": "to-chuc-bo-may",
            "abstract": f"Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {short} "
            "(đã được thay thế).",
        },
        {
            "doc_type": T.THONG_BAO,
            "number_symbol": f"61/TB-{suffix}",
            "issuing_body": body,
            "signer": "Trần Thị Thu Hà",
            "issued_on": dt.date(2025, 7, 8),
            "field": "to-chuc-bo-may",
            "abstract": "Thông báo lịch tiếp công dân định kỳ của lãnh đạo cơ quan năm 2025.",
        },
    ]
    provincial = [
        {"doc_type": T.NGHI_QUYET, "number_symbol": "12/2024/NQ-HĐND", "issuing_body": "HĐND tỉnh Thái Bình",
             "signer": "Đặng Trọng Thăng", "issued_on": dt.date(2024, 7, 12),
             "effective_from": dt.date(2024, 8, 1), "field": "tai-chinh-ngan-sach",
             "status_override": LegalDocument.Status.PARTLY_EXPIRED,
             "abstract": "Quy định mức thu phí, lệ phí khi thực hiện thủ tục hành chính trực "
                      "tuyến trên địa bàn tỉnh Thái Bình."},
        {"doc_type": T.CHI_THI, "number_symbol": "05/CT-UBND", "issuing_body": PROVINCE_BODY,
             "signer": "Nguyễn Khắc Thận", "issued_on": dt.date(2025, 1, 15), "field": "chuyen-doi-so",
             "abstract": "Về tăng cường kỷ luật, kỷ cương hành chính trong giải quyết thủ tục "
                      "hành chính và cung cấp dịch vụ công trực tuyến."},
    ]  # fmt: skip
    if unit.kind == OrgUnit.Kind.PROVINCE:
        return own + provincial[:1]
    return own + provincial


def _field(slug: str) -> DocumentField:
    field = DocumentField.objects.filter(slug=slug).first()
    return field or services.document_field_create(actor=ACTOR, name=FIELDS[slug], slug=slug)


def seed_demo_documents(site: Site, org_unit: OrgUnit) -> int:
    """Create the portal's demo documents; returns how many were created (0 on a rerun)."""
    created = 0
    for data in _documents(org_unit):
        if LegalDocument.objects.filter(
            site=site, number_symbol=data["number_symbol"], issuing_body=data["issuing_body"]
        ).exists():
            continue
        services.legal_document_create(
            actor=ACTOR, site=site, **{**data, "field": _field(data["field"])}
        )
        created += 1
    return created
