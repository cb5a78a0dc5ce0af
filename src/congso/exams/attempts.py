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

import functools
import ipaddress
import itertools
import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
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
    if connection.vendor == "postgresql":
        # One statement: the first free paper no other start is taking, marked taken.
        table = Paper._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET taken = true WHERE id = ("  # noqa: S608 - fixed names only
                f"SELECT id FROM {table} WHERE exam_id = %s AND NOT taken ORDER BY id LIMIT 1 "
                "FOR UPDATE SKIP LOCKED) AND NOT taken RETURNING slots",
                [exam.pk],
            )
            row = cursor.fetchone()
        if row is not None:
            return json.loads(row[0]) if isinstance(row[0], str | bytes) else row[0]
    else:
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
    # The candidate's attempts at this exam in one query: how many, and whether one is open.
    mine = list(Attempt.objects.filter(exam=exam, candidate=candidate).values_list("status"))
    if (Attempt.Status.OPEN,) in mine:
        existing = open_attempt(exam, candidate)
        if existing is not None:
            finalized = finalize_if_due(existing, now=now)
            if finalized.status == Attempt.Status.OPEN:
                return finalized
    check_can_start(exam=exam, candidate=candidate, ip_address=ip_address, now=now)
    used = len(mine)
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


# Each worker keeps the papers of the attempts it saved for lately: an attempt's paper never
# changes once it exists, so a save is then one UPDATE. The UPDATE also matches the attempt's
# start time read with the paper, so an entry serves only the attempt it was read from (an id can
# come back after a rollback, in tests), and answers the cached paper refuses are judged again on
# the paper read afresh; whether the attempt is still open and within its deadline (which an
# organiser may extend) is always the UPDATE's to decide.
PAPER_CACHE_SIZE = 20_000
_papers: dict[tuple[int, int], tuple[datetime, tuple[dict, ...]]] = {}
_slot_shapes: dict[tuple, dict] = {}  # one dict per (type, choice order) shared by the papers
_papers_lock = threading.Lock()


def _slot_shape(slot: dict) -> dict:
    """What `clean_answers` reads of a slot, shared between the cached papers."""
    order = slot.get("order")
    try:
        key = (slot["t"], tuple(order) if order is not None else None)
        shape = _slot_shapes.get(key)
    except (TypeError, KeyError, AttributeError):  # not as papers.py draws them: as it is
        return slot
    if shape is None:
        shape = _slot_shapes.setdefault(key, {"t": slot["t"], "order": order})
    return shape


def _paper(attempt_id: int, candidate_id: int, *, cached: bool = True):
    """((started_at, slots), whether from the cache) of the attempt, or (None, False)."""
    key = (attempt_id, candidate_id)
    if cached and (entry := _papers.get(key)) is not None:
        return entry, True
    row = (
        Attempt.objects.filter(pk=attempt_id, candidate_id=candidate_id)
        .values_list("started_at", "slots")
        .first()
    )
    if row is None:
        _papers.pop(key, None)
        return None, False
    entry = (row[0], tuple(_slot_shape(slot) for slot in row[1]))
    with _papers_lock:
        if len(_papers) >= PAPER_CACHE_SIZE:
            for old in list(itertools.islice(_papers, PAPER_CACHE_SIZE // 10)):
                _papers.pop(old, None)
        if len(_slot_shapes) > 4 * PAPER_CACHE_SIZE:
            _slot_shapes.clear()
        _papers[key] = entry
    return entry, False


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, str):  # SQLite
        value = parse_datetime(value)
    if value is not None and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


@functools.cache
def _prepared_cursor_class():
    try:
        from django.db.backends.postgresql.base import ServerBindingCursor
    except ImportError:  # psycopg 2
        return None

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True, **kwargs)

    return PreparedCursor


def _prepared_cursor():
    """`connection.cursor()`, except on PostgreSQL with psycopg 3, where the statement is prepared
    (parameters bound on the server, `prepare=True`): PostgreSQL then parses and plans the
    autosave's UPDATE once per connection instead of once per save."""
    cursor_class = _prepared_cursor_class() if connection.vendor == "postgresql" else None
    if cursor_class is None:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's automatic preparing off, which also ignores `prepare=True`; a
        # threshold never reached lets this statement alone be prepared.
        raw.prepare_threshold = 2**31
    with connection.wrap_database_errors:
        cursor = cursor_class(raw)
    connection.validate_thread_sharing()
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def _save(
    attempt_id: int, candidate_id: int, answers: Any, grace_seconds: int, now: datetime
) -> tuple[bool, datetime | None]:
    """(whether anything was written, the deadline the UPDATE found)."""
    if connection.vendor == "postgresql":
        merge = "answers = answers || %s::jsonb"
    else:
        merge = "answers = json_patch(answers, %s)"
    table = Attempt._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    cached = True
    while True:
        entry, cached = _paper(attempt_id, candidate_id, cached=cached)
        if entry is None:
            raise NotFound(_("Không tìm thấy bài làm."))
        started_at, slots = entry
        try:
            clean = clean_answers(slots, answers)
        except ValidationFailed:
            if not cached:
                raise
            cached = False  # judged on the paper as the database has it
            continue
        if not clean:
            return False, None
        with _prepared_cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {merge}, saved_at = %s "  # noqa: S608 - fixed names only
                "WHERE id = %s AND candidate_id = %s AND status = %s AND deadline >= %s "
                "AND started_at = %s RETURNING deadline",
                [
                    json.dumps(clean, ensure_ascii=False),
                    adapt(now),
                    attempt_id,
                    candidate_id,
                    Attempt.Status.OPEN.value,
                    adapt(now - timedelta(seconds=grace_seconds)),
                    adapt(started_at),
                ],
            )
            row = cursor.fetchone()
        if row is not None:
            return True, _as_datetime(row[0])
        if not cached:
            break
        cached = False  # closed, late, or the cached paper was another attempt's: read it again
    _papers.pop((attempt_id, candidate_id), None)
    raise _closed_reason(attempt_id, candidate_id)


def attempt_save(
    *,
    attempt_id: int,
    candidate_id: int,
    answers: Any,
    grace_seconds: int,
    now: datetime | None = None,
) -> datetime:
    """Merge `answers` into the open attempt before its deadline; one UPDATE (and one SELECT the
    first time this worker sees the attempt)."""
    now = now or timezone.now()
    _save(attempt_id, candidate_id, answers, grace_seconds, now)
    return now


def attempt_save_returning_deadline(
    *,
    attempt_id: int,
    candidate_id: int,
    answers: Any,
    grace_seconds: int,
    now: datetime | None = None,
) -> tuple[datetime, datetime | None]:
    """`attempt_save`, also returning the attempt's deadline (the autosave tells the page how
    long is left): the one the UPDATE found, or read when there was nothing to write."""
    now = now or timezone.now()
    written, deadline = _save(attempt_id, candidate_id, answers, grace_seconds, now)
    if not written:
        deadline = Attempt.objects.filter(pk=attempt_id).values_list("deadline", flat=True).first()
    return now, deadline


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
