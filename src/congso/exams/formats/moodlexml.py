"""Moodle XML: `<quiz>` of `<question type="...">`, read with defusedxml and written back.

Types: multichoice (single=true -> single, false -> multi; fractions in percent), truefalse,
shortanswer (usecase -> case sensitive), numerical (answer + tolerance) -> numeric. A
`<question type="category">` sets the category of the questions after it; it is not counted in
the positions of the import report ("question 3" is the third real question). Images travel
as `<file name="x.png" encoding="base64">` with `@@PLUGINFILE@@/x.png` in the text.

Congso's own conventions, carried as Moodle tags: `congso-prediction` on a numerical question
with no answers is a prediction question; `congso-difficulty-easy|hard` is the difficulty
(none: medium); `congso-accent-insensitive` marks a short answer that ignores Vietnamese accents.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from congso.core.exceptions import ValidationFailed
from congso.exams.formats.common import (
    ACCENT_INSENSITIVE_TAG,
    DIFFICULTY_TAG_PREFIX,
    PREDICTION_TAG,
    EmbeddedFile,
    Parsed,
    ParsedQuestion,
    ReportEntry,
    decode_image,
    decode_text,
    formatted_input,
    fraction_to_percent,
    join_category_path,
    number_text,
    percent_to_fraction,
    read_decimal,
    read_mark,
    service_number,
    split_category_path,
    take_convention_tags,
    unsupported,
)
from congso.exams.models import Difficulty, QuestionType

SUPPORTED = {"multichoice", "truefalse", "shortanswer", "numerical"}
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_SRC = re.compile(r"""(src\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE)


# --- import --------------------------------------------------------------------------------


def parse(data: bytes) -> Parsed:
    root = _parse_xml(data)
    if root.tag != "quiz":
        raise ValidationFailed(_("Tệp không phải định dạng Moodle XML (thiếu thẻ <quiz>)."))
    parsed = Parsed()
    category: list[str] = []
    number = 0
    for element in root:
        if element.tag != "question":
            continue
        source_type = (element.get("type") or "").strip().lower()
        if source_type == "category":
            category = split_category_path(_text_of(element.find("category")))
            continue
        number += 1
        name = " ".join(_text_of(element.find("name")).split())
        if source_type not in SUPPORTED:
            parsed.skipped.append(
                ReportEntry(number, unsupported(source_type or "?"), source_type, name)
            )
            continue
        try:
            parsed.questions.append(_question(element, source_type, number, name, category))
        except ValidationFailed as error:
            parsed.rejected.append(ReportEntry(number, error.message, source_type, name))
    return parsed


