"""Moodle XML import: types, fractions, categories, feedback, embedded images, refusals."""

from __future__ import annotations

import base64
import io
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from congso.core.exceptions import ValidationFailed
from congso.exams.formats import import_questions
from congso.exams.models import Question, QuestionCategory, QuestionImage

DATA = Path(__file__).parent / "data"


def snapshot(question: Question) -> dict:
    """What a question says, without its storage ids (choice ids are drawn at random)."""
    version = question.current_version
    data = dict(version.data)
    if "choices" in data:
        data["choices"] = [
            {k: v for k, v in choice.items() if k != "id"} for choice in data["choices"]
        ]
    return {
        "category": question.category.path_names(),
        "qtype": version.qtype,
        "name": version.name,
        "text": version.text,
        "data": data,
        "mark": version.default_mark,
        "difficulty": version.difficulty,
        "tags": version.tags,
        "general_feedback": version.general_feedback,
    }


def png_bytes(color: str = "red") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (4, 3), color).save(output, format="PNG")
    return output.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_moodle_xml_imports_types_fractions_categories_and_feedback(organiser, bank):
    # given a Moodle XML export with five questions in two categories
    data = (DATA / "moodle_basic.xml").read_bytes()

    # when it is imported
    report = import_questions(
        actor=organiser, bank=bank, fmt="moodlexml", data=data, filename="basic.xml"
    )

    # then every question is in the bank as written
    assert report.ok
    assert report.summary_line() == "imported 5, skipped 0, rejected 0"
    assert [snapshot(q) for q in report.imported] == [
        {
            "category": ["Luật Giao thông", "Biển báo"],
            "qtype": "single",
            "name": "Biển cấm",
            "text": "<p>Biển hình tròn, viền đỏ, nền trắng là loại biển gì?</p>",
            "data": {
                "choices": [
                    {"text": "Biển báo cấm", "fraction": 1.0, "feedback": "Đúng rồi."},
                    {
                        "text": "Biển báo nguy hiểm",
                        "fraction": 0.0,
                        "feedback": "Biển nguy hiểm hình tam giác.",
                    },
                    {"text": "Biển chỉ dẫn", "fraction": -0.25, "feedback": ""},
                ]
            },
            "mark": Decimal("2.00"),
            "difficulty": "hard",
            "tags": ["biển báo"],
            "general_feedback": "<p>Biển cấm có dạng hình tròn.</p>",
        },
        {
            "category": ["Luật Giao thông", "Biển báo"],
            "qtype": "multi",
            "name": "Phương tiện cơ giới",
            "text": "<p>Những phương tiện nào là xe cơ giới?</p>",
            "data": {
                "choices": [
                    {"text": "Xe mô tô", "fraction": 0.5, "feedback": ""},
                    {"text": "Xe ô tô", "fraction": 0.5, "feedback": ""},
                    {"text": "Xe đạp", "fraction": -0.5, "feedback": ""},
                ]
            },
            "mark": Decimal("1.00"),
            "difficulty": "medium",
            "tags": [],
            "general_feedback": "",
        },
        {
            "category": ["Kiến thức chung"],
            "qtype": "truefalse",
            "name": "Đèn vàng",
            "text": "Đèn vàng nghĩa là được phép tăng tốc.",
            "data": {"correct": False},
            "mark": Decimal("1.00"),
            "difficulty": "medium",
            "tags": [],
            "general_feedback": "",
        },
        {
            "category": ["Kiến thức chung"],
            "qtype": "shortanswer",
            "name": "Thủ đô",
            "text": "Thủ đô của Việt Nam là gì?",
            "data": {
                "answers": [
                    {"text": "Hà Nội", "fraction": 1.0},
                    {"text": "Ha Noi", "fraction": 0.5},
                ],
                "case_sensitive": True,
                "accent_sensitive": False,
            },
            "mark": Decimal("1.00"),
            "difficulty": "medium",
            "tags": [],
            "general_feedback": "",
        },
        {
            "category": ["Kiến thức chung"],
            "qtype": "numeric",
            "name": "Số pi",
            "text": "Giá trị của số pi (hai chữ số thập phân)?",
            "data": {
                "answers": [
                    {"value": "3.140", "tolerance": "0.005", "fraction": 1.0},
                    {"value": "3", "tolerance": "0", "fraction": 0.5},
                ]
            },
            "mark": Decimal("1.50"),
            "difficulty": "medium",
            "tags": [],
            "general_feedback": "",
        },
    ]
    assert Question.objects.filter(bank=bank).count() == 5


