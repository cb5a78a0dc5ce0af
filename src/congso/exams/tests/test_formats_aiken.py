"""Aiken import: a question, options A. or A), ANSWER: X."""

from __future__ import annotations

from pathlib import Path

from congso.exams.formats import import_questions
from congso.exams.models import Question
from congso.exams.tests.test_formats_moodlexml import snapshot

DATA = Path(__file__).parent / "data"


def test_aiken_imports_single_and_multiple_answer_questions(organiser, bank):
    # given an Aiken file with three questions, one over two lines, one with two answers
    data = (DATA / "aiken_basic.txt").read_bytes()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="aiken", data=data)

    # then the right options carry the mark and the questions go to the default category
    assert report.summary_line() == "imported 3, skipped 0, rejected 0"
    imported = [snapshot(q) for q in report.imported]
    assert [(q["qtype"], q["category"], q["text"]) for q in imported] == [
        (
            "single",
            ["Chung"],
            "Thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam là thành phố nào?",
        ),
        (
            "single",
            ["Chung"],
            "<p>Theo Luật Giao thông đường bộ,<br>người điều khiển xe mô tô phải đội gì?</p>",
        ),
        ("multi", ["Chung"], "Những tỉnh nào giáp Thái Bình?"),
    ]
    assert [[(c["text"], c["fraction"]) for c in q["data"]["choices"]] for q in imported] == [
        [("Hà Nội", 1.0), ("Thành phố Hồ Chí Minh", 0.0), ("Huế", 0.0), ("Đà Nẵng", 0.0)],
        [("Mũ bảo hiểm", 1.0), ("Mũ lưỡi trai", 0.0), ("Không cần đội mũ", 0.0)],
        [("Nam Định", 0.5), ("Hải Phòng", 0.5), ("Lào Cai", 0.0)],
    ]


def test_aiken_malformed_file_is_rejected_whole_with_line_numbers(organiser, bank, questions):
    # given a bank with questions and an Aiken file with an unknown answer letter, a missing
    # ANSWER line and a question with one option
    data = (DATA / "aiken_malformed.txt").read_bytes()
    before = Question.objects.count()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="aiken", data=data)

    # then nothing is imported and each bad question is named by its first line
    assert report.summary_line() == "imported 0, skipped 0, rejected 3"
    assert [(e.position, e.reason) for e in report.rejected] == [
        (6, "Đáp án “E” không có trong các phương án A, B."),
        (11, "Câu hỏi thiếu dòng “ANSWER: …” ghi phương án đúng."),
        (14, "Câu trắc nghiệm cần ít nhất hai phương án trả lời."),
    ]
    assert Question.objects.count() == before


def test_aiken_file_ending_without_answer_line_is_rejected(organiser, bank):
    # given a last question with no ANSWER line
    data = "Câu một?\nA. Có\nB. Không\nANSWER: B\n\nCâu hai?\nA. Có\nB. Không\n".encode()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="aiken", data=data)

    # then the whole file is refused at the unfinished question
    assert [(e.position, e.reason) for e in report.rejected] == [
        (6, "Câu hỏi thiếu dòng “ANSWER: …” ghi phương án đúng.")
    ]
    assert report.summary_line() == "imported 0, skipped 0, rejected 1"
    assert Question.objects.count() == 0