def _parse_xml(data: bytes) -> Element:
    head = data.lstrip(b"\xef\xbb\xbf")
    declared = _DECLARED_ENCODING.match(head)
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")) and (
        declared is None or declared.group(1).lower().replace(b"_", b"-") in {b"utf-8", b"utf8"}
    ):
        decode_text(data)  # a clear message for bytes that are not UTF-8
    try:
        return fromstring(head, forbid_dtd=True)
    except DefusedXmlException:
        raise ValidationFailed(
            _(
                "Tệp XML có khai báo DTD hoặc thực thể (entity). Vì lý do an toàn, Congso không "
                "đọc loại tệp này; hãy xuất lại tệp từ Moodle."
            )
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ValidationFailed(
            _("Tệp XML bị lỗi cú pháp ở dòng %(line)s, cột %(column)s.")
            % {"line": line, "column": column + 1}
        ) from None


def _text_of(element: Element | None) -> str:
    if element is None:
        return ""
    return element.findtext("text") or ""


def _formatted(element: Element | None) -> str:
    if element is None:
        return ""
    return formatted_input(_text_of(element), element.get("format", "html"))


def _bool(text: str | None, *, default: bool) -> bool:
    key = (text or "").strip().lower()
    if key in {"true", "1", "yes"}:
        return True
    if key in {"false", "0", "no"}:
        return False
    return default


def _question(
    element: Element, source_type: str, number: int, name: str, category: list[str]
) -> ParsedQuestion:
    where = _("Câu hỏi thứ %(n)s") % {"n": number}
    raw_tags = [t.findtext("text") or "" for t in element.iterfind("tags/tag")]
    tags, difficulty, flags = take_convention_tags(raw_tags)
    files = [
        decode_image((f.get("name") or "").strip(), f.text or "", where=where)
        for f in element.iter("file")
        if (f.get("encoding") or "base64").lower() == "base64"
    ]
    question = ParsedQuestion(
        position=number,
        qtype=QuestionType.SINGLE,
        text=_formatted(element.find("questiontext")),
        name=name,
        category=list(category),
        default_mark=read_mark(element.findtext("defaultgrade"), where=where),
        difficulty=difficulty,
        tags=tags,
        general_feedback=_formatted(element.find("generalfeedback")),
        files=files,
    )
    answers = element.findall("answer")
    if source_type == "multichoice":
        single = _bool(element.findtext("single"), default=True)
        question.qtype = QuestionType.SINGLE if single else QuestionType.MULTI
        question.data = {
            "choices": [
                {
                    "text": _formatted(answer),
                    "fraction": percent_to_fraction(
                        answer.get("fraction", "0"), where=_("Phương án %(n)s") % {"n": index}
                    ),
                    "feedback": _formatted(answer.find("feedback")),
                }
                for index, answer in enumerate(answers, start=1)
            ]
        }
    elif source_type == "truefalse":
        question.qtype = QuestionType.TRUE_FALSE
        question.data = {"correct": _truefalse_correct(answers)}
    elif source_type == "shortanswer":
        question.qtype = QuestionType.SHORT_ANSWER
        question.data = {
            "answers": [
                {
                    "text": " ".join(_text_of(answer).split()),
                    "fraction": percent_to_fraction(
                        answer.get("fraction", "0"), where=_("Đáp án %(n)s") % {"n": index}
                    ),
                }
                for index, answer in enumerate(answers, start=1)
            ],
            "case_sensitive": _bool(element.findtext("usecase"), default=False),
            "accent_sensitive": ACCENT_INSENSITIVE_TAG not in flags,
        }
    elif PREDICTION_TAG in flags:
        question.qtype = QuestionType.PREDICTION
        question.data = {}
    else:
        question.qtype = QuestionType.NUMERIC
        question.data = {"answers": _numeric_answers(answers)}
    return question


def _truefalse_correct(answers: list[Element]) -> bool:
    correct = None
    for index, answer in enumerate(answers, start=1):
        fraction = percent_to_fraction(
            answer.get("fraction", "0"), where=_("Đáp án %(n)s") % {"n": index}
        )
        if read_decimal(fraction) != 1:
            continue
        word = _text_of(answer).strip().lower()
        if word in {"true", "đúng"}:
            correct = True
        elif word in {"false", "sai"}:
            correct = False
    if correct is None:
        raise ValidationFailed(_("Câu Đúng/Sai cần một đáp án “true” hoặc “false” được 100% điểm."))
    return correct


def _numeric_answers(answers: list[Element]) -> list[dict[str, Any]]:
    result = []
    for index, answer in enumerate(answers, start=1):
        where = _("Đáp án %(n)s") % {"n": index}
        fraction = percent_to_fraction(answer.get("fraction", "0"), where=where)
        text = _text_of(answer).strip()
        if text == "*":
            if read_decimal(fraction) == 0:
                continue  # Moodle's "any other answer", there for its feedback
            raise ValidationFailed(
                _("%(where)s: Congso không nhận đáp án “*” (mọi số) có điểm.") % {"where": where}
            )
        value = read_decimal(text)
        tolerance = read_decimal(answer.findtext("tolerance") or "0")
        if value is None or tolerance is None:
            raise ValidationFailed(
                _("%(where)s: “%(value)s” không phải là số.")
                % {"where": where, "value": text if value is None else answer.findtext("tolerance")}
            )
        result.append(
            {
                "value": service_number(value),
                "tolerance": service_number(abs(tolerance)),
                "fraction": fraction,
            }
        )
    return result


def plugin_names(name: str) -> list[str]:
    """How a file's name may be written after `@@PLUGINFILE@@/` in the text."""
    return list(dict.fromkeys([quote(name), name, quote(name, safe="/()")]))


def replace_plugin_files(text: str, urls: dict[str, str]) -> str:
    """`@@PLUGINFILE@@/x.png` -> the stored image's URL."""
    if "@@PLUGINFILE@@" not in text:
        return text
    for name, url in urls.items():
        for written in plugin_names(name):
            text = text.replace(f"@@PLUGINFILE@@/{written}", url)
    return text


def referenced(question: ParsedQuestion) -> list[EmbeddedFile]:
    """The embedded images the question's texts point at (others are not stored)."""
    texts = [question.text, question.general_feedback]
    for choice in question.data.get("choices") or []:
        texts += [choice.get("text", ""), choice.get("feedback", "")]
    joined = "\n".join(texts)
    return [
        f
        for f in question.files
        if any(f"@@PLUGINFILE@@/{w}" in joined for w in plugin_names(f.name))
    ]


# --- export --------------------------------------------------------------------------------


def export(items: Iterable[tuple[list[str], Any]], *, images: dict[str, Any]) -> bytes:
    """`items`: (category path, QuestionVersion) in order; `images`: URL -> QuestionImage."""
    quiz = Element("quiz")
    current: list[str] | None = None
    for path, version in items:
        if path != current:
            current = path
            category = SubElement(quiz, "question", {"type": "category"})
            _text_element(category, "category", join_category_path(path), fmt=None)
            _text_element(category, "info", "", fmt="html")
        _write_question(quiz, version, images)
    indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(quiz, encoding="utf-8") + b"\n"


def _text_element(parent: Element, tag: str, text: str, *, fmt: str | None = "html") -> Element:
    element = SubElement(parent, tag, {"format": fmt} if fmt else {})
    SubElement(element, "text").text = text
    return element


def _html_element(
    parent: Element,
    tag: str,
    html: str,
    images: dict[str, Any],
    attrs: dict[str, str] | None = None,
) -> Element:
    element = SubElement(parent, tag, {**(attrs or {}), "format": "html"})
    text = SubElement(element, "text")
    files: dict[str, bytes] = {}

    def embed(match: re.Match[str]) -> str:
        image = images.get(match.group(3))
        if image is None:
            return match.group(0)
        name = image.image.name.rsplit("/", 1)[-1]
        if name not in files:
            try:
                with image.image.open("rb") as handle:
                    files[name] = handle.read()
            except OSError:
                return match.group(0)
        return f"{match.group(1)}{match.group(2)}@@PLUGINFILE@@/{quote(name)}{match.group(2)}"

    text.text = _SRC.sub(embed, html or "")
    for name, content in files.items():
        file = SubElement(element, "file", {"name": name, "path": "/", "encoding": "base64"})
        file.text = base64.b64encode(content).decode("ascii")
    return element


def _write_question(quiz: Element, version: Any, images: dict[str, Any]) -> None:
    qtype = version.qtype
    source_type = {
        QuestionType.SINGLE: "multichoice",
        QuestionType.MULTI: "multichoice",
        QuestionType.TRUE_FALSE: "truefalse",
        QuestionType.SHORT_ANSWER: "shortanswer",
        QuestionType.NUMERIC: "numerical",
        QuestionType.PREDICTION: "numerical",
    }[qtype]
    element = SubElement(quiz, "question", {"type": source_type})
    _text_element(element, "name", version.name or version.title, fmt=None)
    _html_element(element, "questiontext", version.text, images)
    _html_element(element, "generalfeedback", version.general_feedback, images)
    SubElement(element, "defaultgrade").text = number_text(version.default_mark)
    SubElement(element, "penalty").text = "0"
    SubElement(element, "hidden").text = "0"
    SubElement(element, "idnumber").text = ""
    data = version.data or {}
    tags = list(version.tags or [])
    if version.difficulty != Difficulty.MEDIUM:
        tags.append(DIFFICULTY_TAG_PREFIX + version.difficulty)
    if qtype in (QuestionType.SINGLE, QuestionType.MULTI):
        SubElement(element, "single").text = "true" if qtype == QuestionType.SINGLE else "false"
        SubElement(element, "shuffleanswers").text = "true"
        SubElement(element, "answernumbering").text = "abc"
        for choice in data.get("choices", []):
            answer = _html_element(
                element,
                "answer",
                choice["text"],
                images,
                attrs={"fraction": fraction_to_percent(choice["fraction"])},
            )
            _html_element(answer, "feedback", choice.get("feedback", ""), images)
    elif qtype == QuestionType.TRUE_FALSE:
        for word, right in (("true", True), ("false", False)):
            fraction = "100" if bool(data.get("correct")) == right else "0"
            answer = SubElement(
                element, "answer", {"fraction": fraction, "format": "moodle_auto_format"}
            )
            SubElement(answer, "text").text = word
            _text_element(answer, "feedback", "")
    elif qtype == QuestionType.SHORT_ANSWER:
        SubElement(element, "usecase").text = "1" if data.get("case_sensitive") else "0"
        if not data.get("accent_sensitive", True):
            tags.append(ACCENT_INSENSITIVE_TAG)
        for item in data.get("answers", []):
            answer = SubElement(
                element,
                "answer",
                {"fraction": fraction_to_percent(item["fraction"]), "format": "moodle_auto_format"},
            )
            SubElement(answer, "text").text = item["text"]
            _text_element(answer, "feedback", "")
    else:
        if qtype == QuestionType.PREDICTION:
            tags.append(PREDICTION_TAG)
        for item in data.get("answers", []):
            answer = SubElement(
                element, "answer", {"fraction": fraction_to_percent(item["fraction"])}
            )
            SubElement(answer, "text").text = number_text(item["value"])
            SubElement(answer, "tolerance").text = number_text(item.get("tolerance") or 0)
            _text_element(answer, "feedback", "")
        SubElement(element, "unitgradingtype").text = "0"
        SubElement(element, "unitpenalty").text = "0"
        SubElement(element, "showunits").text = "3"
        SubElement(element, "unitsleft").text = "0"
    if tags:
        tags_element = SubElement(element, "tags")
        for tag in tags:
            _text_element(tags_element, "tag", tag, fmt=None)
