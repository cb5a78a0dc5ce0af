"""The exams' demo content: banks, the contest (a ranked round 1, an open round 2) and a test."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from congso.core.models import AuditLog
from congso.demo.accounts import DEMO_PEOPLE, SO_TTTT, SO_TU_PHAP
from congso.demo.data import all_units
from congso.exams import demo
from congso.exams.attempts import attempt_start, attempt_submit, may_see_correct
from congso.exams.models import (
    Attempt,
    Candidate,
    Contest,
    Exam,
    Paper,
    PaperRule,
    Prize,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
    Registration,
    Result,
)
from congso.exams.questions import normalise_data
from congso.exams.urls import RESERVED_SLUGS

pytestmark = [pytest.mark.django_db]

LAW_CATEGORIES = {
    "Hiến pháp năm 2013",
    "Giao thông đường bộ / Luật Trật tự, an toàn giao thông đường bộ năm 2024",
    "Luật An ninh mạng 2018",
    "Luật Phòng, chống tác hại của rượu, bia",
    "Luật Hôn nhân và gia đình",
    "Luật Đất đai 2024",
}
MODELS = (
    QuestionBank, QuestionCategory, Question, Contest, Exam, PaperRule, Prize, Candidate,
    Registration, Attempt, Result, Paper, AuditLog,
)  # fmt: skip
CREATED = {model.__name__ for model in MODELS} - {"Paper", "AuditLog"}


def _province() -> None:
    """The demo agencies and accounts, as `congso demo` makes them (no procedures or portals)."""
    from congso.demo.services import SeedResult, _seed_person, _seed_unit

    result = SeedResult()
    for spec in all_units():
        _seed_unit(spec, result)
    for person in DEMO_PEOPLE:
        _seed_person(person, result)


@pytest.fixture
def seeded(db) -> int:
    _province()
    return demo.seed_exams()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def contest_round(number: int) -> Exam:
    spec = demo.load(demo.CONTEST_FILE)["rounds"][number - 1]
    return Exam.objects.select_related("contest").get(slug=spec["slug"])


def test_seeding_twice_creates_nothing_the_second_time(seeded):
    before = counts()
    assert seeded == sum(before[name] for name in CREATED)
    assert demo.seed_exams() == 0
    assert counts() == before


def test_without_the_demo_province_nothing_is_seeded(db):
    assert demo.seed_exams() == 0
    assert QuestionBank.objects.count() == 0


def test_the_law_bank_has_sixty_valid_single_answer_questions_and_every_type(seeded):
    bank = QuestionBank.objects.get(org_unit__code=SO_TU_PHAP, name="Pháp luật phổ thông")
    questions = list(bank.questions.select_related("current_version", "category"))
    for question in questions:
        version = question.current_version
        assert normalise_data(question.qtype, version.data) == version.data
        assert version.qtype == question.qtype
        assert version.text.strip()
    singles = [q for q in questions if q.qtype == QuestionType.SINGLE]
    assert len(singles) >= 60
    for question in singles:
        choices = question.current_version.data["choices"]
        assert len(choices) == 4
        assert [c["fraction"] for c in choices].count(1.0) == 1
        assert all(c["fraction"] in (0.0, 1.0) for c in choices)
    in_laws = {q.category.full_name for q in singles}
    assert in_laws == LAW_CATEGORIES
    kinds = Counter(q.qtype for q in questions)
    assert set(kinds) == set(QuestionType.values)
    assert {q.difficulty for q in singles} == {"easy", "medium", "hard"}
    assert bank.questions.filter(
        qtype=QuestionType.PREDICTION,
        current_version__text="Theo bạn, có bao nhiêu lượt người tham gia dự thi vòng 1?",
    ).exists()
    # No question asked twice.
    texts = [q.current_version.text for q in questions]
    assert len(texts) == len(set(texts))


def test_data_files_are_small_and_well_formed():
    for path in demo.DATA.rglob("*.json"):
        assert path.stat().st_size < 15_000, path.name
    for folder in demo.BANK_DIRS:
        for part in demo.bank_files(folder):
            for raw in part["questions"]:
                fields = demo.question_fields(raw)
                normalise_data(fields["qtype"], fields["data"])  # raises when invalid
                if fields["qtype"] == QuestionType.SINGLE:
                    assert len(raw["choices"]) == 4
                    assert raw["answer"] in range(4)
                    assert len(set(raw["choices"])) == 4
    slugs = [r["slug"] for r in demo.load(demo.CONTEST_FILE)["rounds"]]
    slugs.append(demo.load(demo.TEST_FILE)["slug"])
    assert not set(slugs) & RESERVED_SLUGS


def test_round_two_is_open_and_a_demo_candidate_gets_twenty_questions(seeded):
    exam = contest_round(2)
    now = timezone.now()
    assert exam.status == Exam.Status.PUBLISHED
    assert exam.contest.status == Contest.Status.PUBLISHED
    assert exam.opens_at <= now < exam.closes_at
    assert exam.closes_at - now > timedelta(days=29)
    assert Paper.objects.filter(exam=exam, taken=False).count() == demo.ROUND_TWO_PAPERS
    assert exam.attempts_allowed == 2
    assert exam.time_limit_minutes == 20

    candidate = Candidate.objects.get(email="thisinh1@demo.congso.vn")
    attempt = attempt_start(exam=exam, candidate=candidate)
    kinds = [slot["t"] for slot in attempt.slots]
    assert len(kinds) == 20
    assert kinds[-1] == QuestionType.PREDICTION
    assert kinds[:-1] == [QuestionType.SINGLE] * 19
    assert attempt.max_score == 19
    assert attempt.deadline - attempt.started_at == timedelta(minutes=20)


def test_round_one_is_ranked_with_its_results_published(seeded):
    exam = contest_round(1)
    now = timezone.now()
    people = demo.load(demo.ROUND_ONE_FILE)["candidates"]
    assert exam.status == Exam.Status.RANKED
    assert exam.closes_at < now - timedelta(days=6)
    assert exam.ranked_at < exam.ranking_published_at < now
    attempts = Attempt.objects.filter(exam=exam)
    assert attempts.count() == sum(len(p["attempts"]) for p in people) >= 12
    assert exam.prediction_truth == attempts.count()
    assert not attempts.exclude(status=Attempt.Status.SUBMITTED).exists()
    assert not attempts.exclude(finished_by=Attempt.FinishedBy.CANDIDATE).exists()
    assert not attempts.filter(submitted_at__gt=exam.closes_at).exists()
    assert not attempts.filter(prediction__isnull=True).exists()

    results = list(Result.objects.filter(exam=exam).order_by("rank"))
    assert [r.rank for r in results] == list(range(1, len(people) + 1))
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    prizes = Counter(r.prize for r in results)
    assert prizes == {
        "Giải Nhất": 1, "Giải Nhì": 2, "Giải Ba": 3, "Giải Khuyến khích": 5, "": len(people) - 11
    }  # fmt: skip
    assert Registration.objects.filter(contest=exam.contest).count() == len(people)


def test_the_security_test_is_open_on_one_page_with_the_answers_after_submission(seeded):
    exam = Exam.objects.get(slug=demo.load(demo.TEST_FILE)["slug"])
    now = timezone.now()
    assert exam.org_unit.code == SO_TTTT
    assert exam.contest is None
    assert exam.status == Exam.Status.PUBLISHED
    assert exam.opens_at <= now < exam.closes_at
    assert exam.layout == Exam.Layout.ALL
    assert exam.review_show_correct
    assert exam.bank.questions.count() >= 15

    candidate = Candidate.objects.create(
        full_name="Lê Thị Cán Bộ", email="canbo@test.vn", verified_at=now
    )
    attempt = attempt_start(exam=exam, candidate=candidate)
    assert len(attempt.slots) == 10
    attempt = attempt_submit(attempt=attempt, candidate=candidate)
    assert may_see_correct(attempt)


def test_congso_demo_counts_the_exam_objects_once(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path / "media"
    first, second = StringIO(), StringIO()
    call_command("demo", "--no-portals", stdout=first)
    call_command("demo", "--no-portals", stdout=second)
    assert "đối tượng thi trực tuyến mẫu" in first.getvalue()
    assert "thi trực tuyến" not in second.getvalue()
    assert Exam.objects.count() == 3
