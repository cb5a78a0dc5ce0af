"""The procedure catalogue as an Excel workbook (.xlsx): the layout, reading and writing.

One workbook, one sheet per table, the headers on row 1 and the data from row 2:

    Thủ tục            one row per procedure (Mã thủ tục is the key of the import)
    Trường hợp         the cases of a procedure
    Thành phần hồ sơ   the required papers (Trường hợp blank = every case)
    Phí, lệ phí        the fees (Trường hợp blank = every case)
    Quy trình          the internal process steps

Columns are found by their header (accents, case and a trailing "(...)" do not matter), so
they may be moved around; extra columns and extra sheets (such as "Hướng dẫn") are ignored.
docs/user-guide/thu-tuc-hanh-chinh.md documents every column for administrators.

The sheet names and headers are a file format, not screen text: they stay Vietnamese and are
not translated. Paper form templates (files) are not part of the workbook.

This module knows cells, not the database: `read_workbook` returns raw rows, the `parse_*`
helpers turn one cell into a value or raise `CellError`; services.py does the rest.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.exceptions import ValidationFailed
from congso.core.text import fold

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_CELL_LIMIT = 32767

SHEET_PROCEDURES = "Thủ tục"
SHEET_CASES = "Trường hợp"
SHEET_PAPERS = "Thành phần hồ sơ"
SHEET_FEES = "Phí, lệ phí"
SHEET_STEPS = "Quy trình"
SHEET_GUIDE = "Hướng dẫn"

YES = "Có"
NO = "Không"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    note: Any = ""  # a lazy translation: what to write in the cell
    width: int = 18
    required: bool = True  # the header must be in the sheet
    text: bool = False  # codes: the column is formatted as text so Excel keeps "1.001612"
    wrap: bool = False
    aliases: tuple[str, ...] = ()


CODE = Column(
    "procedure", "Mã thủ tục", gettext_lazy("Mã thủ tục ở sheet “Thủ tục”."), 14, text=True
)
CASE_REF = Column(
    "case",
    "Trường hợp",
    gettext_lazy(
        "Tên trường hợp như ở sheet “Trường hợp”; để trống khi áp dụng cho mọi trường hợp."
    ),
    30,
    wrap=True,
)

LAYOUT: dict[str, tuple[Column, ...]] = {
    SHEET_PROCEDURES: (
        Column("code", "Mã thủ tục", gettext_lazy("Bắt buộc, không trùng. Ví dụ 1.001612."), 14, text=True),
        Column("name", "Tên thủ tục", gettext_lazy("Bắt buộc."), 45, wrap=True),
        Column("field_code", "Mã lĩnh vực", gettext_lazy("Bắt buộc; lĩnh vực phải có sẵn trong trang quản trị."), 14, text=True),
        Column("field_name", "Tên lĩnh vực", gettext_lazy("Chỉ để đọc; khi nhập, hệ thống bỏ qua cột này."), 25, required=False),
        Column("level", "Cấp thực hiện", gettext_lazy("Cấp tỉnh, Cấp sở, ngành, Cấp huyện hoặc Cấp xã."), 16),
        Column("agencies", "Cơ quan thực hiện", gettext_lazy("Mã định danh của các cơ quan, cách nhau bởi dấu chấm phẩy, ví dụ 000.00.31.H56; 000.00.17.H56."), 30, text=True, wrap=True),
        Column("applicant_kind", "Đối tượng", gettext_lazy("Công dân; Tổ chức, doanh nghiệp; hoặc Công dân, tổ chức, doanh nghiệp (để trống: cả hai)."), 22),
        Column("online_level", "Mức độ DVC", gettext_lazy("Toàn trình, Một phần hoặc Trực tiếp (cũng hiểu “Mức độ 4”, “Mức độ 3”)."), 14),
        Column("processing_days", "Thời hạn (ngày làm việc)", gettext_lazy("Số ngày làm việc, chính xác đến nửa ngày: 7 hoặc 7,5."), 12),
        Column("processing_note", "Ghi chú thời hạn", gettext_lazy("Ví dụ: kể từ ngày nhận đủ hồ sơ hợp lệ."), 25, wrap=True),
        Column("steps_text", "Trình tự", gettext_lazy("Trình tự thực hiện (công khai)."), 40, wrap=True),
        Column("channels_text", "Cách thức", gettext_lazy("Cách thức thực hiện (công khai)."), 30, wrap=True),
        Column("requirements", "Yêu cầu điều kiện", gettext_lazy("Yêu cầu, điều kiện (nếu có)."), 30, wrap=True),
        Column("result", "Kết quả", gettext_lazy("Bắt buộc: kết quả thực hiện."), 30, wrap=True),
        Column("legal_basis", "Căn cứ pháp lý", gettext_lazy("Bắt buộc: các văn bản làm căn cứ."), 40, wrap=True),
        Column("fee_note", "Ghi chú phí", gettext_lazy("Ghi chú chung về phí, lệ phí."), 25, wrap=True),
        Column("form_schema", "Biểu mẫu (JSON)", gettext_lazy("Lược đồ tờ khai điện tử (JSON); để trống khi không có tờ khai trực tuyến."), 40),
        Column("is_active", "Đang áp dụng", gettext_lazy("Có hoặc Không (để trống: Có)."), 12),
    ),
    SHEET_CASES: (
        CODE,
        Column("name", "Tên trường hợp", gettext_lazy("Bắt buộc, không trùng trong một thủ tục."), 45, wrap=True),
        Column("processing_days", "Thời hạn riêng (ngày làm việc)", gettext_lazy("Để trống khi bằng thời hạn chung của thủ tục."), 14),
    ),
    SHEET_PAPERS: (
        CODE,
        CASE_REF,
        Column("name", "Tên giấy tờ", gettext_lazy("Bắt buộc."), 50, wrap=True),
        Column("originals", "Bản chính", gettext_lazy("Số bản chính (để trống: 1)."), 10),
        Column("copies", "Bản sao", gettext_lazy("Số bản sao (để trống: 0)."), 10),
        Column("is_required", "Bắt buộc", gettext_lazy("Có hoặc Không (để trống: Có)."), 10),
        Column("note", "Ghi chú", "", 30, wrap=True),
    ),
    SHEET_FEES: (
        CODE,
        CASE_REF,
        Column("name", "Tên phí, lệ phí", gettext_lazy("Bắt buộc."), 35, wrap=True, aliases=("Tên",)),
        Column("amount", "Mức thu (đồng)", gettext_lazy("Số nguyên đồng: 50000 hoặc 50.000."), 14),
        Column("note", "Ghi chú", "", 30, wrap=True),
    ),
    SHEET_STEPS: (
        CODE,
        Column("order", "Thứ tự", gettext_lazy("1, 2, 3... không trùng trong một thủ tục."), 8),
        Column("name", "Tên bước", gettext_lazy("Bắt buộc."), 35, wrap=True),
        Column("org_unit", "Mã đơn vị", gettext_lazy("Mã định danh đơn vị thực hiện; để trống khi là cơ quan tiếp nhận hồ sơ."), 16, text=True),
        Column("role", "Vai trò", gettext_lazy("Ví dụ: Cán bộ một cửa, Chuyên viên xử lý, Lãnh đạo."), 22),
        Column("days", "Số ngày", gettext_lazy("Ngày làm việc, chính xác đến nửa ngày: 0,5; 1; 2,5."), 10),
    ),
}  # fmt: skip
SHEETS = tuple(LAYOUT)


def column(sheet: str, key: str) -> Column:
    return next(c for c in LAYOUT[sheet] if c.key == key)


@dataclass(frozen=True)
class RowError:
    """One problem of the workbook, located as Excel shows it (row None: the whole sheet)."""

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class Row:
    sheet: str
    number: int
    values: dict[str, Any]


@dataclass
class WorkbookData:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


class CellError(ValueError):
    """The content of one cell is not acceptable; the message is for the person (Vietnamese)."""


# --- reading -------------------------------------------------------------------------------


def _key(text: Any) -> str:
    """'Thời hạn (ngày làm việc)' and 'thoi han' are the same header."""
    return fold(re.sub(r"\(.*?\)", " ", str(text or "")))


def read_workbook(file: Any) -> WorkbookData:
    """The data rows of every sheet of the layout; raises ValidationFailed if not an .xlsx."""
    import openpyxl

    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        workbook = openpyxl.load_workbook(file, data_only=True)
    except Exception:  # openpyxl raises a dozen kinds of errors for a file that is not an .xlsx
        raise ValidationFailed(
            _(
                "Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy mở tệp bằng Excel hoặc "
                "LibreOffice và lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)”, hoặc tải tệp "
                "mẫu và chép dữ liệu vào."
            )
        ) from None
    data = WorkbookData()
    by_key = {_key(ws.title): ws for ws in workbook.worksheets}
    for sheet, columns in LAYOUT.items():
        worksheet = by_key.get(_key(sheet))
        if worksheet is None:
            data.errors.append(
                RowError(sheet, None, "", _("Thiếu sheet “%(sheet)s”.") % {"sheet": sheet})
            )
            continue
        data.rows[sheet] = _read_sheet(sheet, columns, worksheet, data.errors)
    workbook.close()
    return data


def _read_sheet(sheet: str, columns: tuple[Column, ...], worksheet, errors: list) -> list[Row]:
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, ()) or ()
    wanted = {}
    for c in columns:
        for name in (c.header, *c.aliases):
            wanted[_key(name)] = c
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        c = wanted.get(_key(title))
        if c is None:
            continue
        if c.key in positions:
            errors.append(
                RowError(sheet, 1, c.header, _("Cột này xuất hiện hai lần trong dòng tiêu đề."))
            )
        else:
            positions[c.key] = index
    missing = [c for c in columns if c.required and c.key not in positions]
    for c in missing:
        errors.append(RowError(sheet, 1, c.header, _("Thiếu cột này ở dòng tiêu đề (dòng 1).")))
    if missing:
        return []
    result = []
    for number, values in enumerate(rows, start=2):
        row = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if all(_blank(v) for v in row.values()):
            continue
        result.append(Row(sheet, number, row))
    return result


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- cells -------------------------------------------------------------------------------


def text(value: Any) -> str:
    """A text cell: trimmed; numbers as Excel shows them ('12', not '12.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def code(value: Any) -> str:
    """A code cell. A decimal number would lose its trailing zeros ('1.000140' → 1.00014)."""
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            _(
                "Excel đang hiểu mã này là một số (%(value)s) nên có thể đã mất chữ số 0 ở cuối. "
                "Hãy định dạng cột là Văn bản (Text) rồi nhập lại mã."
            )
            % {"value": value}
        )
    return text(value)


