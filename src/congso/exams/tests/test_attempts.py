"""Starting, saving and submitting attempts: the server's clock, the paper, the grading."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from congso.core.exceptions import InvalidTransition, NotPermitted, ValidationFailed
from congso.exams import attempts
from congso.exams.models import Attempt, Contest, Paper, Registration
from congso.exams.papers import papers_prepare


def _right_answers(attempt: Attempt) -> dict[str, str]:
    return {str(i): "a" for i, slot in enumerate(attempt.slots) if slot["t"] == "single"}


def test_start_takes_a_paper_from_the_pool_with_20_questions_prediction_last(exam, candidate):
    papers_prepare(exam=exam, count=3)

    attempt = attempts.attempt_start(exam=exam, candidate=candidate, ip_address="10.0.0.5")

    assert Paper.objects.filter(exam=exam, taken=False).count() == 2
    assert len(attempt.slots) == 20
    assert [s["t"] for s in attempt.slots[:19]] == ["single"] * 19
    assert attempt.slots[19]["t"] == "prediction"
    assert len({s["v"] for s in attempt.slots}) == 20
    assert attempt.max_score == Decimal(19)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=20)
    for slot in attempt.slots[:19]:
        assert sorted(slot["order"]) == ["a", "b", "c", "d"]


def test_start_draws_on_demand_when_the_pool_is_empty(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    assert len(attempt.slots) == 20


def test_papers_differ_between_candidates(exam, candidate):
    papers_prepare(exam=exam, count=20)
    orders = {tuple(p.slots[i]["v"] for i in range(19)) for p in Paper.objects.filter(exam=exam)}

    assert len(orders) > 1


def test_a_second_start_resumes_the_open_attempt(exam, candidate):
    first = attempts.attempt_start(exam=exam, candidate=candidate)
    again = attempts.attempt_start(exam=exam, candidate=candidate)

    assert again.pk == first.pk
    assert Attempt.objects.filter(exam=exam, candidate=candidate).count() == 1


def test_deadline_never_after_the_exam_closes(exam, candidate):
    exam.closes_at = timezone.now() + timedelta(minutes=5)
    exam.save()

    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    assert attempt.deadline == exam.closes_at


def test_saved_answers_are_merged_and_survive(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    grace = exam.grace_seconds

    attempts.attempt_save(
        attempt_id=attempt.pk, candidate_id=candidate.pk, answers={"0": "b"}, grace_seconds=grace
    )
    attempts.attempt_save(
        attempt_id=attempt.pk,
        candidate_id=candidate.pk,
        answers={"1": "c", "19": "1.234"},
        grace_seconds=grace,
    )

    attempt.refresh_from_db()
    assert attempt.answers == {"0": "b", "1": "c", "19": "1.234"}
    assert attempt.saved_at is not None


def test_answers_to_questions_outside_the_paper_are_refused(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    with pytest.raises(ValidationFailed, match="không thuộc đề thi"):
        attempts.attempt_save(
            attempt_id=attempt.pk, candidate_id=candidate.pk, answers={"20": "a"}, grace_seconds=30
        )
    with pytest.raises(ValidationFailed, match="không hợp lệ"):
        attempts.attempt_save(
            attempt_id=attempt.pk, candidate_id=candidate.pk, answers={"0": "zz"}, grace_seconds=30
        )
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_no_answer_is_accepted_after_the_deadline_and_grace(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    late = attempt.deadline + timedelta(seconds=exam.grace_seconds + 1)
    within_grace = attempt.deadline + timedelta(seconds=exam.grace_seconds - 1)

    attempts.attempt_save(
        attempt_id=attempt.pk,
        candidate_id=candidate.pk,
        answers={"0": "a"},
        grace_seconds=exam.grace_seconds,
        now=within_grace,
    )
    with pytest.raises(InvalidTransition, match="hết giờ"):
        attempts.attempt_save(
            attempt_id=attempt.pk,
            candidate_id=candidate.pk,
            answers={"1": "a"},
            grace_seconds=exam.grace_seconds,
            now=late,
        )
    attempt.refresh_from_db()
    assert attempt.answers == {"0": "a"}


def test_submission_grades_on_the_server(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    answers = _right_answers(attempt)
    answers["0"] = "b"  # one wrong
    answers["19"] = "1.500"  # the prediction: one thousand five hundred

    done = attempts.attempt_submit(attempt=attempt, candidate=candidate, answers=answers)

    assert done.status == "submitted"
    assert done.finished_by == "candidate"
    assert done.score == Decimal(18)
    assert done.prediction == Decimal(1500)
    assert done.marks[0] == 0
    assert done.marks[1] == 1
    assert done.marks[19] is None
    assert done.time_taken_seconds is not None


def test_the_server_submits_an_attempt_left_open_past_its_deadline(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    attempts.attempt_save(
        attempt_id=attempt.pk,
        candidate_id=candidate.pk,
        answers=_right_answers(attempt),
        grace_seconds=exam.grace_seconds,
    )
    after = attempt.deadline + timedelta(seconds=exam.grace_seconds + 5)

    assert attempts.attempts_finalize_expired(now=after - timedelta(minutes=30)) == 0
    assert attempts.attempts_finalize_expired(now=after) == 1

    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.finished_by == "server"
    assert attempt.score == Decimal(19)
    assert attempt.submitted_at == attempt.deadline
    assert attempt.time_taken_seconds == 20 * 60


def test_allowed_attempts_are_counted(exam, candidate):
    for _ in range(exam.attempts_allowed):
        attempt = attempts.attempt_start(exam=exam, candidate=candidate)
        attempts.attempt_submit(attempt=attempt, candidate=candidate)

    with pytest.raises(InvalidTransition, match="đủ 2 lần"):
        attempts.attempt_start(exam=exam, candidate=candidate)
    assert Attempt.objects.filter(exam=exam, candidate=candidate).count() == 2


def test_contest_rounds_need_registration(exam, candidate, province):
    contest = Contest.objects.create(
        org_unit=province.sotttt, title="Cuộc thi", slug="cuoc-thi", status="published"
    )
    exam.contest = contest
    exam.save()

    with pytest.raises(NotPermitted, match="đăng ký"):
        attempts.attempt_start(exam=exam, candidate=candidate)
    Registration.objects.create(contest=contest, candidate=candidate)
    assert attempts.attempt_start(exam=exam, candidate=candidate).pk


def test_ip_ranges_and_supervised_start(exam, candidate):
    exam.allowed_networks = "10.20.0.0/16\n192.168.1.10"
    exam.supervised_start = True
    exam.save()

    with pytest.raises(NotPermitted, match="phòng thi"):
        attempts.attempt_start(exam=exam, candidate=candidate, ip_address="203.0.113.9")
    with pytest.raises(InvalidTransition, match="cán bộ coi thi"):
        attempts.attempt_start(exam=exam, candidate=candidate, ip_address="10.20.3.4")
    exam.supervisor_started_at = timezone.now()
    exam.save()
    assert attempts.attempt_start(exam=exam, candidate=candidate, ip_address="10.20.3.4").pk


def test_closed_or_not_yet_open_exams_refuse_starts(exam, candidate):
    exam.opens_at = timezone.now() + timedelta(hours=1)
    exam.save()
    with pytest.raises(InvalidTransition, match="mở lúc"):
        attempts.attempt_start(exam=exam, candidate=candidate)
    exam.opens_at = timezone.now() - timedelta(hours=2)
    exam.closes_at = timezone.now() - timedelta(minutes=1)
    exam.save()
    with pytest.raises(InvalidTransition, match="đã kết thúc"):
        attempts.attempt_start(exam=exam, candidate=candidate)
    assert not Attempt.objects.exists()


def test_the_paper_view_holds_no_answer_key(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    views = attempts.paper_view(attempt)

    assert len(views) == 20
    assert all(v.correct_ids == set() for v in views)
    assert [c[0] for c in views[0].choices] == attempt.slots[0]["order"]