def test_moodle_xml_skips_unsupported_types_and_imports_the_rest(organiser, bank):
    # given a file mixing essay, matching, cloze, drag-and-drop and description with two
    # supported questions
    data = (DATA / "moodle_unsupported.xml").read_bytes()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # then the two are imported and the others listed as skipped with their number and type
    assert report.ok
    assert report.summary_line() == "imported 2, skipped 5, rejected 0"
    assert [(e.position, e.qtype) for e in report.skipped] == [
        (1, "essay"),
        (3, "matching"),
        (4, "cloze"),
        (5, "ddwtos"),
        (6, "description"),
    ]
    assert [q.current_version.name for q in report.imported] == [
        "Câu được nhận",
        "Câu thứ hai được nhận",
    ]
    assert report.lines()[0] == (
        "Câu hỏi thứ 1 (“Bài luận”): bỏ qua — Congso chưa hỗ trợ loại câu hỏi “essay”."
    )
    assert report.lines()[-1] == "Đã nhập 2 câu hỏi, bỏ qua 5 câu hỏi."


def test_moodle_xml_with_malformed_questions_is_rejected_whole(organiser, bank, questions):
    # given a bank with 30 questions and a file where three of five questions are malformed
    data = (DATA / "moodle_malformed.xml").read_bytes()
    before = Question.objects.count()
    categories = QuestionCategory.objects.count()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # then nothing is imported and each bad question is named by its number and reason
    assert not report.ok
    assert report.summary_line() == "imported 0, skipped 1, rejected 3"
    assert [(e.position, e.reason) for e in report.rejected] == [
        (2, "Câu một đáp án cần một phương án đúng (100% điểm)."),
        (4, "Phương án 1: tỉ lệ điểm “abc” không phải là số."),
        (5, "Đáp án 1: “ba phẩy một bốn” không phải là số."),
    ]
    assert report.lines()[:3] == [
        "Câu hỏi thứ 2 (“Không có đáp án đúng”): "
        "Câu một đáp án cần một phương án đúng (100% điểm).",
        "Câu hỏi thứ 4 (“Tỉ lệ hỏng”): Phương án 1: tỉ lệ điểm “abc” không phải là số.",
        "Câu hỏi thứ 5 (“Số hỏng”): Đáp án 1: “ba phẩy một bốn” không phải là số.",
    ]
    assert report.imported == []
    assert Question.objects.count() == before
    assert QuestionCategory.objects.count() == categories


def embedded_image_xml(payload: str, name: str = "bien bao.png") -> bytes:
    quoted = name.replace(" ", "%20")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Biển trong ảnh</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Biển này là gì?</p><p><img src="@@PLUGINFILE@@/{quoted}" alt="biển"></p>]]></text>
      <file name="{name}" path="/" encoding="base64">{payload}</file>
    </questiontext>
    <single>true</single>
    <answer fraction="100"><text>Cấm đi ngược chiều</text></answer>
    <answer fraction="0"><text>Đường một chiều</text></answer>
  </question>
