"""The organisers' Excel file of an exam's results (openpyxl, write-only: a large contest fits).

Sheets: "Xếp hạng" (the full ranking, with each candidate's email and phone: for the organisers
only, never published), "Thống kê câu hỏi" (Moodle's figures per question, see `statistics`) and
"Tổng hợp" (the score summary and its distribution). Times are local (Asia/Ho_Chi_Minh) and
written as Excel dates (dd/mm/yyyy hh:mm:ss); text is always text, never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from congso.exams.models import Exam, Result
from congso.exams.statistics import ExamSummary, QuestionRow, exam_summary, question_statistics

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"


def mmss(seconds: int | None) -> str:
    """605 → "10:05" (minutes may pass 59: 75:03)."""
    if seconds is None:
        return ""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes:02d}:{rest:02d}"


def local_naive(value: datetime | None) -> datetime | None:
    """Excel has no time zones: the local wall-clock time."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _row(ws, values: Iterable[Any], formats: Iterable[str] = ()) -> None:
    """Append a row; "text" cells stay text, others get the number format given ("" for none)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = []
    formats = list(formats)
    for index, value in enumerate(values):
        kind = formats[index] if index < len(formats) else "text"
        if kind == "text" and value is not None:
            cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
            cell.data_type = "s"  # never a formula, even when a name starts with "="
        else:
            cell = WriteOnlyCell(ws, value=value)
            if kind:
                cell.number_format = kind
        cells.append(cell)
    ws.append(cells)


def _header(ws, titles: list[tuple[str, int]]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, (_title, width) in enumerate(titles, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    cells = []
    for title, _width in titles:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)


def ranking_sheet(workbook, exam: Exam) -> None:
    ws = workbook.create_sheet(_("Xếp hạng"))
    _header(
        ws,
        [
            (_("Hạng"), 7),
            (_("Họ và tên"), 28),
            (_("Thư điện tử"), 28),
            (_("Số điện thoại"), 14),
            (_("Nơi công tác, học tập"), 32),
            (_("Cơ quan, đơn vị"), 28),
            (_("Điểm"), 8),
            (_("Điểm tối đa"), 10),
            (_("Dự đoán"), 12),
            (_("Chênh lệch dự đoán"), 12),
            (_("Thời gian làm bài (phút:giây)"), 12),
            (_("Nộp bài lúc"), 20),
            (_("Giải"), 18),
            (_("Mã chứng nhận"), 14),
        ],
    )
    results = (
        Result.objects.filter(exam_id=exam.pk)
        .select_related("candidate", "candidate__org_unit")
        .order_by("rank")
    )
    formats = ["0", "text", "text", "text", "text", "text", "0.00", "0.00", "#,##0.00",
               "#,##0.00", "text", DATETIME_FORMAT, "text", "text"]  # fmt: skip
    for result in results.iterator(chunk_size=2000):
        candidate = result.candidate
        _row(
            ws,
            [
                result.rank,
                candidate.full_name,
                candidate.email or "",
                candidate.phone or "",
                candidate.workplace,
                candidate.org_unit.name if candidate.org_unit else "",
                _number(result.score),
                _number(result.max_score),
                _number(result.prediction),
                _number(result.prediction_gap),
                mmss(result.time_taken_seconds),
                local_naive(result.submitted_at),
                result.prize,
                result.certificate_code,
            ],
            formats,
        )


def questions_sheet(workbook, rows: list[QuestionRow]) -> None:
    ws = workbook.create_sheet(_("Thống kê câu hỏi"))
    _header(
        ws,
        [
            (_("Mã phiên bản"), 10),
            (_("Câu hỏi"), 50),
            (_("Loại câu hỏi"), 22),
            (_("Điểm tối đa"), 10),
            (_("Số lượt làm"), 10),
            (_("Chỉ số dễ (%)"), 12),
            (_("Độ lệch chuẩn (%)"), 14),
            (_("Chỉ số phân biệt"), 14),
            (_("Cần xem lại"), 12),
        ],
    )
    formats = ["0", "text", "text", "0.00", "#,##0", "0.00", "0.00", "0.00", "text"]
    for row in rows:
        stats = row.stats
        _row(
            ws,
            [
                row.version_id,
                row.title,
                row.qtype_label,
                stats.max_mark,
                stats.count,
                stats.facility_percent,
                stats.sd_percent,
                stats.discrimination_index,
                _("Có") if row.needs_attention else "",
            ],
            formats,
        )


def summary_sheet(workbook, exam: Exam, summary: ExamSummary) -> None:
    ws = workbook.create_sheet(_("Tổng hợp"))
    _header(ws, [(_("Chỉ tiêu"), 34), (_("Giá trị"), 48)])
    rows: list[tuple[str, Any, str]] = [
        (_("Bài thi"), exam.title, "text"),
        (_("Cuộc thi"), exam.contest.title if exam.contest else "", "text"),
        (_("Cơ quan tổ chức"), exam.org_unit.name, "text"),
        (_("Trạng thái"), exam.get_status_display(), "text"),
        (_("Xếp hạng lúc"), local_naive(exam.ranked_at), DATETIME_FORMAT),
        (_("Công bố kết quả lúc"), local_naive(exam.ranking_published_at), DATETIME_FORMAT),
        (_("Đáp án câu dự đoán"), _number(exam.prediction_truth), "#,##0.00"),
        (_("Số bài được tính điểm"), summary.count, "#,##0"),
        (_("Điểm tối đa"), summary.max_score, "0.00"),
        (_("Điểm trung bình"), summary.mean, "0.00"),
        (_("Trung vị"), summary.median, "0.00"),
        (_("Độ lệch chuẩn"), summary.sd, "0.00"),
        (_("Điểm thấp nhất"), summary.minimum, "0.00"),
        (_("Điểm cao nhất"), summary.maximum, "0.00"),
    ]
    for label, value, kind in rows:
        _row(ws, [label, value], ["text", kind])
    _row(ws, [])
    _row(ws, [_("Khoảng điểm"), _("Số thí sinh")])
    for item in summary.bins:
        _row(ws, [item.label, item.count], ["text", "#,##0"])


def results_workbook(exam: Exam) -> bytes:
    """The organisers' workbook of `exam` (ranking, per-question statistics, summary)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    ranking_sheet(workbook, exam)
    questions_sheet(workbook, question_statistics(exam))
    summary_sheet(workbook, exam, exam_summary(exam))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def results_filename(exam: Exam) -> str:
    return f"ket-qua-{exam.slug}.xlsx"
