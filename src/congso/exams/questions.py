"""Question banks, categories and questions: every write, with its audit row.

Editing a question never changes a version: `question_update` adds a version and points the
question at it; attempts keep the version they were drawn with.
"""

from __future__ import annotations

import math
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import nh3
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from congso.accounts.models import OrgUnit
from congso.core.audit import audit_log
from congso.core.exceptions import Conflict, ValidationFailed
from congso.exams.models import (
    Difficulty,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
    QuestionVersion,
)

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "img", "span", "code", "pre", "a",
    "h3", "h4", "figure", "figcaption", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "img": {"src", "alt", "width", "height"},
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTI)
MAX_CHOICES = 12


def clean_html(text: str) -> str:
    """Question text as safe HTML: formatting, tables and images; no scripts, styles or events."""
    text = (text or "").strip()
    if "<" not in text:
        # Plain text (GIFT, Aiken, spreadsheets): keep the line breaks.
        from django.utils.html import escape, linebreaks

        return linebreaks(escape(text)) if "\n" in text else escape(text)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def _fraction(value: Any, where: str) -> float:
    try:
        number = float(Decimal(str(value).replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(
            _("%(where)s: tỉ lệ điểm “%(value)s” không phải là số.")
            % {"where": where, "value": value}
        ) from None
    if not -1 <= number <= 1 or math.isnan(number):
        raise ValidationFailed(
            _("%(where)s: tỉ lệ điểm phải từ -100%% đến 100%%.") % {"where": where}
        )
    return round(number, 7)


def _number(value: Any) -> Decimal | None:
    """Numbers from imports arrive as numbers (or plain "3.14" strings from Moodle XML and GIFT,
    which the caller converts); text typed by organisers is read the Vietnamese way."""
    from congso.exams.grading import parse_number

    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        return number if number.is_finite() else None
    return parse_number(str(value))


def normalise_data(qtype: str, data: dict[str, Any]) -> dict[str, Any]:
    """Check a question's answer data and return it in canonical form, or raise ValidationFailed."""
    if qtype not in QuestionType.values:
        raise ValidationFailed(_("Loại câu hỏi không hợp lệ."))
    data = dict(data or {})
    if qtype in CHOICE_TYPES:
        choices: list[dict[str, Any]] = []
        for index, raw in enumerate(data.get("choices") or [], start=1):
            text = clean_html(str(raw.get("text", "")))
            if not text:
                continue
            where = _("Phương án %(n)s") % {"n": index}
            choices.append(
                {
                    "id": str(raw.get("id") or uuid.uuid4().hex[:8]),
                    "text": text,
                    "fraction": _fraction(raw.get("fraction", 0), where),
                    "feedback": clean_html(str(raw.get("feedback", ""))),
                }
            )
        if len(choices) < 2:
            raise ValidationFailed(_("Câu trắc nghiệm cần ít nhất hai phương án trả lời."))
        if len(choices) > MAX_CHOICES:
            raise ValidationFailed(
                _("Câu trắc nghiệm có nhiều nhất %(n)s phương án.") % {"n": MAX_CHOICES}
            )
        if len({c["id"] for c in choices}) != len(choices):
            raise ValidationFailed(_("Mã các phương án trả lời bị trùng nhau."))
        best = max(c["fraction"] for c in choices)
        if qtype == QuestionType.SINGLE and best < 1:
            raise ValidationFailed(_("Câu một đáp án cần một phương án đúng (100% điểm)."))
        if qtype == QuestionType.MULTI:
            positive = sum(c["fraction"] for c in choices if c["fraction"] > 0)
            if abs(positive - 1) > 0.01:
                raise ValidationFailed(
                    _(
                        "Câu nhiều đáp án: tổng tỉ lệ điểm của các phương án đúng phải bằng 100%% "
                        "(đang là %(total)s%%)."
                    )
                    % {"total": round(positive * 100, 2)}
                )
        return {"choices": choices}
    if qtype == QuestionType.TRUE_FALSE:
        correct = data.get("correct")
        if isinstance(correct, str):
            correct = correct.strip().lower() in {"true", "đúng", "dung", "1", "t", "yes"}
        if correct is None:
            raise ValidationFailed(_("Câu Đúng/Sai cần chọn đáp án đúng."))
        return {"correct": bool(correct)}
    if qtype == QuestionType.SHORT_ANSWER:
        answers: list[dict[str, Any]] = []
        for index, raw in enumerate(data.get("answers") or [], start=1):
            text = " ".join(str(raw.get("text", "")).split())
            if not text:
                continue
            where = _("Đáp án %(n)s") % {"n": index}
            answers.append(
                {"text": text[:255], "fraction": _fraction(raw.get("fraction", 1), where)}
            )
        if not answers or max(a["fraction"] for a in answers) < 1:
            raise ValidationFailed(_("Câu trả lời ngắn cần ít nhất một đáp án được 100% điểm."))
        return {
            "answers": answers,
            "case_sensitive": bool(data.get("case_sensitive", False)),
            "accent_sensitive": bool(data.get("accent_sensitive", True)),
        }
    if qtype == QuestionType.NUMERIC:
        answers = []
        for index, raw in enumerate(data.get("answers") or [], start=1):
            where = _("Đáp án %(n)s") % {"n": index}
            value = _number(raw.get("value", ""))
            tolerance = _number(raw.get("tolerance", 0) or 0)
            if value is None or tolerance is None:
                raise ValidationFailed(
                    _("%(where)s: giá trị và sai số phải là số.") % {"where": where}
                )
            answers.append(
                {
                    "value": str(value),
                    "tolerance": str(abs(tolerance)),
                    "fraction": _fraction(raw.get("fraction", 1), where),
                }
            )
        if not answers or max(a["fraction"] for a in answers) < 1:
            raise ValidationFailed(_("Câu trả lời bằng số cần ít nhất một đáp án được 100% điểm."))
        return {"answers": answers}
    return {}


def _clean_common(
    *, qtype: str, text: str, default_mark: Any, difficulty: str, tags: list[str] | None
) -> tuple[str, Decimal, str, list[str]]:
    html = clean_html(text)
    if not html:
        raise ValidationFailed(_("Câu hỏi chưa có nội dung."))
    try:
        mark = Decimal(str(default_mark if default_mark not in (None, "") else 1).replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed(_("Điểm của câu hỏi phải là số.")) from None
    if qtype == QuestionType.PREDICTION:
        mark = Decimal(0)
    elif not Decimal(0) < mark <= Decimal(100):
        raise ValidationFailed(_("Điểm của câu hỏi phải lớn hơn 0 và không quá 100."))
    if difficulty not in Difficulty.values:
        raise ValidationFailed(_("Độ khó không hợp lệ."))
    clean_tags = sorted({" ".join(str(t).split())[:50] for t in (tags or []) if str(t).strip()})
    return html, mark.quantize(Decimal("0.01")), difficulty, clean_tags


@transaction.atomic
def bank_create(*, actor, org_unit: OrgUnit, name: str, description: str = "") -> QuestionBank:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(_("Hãy đặt tên cho ngân hàng câu hỏi."))
    if QuestionBank.objects.filter(org_unit=org_unit, name__iexact=name).exists():
        raise Conflict(_("Cơ quan đã có ngân hàng câu hỏi tên “%(name)s”.") % {"name": name})
    bank = QuestionBank(
        org_unit=org_unit,
        name=name[:200],
        description=description,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    bank.full_clean()
    bank.save()
    audit_log(actor=actor, action="exams.bank_create", obj=bank, changes={"name": bank.name})
    return bank


@transaction.atomic
def category_get_or_create(*, actor, bank: QuestionBank, path: list[str] | str) -> QuestionCategory:
    """The category at `path` ("Luật / Giao thông" or a list), created level by level if missing."""
    parts = path.split("/") if isinstance(path, str) else list(path)
    parts = [" ".join(p.split())[:200] for p in parts if p and p.strip()]
    if not parts:
        parts = [_("Chung")]
    parent = None
    for name in parts:
        node = QuestionCategory.objects.filter(bank=bank, parent=parent, name__iexact=name).first()
        if node is None:
            node = QuestionCategory.objects.create(bank=bank, parent=parent, name=name)
            audit_log(
                actor=actor, action="exams.category_create", obj=node, changes={"path": parts}
            )
        parent = node
    return cast(QuestionCategory, parent)  # parts is never empty


def _next_number(question: Question) -> int:
    return (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def question_create(
    *,
    actor,
    bank: QuestionBank,
    category: QuestionCategory,
    qtype: str,
    text: str,
    data: dict[str, Any],
    name: str = "",
    default_mark: Any = 1,
    difficulty: str = Difficulty.MEDIUM,
    tags: list[str] | None = None,
    general_feedback: str = "",
) -> Question:
    if category.bank_id != bank.pk:
        raise ValidationFailed(_("Chủ đề không thuộc ngân hàng câu hỏi này."))
    clean_data = normalise_data(qtype, data)
    html, mark, difficulty, clean_tags = _clean_common(
        qtype=qtype, text=text, default_mark=default_mark, difficulty=difficulty, tags=tags
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    question = Question.objects.create(
        bank=bank, category=category, qtype=qtype, difficulty=difficulty, created_by=user
    )
    version = QuestionVersion.objects.create(
        question=question,
        number=1,
        qtype=qtype,
        name=" ".join((name or "").split())[:255],
        text=html,
        data=clean_data,
        default_mark=mark,
        difficulty=difficulty,
        tags=clean_tags,
        general_feedback=clean_html(general_feedback),
        created_by=user,
    )
    question.current_version = version
    question.save(update_fields=["current_version"])
    audit_log(
        actor=actor,
        action="exams.question_create",
        obj=question,
        changes={"type": qtype, "category": category.pk, "version": 1},
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor,
    question: Question,
    text: str,
    data: dict[str, Any],
    category: QuestionCategory | None = None,
    name: str = "",
    default_mark: Any = 1,
    difficulty: str = Difficulty.MEDIUM,
    tags: list[str] | None = None,
    general_feedback: str = "",
    reason: str = "",
) -> Question:
    """A new version of the question; past versions, and the attempts using them, stay as they were."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    qtype = question.qtype
    clean_data = normalise_data(qtype, data)
    html, mark, difficulty, clean_tags = _clean_common(
        qtype=qtype, text=text, default_mark=default_mark, difficulty=difficulty, tags=tags
    )
    if category is not None and category.bank_id != question.bank_id:
        raise ValidationFailed(_("Chủ đề không thuộc ngân hàng câu hỏi này."))
    current = question.current_version
    fields = {
        "name": " ".join((name or "").split())[:255],
        "text": html,
        "data": clean_data,
        "default_mark": mark,
        "difficulty": difficulty,
        "tags": clean_tags,
        "general_feedback": clean_html(general_feedback),
    }
    category_changed = category is not None and category.pk != question.category_id
    if (
        current is not None
        and not category_changed
        and all(getattr(current, k) == v for k, v in fields.items())
    ):
        return question  # nothing changed: no empty version
    version = QuestionVersion.objects.create(
        question=question,
        number=_next_number(question),
        qtype=qtype,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    question.current_version = version
    question.difficulty = difficulty
    if category is not None:
        question.category = category
    question.save(update_fields=["current_version", "difficulty", "category", "updated_at"])
    audit_log(
        actor=actor,
        action="exams.question_update",
        obj=question,
        changes={"version": [current.number if current else None, version.number]},
        reason=reason,
    )
    return question


@transaction.atomic
def question_archive(
    *, actor, question: Question, archived: bool = True, reason: str = ""
) -> Question:
    question.is_archived = archived
    question.save(update_fields=["is_archived", "updated_at"])
    audit_log(
        actor=actor,
        action="exams.question_archive" if archived else "exams.question_restore",
        obj=question,
        reason=reason,
    )
    return question
