"""Export then import gives the same questions: Moodle XML and GIFT."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

import pytest
from PIL import Image

from congso.exams import questions as question_services
from congso.exams.formats import export_bank, import_questions
from congso.exams.models import Question, QuestionImage
from congso.exams.tests.test_formats_moodlexml import snapshot


def fill(actor, bank) -> None:
    """A bank with every type and the characters each format has to escape."""
    law = question_services.category_get_or_create(
        actor=actor, bank=bank, path=["Luật An ninh mạng", "Khái niệm"]
    )
    parent = question_services.category_get_or_create(
        actor=actor, bank=bank, path=["Luật An ninh mạng"]
    )
    slash = question_services.category_get_or_create(
        actor=actor, bank=bank, path=["Văn bản/Quy định", "Nghị định 13"]
    )
    create = question_services.question_create
    create(
        actor=actor, bank=bank, category=law, qtype="single", name="Câu 1: đặc biệt",
        text="<p>Ký tự {a} ~b =c #d \\e :f &amp; <b>đậm</b> x &lt; 5</p>",
        data={"choices": [
            {"text": "Đúng {1}", "fraction": 1, "feedback": "Chính xác = 100%"},
            {"text": "Sai ~ 2", "fraction": 0, "feedback": "<p>Không #2</p>"},
            {"text": "Trừ điểm", "fraction": "-0.3333333", "feedback": ""},
        ]},
        default_mark="2.5", difficulty="hard", tags=["an ninh", "mạng: 2025"],
        general_feedback="Giải thích\nnhiều dòng",
    )  # fmt: skip
    create(
        actor=actor, bank=bank, category=law, qtype="multi", text="Tom & Jerry là gì?",
        data={"choices": [
            {"text": "Mèo", "fraction": "0.3333333"},
            {"text": "Chuột", "fraction": "0.3333333"},
            {"text": "Phim hoạt hình", "fraction": "0.3333333"},
            {"text": "Con chó", "fraction": -1},
        ]},
        difficulty="easy",
    )  # fmt: skip
    create(
        actor=actor, bank=bank, category=parent, qtype="truefalse",
        text="Luật An ninh mạng có hiệu lực từ 01/01/2019.", data={"correct": True},
        default_mark="0.5",
    )  # fmt: skip
    create(
        actor=actor, bank=bank, category=parent, qtype="shortanswer",
        text="Dòng một\n\nDòng hai: thủ đô?",
        data={"answers": [{"text": "Hà Nội", "fraction": 1}, {"text": "Ha Noi", "fraction": 0.5}],
              "case_sensitive": True, "accent_sensitive": False},
        tags=["địa lý"],
    )  # fmt: skip
    create(
        actor=actor, bank=bank, category=slash, qtype="numeric", text="Số pi?",
        data={"answers": [{"value": "3,140", "tolerance": "0,005", "fraction": 1},
                          {"value": "3", "tolerance": "0", "fraction": 0.5}]},
    )  # fmt: skip
    create(
        actor=actor, bank=bank, category=slash, qtype="numeric", text="Năm thành lập tỉnh?",
        data={"answers": [{"value": "1890", "tolerance": "0", "fraction": 1}]},
        general_feedback="Năm 1890.",
    )  # fmt: skip
    create(
        actor=actor, bank=bank, category=slash, qtype="prediction", name="Dự đoán",
        text="Có bao nhiêu người dự thi?", data={}, tags=["vòng 1"],
    )  # fmt: skip
    archived = create(
        actor=actor, bank=bank, category=law, qtype="truefalse", text="Câu đã ẩn",
        data={"correct": False},
    )  # fmt: skip
    question_services.question_archive(actor=actor, question=archived)


def bank_snapshot(bank) -> list[dict]:
    questions = Question.objects.filter(bank=bank, is_archived=False)
    return sorted((snapshot(q) for q in questions), key=lambda s: (s["category"], s["text"]))


@pytest.mark.parametrize("fmt", ["moodlexml", "gift"])
def test_export_then_import_gives_the_same_questions(organiser, province, bank, fmt):
    # given a bank with every type, special characters, marks, difficulty and tags
    fill(organiser, bank)
    other = question_services.bank_create(actor=organiser, org_unit=province.soyte, name="Bản sao")

    # when it is exported and the file imported into another bank
    data = export_bank(bank=bank, fmt=fmt)
    report = import_questions(actor=organiser, bank=other, fmt=fmt, data=data)

    # then the other bank holds the same questions (the archived one is left out)
    assert report.summary_line() == "imported 7, skipped 0, rejected 0"
    assert bank_snapshot(other) == bank_snapshot(bank)
    assert len(bank_snapshot(bank)) == 7


def test_gift_export_writes_congso_conventions_as_comments(organiser, bank):
    # given a bank with every type
    fill(organiser, bank)

    # when it is exported as GIFT
    text = export_bank(bank=bank, fmt="gift").decode()

    # then difficulty, mark, tags and flags are comment lines, the prediction is {#}
    assert "$CATEGORY: $course$/top/Luật An ninh mạng/Khái niệm\n" in text
    assert "$CATEGORY: $course$/top/Văn bản//Quy định/Nghị định 13\n" in text
    assert "// [difficulty:hard] [mark:2.50] [tag:an ninh] [tag:mạng: 2025]\n" in text
    assert "::Câu 1\\: đặc biệt::[html]<p>Ký tự \\{a\\} \\~b \\=c \\#d \\\\e \\:f" in text
    assert "// [tag:địa lý] [case-sensitive] [accent-insensitive]\n" in text
    assert "// [tag:vòng 1]\n::Dự đoán::[html]Có bao nhiêu người dự thi?{#}\n" in text
    assert "Câu đã ẩn" not in text


def test_moodle_xml_export_marks_prediction_and_difficulty_with_tags(organiser, bank):
    # given a bank with every type
    fill(organiser, bank)

    # when it is exported as Moodle XML
    text = export_bank(bank=bank, fmt="moodlexml").decode()

    # then Moodle sees ordinary questions and tags
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert "<text>$course$/top/Văn bản//Quy định/Nghị định 13</text>" in text
    assert '<question type="numerical">' in text
    assert "<text>congso-prediction</text>" in text
    assert "<text>congso-difficulty-hard</text>" in text
    assert "<text>congso-difficulty-easy</text>" in text
    assert "<text>congso-difficulty-medium</text>" not in text
    assert '<answer fraction="-33.33333" format="html">' in text
    assert "Câu đã ẩn" not in text


def test_moodle_xml_export_embeds_images_and_reimport_reuses_them(
    organiser, bank, settings, tmp_path
):
    # given a question showing an image imported from a Moodle file
    settings.MEDIA_ROOT = tmp_path / "media"
    output = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(output, format="PNG")
    content = output.getvalue()
    source = f"""<quiz><question type="truefalse"><name><text>Ảnh</text></name>
      <questiontext format="html"><text><![CDATA[<p><img src="@@PLUGINFILE@@/xanh.png"></p>]]></text>
      <file name="xanh.png" encoding="base64">{base64.b64encode(content).decode()}</file>
      </questiontext>
      <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
    </question></quiz>""".encode()
    first = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=source)

    # when the bank is exported and the export imported into the same bank
    exported = export_bank(bank=bank, fmt="moodlexml")
    second = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=exported)

    # then the export carries the image itself, and the copy shows the same stored image
    image = QuestionImage.objects.get(bank=bank)
    stored_name = image.image.name.rsplit("/", 1)[-1]
    assert f'src="@@PLUGINFILE@@/{stored_name}"'.encode() in exported
    assert base64.b64encode(content) in exported
    assert second.summary_line() == "imported 1, skipped 0, rejected 0"
    assert QuestionImage.objects.filter(bank=bank).count() == 1
    assert snapshot(second.imported[0]) == snapshot(first.imported[0])
    assert snapshot(second.imported[0])["mark"] == Decimal("1.00")
