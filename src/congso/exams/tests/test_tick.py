"""`congso exams_tick`: attempts whose time is up are submitted, finished exams closed and ranked."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from congso.core.models import AuditLog
from congso.exams import attempts
from congso.exams.models import Attempt, Exam, Result


def test_the_tick_submits_closes_and_ranks(exam, candidate, django_capture_on_commit_callbacks):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    attempts.attempt_save(
        attempt_id=attempt.pk, candidate_id=candidate.pk, answers={"0": "a"}, grace_seconds=30
    )
    Exam.objects.filter(pk=exam.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("exams_tick", verbosity=0)

    attempt.refresh_from_db()
    exam.refresh_from_db()
    assert attempt.status == "submitted"
    assert attempt.finished_by == "server"
    assert exam.status == "ranked"
    assert list(Result.objects.filter(exam=exam).values_list("candidate_id", "rank")) == [
        (candidate.pk, 1)
    ]
    assert AuditLog.objects.filter(action="exams.exam_close", object_id=str(exam.pk)).exists()


def test_the_tick_leaves_running_exams_and_attempts_alone(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    call_command("exams_tick", verbosity=0)

    attempt.refresh_from_db()
    exam.refresh_from_db()
    assert attempt.status == Attempt.Status.OPEN
    assert exam.status == "published"