</quiz>""".encode()


def test_moodle_xml_embedded_image_becomes_a_stored_image_shown_in_the_text(organiser, bank, media):
    # given a question whose text shows an image carried in the file as base64
    content = png_bytes()
    data = embedded_image_xml(base64.b64encode(content).decode())

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # then the image is stored for the bank and the text points at its URL
    assert report.summary_line() == "imported 1, skipped 0, rejected 0"
    image = QuestionImage.objects.get(bank=bank)
    assert image.name == "bien bao.png"
    assert image.image.name.startswith("exams/images/")
    assert image.image.name.endswith(".png")
    with image.image.open("rb") as handle:
        assert handle.read() == content
    text = report.imported[0].current_version.text
    assert text == f'<p>Biển này là gì?</p><p><img src="{image.image.url}" alt="biển"></p>'
    assert "@@PLUGINFILE@@" not in text


def test_moodle_xml_the_same_image_imported_again_is_not_stored_twice(organiser, bank, media):
    # given a file with an embedded image, already imported once
    data = embedded_image_xml(base64.b64encode(png_bytes()).decode())
    first = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # when it is imported again
    second = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # then both questions show the one stored image
    assert QuestionImage.objects.filter(bank=bank).count() == 1
    assert first.imported[0].current_version.text == second.imported[0].current_version.text


def test_moodle_xml_embedded_file_that_is_not_an_image_is_rejected(organiser, bank, media):
    # given a question carrying an HTML page named like an image
    payload = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    data = embedded_image_xml(payload, name="anh.png")

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # then the question is rejected and nothing is stored
    assert report.summary_line() == "imported 0, skipped 0, rejected 1"
    assert report.rejected[0].reason == (
        "Câu hỏi thứ 1: tệp đính kèm “anh.png” không phải là ảnh hợp lệ "
        "(chỉ nhận PNG, JPEG, GIF, WebP)."
    )
    assert QuestionImage.objects.count() == 0
    assert Question.objects.count() == 0
    assert not any(Path(media).rglob("*.png")) if Path(media).exists() else True


def test_moodle_xml_bomb_is_refused_with_a_message(organiser, bank):
    # given the "billion laughs" entity expansion
    data = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="essay"><name><text>&lol3;</text></name></question></quiz>"""

    # when it is imported, then it is refused with a Vietnamese message, nothing written
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)
    assert error.value.message == (
        "Tệp XML có khai báo DTD hoặc thực thể (entity). Vì lý do an toàn, Congso không đọc "
        "loại tệp này; hãy xuất lại tệp từ Moodle."
    )
    assert error.value.status == 422
    assert Question.objects.count() == 0


def test_moodle_xml_external_entity_is_refused(organiser, bank):
    # given an XML file reading a local file through an external entity
    data = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&xxe;</text></name></question></quiz>"""

    # when it is imported, then it is refused
    with pytest.raises(ValidationFailed, match="DTD hoặc thực thể"):
        import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)


def test_moodle_xml_syntax_error_names_the_line(organiser, bank):
    # given a truncated file
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="truefalse">\n'

    # when it is imported, then the message names where the syntax breaks
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)
    assert error.value.message == "Tệp XML bị lỗi cú pháp ở dòng 4, cột 1."


def test_moodle_xml_without_quiz_root_is_refused(organiser, bank):
    # given an XML file that is not a Moodle export
    data = b"<rss><channel/></rss>"

    # when it is imported, then it is refused
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)
    assert error.value.message == "Tệp không phải định dạng Moodle XML (thiếu thẻ <quiz>)."


def test_moodle_xml_prediction_tag_makes_a_prediction_question(organiser, bank):
    # given a numerical question with no answer tagged congso-prediction
    data = """<quiz><question type="numerical">
      <name><text>Dự đoán</text></name>
      <questiontext format="html"><text>Có bao nhiêu người dự thi?</text></questiontext>
      <defaultgrade>0</defaultgrade>
      <tags><tag><text>congso-prediction</text></tag></tags>
    </question></quiz>""".encode()

    # when it is imported
    report = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # then it is a prediction question with no answer and no mark
    question = report.imported[0]
    assert (question.qtype, question.current_version.data) == ("prediction", {})
    assert question.current_version.default_mark == Decimal("0.00")
    assert question.current_version.tags == []
