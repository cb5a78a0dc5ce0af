"""Taking an exam: start, save answers as they are given, submit; the server holds the clock.

- A start takes a paper drawn ahead from the pool; the deadline is start + time limit (+ extra
  time an organiser grants), never later than the exam's close.
- Answers are merged into the attempt in one UPDATE that only succeeds while the attempt is open
  and the server's deadline (+ the exam's grace for the network) has not passed.
- An attempt still open after its deadline is submitted by the server (`attempts_finalize_expired`,
  run every minute by `congso exams_tick`, and on the spot whenever the attempt is looked at).
- Grading reads the answer key from the question versions on the server; the paper sent to the
  browser holds only question text and choices in the candidate's order.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_log
from congso.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    NotPermitted,
    ValidationFailed,
)
from congso.exams import grading
from congso.exams.models import (
    Attempt,
    Candidate,
    Exam,
    Paper,
    QuestionType,
    QuestionVersion,
    Registration,
)
from congso.exams.papers import draw_paper

logger = logging.getLogger(__name__)

TOKEN_SALT = "congso.exams.attempt"  # noqa: S105 - a signing salt
MAX_ANSWERS_PER_SAVE = 200


# ---------------------------------------------------------------- who may start


def _local(value: datetime) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def network_allowed(exam: Exam, ip_address: str | None) -> bool:
    lines = [line.strip() for line in (exam.allowed_networks or "").splitlines() if line.strip()]
    if not lines:
        return True
    if not ip_address:
        return False
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return False
    for line in lines:
        try:
            if address in ipaddress.ip_network(line, strict=False):
                return True
        except ValueError:
            logger.warning("exam %s: ignoring bad network %r", exam.pk, line)
    return False


def _contacts(text: str) -> set[str]:
    from congso.exams.candidates import parse_contact

    found = set()
    for line in (text or "").replace(",", "\n").replace(";", "\n").splitlines():
        if line.strip():
            try:
                found.add(parse_contact(line).value)
            except ValidationFailed:
                continue
    return found


def check_can_start(
    *, exam: Exam, candidate: Candidate, ip_address: str | None, now: datetime | None = None
) -> None:
    """Raise the reason, in Vietnamese, why `candidate` cannot start `exam` now."""
    now = now or timezone.now()
    if exam.status != Exam.Status.PUBLISHED or (
        exam.contest and exam.contest.status != "published"
    ):
        raise InvalidTransition(_("Bài thi chưa mở hoặc đã kết thúc."))
    if now < exam.opens_at:
        raise InvalidTransition(_("Bài thi mở lúc %(time)s.") % {"time": _local(exam.opens_at)})
    if now >= exam.closes_at:
        raise InvalidTransition(
            _("Bài thi đã kết thúc lúc %(time)s.") % {"time": _local(exam.closes_at)}
        )
    if (
        exam.contest_id
        and not Registration.objects.filter(
            contest_id=exam.contest_id, candidate=candidate
        ).exists()
    ):
        raise NotPermitted(_("Bạn cần đăng ký dự thi trước khi làm bài."))
    if exam.access == Exam.Access.LIST:
        mine = {c for c in (candidate.email, candidate.phone) if c}
        if not mine & _contacts(exam.allowed_contacts):
            raise NotPermitted(_("Bạn không có tên trong danh sách thí sinh của bài thi này."))
    if not network_allowed(exam, ip_address):
        raise NotPermitted(
            _("Bài thi chỉ làm được tại phòng thi (địa chỉ mạng %(ip)s không được phép).")
            % {"ip": ip_address or "?"}
        )
    if exam.supervised_start and exam.supervisor_started_at is None:
        raise InvalidTransition(_("Vui lòng chờ cán bộ coi thi cho phép bắt đầu."))


def attempts_left(exam: Exam, candidate: Candidate) -> int:
    used = Attempt.objects.filter(exam=exam, candidate=candidate).count()
    return max(0, exam.attempts_allowed - used)


def open_attempt(exam: Exam, candidate: Candidate) -> Attempt | None:
    return Attempt.objects.filter(
        exam=exam, candidate=candidate, status=Attempt.Status.OPEN
    ).first()


# ---------------------------------------------------------------- start


def _take_paper(exam: Exam) -> list[dict]:
    features = connection.features
    for _try in range(5):
        qs = Paper.objects.filter(exam=exam, taken=False).order_by("id")
        if features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        paper = qs.only("id", "slots").first()
        if paper is None:
            break
        if Paper.objects.filter(pk=paper.pk, taken=False).update(taken=True):
            return paper.slots
    logger.info("exam %s: paper pool empty, drawing on demand", exam.pk)
    return draw_paper(exam)


def attempt_start(
    *, exam: Exam, candidate: Candidate, ip_address: str | None = None, now: datetime | None = None
) -> Attempt:
    """Start an attempt, or return the candidate's open one (one open attempt at a time)."""
    now = now or timezone.now()
    existing = open_attempt(exam, candidate)
    if existing is not None:
        finalized = finalize_if_due(existing, now=now)
        if finalized.status == Attempt.Status.OPEN:
            return finalized
    check_can_start(exam=exam, candidate=candidate, ip_address=ip_address, now=now)
    used = Attempt.objects.filter(exam=exam, candidate=candidate).count()
    if used >= exam.attempts_allowed:
        raise InvalidTransition(
            _("Bạn đã làm đủ %(n)s lần cho phép của bài thi này.") % {"n": exam.attempts_allowed}
        )
    deadline = min(now + timedelta(minutes=exam.time_limit_minutes), exam.closes_at)
    try:
        with transaction.atomic():
            slots = _take_paper(exam)
            attempt = Attempt.objects.create(
                exam=exam,
                candidate=candidate,
                number=used + 1,
                slots=slots,
                started_at=now,
                deadline=deadline,
                max_score=sum((Decimal(s["mark"]) for s in slots), Decimal(0)),
                ip_address=ip_address,
            )
            audit_log(
                actor=f"thí sinh #{candidate.pk}",
                action="exams.attempt_start",
                obj=attempt,
                changes={"number": attempt.number, "deadline": deadline},
            )
    except IntegrityError:
        # A second start from another tab or device at the same moment: resume that one.
        attempt = open_attempt(exam, candidate)
        if attempt is None:
            raise Conflict(_("Bài làm vừa được bắt đầu ở nơi khác. Hãy tải lại trang.")) from None
    return attempt


