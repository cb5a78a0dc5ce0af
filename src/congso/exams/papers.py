"""Drawing papers: for each candidate, N questions per rule (category and difficulty) at random,
answers shuffled; the prediction question, if any, always last.

Papers are drawn ahead into a pool (`papers_prepare`, run when the exam is published and topped
up by the task that watches open exams), so that a start spike only takes rows from the pool.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from congso.core.exceptions import ValidationFailed
from congso.exams.models import (
    Exam,
    Paper,
    PaperRule,
    Question,
    QuestionCategory,
    QuestionType,
    QuestionVersion,
)

CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTI}
_rng = random.SystemRandom()


@dataclass
class _Pool:
    """What drawing needs, loaded once per batch of papers."""

    rules: list[tuple[PaperRule, list[int]]]  # rule → eligible version ids
    choice_ids: dict[int, list[str]] = field(default_factory=dict)  # version id → choice ids
    qtypes: dict[int, str] = field(default_factory=dict)  # version id → question type
    prediction_version: int | None = None
    shuffle_questions: bool = True
    shuffle_choices: bool = True


def _subtree(category: QuestionCategory, include_children: bool) -> set[int]:
    ids = {category.pk}
    if not include_children:
        return ids
    by_parent: dict[int | None, list[int]] = {}
    for pk, parent in QuestionCategory.objects.filter(bank_id=category.bank_id).values_list(
        "pk", "parent_id"
    ):
        by_parent.setdefault(parent, []).append(pk)
    frontier = [category.pk]
    while frontier:
        children = by_parent.get(frontier.pop(), [])
        frontier.extend(c for c in children if c not in ids)
        ids.update(children)
    return ids


def _load_pool(exam: Exam) -> _Pool:
    rules = list(exam.rules.select_related("category"))
    pool_rules = []
    all_versions: set[int] = set()
    qtypes: dict[int, str] = {}
    for rule in rules:
        qs = Question.objects.filter(
            bank_id=exam.bank_id,
            is_archived=False,
            category_id__in=_subtree(rule.category, rule.include_subcategories),
            current_version__isnull=False,
        ).exclude(qtype=QuestionType.PREDICTION)
        if rule.difficulty:
            qs = qs.filter(difficulty=rule.difficulty)
        rows = list(qs.values_list("current_version_id", "qtype"))
        version_ids = [v for v, _t in rows]
        qtypes.update(rows)
        pool_rules.append((rule, version_ids))
        all_versions.update(version_ids)
    choice_ids = {
        pk: [str(c["id"]) for c in data.get("choices", [])]
        for pk, data in QuestionVersion.objects.filter(
            pk__in=all_versions, qtype__in=CHOICE_TYPES
        ).values_list("pk", "data")
    }
    prediction = None
    if exam.prediction_question_id:
        prediction = (
            Question.objects.filter(pk=exam.prediction_question_id)
            .values_list("current_version_id", flat=True)
            .first()
        )
    return _Pool(
        rules=pool_rules,
        choice_ids=choice_ids,
        qtypes=qtypes,
        prediction_version=prediction,
        shuffle_questions=exam.shuffle_questions,
        shuffle_choices=exam.shuffle_choices,
    )


def check_drawable(exam: Exam) -> list[str]:
    """Problems that stop papers being drawn (empty when the exam can be published)."""
    problems = []
    if not exam.rules.exists():
        problems.append(_("Bài thi chưa có quy tắc rút câu hỏi."))
    pool = _load_pool(exam)
    used: set[int] = set()
    for rule, version_ids in pool.rules:
        available = [v for v in version_ids if v not in used]
        if len(available) < rule.count:
            problems.append(
                _(
                    "Chủ đề “%(category)s”%(difficulty)s chỉ có %(have)s câu hỏi, "
                    "quy tắc cần %(need)s câu."
                )
                % {
                    "category": rule.category.full_name,
                    "difficulty": f" ({rule.get_difficulty_display().lower()})"
                    if rule.difficulty
                    else "",
                    "have": len(available),
                    "need": rule.count,
                }
            )
        used.update(available[: rule.count])
    if exam.prediction_question_id and pool.prediction_version is None:
        problems.append(_("Câu hỏi dự đoán chưa có nội dung."))
    return problems


def _draw(pool: _Pool) -> list[dict]:
    slots: list[dict] = []
    used: set[int] = set()
    for rule, version_ids in pool.rules:
        available = [v for v in version_ids if v not in used]
        if len(available) < rule.count:
            raise ValidationFailed(
                _("Ngân hàng không đủ câu hỏi cho chủ đề “%(category)s”.")
                % {"category": rule.category.full_name}
            )
        chosen = _rng.sample(available, rule.count)
        used.update(chosen)
        for version_id in chosen:
            order = list(pool.choice_ids[version_id]) if version_id in pool.choice_ids else None
            if order is not None and pool.shuffle_choices:
                _rng.shuffle(order)
            slots.append(
                {
                    "v": version_id,
                    "t": pool.qtypes[version_id],
                    "mark": str(rule.mark),
                    "order": order,
                }
            )
    if pool.shuffle_questions:
        _rng.shuffle(slots)
    if pool.prediction_version is not None:
        slots.append(
            {"v": pool.prediction_version, "t": QuestionType.PREDICTION, "mark": "0", "order": None}
        )
    return slots


def draw_paper(exam: Exam) -> list[dict]:
    """One paper's slots, drawn now (the fallback when the pool is empty)."""
    return _draw(_load_pool(exam))


@transaction.atomic
def papers_prepare(*, exam: Exam, count: int) -> int:
    """Draw `count` papers into the exam's pool; returns how many were added."""
    if count <= 0:
        return 0
    pool = _load_pool(exam)
    papers = [Paper(exam=exam, slots=_draw(pool)) for _ in range(count)]
    Paper.objects.bulk_create(papers, batch_size=500)
    return len(papers)


def papers_discard_unused(*, exam: Exam) -> int:
    """Drop undrawn papers (after the rules or the bank changed), so new starts get fresh ones."""
    deleted, _by_model = Paper.objects.filter(exam=exam, taken=False).delete()
    return deleted


def free_papers(exam: Exam) -> int:
    return Paper.objects.filter(exam=exam, taken=False).count()