def is_blank(value: Any) -> bool:
    return _blank(value)


_NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)?$")


def parse_days(value: Any, *, label: str) -> Decimal:
    """Working days, to the half day: 7, 7.5, '7', '7,5', '7.5'."""
    if isinstance(value, bool):
        raise CellError(_("%(label)s phải là một số.") % {"label": label})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        raw = re.sub(r"\s+", "", str(value))
        if not _NUMBER_RE.match(raw):
            raise CellError(
                _("%(label)s “%(value)s” không phải là số ngày (ví dụ 7 hoặc 7,5).")
                % {"label": label, "value": value}
            )
        number = Decimal(raw.replace(",", "."))
    if number < Decimal("0.5") or number >= Decimal("10000"):
        raise CellError(_("%(label)s phải từ 0,5 đến 9999,5 ngày làm việc.") % {"label": label})
    if (number * 2) % 1 != 0:
        raise CellError(
            _(
                "%(label)s tính theo ngày làm việc, chính xác đến nửa ngày (ví dụ 0,5; 3; 7,5), "
                "không nhận %(value)s."
            )
            % {"label": label, "value": str(number).replace(".", ",")}
        )
    return number.quantize(Decimal("0.1"))


_AMOUNT_SUFFIX = re.compile(r"(đồng|đ|vnđ|vnd)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$")


