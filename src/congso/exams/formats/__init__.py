"""Import and export of question banks: Moodle XML, GIFT, Aiken and an Excel template.

    report = import_questions(actor=user, bank=bank, fmt="gift", data=upload.read())
    report.ok, report.lines(), report.summary_line()   # "imported 3, skipped 1, rejected 0"
    export_bank(bank=bank, fmt="moodlexml") -> bytes
    xlsx_template() -> bytes

An import reads the whole file first. If any question cannot be read or is not valid, nothing
is imported and the report lists every such question with its position (the question's
number in a Moodle XML file, the line in GIFT and Aiken, the row in Excel) and the reason.
Questions of types Congso does not take (essay, matching, cloze, drag and drop,
description, ...) are listed as skipped and the rest is imported, in one transaction. A file
that cannot be read at all (too big, not UTF-8, not XML, an XML bomb, not a workbook) raises
`ValidationFailed` with a Vietnamese message.

Conventions for what the formats have no field for (round-tripped by export then import):
- Moodle XML: tags `congso-prediction` (a numerical question with no answer is a prediction
  question), `congso-difficulty-easy|hard`, `congso-accent-insensitive`; the other tags are
  the question's tags; a question's name equal to the start of its text means "no name".
- GIFT: comment lines above the question, `// [difficulty:hard] [mark:2] [tag:x]
  [case-sensitive] [accent-insensitive]`; `{#}` (no answer) is a prediction question.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from congso.core.audit import audit_log
from congso.core.exceptions import ValidationFailed
from congso.core.text import slugify_vi
from congso.exams import questions as question_services
from congso.exams.formats import aiken, gift, moodlexml, xlsx
from congso.exams.formats.common import (
    LINE,
    MAX_IMPORT_BYTES,
    QUESTION,
    ROW,
    EmbeddedFile,
    ImportReport,
    Parsed,
    ParsedQuestion,
    ReportEntry,
    check_size,
    fraction_to_percent,
    read_decimal,
)
from congso.exams.models import (
    Difficulty,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionImage,
    QuestionType,
    QuestionVersion,
)

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "MAX_IMPORT_BYTES",
    "ImportReport",
    "ReportEntry",
    "export_bank",
    "import_questions",
    "xlsx_template",
]

_READERS: dict[str, tuple[Callable[[bytes], Parsed], str]] = {
    "moodlexml": (moodlexml.parse, QUESTION),
    "gift": (gift.parse, LINE),
    "aiken": (aiken.parse, LINE),
    "xlsx": (xlsx.parse, ROW),
}
IMPORT_FORMATS = tuple(_READERS)
EXPORT_FORMATS = ("moodlexml", "gift")
EXPORT_EXTENSIONS = {"moodlexml": "xml", "gift": "gift.txt"}


class _Rollback(Exception):
    """A question refused while writing: undo the whole import."""


def import_questions(
    *, actor: Any, bank: QuestionBank, fmt: str, data: bytes, filename: str = ""
) -> ImportReport:
    """Read `data` in format `fmt` and add its questions to `bank`: all of them or none."""
    if fmt not in _READERS:
        raise ValidationFailed(
            _("Định dạng “%(format)s” không được hỗ trợ (dùng %(formats)s).")
            % {"format": fmt, "formats": ", ".join(IMPORT_FORMATS)}
        )
    check_size(data)
    reader, position_kind = _READERS[fmt]
    parsed = reader(data)
    report = ImportReport(position_kind=position_kind, skipped=list(parsed.skipped))
    report.rejected = list(parsed.rejected)
    for question in parsed.questions:
        try:
            _validate(question)
        except ValidationFailed as error:
            report.rejected.append(ReportEntry(question.position, error.message, "", question.name))
    report.rejected.sort(key=lambda e: e.position)
    if report.rejected:
        return report
    stored: list[str] = []
    try:
        with transaction.atomic():
            report.imported = _write(actor, bank, parsed.questions, report, stored)
            if report.rejected:
                raise _Rollback
            audit_log(
                actor=actor,
                action="exams.questions_import",
                obj=bank,
                changes={
                    "format": fmt,
                    "filename": filename[:255],
                    "imported": len(report.imported),
                    "skipped": len(report.skipped),
                    "images": len(stored),
                },
            )
    except BaseException:
        storage = QuestionImage._meta.get_field("image").storage  # type: ignore[attr-defined]
        for name in stored:
            storage.delete(name)
        report.imported = []
        if report.rejected:
            return report
        raise
    return report


def _validate(question: ParsedQuestion) -> None:
    """The checks `question_create` makes, before anything is written."""
    if question.qtype == QuestionType.MULTI:
        _check_multi_total(question.data.get("choices") or [])
    question_services.normalise_data(question.qtype, question.data)
    if not question_services.clean_html(question.text):
        raise ValidationFailed(_("Câu hỏi chưa có nội dung."))
    if question.difficulty not in Difficulty.values:
        raise ValidationFailed(_("Độ khó không hợp lệ."))
    mark = question.default_mark
    if question.qtype != QuestionType.PREDICTION and mark is not None and not 0 < mark <= 100:
        raise ValidationFailed(
            _("Điểm của câu hỏi phải lớn hơn 0 và không quá 100 (đang là %(mark)s).")
            % {"mark": mark}
        )


def _check_multi_total(choices: list[dict[str, Any]]) -> None:
    """The right options of a multiple-answer question must add up to 100 %.

    Checked here with its own message: `normalise_data`'s message for this case has a bare
    "100%" before its %-placeholders and raises ValueError when formatted.
    """
    total = Decimal(0)
    for choice in choices:
        if not question_services.clean_html(str(choice.get("text", ""))):
            continue
        value = read_decimal(choice.get("fraction", 0))
        if value is None:
            return  # normalise_data names the option whose mark is not a number
        total += max(value, Decimal(0))
    if abs(total - 1) > Decimal("0.01"):
        raise ValidationFailed(
            _(
                "Câu nhiều đáp án: tổng tỉ lệ điểm của các phương án đúng phải bằng 100%% "
                "(đang là %(total)s%%)."
            )
            % {"total": fraction_to_percent(total)}
        )


def _write(
    actor: Any,
    bank: QuestionBank,
    parsed: list[ParsedQuestion],
    report: ImportReport,
    stored: list[str],
) -> list[Question]:
    categories: dict[tuple[str, ...], QuestionCategory] = {}
    images: dict[str, QuestionImage] = {}
    created = []
    for question in parsed:
        key = tuple(question.category)
        if key not in categories:
            categories[key] = question_services.category_get_or_create(
                actor=actor, bank=bank, path=list(key)
            )
        urls = {
            f.name: _store_image(bank, f, images, stored).image.url
            for f in moodlexml.referenced(question)
        }

        def html(text: str, urls: dict[str, str] = urls) -> str:
            return moodlexml.replace_plugin_files(text, urls) if urls else text

        data = question.data
        if data.get("choices"):
            data = {
                **data,
                "choices": [
                    {**c, "text": html(c["text"]), "feedback": html(c.get("feedback", ""))}
                    for c in data["choices"]
                ],
            }
        text = html(question.text)
        try:
            created.append(
                question_services.question_create(
                    actor=actor,
                    bank=bank,
                    category=categories[key],
                    qtype=question.qtype,
                    text=text,
                    data=data,
                    name=_name(question.name, text),
                    default_mark=question.default_mark if question.default_mark is not None else 1,
                    difficulty=question.difficulty,
                    tags=question.tags,
                    general_feedback=html(question.general_feedback),
                )
            )
        except ValidationFailed as error:
            report.rejected.append(ReportEntry(question.position, error.message, "", question.name))
    return created


def _name(name: str, text: str) -> str:
    """No name when the file's name is only the start of the text (Moodle requires a name)."""
    if not name:
        return ""
    title = QuestionVersion(text=question_services.clean_html(text), name="").title
    return "" if " ".join(name.split()) == title else name


