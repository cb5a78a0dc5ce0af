"""What an import refuses before reading any question: size, format, empty files; and the
undo of a half-written import."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from congso.core.exceptions import ValidationFailed
from congso.exams import questions as question_services
from congso.exams.formats import MAX_IMPORT_BYTES, import_questions
from congso.exams.models import Question, QuestionImage


def test_oversized_file_is_refused(organiser, bank):
    # given a file just over the 10 MB limit
    data = b"Q?{T}\n\n" * (MAX_IMPORT_BYTES // 7 + 1)

    # when it is imported, then it is refused before being read
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="gift", data=data)
    assert error.value.message == "Tệp quá lớn (10.0 MB); chỉ nhận tệp đến 10 MB."
    assert Question.objects.count() == 0


def test_unknown_format_is_refused(organiser, bank):
    # when the format is not one Congso reads, then it is refused
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="qti", data=b"<x/>")
    assert error.value.message == (
        "Định dạng “qti” không được hỗ trợ (dùng moodlexml, gift, aiken, xlsx)."
    )


def test_empty_file_is_refused(organiser, bank):
    # when the file holds only blanks, then it is refused
    with pytest.raises(ValidationFailed) as error:
        import_questions(actor=organiser, bank=bank, fmt="aiken", data=b" \n\n")
    assert error.value.message == "Tệp tải lên không có nội dung."


def test_moodle_xml_not_utf8_is_refused_with_a_message(organiser, bank):
    # given an XML file declaring no encoding but written in Windows-1252
    data = "<quiz><question type='essay'><name><text>Café</text></name></question></quiz>"

    # when it is imported, then the message speaks of the encoding, not of XML
    with pytest.raises(ValidationFailed, match="không phải văn bản mã UTF-8"):
        import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data.encode("cp1252"))


def test_moodle_xml_with_a_bom_is_read(organiser, bank):
    # given a UTF-8 file with a byte order mark
    data = "\ufeff<?xml version='1.0' encoding='UTF-8'?><quiz></quiz>".encode()

    # when it is imported, then it is read (and holds nothing)
    report = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)
    assert report.summary_line() == "imported 0, skipped 0, rejected 0"


def test_a_refusal_while_writing_undoes_everything_including_stored_images(
    organiser, bank, settings, tmp_path, monkeypatch
):
    # given two image questions, and question_create refusing the second one
    settings.MEDIA_ROOT = tmp_path / "media"
    output = io.BytesIO()
    Image.new("RGB", (2, 2), "green").save(output, format="PNG")
    payload = base64.b64encode(output.getvalue()).decode()
    question = """<question type="truefalse"><name><text>{n}</text></name>
      <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/{n}.png">]]></text>
      <file name="{n}.png" encoding="base64">{payload}</file></questiontext>
      <answer fraction="100"><text>true</text></answer></question>"""
    data = (
        "<quiz>" + question.format(n="a", payload=payload) + question.format(n="b", payload=payload)
        + "</quiz>"
    ).encode()  # fmt: skip
    real = question_services.question_create
    calls = []

    def refuse_second(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 2:
            raise ValidationFailed("Từ chối thử.")
        return real(**kwargs)

    monkeypatch.setattr(question_services, "question_create", refuse_second)

    # when the file is imported
    report = import_questions(actor=organiser, bank=bank, fmt="moodlexml", data=data)

    # then nothing is kept: no question, no image row, no image file
    assert report.summary_line() == "imported 0, skipped 0, rejected 1"
    assert [(e.position, e.reason) for e in report.rejected] == [(2, "Từ chối thử.")]
    assert Question.objects.count() == 0
    assert QuestionImage.objects.count() == 0
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []
