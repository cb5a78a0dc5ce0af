"""Ranking an exam after it closes, and publishing the ranking.

Each candidate takes part with one graded attempt among their submitted ones: the highest score
(ties: the earlier submission) when the exam is graded by the highest attempt, else the last
submitted one. Candidates are then ordered by `exam.effective_ranking_order`, whose keys are:

- "score": higher first;
- "prediction": smaller |prediction − prediction_truth| first, candidates without a prediction
  after every candidate with one; skipped while the truth is not set;
- "time": shorter `time_taken_seconds` first;
- "submitted": earlier submission first;

and, last of all, the attempt id, so that ranks are always 1..n with no shared rank. Prizes go
down the ranking tier by tier (`exam.prize_tiers` in order: the first tier's `count` to the first
ranks, and so on). Ranking again replaces the results but keeps each candidate's certificate
code, so a printed certificate's QR code stays valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.audit import audit_log
from congso.core.exceptions import InvalidTransition, ValidationFailed
from congso.exams.grading import parse_number
from congso.exams.models import Attempt, Exam, Result, new_certificate_code

RANKABLE = (Exam.Status.CLOSED, Exam.Status.RANKED)
GRADED_FIELDS = (
    "id", "candidate_id", "number", "score", "max_score", "prediction", "time_taken_seconds",
    "started_at", "submitted_at", "deadline",
)  # fmt: skip
TRUTH_LIMIT = Decimal("1e12")  # Exam.prediction_truth holds 14 digits, 2 after the point
ORDER_LABELS = {
    "score": gettext_lazy("điểm cao hơn"),
    "prediction": gettext_lazy("dự đoán gần đáp án hơn"),
    "time": gettext_lazy("thời gian làm bài ngắn hơn"),
    "submitted": gettext_lazy("nộp bài sớm hơn"),
}


def order_labels(exam: Exam) -> list[str]:
    """The ranking criteria of `exam` in order, as people read them (the prediction only once
    its true value is set, as in `sort_key`)."""
    return [
        str(ORDER_LABELS[key])
        for key in exam.effective_ranking_order
        if key != "prediction" or exam.prediction_truth is not None
    ]


# --- which attempt counts -------------------------------------------------------------------------


def graded_attempts(exam: Exam, *extra_fields: str) -> Iterator[dict[str, Any]]:
    """Each candidate's graded attempt (a dict of GRADED_FIELDS + `extra_fields`), by candidate id.

    Only submitted attempts count. Grading "highest": the highest score, ties going to the earlier
    submission; grading "last": the last submission. Streams, so a contest with a hundred thousand
    candidates is read in chunks.
    """
    attempts = Attempt.objects.filter(exam_id=exam.pk, status=Attempt.Status.SUBMITTED)
    order: list[Any]
    if exam.grading == Exam.Grading.LAST:
        order = [
            "candidate_id", F("submitted_at").desc(nulls_last=True), F("number").desc(), "-id"
        ]  # fmt: skip
    else:
        order = [
            "candidate_id",
            F("score").desc(nulls_last=True),
            F("submitted_at").asc(nulls_last=True),
            "id",
        ]
    fields = tuple(dict.fromkeys((*GRADED_FIELDS, *extra_fields)))
    previous = None
    for row in attempts.order_by(*order).values(*fields).iterator(chunk_size=2000):
        if row["candidate_id"] != previous:
            previous = row["candidate_id"]
            yield row


def _time_taken(row: dict[str, Any]) -> int:
    if row["time_taken_seconds"] is not None:
        return int(row["time_taken_seconds"])
    if row["submitted_at"] and row["started_at"]:
        return max(0, int((row["submitted_at"] - row["started_at"]).total_seconds()))
    return 0


def _submitted(row: dict[str, Any]) -> dt.datetime:
    return row["submitted_at"] or row["deadline"] or row["started_at"]


def _gap(prediction: Decimal | None, truth: Decimal | None) -> Decimal | None:
    if prediction is None or truth is None:
        return None
    return abs(Decimal(prediction) - Decimal(truth))


def sort_key(row: dict[str, Any], order: list[str], truth: Decimal | None) -> tuple:
    """The ranking key of a graded attempt (smaller ranks higher)."""
    key: list[Any] = []
    for name in order:
        if name == "score":
            key.append(-(row["score"] or Decimal(0)))
        elif name == "prediction":
            if truth is None:
                continue
            gap = _gap(row["prediction"], truth)
            key.append((0, gap) if gap is not None else (1, Decimal(0)))
        elif name == "time":
            key.append(_time_taken(row))
        elif name == "submitted":
            key.append(_submitted(row))
    key.append(row["id"])
    return tuple(key)


def _prizes(exam: Exam) -> list[str]:
    """The prize of each rank from the top, as long as prizes last."""
    names: list[str] = []
    for tier in exam.prize_tiers.order_by("position", "id"):
        names.extend([tier.name] * tier.count)
    return names


# --- services -------------------------------------------------------------------------------------


def _check_closed(exam: Exam) -> None:
    if exam.status not in RANKABLE:
        raise InvalidTransition(_("Chỉ xếp hạng được bài thi đã kết thúc."))


@transaction.atomic
def exam_rank(*, actor, exam: Exam) -> int:
    """Compute the exam's results again from the graded attempts; the number of results."""
    locked = Exam.objects.select_for_update().get(pk=exam.pk)
    _check_closed(locked)
    order = locked.effective_ranking_order
    truth = locked.prediction_truth
    rows = sorted(graded_attempts(locked), key=lambda row: sort_key(row, order, truth))
    codes = dict(Result.objects.filter(exam=locked).values_list("candidate_id", "certificate_code"))
    prizes = _prizes(locked)
    used = set(codes.values())
    results = []
    for rank, row in enumerate(rows, start=1):
        code = codes.get(row["candidate_id"])
        if code is None:  # a candidate ranked for the first time: a fresh code
            code = new_certificate_code()
            while code in used:
                code = new_certificate_code()
            used.add(code)
        results.append(
            Result(
                exam=locked,
                candidate_id=row["candidate_id"],
                attempt_id=row["id"],
                rank=rank,
                score=row["score"] or Decimal(0),
                max_score=row["max_score"] or Decimal(0),
                prediction=row["prediction"],
                prediction_gap=_gap(row["prediction"], truth),
                time_taken_seconds=_time_taken(row),
                submitted_at=_submitted(row),
                prize=prizes[rank - 1] if rank <= len(prizes) else "",
                certificate_code=code,
            )
        )
    previous = Result.objects.filter(exam=locked).count()
    Result.objects.filter(exam=locked).delete()
    Result.objects.bulk_create(results, batch_size=1000)
    old_status = locked.status
    locked.status = Exam.Status.RANKED
    locked.ranked_at = timezone.now()
    locked.save(update_fields=["status", "ranked_at", "updated_at"])
    audit_log(
        actor=actor,
        action="exams.exam_rank",
        obj=locked,
        changes={
            "status": [old_status, locked.status],
            "results": [previous, len(results)],
            "order": order,
            "prediction_truth": truth,
            "prizes": sum(1 for r in results if r.prize),
        },
    )
    exam.status, exam.ranked_at = locked.status, locked.ranked_at
    return len(results)