def _store_image(
    bank: QuestionBank, file: EmbeddedFile, cache: dict[str, QuestionImage], stored: list[str]
) -> QuestionImage:
    """The bank's image with these bytes (same name), or a new one saved through the storage."""
    digest = hashlib.sha256(file.content).hexdigest()
    if digest in cache:
        return cache[digest]
    basename = file.name.rsplit("/", 1)[-1]
    for image in QuestionImage.objects.filter(bank=bank).filter(
        Q(name=basename) | Q(image__endswith="/" + basename)
    ):
        try:
            with image.image.open("rb") as handle:
                same = hashlib.sha256(handle.read()).hexdigest() == digest
        except OSError:
            same = False
        if same:
            cache[digest] = image
            return image
    stem = slugify_vi(basename.rsplit(".", 1)[0], max_length=60) or "anh"
    image = QuestionImage(bank=bank, name=basename[:255])
    image.image.save(f"{stem}.{file.extension}", ContentFile(file.content), save=False)
    stored.append(str(image.image.name))
    image.save()
    cache[digest] = image
    return image


# --- export --------------------------------------------------------------------------------


def _export_items(bank: QuestionBank) -> Iterator[tuple[list[str], QuestionVersion]]:
    """(category path, current version) of the bank's questions in category-tree order."""
    categories = list(QuestionCategory.objects.filter(bank=bank))
    children: dict[int | None, list[QuestionCategory]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    questions: dict[int, list[Question]] = {}
    for question in (
        Question.objects.filter(bank=bank, is_archived=False, current_version__isnull=False)
        .select_related("current_version")
        .order_by("id")
    ):
        questions.setdefault(question.category_id, []).append(question)

    def walk(parent: int | None, path: list[str]) -> Iterator[tuple[list[str], QuestionVersion]]:
        for category in sorted(children.get(parent, []), key=lambda c: (c.position, c.name, c.pk)):
            here = [*path, category.name]
            for question in questions.get(category.pk, []):
                if question.current_version is not None:
                    yield here, question.current_version
            yield from walk(category.pk, here)

    yield from walk(None, [])


def export_bank(*, bank: QuestionBank, fmt: str) -> bytes:
    """The bank's questions (current versions, not archived) with their categories."""
    if fmt == "moodlexml":
        images = {image.image.url: image for image in QuestionImage.objects.filter(bank=bank)}
        return moodlexml.export(_export_items(bank), images=images)
    if fmt == "gift":
        return gift.export(_export_items(bank))
    raise ValidationFailed(
        _("Định dạng “%(format)s” không xuất được (dùng %(formats)s).")
        % {"format": fmt, "formats": ", ".join(EXPORT_FORMATS)}
    )


def xlsx_template() -> bytes:
    """The blank Excel template (header, an example row, a guide sheet), for download."""
    return xlsx.template()
