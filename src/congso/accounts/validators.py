from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ORG_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
CITIZEN_ID_RE = re.compile(r"^\d{12}$")
PHONE_RE = re.compile(r"^(\+84|0)\d{9,10}$")


def validate_org_code(value: str) -> None:
    """Electronic identifier code of an agency (Decision 20/2020/QĐ-TTg), e.g. 000.00.31.H56."""
    if not ORG_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "Mã định danh điện tử phải có dạng 000.00.00.H56 (ba chữ số, hai chữ số, hai chữ "
                "số và một chữ cái in hoa kèm hai chữ số, cách nhau bởi dấu chấm)."
            ),
            code="invalid_org_code",
        )


def validate_citizen_id(value: str) -> None:
    """Số căn cước công dân (CCCD): exactly 12 digits."""
    if not CITIZEN_ID_RE.match(value or ""):
        raise ValidationError(
            _("Số căn cước công dân phải gồm đúng 12 chữ số."), code="invalid_citizen_id"
        )


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Số điện thoại không hợp lệ (ví dụ: 0912345678 hoặc 02273831234)."),
            code="invalid_phone",
        )
