"""GIFT import: answer blocks, weights, escapes, formats, categories, Congso's comment lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from congso.core.exceptions import ValidationFailed
from congso.exams.formats import import_questions
from congso.exams.models import Question, QuestionCategory
from congso.exams.tests.test_formats_moodlexml import snapshot

DATA = Path(__file__).parent / "data"


def medium(**fields) -> dict:
    base = {
        "name": "",
        "mark": Decimal("1.00"),
        "difficulty": "medium",
        "tags": [],
        "general_feedback": "",
    }
    return {**base, **fields}


def test_gift_imports_every_answer_block(organiser, bank):
    # given a GIFT file with choices, weights, true/false, short answers, numbers and a
    # prediction, in two categories
    data = (DATA / "gift_basic.gift").read_bytes()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="gift", data=data)

    # then each question is read as Moodle reads it, plus Congso's comment conventions
    assert report.summary_line() == "imported 11, skipped 0, rejected 0"
    general = ["Kiến thức chung"]
    assert [snapshot(q) for q in report.imported] == [
        medium(
            category=["Luật An ninh mạng", "Khái niệm"],
            qtype="single",
            name="Khái niệm",
            text="Luật An ninh mạng được Quốc hội thông qua năm nào?",
            data={
                "choices": [
                    {"text": "2018", "fraction": 1.0, "feedback": "Đúng, ngày 12/6/2018."},
                    {
                        "text": "2015",
                        "fraction": 0.0,
                        "feedback": "Năm 2015 là Luật An toàn thông tin mạng.",
                    },
                    {"text": "2020", "fraction": -0.25, "feedback": ""},
                ]
            },
            mark=Decimal("2.00"),
            difficulty="hard",
            tags=["2025", "an ninh mạng"],
            general_feedback="Luật số 24/2018/QH14.",
        ),
        medium(
            category=["Luật An ninh mạng", "Khái niệm"],
            qtype="multi",
            name="Nhiều đáp án",
            text="Những hành vi nào bị nghiêm cấm trên không gian mạng?",
            data={
                "choices": [
                    {"text": "Tuyên truyền chống Nhà nước", "fraction": 0.5, "feedback": ""},
                    {"text": "Lừa đảo chiếm đoạt tài sản", "fraction": 0.5, "feedback": ""},
                    {"text": "Học trực tuyến", "fraction": -1.0, "feedback": ""},
                ]
            },
        ),
        medium(
            category=general,
            qtype="truefalse",
            text="<p>Dấu { và } cùng ký tự ~ = # : đều thoát được, x &lt; 5?</p>",
            data={"correct": True},
        ),
        medium(
            category=general,
            qtype="shortanswer",
            name="Ngắn",
            text="<p>Thủ đô của <b>Việt Nam</b>?</p>",
            data={
                "answers": [
                    {"text": "Hà Nội", "fraction": 1.0},
                    {"text": "Ha Noi", "fraction": 0.5},
                ],
                "case_sensitive": False,
                "accent_sensitive": True,
            },
        ),
        medium(
            category=general,
            qtype="shortanswer",
            text="Viết tắt của Ủy ban nhân dân",
            data={
                "answers": [{"text": "UBND", "fraction": 1.0}],
                "case_sensitive": True,
                "accent_sensitive": False,
            },
        ),
        medium(
            category=general,
            qtype="numeric",
            name="Số",
            text="Số pi xấp xỉ bằng bao nhiêu?",
            data={"answers": [{"value": "3.14", "tolerance": "0.01", "fraction": 1.0}]},
        ),
        medium(
            category=general,
            qtype="numeric",
            text="Nhiệt độ sôi của nước (°C)?",
            data={
                "answers": [
                    {"value": "100", "tolerance": "0", "fraction": 1.0},
                    {"value": "100", "tolerance": "5", "fraction": 0.5},
                ]
            },
        ),
        medium(
            category=general,
            qtype="numeric",
            text="Một số trong khoảng từ 1 đến 5",
            data={"answers": [{"value": "3", "tolerance": "2", "fraction": 1.0}]},
        ),
        medium(
            category=general,
            qtype="prediction",
            name="Dự đoán",
            text="Có bao nhiêu người dự thi tuần này?",
            data={},
            mark=Decimal("0.00"),
            tags=["dự đoán"],
        ),
        medium(
            category=general,
            qtype="single",
            text="Hà Nội là _____ của Việt Nam.",
            data={
                "choices": [
                    {"text": "Thành phố Hồ Chí Minh", "fraction": 0.0, "feedback": ""},
                    {"text": "thủ đô", "fraction": 1.0, "feedback": ""},
                    {"text": "cố đô", "fraction": 0.0, "feedback": ""},
                ]
            },
        ),
        medium(
            category=general,
            qtype="truefalse",
            text="Câu đúng/sai với phản hồi",
            data={"correct": False},
            general_feedback="Giải thích chung",
        ),
    ]


def test_gift_skips_essay_matching_and_description_and_imports_the_rest(organiser, bank):
    # given a GIFT file with an essay, a matching question, a description and two questions
    data = (DATA / "gift_unsupported.gift").read_bytes()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="gift", data=data)

    # then the two are imported into the file's category and the others are listed by line
    assert report.ok
    assert report.summary_line() == "imported 2, skipped 3, rejected 0"
    assert [(e.position, e.qtype, e.name) for e in report.skipped] == [
        (3, "essay", "Tự luận"),
        (5, "matching", "Ghép nối"),
        (12, "description", "Mô tả"),
    ]
    assert [q.category.path_names() for q in report.imported] == [["Hỗn hợp"], ["Hỗn hợp"]]
    assert report.lines() == [
        "Dòng 3 (“Tự luận”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “essay”.",
        "Dòng 5 (“Ghép nối”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “matching”.",
        "Dòng 12 (“Mô tả”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “description”.",
        "Đã nhập 2 câu hỏi, bỏ qua 3 câu hỏi.",
    ]


def test_gift_with_malformed_questions_is_rejected_whole_with_line_numbers(
    organiser, bank, questions
):
    # given a bank with questions and a file where five of six questions are malformed
    data = (DATA / "gift_malformed.gift").read_bytes()
    before = Question.objects.count()
    categories = QuestionCategory.objects.count()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="gift", data=data)

    # then nothing is imported and every bad question is named by line and reason
    assert report.summary_line() == "imported 0, skipped 0, rejected 5"
    assert report.lines() == [
        "Dòng 5: Câu nhiều đáp án: tổng tỉ lệ điểm của các phương án đúng phải bằng 100% "
        "(đang là 50%).",
        "Dòng 7: Thiếu dấu “}” đóng phần đáp án (nếu là chữ trong câu hỏi, hãy viết \\}).",
        "Dòng 10: Phương án 2: tỉ lệ điểm “abc” không phải là số.",
        "Dòng 12: Đáp án 1: “ba phẩy một bốn” không phải là số (viết 3.14 hoặc 3.14:0.01).",
        "Dòng 15: Độ khó “rất khó” không hợp lệ (dùng Dễ, Trung bình hoặc Khó).",
        "Tệp có 5 câu hỏi lỗi nên chưa nhập câu nào. Hãy sửa các câu được liệt kê rồi nhập lại.",
    ]
    assert Question.objects.count() == before
    assert QuestionCategory.objects.count() == categories


def test_gift_fraction_out_of_range_is_rejected(organiser, bank):
    # given a wrong answer weighted -150 %
    data = "Câu hỏi?{=Đúng ~%-150%Sai}\n".encode()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="gift", data=data)

    # then it is rejected by the bank's own validation
    assert [(e.position, e.reason) for e in report.rejected] == [
        (1, "Phương án 2: tỉ lệ điểm phải từ -100% đến 100%.")
    ]
    assert Question.objects.count() == 0


def test_gift_accepts_a_byte_order_mark_and_windows_line_ends(organiser, bank):
    # given a file saved by Notepad: BOM and CRLF
    data = "\ufeff// chú thích\r\nCâu một?{T}\r\n\r\nCâu hai?{F}\r\n".encode()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="gift", data=data)

    # then both questions are read, with their lines
    assert report.summary_line() == "imported 2, skipped 0, rejected 0"
    assert [q.current_version.text for q in report.imported] == ["Câu một?", "Câu hai?"]


def test_gift_in_another_encoding_is_refused_with_the_line(organiser, bank):
    # given a file saved in Windows-1258 (a Vietnamese code page), not UTF-8
    data = "Cau mot?{T}\n\nCâu hai?{F}\n".encode("cp1258")

    # when it is imported, then a 4xx error says what to do
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="gift", data=data)
    assert error.value.status == 422
    assert error.value.message == (
        "Tệp không phải văn bản mã UTF-8 (lỗi ở dòng 3). Hãy lưu lại tệp với bảng mã UTF-8 "
        "rồi tải lên lại."
    )
    assert Question.objects.count() == 0
