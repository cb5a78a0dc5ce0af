"""Ranking after close: graded attempts, tie-breakers, prizes, stable certificate codes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from congso.core.exceptions import InvalidTransition, ValidationFailed
from congso.core.models import AuditLog
from congso.exams import ranking
from congso.exams.models import Attempt, Candidate, Exam, Prize, Result
from congso.exams.tasks import rank_exam

T0 = timezone.now().replace(microsecond=0) - timedelta(hours=2)


# --- helpers (the statistics, certificate and view tests use them too) ---------------------------


def make_candidate(n: int, **fields) -> Candidate:
    defaults = {
        "full_name": f"Nguyễn Văn Thí Sinh {n}",
        "email": f"thisinh{n}@test.vn",
        "phone": f"09{n:08d}",
        "workplace": f"Trường THCS số {n}",
        "verified_at": timezone.now(),
    }
    return Candidate.objects.create(**{**defaults, **fields})


def make_attempt(
    exam: Exam,
    candidate: Candidate,
    *,
    score: float | str | None,
    number: int = 1,
    seconds: int = 600,
    submitted_at=None,
    prediction=None,
    marks: list | None = None,
    slots: list | None = None,
    max_score="19",
    status: str = Attempt.Status.SUBMITTED,
) -> Attempt:
    submitted_at = submitted_at or T0 + timedelta(minutes=number)
    started_at = submitted_at - timedelta(seconds=seconds)
    return Attempt.objects.create(
        exam=exam,
        candidate=candidate,
        number=number,
        status=status,
        slots=slots or [],
        marks=marks or [],
        started_at=started_at,
        deadline=started_at + timedelta(minutes=exam.time_limit_minutes),
        submitted_at=submitted_at if status == Attempt.Status.SUBMITTED else None,
        time_taken_seconds=seconds if status == Attempt.Status.SUBMITTED else None,
        score=None if score is None else Decimal(str(score)),
        max_score=Decimal(str(max_score)),
        prediction=None if prediction is None else Decimal(str(prediction)),
    )


def close(exam: Exam) -> Exam:
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.CLOSED)
    exam.refresh_from_db()
    return exam


def ranking_names(exam: Exam) -> list[str]:
    return list(
        Result.objects.filter(exam=exam)
        .order_by("rank")
        .values_list("candidate__full_name", flat=True)
    )


# --- graded attempt ------------------------------------------------------------------------------


def test_highest_grading_takes_the_best_attempt_and_the_earlier_on_a_tie(exam, organiser):
    a, b = make_candidate(1), make_candidate(2)
    make_attempt(exam, a, score=12, number=1, submitted_at=T0)
    best = make_attempt(exam, a, score=15, number=2, submitted_at=T0 + timedelta(minutes=30))
    first = make_attempt(exam, b, score=14, number=1, submitted_at=T0 + timedelta(minutes=5))
    make_attempt(exam, b, score=14, number=2, submitted_at=T0 + timedelta(minutes=40))
    make_attempt(exam, make_candidate(3), score=None, status=Attempt.Status.OPEN)

    rows = {row["candidate_id"]: row["id"] for row in ranking.graded_attempts(exam)}

    assert rows == {a.pk: best.pk, b.pk: first.pk}


def test_last_grading_takes_the_last_submitted_attempt(exam):
    Exam.objects.filter(pk=exam.pk).update(grading=Exam.Grading.LAST)
    exam.refresh_from_db()
    a = make_candidate(1)
    make_attempt(exam, a, score=18, number=1, submitted_at=T0)
    last = make_attempt(exam, a, score=9, number=2, submitted_at=T0 + timedelta(minutes=30))

    assert [row["id"] for row in ranking.graded_attempts(exam)] == [last.pk]


# --- order -----------------------------------------------------------------------------------------


def test_rank_orders_by_score_prediction_time_then_submission(exam, organiser):
    close(exam)
    Exam.objects.filter(pk=exam.pk).update(prediction_truth=Decimal("1000"))
    exam.refresh_from_db()
    people = [make_candidate(n) for n in range(1, 8)]
    make_attempt(exam, people[0], score=17, prediction=1500, seconds=300)  # 4th: gap 500
    make_attempt(exam, people[1], score=17, prediction=990, seconds=900)  # 3rd: gap 10
    make_attempt(exam, people[2], score=17, prediction=1010, seconds=400)  # 2nd: gap 10, faster
    make_attempt(exam, people[3], score=17, prediction=None, seconds=100)  # 5th: no prediction
    make_attempt(exam, people[4], score=19, prediction=5000, seconds=1000)  # 1st: top score
    make_attempt(  # 6th: same everything as people[6] but submitted earlier
        exam, people[5], score=10, prediction=1000, seconds=500, submitted_at=T0
    )
    make_attempt(
        exam, people[6], score=10, prediction=1000, seconds=500, submitted_at=T0 + timedelta(1)
    )

    count = ranking.exam_rank(actor=organiser, exam=exam)

    assert count == 7
    assert ranking_names(exam) == [people[n].full_name for n in (4, 2, 1, 0, 3, 5, 6)]
    results = {r.candidate_id: r for r in Result.objects.filter(exam=exam)}
    assert results[people[1].pk].prediction_gap == Decimal("10.00")
    assert results[people[3].pk].prediction_gap is None
    assert results[people[4].pk].rank == 1
    assert results[people[4].pk].score == Decimal("19.00")
    assert results[people[4].pk].time_taken_seconds == 1000
    exam.refresh_from_db()
    assert exam.status == Exam.Status.RANKED
    assert exam.ranked_at is not None


def test_rank_orders_equal_gaps_by_time(exam, organiser):
    """Gap 10 both ways: the faster candidate first (people[2] at 400 s before people[1] at 900 s)."""
    close(exam)
    Exam.objects.filter(pk=exam.pk).update(prediction_truth=Decimal("1000"))
    exam.refresh_from_db()
    slow, fast = make_candidate(1), make_candidate(2)
    make_attempt(exam, slow, score=17, prediction=990, seconds=900)
    make_attempt(exam, fast, score=17, prediction=1010, seconds=400)

    ranking.exam_rank(actor=organiser, exam=exam)

    assert ranking_names(exam) == [fast.full_name, slow.full_name]


def test_prediction_is_ignored_until_the_truth_is_set(exam, organiser):
    close(exam)
    good_guess, fast = make_candidate(1), make_candidate(2)
    make_attempt(exam, good_guess, score=15, prediction=1000, seconds=700)
    make_attempt(exam, fast, score=15, prediction=None, seconds=200)

    ranking.exam_rank(actor=organiser, exam=exam)
    assert ranking_names(exam) == [fast.full_name, good_guess.full_name]
    assert Result.objects.get(candidate=good_guess).prediction_gap is None

    ranking.exam_set_prediction_truth(actor=organiser, exam=exam, value="1.000")
    assert ranking_names(exam) == [good_guess.full_name, fast.full_name]
    assert Result.objects.get(candidate=good_guess).prediction_gap == Decimal("0.00")


def test_configured_order_time_before_score(exam, organiser):
    close(exam)
    Exam.objects.filter(pk=exam.pk).update(ranking_order=["time", "bogus", "score"])
    exam.refresh_from_db()
    high, quick = make_candidate(1), make_candidate(2)
    make_attempt(exam, high, score=19, seconds=900)
    make_attempt(exam, quick, score=3, seconds=60)

    ranking.exam_rank(actor=organiser, exam=exam)

    assert ranking_names(exam) == [quick.full_name, high.full_name]


def test_identical_attempts_still_get_distinct_ranks_by_attempt_id(exam, organiser):
    close(exam)
    people = [make_candidate(n) for n in range(1, 5)]
    attempts = [make_attempt(exam, p, score=10, seconds=300, submitted_at=T0) for p in people]

    ranking.exam_rank(actor=organiser, exam=exam)

    results = list(Result.objects.filter(exam=exam).order_by("rank"))
    assert [r.rank for r in results] == [1, 2, 3, 4]
    assert [r.attempt_id for r in results] == [a.pk for a in attempts]


# --- prizes and codes ------------------------------------------------------------------------------


def test_prizes_go_down_the_ranking_tier_by_tier(exam, organiser):
    close(exam)
    Prize.objects.create(exam=exam, name="Giải Ba", count=2, position=3)
    Prize.objects.create(exam=exam, name="Giải Nhất", count=1, position=1)
    Prize.objects.create(exam=exam, name="Giải Nhì", count=1, position=2)
    people = [make_candidate(n) for n in range(1, 7)]
    for n, person in enumerate(people):
        make_attempt(exam, person, score=19 - n)

    ranking.exam_rank(actor=organiser, exam=exam)

    prizes = list(Result.objects.filter(exam=exam).order_by("rank").values_list("prize", flat=True))
    assert prizes == ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Ba", "", ""]


def test_more_prizes_than_candidates(exam, organiser):
    close(exam)
    Prize.objects.create(exam=exam, name="Giải Khuyến khích", count=30)
    make_attempt(exam, make_candidate(1), score=5)

    ranking.exam_rank(actor=organiser, exam=exam)

    assert list(Result.objects.values_list("prize", flat=True)) == ["Giải Khuyến khích"]


def test_ranking_again_replaces_results_and_keeps_certificate_codes(exam, organiser):
    close(exam)
    a, b = make_candidate(1), make_candidate(2)
    make_attempt(exam, a, score=10)
    make_attempt(exam, b, score=12)
    ranking.exam_rank(actor=organiser, exam=exam)
    codes = dict(Result.objects.values_list("candidate_id", "certificate_code"))
    ids_before = set(Result.objects.values_list("id", flat=True))

    c = make_candidate(3)
    make_attempt(exam, c, score=19)
    make_attempt(exam, a, score=18, number=2)
    ranking.exam_rank(actor=organiser, exam=exam)

    after = {r.candidate_id: r for r in Result.objects.filter(exam=exam)}
    assert [after[p.pk].rank for p in (c, a, b)] == [1, 2, 3]
    assert after[a.pk].certificate_code == codes[a.pk]
    assert after[b.pk].certificate_code == codes[b.pk]
    assert after[c.pk].certificate_code not in codes.values()
    assert len(after[c.pk].certificate_code) == 10
    assert after[a.pk].score == Decimal("18.00")
    assert Result.objects.filter(exam=exam).count() == 3
    assert not ids_before & {r.pk for r in after.values()}
    audits = AuditLog.objects.filter(action="exams.exam_rank", object_id=str(exam.pk))
    assert audits.count() == 2
    assert audits.order_by("-id").first().changes["results"] == [2, 3]


def test_rank_with_no_attempts_gives_an_empty_ranking(exam, organiser):
    close(exam)
    assert ranking.exam_rank(actor=organiser, exam=exam) == 0
    exam.refresh_from_db()
    assert exam.status == Exam.Status.RANKED


@pytest.mark.parametrize("status", [Exam.Status.DRAFT, Exam.Status.PUBLISHED])
def test_rank_refuses_an_exam_not_closed(exam, organiser, status):
    Exam.objects.filter(pk=exam.pk).update(status=status)
    exam.refresh_from_db()
    make_attempt(exam, make_candidate(1), score=10)

    with pytest.raises(InvalidTransition):
        ranking.exam_rank(actor=organiser, exam=exam)

    exam.refresh_from_db()
    assert exam.status == status
    assert exam.ranked_at is None
    assert not Result.objects.exists()
    assert not AuditLog.objects.filter(action="exams.exam_rank").exists()


# --- prediction truth ------------------------------------------------------------------------------


def test_set_prediction_truth_reads_vietnamese_numbers_audits_and_reranks(exam, organiser):
    close(exam)
    make_attempt(exam, make_candidate(1), score=10, prediction=12345)

    updated = ranking.exam_set_prediction_truth(
        actor=organiser, exam=exam, value="12.345", reason="Số liệu của Ban tổ chức"
    )

    assert updated.prediction_truth == Decimal("12345.00")
    assert updated.status == Exam.Status.RANKED
    assert Result.objects.get().prediction_gap == Decimal("0.00")
    audit = AuditLog.objects.get(action="exams.exam_set_prediction_truth")
    assert audit.changes == {"prediction_truth": [None, "12345.00"]}
    assert audit.reason == "Số liệu của Ban tổ chức"


def test_set_prediction_truth_refused_before_close_and_on_bad_input(exam, organiser):
    with pytest.raises(InvalidTransition):
        ranking.exam_set_prediction_truth(actor=organiser, exam=exam, value="100")
    close(exam)
    for bad in ("một trăm", "1e40", "9" * 20):
        with pytest.raises(ValidationFailed):
            ranking.exam_set_prediction_truth(actor=organiser, exam=exam, value=bad)
    exam.refresh_from_db()
    assert exam.prediction_truth is None
    assert exam.status == Exam.Status.CLOSED
    assert not AuditLog.objects.filter(action="exams.exam_set_prediction_truth").exists()


def test_set_prediction_truth_refused_without_a_prediction_question(exam, organiser):
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.CLOSED, prediction_question=None)
    exam.refresh_from_db()
    with pytest.raises(InvalidTransition):
        ranking.exam_set_prediction_truth(actor=organiser, exam=exam, value="100")


def test_clearing_the_truth(exam, organiser):
    close(exam)
    ranking.exam_set_prediction_truth(actor=organiser, exam=exam, value="100")
    updated = ranking.exam_set_prediction_truth(actor=organiser, exam=exam, value="")
    assert updated.prediction_truth is None


# --- publishing ------------------------------------------------------------------------------------


def test_publish_and_unpublish(exam, organiser):
    close(exam)
    with pytest.raises(InvalidTransition):
        ranking.exam_publish_ranking(actor=organiser, exam=exam)
    exam.refresh_from_db()
    assert exam.ranking_published_at is None

    ranking.exam_rank(actor=organiser, exam=exam)
    published = ranking.exam_publish_ranking(actor=organiser, exam=exam)
    assert published.ranking_published_at is not None
    again = ranking.exam_publish_ranking(actor=organiser, exam=exam)
    assert again.ranking_published_at == published.ranking_published_at

    hidden = ranking.exam_unpublish_ranking(actor=organiser, exam=exam)
    assert hidden.ranking_published_at is None
    assert AuditLog.objects.filter(action="exams.exam_publish_ranking").count() == 1
    assert AuditLog.objects.filter(action="exams.exam_unpublish_ranking").count() == 1


# --- the task --------------------------------------------------------------------------------------


def test_rank_exam_task_is_safe_to_run_twice(exam):
    close(exam)
    make_attempt(exam, make_candidate(1), score=10)
    make_attempt(exam, make_candidate(2), score=11)

    rank_exam.call(exam.pk)
    first = list(Result.objects.order_by("rank").values_list("candidate_id", "certificate_code"))
    rank_exam.call(exam.pk)
    second = list(Result.objects.order_by("rank").values_list("candidate_id", "certificate_code"))

    assert first == second
    assert len(first) == 2
    audit = AuditLog.objects.filter(action="exams.exam_rank").first()
    assert audit.actor is None
    assert audit.actor_repr == "system"


def test_rank_exam_task_enqueued_runs_and_skips_missing_or_open_exams(exam):
    result = rank_exam.enqueue(exam.pk)  # published, not closed: nothing to do
    assert result.return_value == 0
    assert rank_exam.call(999999) == 0
    close(exam)
    make_attempt(exam, make_candidate(1), score=10)
    assert rank_exam.enqueue(exam.pk).return_value == 1


def test_order_labels_follow_the_exam_and_skip_the_prediction_without_truth(exam):
    assert ranking.order_labels(exam) == [
        "điểm cao hơn", "thời gian làm bài ngắn hơn", "nộp bài sớm hơn"
    ]  # fmt: skip
    exam.ranking_order = ["prediction", "score"]
    exam.prediction_truth = Decimal(5)
    assert ranking.order_labels(exam) == ["dự đoán gần đáp án hơn", "điểm cao hơn"]
