"""Building blocks of the demo catalogue: specs, agencies by code, form fields, the usual steps.

Everything here is plain data (no database access), so the catalogue can be read and tested
without seeding it. The wording of every procedure is written for the demo; codes follow the
national format but are illustrative, and so are fees that a provincial council decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from congso.demo.data import CENTER, DEPARTMENTS, DISTRICTS, all_units

HALF = Decimal("0.5")
CLERK, HANDLER, LEADER = "one_stop_clerk", "handler", "leader"  # congso.accounts.models.Role

# Agencies (codes of congso.demo.data).
_DEPT = {unit.slug: unit.code for unit in DEPARTMENTS}
SO_TU_PHAP = _DEPT["sotuphap"]
SO_KHDT = _DEPT["sokhdt"]
SO_XAY_DUNG = _DEPT["soxaydung"]
SO_TTTT = _DEPT["sotttt"]
SO_LDTBXH = _DEPT["soldtbxh"]
SO_GDDT = _DEPT["sogddt"]
SO_Y_TE = _DEPT["soyte"]
TRUNG_TAM = CENTER.code  # where the departments' dossiers are received and returned
DISTRICT_CODES = tuple(unit.code for unit in DISTRICTS)
COMMUNE_CODES = tuple(
    unit.code for unit in all_units() if unit.kind in {"commune", "ward", "township"}
)
HUYEN, XA = DISTRICT_CODES, COMMUNE_CODES  # short names for the data modules

# Lĩnh vực: code -> name.
FIELDS = {
    "HT": "Hộ tịch",
    "CT": "Chứng thực",
    "LLTP": "Lý lịch tư pháp",
    "DKKD": "Đăng ký kinh doanh",
    "XD": "Xây dựng",
    "DD": "Đất đai",
    "XB": "Xuất bản - In - Phát hành",
    "BC": "Báo chí",
    "PTTH": "Phát thanh truyền hình và thông tin điện tử",
    "LD": "Lao động",
    "VL": "Việc làm",
    "BTXH": "Bảo trợ xã hội",
    "GD": "Giáo dục",
    "YT": "Y tế",
    "VH": "Văn hóa",
}

ONE_STOP = (
    "Nghị định 61/2018/NĐ-CP và Nghị định 107/2021/NĐ-CP về thực hiện cơ chế một cửa, một cửa "
    "liên thông (được thay thế bởi Nghị định 118/2025/NĐ-CP từ ngày 01/7/2025)"
)


@dataclass(frozen=True)
class CaseSpec:
    name: str
    days: Decimal | None = None


@dataclass(frozen=True)
class TemplateSpec:
    """A form to download: its title and the numbered items to fill in."""

    title: str
    items: tuple[str, ...]
    to: str = ""  # "Kính gửi: ..."


@dataclass(frozen=True)
class PaperSpec:
    name: str
    originals: int = 1
    copies: int = 0
    required: bool = True
    note: str = ""
    case: str | None = None  # a CaseSpec name
    template: TemplateSpec | None = None


@dataclass(frozen=True)
class FeeSpec:
    name: str
    amount: int
    note: str = ""
    case: str | None = None


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str
    days: Decimal
    unit: str | None = None  # an OrgUnit code; None = the receiving agency


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    name: str
    field: str  # a FIELDS code
    level: str  # Procedure.Level value
    agencies: tuple[str, ...]
    days: Decimal
    result: str
    legal: str
    todo: str  # what the agency does between reception and the result (for "trình tự")
    applicant: str = "both"
    online: str = "full"
    note: str = "Kể từ ngày nhận đủ hồ sơ hợp lệ"
    requirements: str = "Không quy định."
    fee_note: str = ""
    cases: tuple[CaseSpec, ...] = ()
    papers: tuple[PaperSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()
    check: str = ""  # an extra step (site visit, verification) in the internal process
    form: dict[str, Any] | None = None


def d(value: str | float | int) -> Decimal:
    return Decimal(str(value))


def paper(name, originals=1, copies=0, *, optional=False, note="", case=None, template=None):
    return PaperSpec(name, originals, copies, not optional, note, case, template)


def form_template(title: str, *items: str, to: str = "") -> TemplateSpec:
    return TemplateSpec(title, items, to)


def fee(name: str, amount: int, note: str = "", case: str | None = None) -> FeeSpec:
    return FeeSpec(name, amount, note, case)


def case(name: str, days: str | float | None = None) -> CaseSpec:
    return CaseSpec(name, None if days is None else d(days))


def _half(value: Decimal) -> Decimal:
    return (value * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 2


def steps(total, *, check: str = "", desk: str | None = None) -> tuple[StepSpec, ...]:
    """The usual internal process, its days summing to `total`.

    Half a day is the smallest step, so a 0.5-day procedure is one step and a 1-day one two;
    from 1.5 days on: reception, handling, (an extra check,) approval and returning.
    `desk` is the unit that receives and returns (the provincial centre for departments).
    """
    total = d(total)
    if total == HALF:
        return (StepSpec("Tiếp nhận, giải quyết và trả kết quả trong ngày", HANDLER, HALF, desk),)
    if total == 1:
        return (
            StepSpec("Tiếp nhận, kiểm tra và xử lý hồ sơ", HANDLER, HALF, desk),
            StepSpec("Lãnh đạo ký duyệt, trả kết quả", LEADER, HALF),
        )
    if total == d("1.5"):
        return (
            StepSpec("Tiếp nhận, kiểm tra hồ sơ", CLERK, HALF, desk),
            StepSpec("Thẩm định hồ sơ, dự thảo kết quả", HANDLER, HALF),
            StepSpec("Lãnh đạo ký duyệt, trả kết quả", LEADER, HALF),
        )
    approve = min(max(HALF, _half(total * d("0.15"))), d(3))
    work = total - 1 - approve
    extra = max(HALF, _half(work * d("0.4"))) if check and work > HALF else Decimal(0)
    handle = work - extra
    if handle < HALF:
        raise ValueError(f"{total} ngày không đủ cho {check!r}")
    result = [
        StepSpec("Tiếp nhận, kiểm tra hồ sơ", CLERK, HALF, desk),
        StepSpec("Thẩm định hồ sơ, dự thảo kết quả", HANDLER, handle),
    ]
    if extra:
        result.append(StepSpec(check, HANDLER, extra))
    result += [
        StepSpec("Lãnh đạo xem xét, ký duyệt", LEADER, approve),
        StepSpec("Trả kết quả, lưu hồ sơ", CLERK, HALF, desk),
    ]
    return tuple(result)


# Online form fields: each helper returns (name, spec, required); `form()` assembles them.
def text(name, title, *, required=True, max_length=200, fmt=None, description=None):
    spec: dict[str, Any] = {"type": "string", "title": title}
    if fmt:
        spec["format"] = fmt
    if fmt not in {"date", "email", "phone", "citizen_id"}:
        spec["maxLength"] = 2000 if fmt == "textarea" else max_length
    if description:
        spec["description"] = description
    return name, spec, required


def area(name, title, *, required=True, description=None):
    return text(name, title, required=required, fmt="textarea", description=description)


def date(name, title, *, required=True):
    return text(name, title, required=required, fmt="date")


def choice(name, title, *options, required=True):
    return name, {"type": "string", "title": title, "enum": list(options)}, required


def number(name, title, *, minimum=None, maximum=None, required=True, kind="integer"):
    spec: dict[str, Any] = {"type": kind, "title": title}
    if minimum is not None:
        spec["minimum"] = minimum
    if maximum is not None:
        spec["maximum"] = maximum
    return name, spec, required


def flag(name, title, *, required=False):
    return name, {"type": "boolean", "title": title}, required


def cccd(name="so_dinh_danh", title="Số định danh cá nhân", *, required=True):
    return text(name, title, required=required, fmt="citizen_id")


def phone(name="dien_thoai", title="Số điện thoại liên hệ", *, required=True):
    return text(name, title, required=required, fmt="phone")


def email(name="thu_dien_tu", title="Thư điện tử", *, required=False):
    return text(name, title, required=required, fmt="email")


def so_ban(title="Số bản sao đề nghị cấp", maximum=10):
    return number("so_ban", title, minimum=0, maximum=maximum)


CAM_DOAN = flag("cam_doan", "Tôi cam đoan những nội dung khai trên là đúng sự thật", required=True)


def form(*fields) -> dict[str, Any]:
    """A form schema (congso.procedures.schema) ending with the applicant's pledge."""
    fields = (*fields, CAM_DOAN)
    return {
        "type": "object",
        "required": [name for name, _spec, required in fields if required],
        "properties": {name: spec for name, spec, _required in fields},
    }


ID_PAPER = PaperSpec(
    "Giấy tờ tùy thân có ảnh của người yêu cầu (căn cước hoặc hộ chiếu)",
    note="Xuất trình khi nộp trực tiếp; nộp trực tuyến thì xác thực qua tài khoản định danh",
)
