"""Excel (.xlsx): one row per question, for people who write questions in a spreadsheet.

The sheet "Câu hỏi" (or the first sheet) has a header row; columns are found by their
header, in any order (only "Câu hỏi" is required):

    Chủ đề | Loại | Độ khó | Câu hỏi | Phương án A … Phương án F | Đáp án đúng | Điểm |
    Giải thích | Thẻ

- Chủ đề: "Luật Giao thông / Biển báo" (levels separated by "/"); blank: the row above's.
- Loại: Một đáp án, Nhiều đáp án, Đúng/Sai, Trả lời ngắn, Trả lời bằng số, Dự đoán; blank:
  guessed from the answer. Tự luận, Ghép nối, Điền khuyết are skipped.
- Đáp án đúng: "B"; "A, C" (the right options share the mark) or "A:60, C:40, D:-50"
  (percent); "Đúng"/"Sai"; accepted short answers separated by ";"; a number "3,14" or
  "3,14 ± 0,01" (numbers are read the Vietnamese way: comma decimal mark).
- Điểm: blank is 1. Độ khó: Dễ, Trung bình (blank), Khó. Thẻ: separated by commas.

The header labels are the file's format, like column names, and stay Vietnamese whatever
the interface language.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from congso.core.exceptions import ValidationFailed
from congso.core.text import fold
from congso.exams.formats.common import (
    Parsed,
    ParsedQuestion,
    ReportEntry,
    plain_input,
    read_difficulty,
    service_number,
    split_tags,
    unsupported,
)
from congso.exams.models import QuestionType

SHEET = "Câu hỏi"
GUIDE_SHEET = "Hướng dẫn"
OPTION_LETTERS = "ABCDEF"
HEADERS = [
    "Chủ đề",
    "Loại",
    "Độ khó",
    "Câu hỏi",
    *(f"Phương án {letter}" for letter in OPTION_LETTERS),
    "Đáp án đúng",
    "Điểm",
    "Giải thích",
    "Thẻ",
]
TYPE_LABELS = {
    QuestionType.SINGLE: "Một đáp án",
    QuestionType.MULTI: "Nhiều đáp án",
    QuestionType.TRUE_FALSE: "Đúng/Sai",
    QuestionType.SHORT_ANSWER: "Trả lời ngắn",
    QuestionType.NUMERIC: "Trả lời bằng số",
    QuestionType.PREDICTION: "Dự đoán",
}
DIFFICULTY_LABELS = ["Dễ", "Trung bình", "Khó"]
EXAMPLE = [
    "Kiến thức chung / Địa lý",
    "Một đáp án",
    "Dễ",
    "Thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam là thành phố nào?",
    "Hà Nội",
    "Thành phố Hồ Chí Minh",
    "Huế",
    "Đà Nẵng",
    None,
    None,
    "A",
    1,
    "Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội.",
    "ví dụ, địa lý",
]
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

_COLUMNS = {
    "chu de": "category",
    "loai": "type",
    "loai cau hoi": "type",
    "do kho": "difficulty",
    "cau hoi": "text",
    "noi dung": "text",
    "noi dung cau hoi": "text",
    "dap an dung": "answer",
    "dap an": "answer",
    "diem": "mark",
    "giai thich": "feedback",
    "giai thich dap an": "feedback",
    "the": "tags",
    "ten": "name",
    "ten ngan": "name",
}
_TYPES = {
    "mot dap an": QuestionType.SINGLE,
    "trac nghiem mot dap an": QuestionType.SINGLE,
    "single": QuestionType.SINGLE,
    "nhieu dap an": QuestionType.MULTI,
    "trac nghiem nhieu dap an": QuestionType.MULTI,
    "multi": QuestionType.MULTI,
    "dung/sai": QuestionType.TRUE_FALSE,
    "dung sai": QuestionType.TRUE_FALSE,
    "truefalse": QuestionType.TRUE_FALSE,
    "tra loi ngan": QuestionType.SHORT_ANSWER,
    "shortanswer": QuestionType.SHORT_ANSWER,
    "so": QuestionType.NUMERIC,
    "tra loi bang so": QuestionType.NUMERIC,
    "numeric": QuestionType.NUMERIC,
    "du doan": QuestionType.PREDICTION,
    "cau hoi du doan": QuestionType.PREDICTION,
    "prediction": QuestionType.PREDICTION,
}
_UNSUPPORTED = {
    "tu luan": "essay",
    "essay": "essay",
    "ghep noi": "matching",
    "ghep cap": "matching",
    "matching": "matching",
    "dien khuyet": "cloze",
    "cloze": "cloze",
}
_TRUE = {"dung", "d", "true", "t", "1"}
_FALSE = {"sai", "s", "false", "f", "0"}
_WEIGHTED = re.compile(r"^([A-Za-z])\s*(?:[:=(]\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*\)?)?$")


def _key(value: Any) -> str:
    return re.sub(r"\s*/\s*", "/", fold(_cell(value)))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


# --- import --------------------------------------------------------------------------------


def parse(data: bytes) -> Parsed:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    not_a_workbook = ValidationFailed(
        _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy dùng tệp mẫu của Congso.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_a_workbook from None
    if unpacked > MAX_UNPACKED_BYTES:
        # A few MB of zip may unpack to gigabytes (a "zip bomb").
        raise ValidationFailed(
            _("Bảng tính quá lớn khi giải nén; hãy chia thành nhiều tệp nhỏ hơn.")
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise not_a_workbook from None
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        return _read(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _read(rows: Any) -> Parsed:
    parsed = Parsed()
    columns: dict[str, int] = {}
    options: dict[str, int] = {}
    category: list[str] = []
    filled = 0
    for number, row in enumerate(rows, start=1):
        if not columns:
            columns, options = _header(row)
            if not columns and number >= 10:
                break
            continue
        values = {name: row[index] if index < len(row) else None for name, index in columns.items()}
        choices = [
            (letter, _cell(row[index] if index < len(row) else None))
            for letter, index in sorted(options.items())
        ]
        if not any(_cell(v) for v in values.values()) and not any(t for _l, t in choices):
            continue
        filled += 1
        if filled > MAX_ROWS:
            raise ValidationFailed(
                _("Bảng tính có quá nhiều dòng; mỗi lần chỉ nhập được %(n)s câu hỏi.")
                % {"n": MAX_ROWS}
            )
        if _cell(values.get("category")):
            category = [p.strip() for p in _cell(values["category"]).split("/") if p.strip()]
        try:
            result = _question(number, values, [c for c in choices if c[1]])
        except ValidationFailed as error:
            parsed.rejected.append(ReportEntry(number, error.message))
            continue
        if isinstance(result, ReportEntry):
            parsed.skipped.append(result)
        else:
            result.category = list(category)
            parsed.questions.append(result)
    if not columns:
        raise ValidationFailed(
            _(
                "Không tìm thấy dòng tiêu đề có cột “Câu hỏi” trong bảng tính. "
                "Hãy dùng tệp mẫu của Congso."
            )
        )
    return parsed


def _header(row: tuple[Any, ...]) -> tuple[dict[str, int], dict[str, int]]:
    columns: dict[str, int] = {}
    options: dict[str, int] = {}
    for index, value in enumerate(row):
        key = _key(value)
        match = re.fullmatch(r"phuong an ([a-z])", key)
        if match:
            options[match.group(1).upper()] = index
        elif key in _COLUMNS and _COLUMNS[key] not in columns:
            columns[_COLUMNS[key]] = index
    if "text" not in columns:
        return {}, {}
    return columns, options


def _question(
    number: int, values: dict[str, Any], choices: list[tuple[str, str]]
) -> ParsedQuestion | ReportEntry:
    type_key = _key(values.get("type"))
    answer = values.get("answer")
    if type_key in _UNSUPPORTED:
        return ReportEntry(number, unsupported(_cell(values["type"])), _UNSUPPORTED[type_key])
    if type_key and type_key not in _TYPES:
        raise ValidationFailed(
            _("Loại câu hỏi “%(type)s” không hợp lệ (dùng %(types)s).")
            % {"type": _cell(values["type"]), "types": ", ".join(TYPE_LABELS.values())}
        )
    qtype = _TYPES[type_key] if type_key else _guess_type(answer, choices)
    text = _cell(values.get("text"))
    if not text:
        raise ValidationFailed(_("Chưa có nội dung câu hỏi."))
    question = ParsedQuestion(
        position=number,
        qtype=qtype,
        text=plain_input(text),
        name=_cell(values.get("name")),
        default_mark=_mark(values.get("mark")),
        difficulty=read_difficulty(_cell(values.get("difficulty"))),
        tags=split_tags(_cell(values.get("tags"))),
        general_feedback=plain_input(_cell(values.get("feedback"))),
    )
    if qtype in (QuestionType.SINGLE, QuestionType.MULTI):
        question.data = {"choices": _choices(qtype, answer, choices)}
    elif qtype == QuestionType.TRUE_FALSE:
        question.data = {"correct": _truefalse(answer)}
    elif qtype == QuestionType.SHORT_ANSWER:
        accepted = [a.strip() for a in re.split(r"[;|\n]", _cell(answer)) if a.strip()]
        question.data = {"answers": [{"text": a, "fraction": "1"} for a in accepted]}
    elif qtype == QuestionType.NUMERIC:
        question.data = {"answers": [_numeric(answer)]}
    return question


def _guess_type(answer: Any, choices: list[tuple[str, str]]) -> str:
    text = _cell(answer)
    if choices:
        letters = [t for t in re.split(r"[,;\s]+", text) if t.strip()]
        return QuestionType.MULTI if len(letters) > 1 else QuestionType.SINGLE
    if isinstance(answer, bool) or fold(text) in (_TRUE | _FALSE) - {"1", "0"}:
        return QuestionType.TRUE_FALSE
    if isinstance(answer, int | float | Decimal) or _number(text) is not None:
        return QuestionType.NUMERIC
    if text:
        return QuestionType.SHORT_ANSWER
    raise ValidationFailed(_("Chưa ghi loại câu hỏi và đáp án đúng."))


def _choices(qtype: str, answer: Any, choices: list[tuple[str, str]]) -> list[dict[str, Any]]:
    letters = [letter for letter, _text in choices]
    text = _cell(answer)
    tokens = [
        t.strip() for t in re.split(r"[,;]" if re.search(r"[:=(]", text) else r"[,;\s]+", text)
    ]
    weights: dict[str, str | None] = {}
    for token in (t for t in tokens if t):
        match = _WEIGHTED.match(token)
        if not match:
            raise ValidationFailed(
                _("Đáp án đúng “%(answer)s” không đọc được (ví dụ: B hoặc A, C).")
                % {"answer": text}
            )
        letter = match.group(1).upper()
        if letter not in letters:
            raise ValidationFailed(
                _("Đáp án “%(answer)s” không có trong các phương án %(letters)s.")
                % {"answer": letter, "letters": ", ".join(letters) or "—"}
            )
        weights[letter] = match.group(2)
    if not weights:
        raise ValidationFailed(_("Chưa ghi đáp án đúng."))
    if qtype == QuestionType.SINGLE and len(weights) > 1:
        raise ValidationFailed(
            _("Câu một đáp án chỉ ghi một phương án đúng (đang ghi “%(answer)s”).")
            % {"answer": text}
        )
    given = [w for w in weights.values() if w is not None]
    if given and len(given) != len(weights):
        raise ValidationFailed(
            _("Hãy ghi tỉ lệ điểm cho tất cả hoặc không phương án nào (ví dụ: A:60, C:40).")
        )
    share = str((Decimal(1) / len(weights)).quantize(Decimal("0.0000001")))
    result = []
    for letter, choice_text in choices:
        weight = weights.get(letter, "0")
        if weight is not None:
            fraction = str(Decimal(weight.replace(",", ".")) / 100)
        elif qtype == QuestionType.SINGLE:
            fraction = "1"
        else:
            fraction = share
        result.append({"text": plain_input(choice_text), "fraction": fraction})
    return result


def _truefalse(answer: Any) -> bool:
    if isinstance(answer, bool):
        return answer
    key = fold(_cell(answer))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValidationFailed(_("Câu Đúng/Sai: đáp án đúng phải ghi “Đúng” hoặc “Sai”."))


def _number(value: Any) -> Decimal | None:
    from congso.exams.grading import parse_number

    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    return parse_number(_cell(value))


def _numeric(answer: Any) -> dict[str, Any]:
    parts = (
        re.split(r"±|\+/-|\+-", _cell(answer)) if not isinstance(answer, int | float) else [answer]
    )
    value = _number(parts[0])
    tolerance = _number(parts[1]) if len(parts) > 1 else Decimal(0)
    if value is None or tolerance is None or len(parts) > 2:
        raise ValidationFailed(
            _("Đáp án số “%(answer)s” không đọc được (ví dụ: 3,14 hoặc 3,14 ± 0,01).")
            % {"answer": _cell(answer)}
        )
    return {
        "value": service_number(value),
        "tolerance": service_number(abs(tolerance)),
        "fraction": "1",
    }


def _mark(value: Any) -> Decimal | None:
    if not _cell(value):
        return None
    mark = _number(value)
    if mark is None:
        raise ValidationFailed(_("Điểm “%(value)s” không phải là số.") % {"value": _cell(value)})
    return mark


# --- template ------------------------------------------------------------------------------


def template() -> bytes:
    """A blank workbook: the header, one example row, drop-down lists and a guide sheet."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = SHEET
    sheet.append(HEADERS)
    sheet.append(EXAMPLE)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in sheet[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"A": 28, "B": 16, "C": 12, "D": 50, "K": 14, "L": 8, "M": 40, "N": 20}
    for column in "EFGHIJ":
        widths[column] = 24
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    types = DataValidation(
        type="list", formula1=f'"{",".join(TYPE_LABELS.values())}"', allow_blank=True
    )
    levels = DataValidation(
        type="list", formula1=f'"{",".join(DIFFICULTY_LABELS)}"', allow_blank=True
    )
    sheet.add_data_validation(types)
    sheet.add_data_validation(levels)
    types.add(f"B2:B{MAX_ROWS + 1}")
    levels.add(f"C2:C{MAX_ROWS + 1}")

    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 100
    guide.append([_("Hướng dẫn nhập câu hỏi từ bảng tính")])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([])
    for label, text in _guide_rows():
        guide.append([label, text])
        guide.cell(guide.max_row, 1).font = bold
        guide.cell(guide.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    workbook.active = 0
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _guide_rows() -> list[tuple[str, str]]:
    return [
        (
            _("Cách dùng"),
            _(
                "Mỗi dòng trong trang “Câu hỏi” là một câu hỏi; giữ nguyên dòng tiêu đề. "
                "Xóa dòng ví dụ trước khi nhập câu hỏi của mình. Nếu có câu bị lỗi, hệ thống "
                "không nhập câu nào và báo số dòng cần sửa."
            ),
        ),
        (
            "Chủ đề",
            _(
                "Tên chủ đề, các cấp cách nhau bằng dấu “/”, ví dụ “Luật Giao thông / Biển báo”. "
                "Để trống: dùng chủ đề của dòng phía trên."
            ),
        ),
        (
            "Loại",
            _(
                "Một đáp án, Nhiều đáp án, Đúng/Sai, Trả lời ngắn, Trả lời bằng số hoặc Dự đoán. "
                "Để trống: hệ thống tự nhận theo đáp án."
            ),
        ),
        ("Độ khó", _("Dễ, Trung bình hoặc Khó. Để trống: Trung bình.")),
        ("Câu hỏi", _("Nội dung câu hỏi (bắt buộc). Xuống dòng trong ô bằng Alt+Enter.")),
        (
            "Phương án A … F",
            _("Các phương án trả lời của câu trắc nghiệm; cần ít nhất hai phương án."),
        ),
        (
            "Đáp án đúng",
            _(
                "Một đáp án: chữ cái của phương án đúng, ví dụ “B”. Nhiều đáp án: “A, C” (các "
                "phương án đúng chia đều điểm) hoặc ghi tỉ lệ phần trăm “A:60, C:40, D:-50”. "
                "Đúng/Sai: “Đúng” hoặc “Sai”. Trả lời ngắn: các đáp án được chấp nhận, cách "
                "nhau bằng dấu “;”. Trả lời bằng số: ví dụ “3,14” hoặc “3,14 ± 0,01” (dấu phẩy "
                "là dấu thập phân). Dự đoán: để trống."
            ),
        ),
        ("Điểm", _("Điểm của câu hỏi, lớn hơn 0 và không quá 100. Để trống: 1 điểm.")),
        ("Giải thích", _("Giải thích đáp án, hiện cho thí sinh khi xem lại bài.")),
        ("Thẻ", _("Các thẻ để tìm kiếm, cách nhau bằng dấu phẩy.")),
    ]