def _parse_truth(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = parse_number(value)
    if number is None:
        raise ValidationFailed(
            _("Đáp án câu dự đoán phải là một số, ví dụ 12.345 hoặc 12345,5."),
            extra={"fields": {"value": [_("Không phải là số.")]}},
        )
    try:
        number = number.quantize(Decimal("0.01"))
    except InvalidOperation:
        number = TRUTH_LIMIT
    if abs(number) >= TRUTH_LIMIT:
        raise ValidationFailed(_("Đáp án câu dự đoán quá lớn."))
    return number


@transaction.atomic
def exam_set_prediction_truth(*, actor, exam: Exam, value: Any, reason: str = "") -> Exam:
    """Set (or clear, with None or "") the true value of the prediction question, then re-rank.

    `value` is a number or text as candidates type it ("12.345", "1234,5")."""
    locked = Exam.objects.select_for_update().get(pk=exam.pk)
    if locked.status not in RANKABLE:
        raise InvalidTransition(_("Chỉ nhập đáp án câu dự đoán sau khi bài thi kết thúc."))
    if locked.prediction_question_id is None:
        raise InvalidTransition(_("Bài thi này không có câu hỏi dự đoán."))
    truth = _parse_truth(value)
    before = locked.prediction_truth
    locked.prediction_truth = truth
    locked.save(update_fields=["prediction_truth", "updated_at"])
    audit_log(
        actor=actor,
        action="exams.exam_set_prediction_truth",
        obj=locked,
        changes={"prediction_truth": [before, truth]},
        reason=reason,
    )
    exam_rank(actor=actor, exam=locked)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def exam_publish_ranking(*, actor, exam: Exam) -> Exam:
    """Make the leaderboard, prize list and certificates public (the ranking must exist)."""
    locked = Exam.objects.select_for_update().get(pk=exam.pk)
    if locked.status != Exam.Status.RANKED:
        raise InvalidTransition(_("Bài thi chưa được xếp hạng nên chưa công bố được kết quả."))
    if locked.ranking_published_at is None:
        locked.ranking_published_at = timezone.now()
        locked.save(update_fields=["ranking_published_at", "updated_at"])
        audit_log(
            actor=actor,
            action="exams.exam_publish_ranking",
            obj=locked,
            changes={"ranking_published_at": [None, locked.ranking_published_at]},
        )
    return locked


@transaction.atomic
def exam_unpublish_ranking(*, actor, exam: Exam, reason: str = "") -> Exam:
    """Take the leaderboard, prize list and certificates down again."""
    locked = Exam.objects.select_for_update().get(pk=exam.pk)
    if locked.ranking_published_at is not None:
        before = locked.ranking_published_at
        locked.ranking_published_at = None
        locked.save(update_fields=["ranking_published_at", "updated_at"])
        audit_log(
            actor=actor,
            action="exams.exam_unpublish_ranking",
            obj=locked,
            changes={"ranking_published_at": [before, None]},
            reason=reason,
        )
    return locked