# ---------------------------------------------------------------- tokens for the autosave


def attempt_token(attempt: Attempt) -> str:
    return signing.dumps(
        [attempt.pk, attempt.candidate_id, attempt.exam.grace_seconds],
        salt=TOKEN_SALT,
        compress=False,
    )


def read_token(token: str) -> tuple[int, int, int]:
    try:
        attempt_id, candidate_id, grace = signing.loads(token or "", salt=TOKEN_SALT)
        return int(attempt_id), int(candidate_id), int(grace)
    except (signing.BadSignature, ValueError, TypeError):
        raise NotPermitted(_("Phiên làm bài không hợp lệ. Hãy tải lại trang.")) from None


# ---------------------------------------------------------------- saving answers


def clean_answers(slots: list[dict], answers: Any) -> dict[str, Any]:
    """Answers keyed by slot number ("0", "1", ...) checked against the candidate's own paper."""
    if not isinstance(answers, dict):
        raise ValidationFailed(_("Dữ liệu bài làm không hợp lệ."))
    if len(answers) > MAX_ANSWERS_PER_SAVE:
        raise ValidationFailed(_("Gửi quá nhiều câu trả lời trong một lần."))
    clean: dict[str, Any] = {}
    for key, response in answers.items():
        try:
            index = int(key)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < len(slots):
            raise ValidationFailed(
                _("Câu hỏi “%(key)s” không thuộc đề thi của bạn.") % {"key": str(key)[:20]}
            )
        slot = slots[index]
        data = {"choices": [{"id": c} for c in slot.get("order") or []]}
        try:
            clean[str(index)] = grading.clean_response(slot["t"], data, response)
        except ValueError:
            raise ValidationFailed(
                _("Câu trả lời cho câu %(n)s không hợp lệ.") % {"n": index + 1}
            ) from None
    return clean


def _closed_reason(attempt_id: int, candidate_id: int) -> Exception:
    row = Attempt.objects.filter(pk=attempt_id, candidate_id=candidate_id).values("status").first()
    if row is None:
        return NotFound(_("Không tìm thấy bài làm."))
    if row["status"] != Attempt.Status.OPEN:
        return InvalidTransition(_("Bài làm đã được nộp, không sửa được nữa."))
    return InvalidTransition(_("Đã hết giờ làm bài, câu trả lời này không được ghi nhận."))


