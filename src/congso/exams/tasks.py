"""Background work of the exams module.

`rank_exam` ranks an exam once it has closed (enqueue it after the close commits:
`transaction.on_commit(lambda: rank_exam.enqueue(exam.pk))`). It is safe to run twice: ranking
again gives the same results and keeps every candidate's certificate code.
"""

from __future__ import annotations

import logging

from django_tasks import task

from congso.exams import ranking
from congso.exams.models import Exam

logger = logging.getLogger(__name__)


@task()
def rank_exam(exam_id: int) -> int:
    """Rank the exam as "system"; the number of results (0 if it is gone or not closed yet)."""
    exam = Exam.objects.filter(pk=exam_id).first()
    if exam is None or exam.status not in ranking.RANKABLE:
        logger.info("Exam %s is missing or not closed: not ranked", exam_id)
        return 0
    return ranking.exam_rank(actor="system", exam=exam)
