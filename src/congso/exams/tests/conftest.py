"""An agency with an exam organiser, a bank of questions and a published contest round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from congso.accounts.tests.factories import make_official, make_province
from congso.exams import questions as question_services
from congso.exams.models import Candidate, Exam, PaperRule, QuestionType


def make_single(*, actor, bank, category, n: int, difficulty: str = "medium"):
    """A single-answer question whose right answer is the choice with id "a"."""
    return question_services.question_create(
        actor=actor,
        bank=bank,
        category=category,
        qtype=QuestionType.SINGLE,
        text=f"Câu hỏi số {n}: điều nào đúng?",
        data={
            "choices": [
                {"id": "a", "text": f"Đáp án đúng {n}", "fraction": 1},
                {"id": "b", "text": f"Phương án sai {n}.1", "fraction": 0},
                {"id": "c", "text": f"Phương án sai {n}.2", "fraction": 0},
                {"id": "d", "text": f"Phương án sai {n}.3", "fraction": 0},
            ]
        },
        difficulty=difficulty,
    )


@pytest.fixture
def province(db):
    return make_province()


@pytest.fixture
def organiser(province):
    return make_official(
        email="tochucthi@test.vn",
        full_name="Trần Văn Tổ Chức",
        unit=province.sotttt,
        role="exam_organiser",
    )


@pytest.fixture
def other_organiser(province):
    return make_official(
        email="tochucthi.yte@test.vn",
        full_name="Lê Thị Y Tế",
        unit=province.soyte,
        role="exam_organiser",
    )


@pytest.fixture
def bank(organiser, province):
    return question_services.bank_create(
        actor=organiser, org_unit=province.sotttt, name="Pháp luật về an toàn thông tin"
    )


@pytest.fixture
def category(organiser, bank):
    return question_services.category_get_or_create(
        actor=organiser, bank=bank, path="Luật An ninh mạng"
    )


@pytest.fixture
def questions(organiser, bank, category):
    return [make_single(actor=organiser, bank=bank, category=category, n=n) for n in range(1, 31)]


@pytest.fixture
def prediction_question(organiser, bank, category):
    return question_services.question_create(
        actor=organiser,
        bank=bank,
        category=category,
        qtype=QuestionType.PREDICTION,
        text="Theo bạn, có bao nhiêu người dự thi tuần này?",
        data={},
    )


@pytest.fixture
def exam(organiser, province, bank, category, questions, prediction_question):
    """A published 20-question round (19 single-answer + the prediction), open now for 20 minutes."""
    now = timezone.now()
    exam = Exam.objects.create(
        org_unit=province.sotttt,
        title="Tìm hiểu pháp luật về an ninh mạng — Tuần 1",
        slug="an-ninh-mang-tuan-1",
        bank=bank,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
        time_limit_minutes=20,
        attempts_allowed=2,
        prediction_question=prediction_question,
        status=Exam.Status.PUBLISHED,
        created_by=organiser,
    )
    PaperRule.objects.create(exam=exam, category=category, count=19)
    return exam


@pytest.fixture
def candidate(db):
    return Candidate.objects.create(
        full_name="Phạm Thị Thí Sinh",
        email="thisinh@test.vn",
        verified_at=timezone.now(),
        workplace="Trường THPT Bắc Duyên Hà",
    )