def attempt_save(
    *,
    attempt_id: int,
    candidate_id: int,
    answers: Any,
    grace_seconds: int,
    now: datetime | None = None,
) -> datetime:
    """Merge `answers` into the open attempt before its deadline; one SELECT and one UPDATE."""
    now = now or timezone.now()
    row = (
        Attempt.objects.filter(pk=attempt_id, candidate_id=candidate_id)
        .values("slots", "status", "deadline")
        .first()
    )
    if row is None:
        raise NotFound(_("Không tìm thấy bài làm."))
    clean = clean_answers(row["slots"], answers)
    if not clean:
        return now
    if connection.vendor == "postgresql":
        merge = "answers = answers || %s::jsonb"
    else:
        merge = "answers = json_patch(answers, %s)"
    table = Attempt._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {merge}, saved_at = %s "  # noqa: S608 - fixed names only
            "WHERE id = %s AND candidate_id = %s AND status = %s AND deadline >= %s",
            [
                json.dumps(clean, ensure_ascii=False),
                adapt(now),
                attempt_id,
                candidate_id,
                Attempt.Status.OPEN,
                adapt(now - timedelta(seconds=grace_seconds)),
            ],
        )
        updated = cursor.rowcount
    if updated != 1:
        raise _closed_reason(attempt_id, candidate_id)
    return now


# ---------------------------------------------------------------- grading and submitting


@dataclass
class Graded:
    marks: list[float | None]
    score: Decimal
    prediction: Decimal | None


def grade(slots: list[dict], answers: dict[str, Any]) -> Graded:
    versions = dict(
        QuestionVersion.objects.filter(pk__in=[s["v"] for s in slots]).values_list("pk", "data")
    )
    marks: list[float | None] = []
    prediction = None
    total = Decimal(0)
    for index, slot in enumerate(slots):
        response = answers.get(str(index))
        if slot["t"] == QuestionType.PREDICTION:
            marks.append(None)
            value = grading.parse_number(response) if response not in (None, "") else None
            if value is not None and abs(value) < Decimal("1e11"):
                prediction = value.quantize(Decimal("0.01"))
            continue
        fraction = grading.fraction(slot["t"], versions.get(slot["v"], {}), response) or 0.0
        mark = (Decimal(str(fraction)) * Decimal(slot["mark"])).quantize(Decimal("0.0001"))
        marks.append(float(mark))
        total += mark
    score = max(Decimal(0), total).quantize(Decimal("0.01"))
    return Graded(marks=marks, score=score, prediction=prediction)


@transaction.atomic
def _finalize(attempt_id: int, *, by: str, now: datetime, answers: dict | None = None) -> Attempt:
    attempt = Attempt.objects.select_for_update().select_related("exam").get(pk=attempt_id)
    if attempt.status != Attempt.Status.OPEN:
        return attempt
    if answers:
        merged = dict(attempt.answers or {})
        merged.update(answers)
        attempt.answers = {k: v for k, v in merged.items() if v is not None}
        attempt.saved_at = now
    graded = grade(attempt.slots, attempt.answers or {})
    end = min(now, attempt.deadline)
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = end if by == Attempt.FinishedBy.SERVER else now
    attempt.finished_by = by
    attempt.marks = graded.marks
    attempt.score = graded.score
    attempt.prediction = graded.prediction
    attempt.time_taken_seconds = max(0, int((end - attempt.started_at).total_seconds()))
    attempt.save()
    audit_log(
        actor=f"thí sinh #{attempt.candidate_id}" if by == "candidate" else by,
        action="exams.attempt_submit",
        obj=attempt,
        changes={"score": attempt.score, "finished_by": by},
    )
    return attempt


def attempt_submit(
    *,
    attempt: Attempt,
    candidate: Candidate,
    answers: Any = None,
    now: datetime | None = None,
) -> Attempt:
    """The candidate submits; answers sent with the submission count if within the deadline."""
    now = now or timezone.now()
    if attempt.candidate_id != candidate.pk:
        raise NotFound(_("Không tìm thấy bài làm."))
    if attempt.status != Attempt.Status.OPEN:
        raise InvalidTransition(_("Bài làm đã được nộp."))
    in_time = now <= attempt.deadline + timedelta(seconds=attempt.exam.grace_seconds)
    clean = clean_answers(attempt.slots, answers) if answers and in_time else None
    by = Attempt.FinishedBy.CANDIDATE if in_time else Attempt.FinishedBy.SERVER
    return _finalize(attempt.pk, by=by, now=now, answers=clean)


