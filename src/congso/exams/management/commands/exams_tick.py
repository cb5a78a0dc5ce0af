"""Run every minute (deploy/systemd/congso-exams-tick.timer): submit attempts whose time is up,
close exams whose closing time has passed, and rank the closed ones."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from congso.exams import attempts
from congso.exams.models import Exam


class Command(BaseCommand):
    help = (
        "Nộp các bài làm đã hết giờ, kết thúc các bài thi đã quá giờ đóng và xếp hạng chúng. "
        "Chạy mỗi phút."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        submitted = attempts.attempts_finalize_expired(now=now)
        closed = 0
        for exam in Exam.objects.filter(status=Exam.Status.PUBLISHED, closes_at__lte=now):
            exams_close_due(exam=exam, now=now)
            closed += 1
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"Đã tự nộp {submitted} bài làm hết giờ; kết thúc {closed} bài thi.")


def exams_close_due(*, exam: Exam, now) -> None:
    """Close an exam whose time is over: the organising service does it, with its audit row."""
    from congso.exams import organising

    organising.exam_close(actor="hệ thống", exam=exam, reason="Hết thời gian mở bài thi")
