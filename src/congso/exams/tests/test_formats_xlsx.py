"""Excel import and the downloadable template."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from congso.core.exceptions import ValidationFailed
from congso.exams.formats import import_questions, xlsx_template
from congso.exams.formats.xlsx import HEADERS
from congso.exams.models import Question
from congso.exams.tests.test_formats_moodlexml import snapshot


def workbook(*rows: list) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Câu hỏi"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def row(category="", qtype="", difficulty="", text="", options=(), answer="", mark=None,
        feedback="", tags=""):  # fmt: skip
    cells = list(options) + [None] * (6 - len(options))
    return [category, qtype, difficulty, text, *cells, answer, mark, feedback, tags]


def test_template_has_header_example_and_guide_and_its_example_imports(organiser, bank):
    # given the template as downloaded
    data = xlsx_template()
    book = openpyxl.load_workbook(io.BytesIO(data))

    # then it has the question sheet with the header and one example, and a guide
    assert book.sheetnames == ["Câu hỏi", "Hướng dẫn"]
    sheet = book["Câu hỏi"]
    assert [c.value for c in sheet[1]] == [
        "Chủ đề", "Loại", "Độ khó", "Câu hỏi", "Phương án A", "Phương án B", "Phương án C",
        "Phương án D", "Phương án E", "Phương án F", "Đáp án đúng", "Điểm", "Giải thích", "Thẻ",
    ]  # fmt: skip
    assert sheet.max_row == 2
    assert book["Hướng dẫn"]["A1"].value == "Hướng dẫn nhập câu hỏi từ bảng tính"

    # when the template is uploaded as it is
    report = import_questions(actor=organiser, bank=bank, fmt="xlsx", data=data)

    # then its example row becomes a question
    assert report.summary_line() == "imported 1, skipped 0, rejected 0"
    assert snapshot(report.imported[0]) == {
        "category": ["Kiến thức chung", "Địa lý"],
        "qtype": "single",
        "name": "",
        "text": "Thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam là thành phố nào?",
        "data": {
            "choices": [
                {"text": "Hà Nội", "fraction": 1.0, "feedback": ""},
                {"text": "Thành phố Hồ Chí Minh", "fraction": 0.0, "feedback": ""},
                {"text": "Huế", "fraction": 0.0, "feedback": ""},
                {"text": "Đà Nẵng", "fraction": 0.0, "feedback": ""},
            ]
        },
        "mark": Decimal("1.00"),
        "difficulty": "easy",
        "tags": ["ví dụ", "địa lý"],
        "general_feedback": "Thủ đô nước Cộng hòa xã hội chủ nghĩa Việt Nam là Hà Nội.",
    }


def test_xlsx_imports_every_type_with_vietnamese_numbers(organiser, bank):
    # given a sheet with one row per type, a blank row, and categories carried down
    data = workbook(
        row("Giao thông / Biển báo", "Nhiều đáp án", "Khó", "Biển nào là biển cấm?",
            ["Cấm đỗ xe", "Hướng đi", "Cấm dừng", "Chợ"], "A:60, C:40, D:-50", "0,5",
            "Biển cấm hình tròn.", "biển báo, 2025"),
        row("", "Đúng/Sai", "", "Đèn vàng là được đi nhanh.", answer="Sai"),
        [None] * 14,
        row("Kiến thức chung", "Trả lời ngắn", "Dễ", "Tỉnh lỵ Thái Bình?",
            answer="Thành phố Thái Bình; TP Thái Bình"),
        row("", "Trả lời bằng số", "", "Số pi?", answer="3,14 ± 0,01", mark=2),
        row("", "", "", "Hai cộng hai?", answer=4),
        row("", "Dự đoán", "", "Bao nhiêu người dự thi?"),
        row("", "", "", "Một cộng một?", ["Hai", "Ba"], "A"),
        row("", "Tự luận", "", "Viết một đoạn văn."),
    )  # fmt: skip

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="xlsx", data=data)

    # then each row is a question, the essay row is skipped by its row number
    assert report.summary_line() == "imported 7, skipped 1, rejected 0"
    assert [(e.position, e.qtype) for e in report.skipped] == [(10, "essay")]
    imported = [snapshot(q) for q in report.imported]
    assert [(q["category"], q["qtype"], q["difficulty"], q["mark"]) for q in imported] == [
        (["Giao thông", "Biển báo"], "multi", "hard", Decimal("0.50")),
        (["Giao thông", "Biển báo"], "truefalse", "medium", Decimal("1.00")),
        (["Kiến thức chung"], "shortanswer", "easy", Decimal("1.00")),
        (["Kiến thức chung"], "numeric", "medium", Decimal("2.00")),
        (["Kiến thức chung"], "numeric", "medium", Decimal("1.00")),
        (["Kiến thức chung"], "prediction", "medium", Decimal("0.00")),
        (["Kiến thức chung"], "single", "medium", Decimal("1.00")),
    ]
    assert [(c["text"], c["fraction"]) for c in imported[0]["data"]["choices"]] == [
        ("Cấm đỗ xe", 0.6),
        ("Hướng đi", 0.0),
        ("Cấm dừng", 0.4),
        ("Chợ", -0.5),
    ]
    assert imported[0]["tags"] == ["2025", "biển báo"]
    assert imported[0]["general_feedback"] == "Biển cấm hình tròn."
    assert imported[1]["data"] == {"correct": False}
    assert imported[2]["data"]["answers"] == [
        {"text": "Thành phố Thái Bình", "fraction": 1.0},
        {"text": "TP Thái Bình", "fraction": 1.0},
    ]
    assert imported[3]["data"] == {
        "answers": [{"value": "3.14", "tolerance": "0.01", "fraction": 1.0}]
    }
    assert imported[4]["data"] == {"answers": [{"value": "4", "tolerance": "0", "fraction": 1.0}]}


def test_xlsx_with_bad_rows_is_rejected_whole_with_row_numbers(organiser, bank, questions):
    # given a bank with questions and a sheet where four rows are wrong
    data = workbook(
        row("A", "Một đáp án", "", "Câu đúng?", ["Có", "Không"], "A"),
        row("A", "Một đáp án", "", "Đáp án ngoài phương án?", ["Có", "Không"], "E"),
        row("A", "Trắc nghiệm kiểu lạ", "", "Loại lạ?", ["Có", "Không"], "A"),
        row("A", "Trả lời bằng số", "", "Số?", answer="ba"),
        row("A", "Đúng/Sai", "Rất khó", "Độ khó lạ?", answer="Đúng"),
    )
    before = Question.objects.count()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="xlsx", data=data)

    # then nothing is imported and the rows are named
    assert report.summary_line() == "imported 0, skipped 0, rejected 4"
    assert report.lines()[:4] == [
        "Dòng 3: Đáp án “E” không có trong các phương án A, B.",
        "Dòng 4: Loại câu hỏi “Trắc nghiệm kiểu lạ” không hợp lệ (dùng Một đáp án, Nhiều đáp "
        "án, Đúng/Sai, Trả lời ngắn, Trả lời bằng số, Dự đoán).",
        "Dòng 5: Đáp án số “ba” không đọc được (ví dụ: 3,14 hoặc 3,14 ± 0,01).",
        "Dòng 6: Độ khó “Rất khó” không hợp lệ (dùng Dễ, Trung bình hoặc Khó).",
    ]
    assert Question.objects.count() == before


def test_xlsx_that_is_not_a_workbook_is_refused(organiser, bank):
    # given a text file renamed .xlsx
    data = "Câu hỏi;Đáp án\n".encode()

    # when it is imported, then it is refused with a message
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="xlsx", data=data, filename="a.xlsx")
    assert error.value.message == (
        "Tệp không phải bảng tính Excel (.xlsx) hợp lệ. Hãy dùng tệp mẫu của Congso."
    )


def test_xlsx_without_a_question_column_is_refused(organiser, bank):
    # given a workbook from some other register
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Ngày sinh"])
    output = io.BytesIO()
    book.save(output)

    # when it is imported, then it is refused
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="xlsx", data=output.getvalue())
    assert error.value.message == (
        "Không tìm thấy dòng tiêu đề có cột “Câu hỏi” trong bảng tính. Hãy dùng tệp mẫu của Congso."
    )


def test_xlsx_that_unpacks_to_too_much_is_refused(organiser, bank, monkeypatch):
    # given a workbook bigger, once unpacked, than the limit (lowered for the test)
    monkeypatch.setattr("congso.exams.formats.xlsx.MAX_UNPACKED_BYTES", 1000)
    data = workbook(row("A", "Một đáp án", "", "Câu?", ["Có", "Không"], "A"))

    # when it is imported, then it is refused before openpyxl reads it
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="xlsx", data=data)
    assert (
        error.value.message == "Bảng tính quá lớn khi giải nén; hãy chia thành nhiều tệp nhỏ hơn."
    )
    assert Question.objects.count() == 0