def parse_amount(value: Any) -> int:
    """An amount in đồng: 50000, '50000', '50.000', '50 000', '50.000 đồng'."""
    if isinstance(value, bool):
        raise CellError(_("Mức thu phải là số tiền (đồng)."))
    if isinstance(value, int | float | Decimal):
        if value != int(value) or value < 0:
            raise CellError(
                _("Mức thu phải là số nguyên đồng không âm, không nhận %(value)s.")
                % {"value": value}
            )
        return int(value)
    raw = _AMOUNT_SUFFIX.sub("", str(value).strip().replace("\u00a0", " ")).strip()
    if raw.isdigit():
        return int(raw)
    if _GROUPED.match(raw):
        return int(re.sub(r"\D", "", raw))
    raise CellError(
        _("Mức thu “%(value)s” không phải số tiền (ví dụ 50000 hoặc 50.000).") % {"value": value}
    )


def parse_count(value: Any, *, label: str, minimum: int = 0, maximum: int = 32767) -> int:
    """A whole number of copies or a step number."""
    number: Any = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not minimum <= number <= maximum:
        raise CellError(
            _("%(label)s phải là số nguyên từ %(min)s đến %(max)s, không nhận “%(value)s”.")
            % {"label": label, "min": minimum, "max": maximum, "value": value}
        )
    return number