def finalize_if_due(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """Submit an open attempt whose deadline (+ grace) has passed; return it as it now is."""
    now = now or timezone.now()
    if attempt.status == Attempt.Status.OPEN and now > attempt.deadline + timedelta(
        seconds=attempt.exam.grace_seconds
    ):
        return _finalize(attempt.pk, by=Attempt.FinishedBy.SERVER, now=now)
    return attempt


def attempts_finalize_expired(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Submit every open attempt past its deadline and grace (the server's clock decides)."""
    now = now or timezone.now()
    count = 0
    due = (
        Attempt.objects.filter(status=Attempt.Status.OPEN, deadline__lt=now)
        .select_related("exam")
        .only("id", "deadline", "exam__grace_seconds")[:limit]
    )
    for attempt in due:
        if now > attempt.deadline + timedelta(seconds=attempt.exam.grace_seconds):
            _finalize(attempt.pk, by=Attempt.FinishedBy.SERVER, now=now)
            count += 1
    return count


def attempts_finalize_open(
    *, exam: Exam, by: str = "organiser", now: datetime | None = None
) -> int:
    """Submit every open attempt of `exam` (the organiser closed it early, or it closed)."""
    now = now or timezone.now()
    ids = list(
        Attempt.objects.filter(exam=exam, status=Attempt.Status.OPEN).values_list("pk", flat=True)
    )
    for pk in ids:
        _finalize(pk, by=by, now=now)
    return len(ids)


# ---------------------------------------------------------------- what the candidate sees


@dataclass
class SlotView:
    index: int
    number: int
    qtype: str
    text: str
    mark: Decimal
    choices: list[tuple[str, str]] = field(default_factory=list)  # (id, html) in paper order
    response: Any = None
    # Filled only for the review, after submission:
    mark_earned: float | None = None
    correct_ids: set[str] = field(default_factory=set)
    correct_text: str = ""
    feedback: str = ""

    @property
    def chosen(self) -> set[str]:
        if isinstance(self.response, list):
            return {str(r) for r in self.response}
        return {str(self.response)} if self.response not in (None, "") else set()

    @property
    def answered(self) -> bool:
        return self.response not in (None, "", [])

    @property
    def status(self) -> str:
        if self.mark_earned is None:
            return ""
        if self.mark_earned >= float(self.mark) and self.mark > 0:
            return "correct"
        return "partial" if self.mark_earned > 0 else "wrong"


def paper_view(
    attempt: Attempt, *, review: bool = False, show_correct: bool = False
) -> list[SlotView]:
    """The attempt's questions in the candidate's order, without the answer key unless reviewing."""
    versions = {
        v.pk: v
        for v in QuestionVersion.objects.filter(pk__in=[s["v"] for s in attempt.slots]).only(
            "id", "qtype", "text", "data", "general_feedback"
        )
    }
    answers = attempt.answers or {}
    views = []
    for index, slot in enumerate(attempt.slots):
        version = versions.get(slot["v"])
        if version is None:
            continue
        data = version.data or {}
        view = SlotView(
            index=index,
            number=index + 1,
            qtype=slot["t"],
            text=version.text,
            mark=Decimal(slot["mark"]),
            response=answers.get(str(index)),
        )
        if slot.get("order"):
            by_id = {str(c["id"]): c["text"] for c in data.get("choices", [])}
            view.choices = [(cid, by_id.get(cid, "")) for cid in slot["order"]]
        elif slot["t"] == QuestionType.TRUE_FALSE:
            view.choices = [("true", _("Đúng")), ("false", _("Sai"))]
        if review:
            if attempt.marks and index < len(attempt.marks):
                view.mark_earned = attempt.marks[index]
            if show_correct:
                view.feedback = version.general_feedback
                if slot.get("order"):
                    view.correct_ids = {
                        str(c["id"]) for c in data.get("choices", []) if float(c["fraction"]) > 0
                    }
                elif slot["t"] == QuestionType.TRUE_FALSE:
                    view.correct_ids = {"true" if data.get("correct") else "false"}
                elif slot["t"] == QuestionType.SHORT_ANSWER:
                    view.correct_text = " / ".join(
                        a["text"] for a in data.get("answers", []) if float(a["fraction"]) >= 1
                    )
                elif slot["t"] == QuestionType.NUMERIC:
                    view.correct_text = " / ".join(
                        f"{a['value']} (± {a['tolerance']})"
                        for a in data.get("answers", [])
                        if float(a["fraction"]) >= 1
                    )
        views.append(view)
    return views


def may_see_correct(attempt: Attempt, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    exam = attempt.exam
    if attempt.status != Attempt.Status.SUBMITTED:
        return False
    if exam.review_show_correct:
        return True
    return exam.review_correct_after_close and (
        now >= exam.closes_at or exam.status in (Exam.Status.CLOSED, Exam.Status.RANKED)
    )
