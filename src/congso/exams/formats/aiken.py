"""Aiken: a question, its options `A. ...` or `A) ...`, then `ANSWER: B`.

    Thủ đô của Việt Nam là thành phố nào?
    A. Hà Nội
    B. Huế
    ANSWER: A

The question may take several lines (before the first option); blank lines between questions
are ignored. Congso also reads `ĐÁP ÁN: B` and, for several right answers, `ANSWER: A, C`
(a multiple-answer question whose right options share the mark). Aiken carries no category,
mark, difficulty or feedback: questions go to the bank's default category, medium, 1 mark.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from congso.core.exceptions import ValidationFailed
from congso.exams.formats.common import (
    Parsed,
    ParsedQuestion,
    ReportEntry,
    decode_text,
    plain_input,
)
from congso.exams.models import QuestionType

_OPTION = re.compile(r"^\s*([A-Z])\s*[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^\s*(?:ANSWER|ĐÁP ÁN)\s*:\s*(.*?)\s*$", re.IGNORECASE)


class _Draft:
    def __init__(self, position: int, line: str):
        self.position = position
        self.text = [line.strip()]
        self.options: list[tuple[str, str]] = []


def parse(data: bytes) -> Parsed:
    parsed = Parsed()
    draft: _Draft | None = None

    def missing_answer(draft: _Draft) -> None:
        parsed.rejected.append(
            ReportEntry(
                draft.position, _("Câu hỏi thiếu dòng “ANSWER: …” ghi phương án đúng."), "aiken"
            )
        )

    for number, line in enumerate(decode_text(data).split("\n"), start=1):
        if not line.strip():
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if draft is None:
            if answer:
                parsed.rejected.append(
                    ReportEntry(number, _("Dòng “ANSWER” không đi sau câu hỏi nào."), "aiken")
                )
                continue
            draft = _Draft(number, line)
        elif answer:
            try:
                parsed.questions.append(_question(draft, answer.group(1)))
            except ValidationFailed as error:
                parsed.rejected.append(ReportEntry(draft.position, error.message, "aiken"))
            draft = None
        elif option:
            draft.options.append((option.group(1), option.group(2)))
        elif not draft.options:
            draft.text.append(line.strip())
        else:
            missing_answer(draft)
            draft = _Draft(number, line)
    if draft is not None:
        missing_answer(draft)
    return parsed


def _question(draft: _Draft, answer_text: str) -> ParsedQuestion:
    letters = [o[0] for o in draft.options]
    if len(draft.options) < 2:
        raise ValidationFailed(_("Câu trắc nghiệm cần ít nhất hai phương án trả lời."))
    duplicates = sorted({x for x in letters if letters.count(x) > 1})
    if duplicates:
        raise ValidationFailed(
            _("Phương án %(letters)s bị lặp lại.") % {"letters": ", ".join(duplicates)}
        )
    chosen = [x.strip().upper() for x in re.split(r"[,;\s]+", answer_text) if x.strip()]
    if not chosen:
        raise ValidationFailed(_("Dòng “ANSWER” chưa ghi phương án đúng."))
    unknown = [x for x in chosen if x not in letters]
    if unknown:
        raise ValidationFailed(
            _("Đáp án “%(answer)s” không có trong các phương án %(letters)s.")
            % {"answer": ", ".join(unknown), "letters": ", ".join(letters)}
        )
    chosen = list(dict.fromkeys(chosen))
    share = str((Decimal(1) / len(chosen)).quantize(Decimal("0.0000001")))
    return ParsedQuestion(
        position=draft.position,
        qtype=QuestionType.SINGLE if len(chosen) == 1 else QuestionType.MULTI,
        text=plain_input("\n".join(draft.text)),
        data={
            "choices": [
                {"text": plain_input(text), "fraction": share if letter in chosen else "0"}
                for letter, text in draft.options
            ]
        },
    )