_TRUE = {"co", "x", "1", "true", "yes", "dung", "c"}
_FALSE = {"khong", "0", "false", "no", "sai", "k"}


def parse_bool(value: Any, *, label: str, default: bool = True) -> bool:
    if isinstance(value, bool):
        return value
    if is_blank(value):
        return default
    key = fold(text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(
        _("%(label)s chỉ nhận “Có” hoặc “Không”, không nhận “%(value)s”.")
        % {"label": label, "value": value}
    )


def parse_choice(
    value: Any, choices: Mapping[str, str], *, label: str, aliases: Mapping[str, str] | None = None
) -> str:
    """A choice written as its label ('Cấp xã'), its key ('commune') or an alias."""
    lookup = {fold(key): key for key in choices}
    lookup.update({fold(str(name)): key for key, name in choices.items()})
    lookup.update({fold(alias): key for alias, key in (aliases or {}).items()})
    found = lookup.get(fold(text(value)))
    if found is None:
        raise CellError(
            _("%(label)s “%(value)s” không hợp lệ; chọn một trong: %(choices)s.")
            % {
                "label": label,
                "value": text(value),
                "choices": "; ".join(str(name) for name in choices.values()),
            }
        )
    return found


def split_codes(value: Any) -> list[str]:
    """'000.00.31.H56; 000.00.17.H56' → the codes, without repeats."""
    codes: list[str] = []
    for part in re.split(r"[;,\n]+", text(value)):
        part = part.strip().upper()
        if part and part not in codes:
            codes.append(part)
    return codes


# --- writing -------------------------------------------------------------------------------


def build_workbook(rows: Mapping[str, Iterable[Mapping[str, Any]]], *, guide: bool = True) -> bytes:
    """An .xlsx with every sheet of the layout; `rows` maps a sheet to dicts by column key."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for sheet, columns in LAYOUT.items():
        ws = workbook.create_sheet(sheet)
        for index, col in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index, value=col.header)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if col.note:
                cell.comment = Comment(str(col.note), "Congso", width=300, height=90)
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = col.width
            if col.text:
                ws.column_dimensions[letter].number_format = "@"
        ws.freeze_panes = "B2"
        for number, values in enumerate(rows.get(sheet, ()), start=2):
            for index, col in enumerate(columns, start=1):
                value = values.get(col.key)
                cell = ws.cell(row=number, column=index)
                _write(cell, value, as_text=col.text)
                cell.alignment = wrap if col.wrap else top
                if col.key == "amount":
                    cell.number_format = "#,##0"
    if guide:
        _write_guide(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(cell, value: Any, *, as_text: bool) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value == "":
        return
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral() else float(value)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # never a formula, even when the text starts with "="
        if as_text:
            cell.number_format = "@"
        return
    cell.value = value


def _write_guide(workbook) -> None:
    from openpyxl.styles import Alignment, Font

    ws = workbook.create_sheet(SHEET_GUIDE)
    ws.append([_("Sheet"), _("Cột"), _("Cách ghi")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for sheet, columns in LAYOUT.items():
        for col in columns:
            ws.append([sheet, col.header, str(col.note)])
    ws.append([])
    for line in (
        _("Mỗi thủ tục một dòng ở sheet “Thủ tục”; khóa là Mã thủ tục."),
        _(
            "Khi nhập, trường hợp, thành phần hồ sơ, phí và quy trình của thủ tục được thay "
            "bằng đúng những dòng trong tệp."
        ),
        _("Có một dòng sai thì không dữ liệu nào được nhập; hệ thống liệt kê mọi dòng sai."),
        _("Mẫu đơn, tờ khai (tệp đính kèm) không có trong Excel: tải lên trong trang quản trị."),
        _("Sheet “Hướng dẫn” này được bỏ qua khi nhập."),
    ):
        ws.append([line])
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 90
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
