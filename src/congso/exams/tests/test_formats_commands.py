"""`congso import_questions` and `congso export_questions`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from congso.exams.models import Question, QuestionBank

DATA = Path(__file__).parent / "data"


def run(*args: str) -> tuple[int, list[str]]:
    """The command's exit status and printed lines."""
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue().splitlines()
    return 0, out.getvalue().splitlines()


def test_import_command_creates_the_bank_under_the_province_and_prints_the_summary(province):
    # given no bank of that name
    path = str(DATA / "gift_basic.gift")

    # when the command imports a GIFT file
    status, lines = run("import_questions", "--format", "gift", "--bank", "Ngân hàng mới", path)

    # then the bank is created under the province and the last line is the summary
    assert status == 0
    assert lines[-1] == "imported 11, skipped 0, rejected 0"
    bank = QuestionBank.objects.get(name="Ngân hàng mới")
    assert bank.org_unit == province.root
    assert bank.questions.count() == 11


def test_import_command_uses_an_existing_bank_found_by_name(bank):
    # given the bank "Pháp luật về an toàn thông tin" of the department
    path = str(DATA / "aiken_basic.txt")

    # when the command names it in other letter case
    status, lines = run(
        "import_questions", "--format", "aiken", "--bank", "pháp luật về an toàn thông tin", path
    )

    # then the questions go into that bank
    assert (status, lines[-1]) == (0, "imported 3, skipped 0, rejected 0")
    assert QuestionBank.objects.count() == 1
    assert bank.questions.count() == 3


def test_import_command_with_agency_creates_the_bank_there(province):
    # given an agency code
    path = str(DATA / "moodle_basic.xml")

    # when the command imports for that agency
    status, lines = run(
        "import_questions", "--format", "moodlexml", "--bank", "Y tế", "--agency",
        "000.00.17.H56", path,
    )  # fmt: skip

    # then the bank belongs to it
    assert (status, lines[-1]) == (0, "imported 5, skipped 0, rejected 0")
    assert QuestionBank.objects.get(name="Y tế").org_unit == province.soyte


def test_import_command_prints_skipped_lines_and_exits_zero(province):
    # given a file with unsupported types
    path = str(DATA / "moodle_unsupported.xml")

    # when it is imported
    status, lines = run("import_questions", "--format", "moodlexml", "--bank", "Hỗn hợp", path)

    # then each skipped question is printed, the summary last
    assert status == 0
    assert lines == [
        "Câu hỏi thứ 1 (“Bài luận”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “essay”.",
        "Câu hỏi thứ 3 (“Ghép nối”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “matching”.",
        "Câu hỏi thứ 4 (“Điền khuyết”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “cloze”.",
        "Câu hỏi thứ 5 (“Kéo thả”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “ddwtos”.",
        "Câu hỏi thứ 6 (“Mô tả”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “description”.",
        "Đã nhập 2 câu hỏi, bỏ qua 5 câu hỏi.",
        "imported 2, skipped 5, rejected 0",
    ]


def test_import_command_with_rejected_questions_exits_one_and_keeps_nothing(province):
    # given a malformed Aiken file
    path = str(DATA / "aiken_malformed.txt")

    # when it is imported into a bank that does not exist yet
    status, lines = run("import_questions", "--format", "aiken", "--bank", "Mới", path)

    # then the problems are printed, the summary is last, and not even the bank is kept
    assert status == 1
    assert lines == [
        "Dòng 6: Đáp án “E” không có trong các phương án A, B.",
        "Dòng 11: Câu hỏi thiếu dòng “ANSWER: …” ghi phương án đúng.",
        "Dòng 14: Câu trắc nghiệm cần ít nhất hai phương án trả lời.",
        "Tệp có 3 câu hỏi lỗi nên chưa nhập câu nào. Hãy sửa các câu được liệt kê rồi nhập lại.",
        "imported 0, skipped 0, rejected 3",
    ]
    assert not QuestionBank.objects.exists()
    assert Question.objects.count() == 0


def test_import_command_refuses_an_unreadable_file_with_status_one(bank, tmp_path):
    # given a GIFT file saved in Latin-1
    path = tmp_path / "cu.gift"
    path.write_bytes("Câu?{T}".encode("latin-1"))

    # when it is imported
    status, lines = run("import_questions", "--format", "gift", "--bank", bank.name, str(path))

    # then the reason is printed and the file counts as one rejection
    assert status == 1
    assert lines[0] == (
        "Tệp: Tệp không phải văn bản mã UTF-8 (lỗi ở dòng 1). Hãy lưu lại tệp với bảng mã "
        "UTF-8 rồi tải lên lại."
    )
    assert lines[-1] == "imported 0, skipped 0, rejected 1"
    assert Question.objects.count() == 0


def test_import_command_missing_file_or_agency_is_a_command_error(bank, tmp_path):
    # when the file or the agency does not exist, then the command stops with a message
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("import_questions", "--format", "gift", "--bank", "X", str(tmp_path / "x"))
    path = str(DATA / "gift_basic.gift")
    with pytest.raises(CommandError, match="Không có cơ quan mã 999"):
        call_command("import_questions", "--format", "gift", "--bank", "X", "--agency", "999", path)
    assert QuestionBank.objects.count() == 1


def test_export_command_writes_a_file_the_import_command_reads_back(province, tmp_path):
    # given a bank imported from a GIFT file
    run("import_questions", "--format", "gift", "--bank", "Gốc", str(DATA / "gift_basic.gift"))
    target = tmp_path / "goc.xml"

    # when it is exported to a file and to the screen
    status, _lines = run(
        "export_questions", "--format", "moodlexml", "--bank", "Gốc", "-o", str(target)
    )
    _status, screen = run("export_questions", "--format", "gift", "--bank", "Gốc")

    # then the file imports as the same number of questions
    assert status == 0
    assert target.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert screen[0] == "$CATEGORY: $course$/top/Kiến thức chung"
    status, lines = run(
        "import_questions", "--format", "moodlexml", "--bank", "Bản sao", str(target)
    )
    assert (status, lines[-1]) == (0, "imported 11, skipped 0, rejected 0")


def test_export_command_unknown_bank_is_a_command_error(db):
    # when the bank does not exist, then the command stops with a message
    with pytest.raises(CommandError, match="Không có ngân hàng câu hỏi tên “Không có”"):
        call_command("export_questions", "--format", "gift", "--bank", "Không có")
