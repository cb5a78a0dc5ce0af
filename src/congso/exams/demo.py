"""Demo content of the online exams: question banks, a public contest and a standalone test.

Data lives in `congso/exams/demo_data/` (JSON): a folder per bank (`_bank.json` lists its
category files), the contest (`cuoc_thi_phap_luat_2026.json`), the candidates of its first
round (`thi_sinh_vong_1.json`) and the test (`kiem_tra_attt.json`).

- Bank "Pháp luật phổ thông" of the Department of Justice, and "An toàn thông tin cho cán bộ,
  công chức" of the Department of Information and Communications.
- The contest "tim-hieu-phap-luat-2026": round 1 ran two weeks and closed last week; twelve demo
  candidates took it through the real services (`attempt_start` / `attempt_save` /
  `attempt_submit` with `now=` in the past), then it was closed, the prediction's truth set to
  the number of attempts, ranked and its results published. Round 2 is open for the next 30
  days with a pool of papers drawn.
- The test "kiem-tra-an-toan-thong-tin-can-bo": open now, all questions on one page, answers
  shown after submission.

Safe to run again: banks are matched by agency and name, questions by their text (any version),
contests and exams by slug, candidates by email. What exists is left as it is, so a second run
creates nothing. Dates are relative to the first run, in Vietnam's time.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from congso.accounts.models import OrgUnit, User
from congso.core.audit import audit_log
from congso.exams import questions as question_services
from congso.exams.models import (
    Attempt,
    Candidate,
    Contest,
    Exam,
    PaperRule,
    Prize,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionType,
    QuestionVersion,
    Registration,
    Result,
)

DATA = Path(__file__).with_name("demo_data")
BANK_DIRS = ("phap_luat", "an_toan_thong_tin")
CONTEST_FILE = "cuoc_thi_phap_luat_2026.json"
ROUND_ONE_FILE = "thi_sinh_vong_1.json"
TEST_FILE = "kiem_tra_attt.json"
ORGANISER = "tochucthi@demo.congso.vn"
ACTOR = "congso demo"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CHOICE_IDS = "abcdefghijkl"
TEST_PAPERS = 50
ROUND_TWO_PAPERS = 50

# The schedule, in days from the day of the first run.
REGISTRATION_OPENS = -28
ROUND_ONE_OPENS = -21
ROUND_ONE_CLOSES = -7
ROUND_TWO_OPENS = -6
ROUND_TWO_CLOSES = 30
TEST_OPENS = -2
TEST_CLOSES = 30


@cache
def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def bank_files(folder: str) -> list[dict[str, Any]]:
    """The category files of a bank folder, in the order `_bank.json` lists them."""
    return [load(f"{folder}/{name}") for name in load(f"{folder}/_bank.json")["files"]]


def question_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """The `question_create` arguments (bar actor, bank and category) of one question in a file."""
    qtype = raw.get("type", QuestionType.SINGLE)
    fields: dict[str, Any] = {
        "qtype": qtype,
        "text": raw["text"],
        "difficulty": raw.get("difficulty", "medium"),
        "general_feedback": raw.get("feedback", ""),
    }
    if qtype in (QuestionType.SINGLE, QuestionType.MULTI):
        answer = raw["answer"]
        right = set(answer) if isinstance(answer, list) else {answer}
        wrong = len(raw["choices"]) - len(right)
        choices = []
        for index, text in enumerate(raw["choices"]):
            if qtype == QuestionType.SINGLE:
                fraction = 1.0 if index in right else 0.0
            elif index in right:
                fraction = round(1 / len(right), 7)
            else:  # choosing every answer of a multi-answer question earns nothing
                fraction = round(-1 / wrong, 7)
            choices.append({"id": CHOICE_IDS[index], "text": text, "fraction": fraction})
        fields["data"] = {"choices": choices}
    elif qtype == QuestionType.TRUE_FALSE:
        fields["data"] = {"correct": bool(raw["answer"])}
    elif qtype == QuestionType.SHORT_ANSWER:
        fields["data"] = {
            "answers": [{"text": text, "fraction": 1} for text in raw["answers"]],
            "accent_sensitive": raw.get("accent_sensitive", True),
        }
    elif qtype == QuestionType.NUMERIC:
        fields["data"] = {
            "answers": [{"value": raw["answer"], "tolerance": raw.get("tolerance", 0)}]
        }
    else:
        fields["data"] = {}
    return fields


# --- dates -----------------------------------------------------------------------------------


def _at(day: date, clock: str | time) -> datetime:
    if isinstance(clock, str):
        clock = time.fromisoformat(clock)
    return datetime.combine(day, clock, tzinfo=VN)


def _text(value: datetime) -> str:
    local = value.astimezone(VN)
    return f"{local:%H} giờ {local:%M} ngày {local:%d/%m/%Y}"


def schedule(now: datetime) -> dict[str, datetime]:
    today = now.astimezone(VN).date()

    def on(days: int, clock: str) -> datetime:
        return _at(today + timedelta(days=days), clock)

    return {
        "dang_ky_mo": on(REGISTRATION_OPENS, "08:00"),
        "dang_ky_dong": on(ROUND_TWO_CLOSES, "17:00"),
        "vong1_mo": on(ROUND_ONE_OPENS, "08:00"),
        "vong1_dong": on(ROUND_ONE_CLOSES, "17:00"),
        "vong2_mo": on(ROUND_TWO_OPENS, "08:00"),
        "vong2_dong": on(ROUND_TWO_CLOSES, "17:00"),
        "kiem_tra_mo": on(TEST_OPENS, "07:30"),
        "kiem_tra_dong": on(TEST_CLOSES, "17:00"),
    }


# --- seeding ---------------------------------------------------------------------------------


class _Seeder:
    def __init__(self, now: datetime):
        self.now = now
        self.when = schedule(now)
        self.created: Counter[str] = Counter()
        self.organiser = User.objects.filter(email=ORGANISER).first()

    @property
    def actor(self):
        return self.organiser or ACTOR

    def total(self) -> int:
        return sum(self.created.values())

    # banks

    def bank(self, folder: str) -> QuestionBank | None:
        spec = load(f"{folder}/_bank.json")
        unit = OrgUnit.objects.filter(code=spec["org_unit"]).first()
        if unit is None:
            return None
        # The demo organiser works at the Department of Justice: other agencies' banks are the
        # seed's own.
        actor = self.actor if self._organises(unit) else ACTOR
        bank = QuestionBank.objects.filter(org_unit=unit, name=spec["name"]).first()
        if bank is None:
            bank = question_services.bank_create(
                actor=actor, org_unit=unit, name=spec["name"], description=spec["description"]
            )
            self.created["banks"] += 1
        known = set(
            QuestionVersion.objects.filter(question__bank=bank).values_list("text", flat=True)
        )
        categories = bank.categories.count()
        for position, part in enumerate(bank_files(folder), start=1):
            category = question_services.category_get_or_create(
                actor=actor, bank=bank, path=part["category"]
            )
            top = category
            while top.parent_id is not None:
                top = top.parent
            if not top.position:  # new: the files' order
                QuestionCategory.objects.filter(pk=top.pk).update(position=position)
            for raw in part["questions"]:
                fields = question_fields(raw)
                if question_services.clean_html(fields["text"]) in known:
                    continue
                question_services.question_create(
                    actor=actor, bank=bank, category=category, **fields
                )
                self.created["questions"] += 1
        self.created["categories"] += bank.categories.count() - categories
        return bank

    def _organises(self, unit: OrgUnit) -> bool:
        if self.organiser is None:
            return False
        from congso.exams.permissions import organiser_units

        return organiser_units(self.organiser).filter(pk=unit.pk).exists()

    # exams

    def exam(
        self,
        *,
        bank: QuestionBank,
        contest: Contest | None,
        fields: dict[str, Any],
        rules: list[dict[str, Any]],
        prizes: Sequence[dict[str, Any]] = (),
        actor: Any,
    ) -> Exam:
        exam = Exam(
            org_unit=contest.org_unit if contest else bank.org_unit,
            contest=contest,
            bank=bank,
            status=Exam.Status.PUBLISHED,
            created_by=actor if isinstance(actor, User) else None,
            **fields,
        )
        exam.full_clean()
        exam.save()
        categories = {c.full_name: c for c in bank.categories.all()}
        for position, rule in enumerate(rules, start=1):
            PaperRule.objects.create(
                exam=exam, category=categories[rule["category"]], count=rule["count"],
                position=position,
            )  # fmt: skip
        for position, tier in enumerate(prizes, start=1):
            Prize.objects.create(exam=exam, position=position, **tier)
        self.created["exams"] += 1
        self.created["paper_rules"] += len(rules)
        self.created["prize_tiers"] += len(prizes)
        audit_log(
            actor=actor,
            action="exams.exam_create",
            obj=exam,
            changes={"title": exam.title, "slug": exam.slug, "demo": True},
        )
        return exam

    def test(self) -> None:
        spec = load(TEST_FILE)
        if Exam.objects.filter(slug=spec["slug"]).exists():
            return
        bank = self._bank_named(spec["org_unit"], spec["bank"])
        if bank is None:
            return
        from congso.exams.papers import papers_prepare

        exam = self.exam(
            bank=bank,
            contest=None,
            fields={
                "title": spec["title"],
                "slug": spec["slug"],
                "description": spec["description"],
                "opens_at": self.when["kiem_tra_mo"],
                "closes_at": self.when["kiem_tra_dong"],
                "time_limit_minutes": spec["time_limit_minutes"],
                "attempts_allowed": spec["attempts_allowed"],
                "layout": Exam.Layout.ALL,
                "review_show_correct": True,
            },
            rules=spec["paper_rules"],
            actor=ACTOR,
        )
        papers_prepare(exam=exam, count=TEST_PAPERS)

    # the contest

    def contest(self) -> None:
        spec = load(CONTEST_FILE)
        bank = self._bank_named(spec["org_unit"], spec["bank"])
        if bank is None:
            return
        contest = Contest.objects.filter(slug=spec["slug"]).first()
        if contest is None:
            texts = {key: _text(value) for key, value in self.when.items()}
            contest = Contest(
                org_unit=bank.org_unit,
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                rules=spec["rules"].format(**texts),
                prizes=spec["prizes"],
                registration_opens_at=self.when["dang_ky_mo"],
                registration_closes_at=self.when["dang_ky_dong"],
                status=Contest.Status.PUBLISHED,
                created_by=self.organiser,
            )
            contest.full_clean()
            contest.save()
            audit_log(
                actor=self.actor,
                action="exams.contest_create",
                obj=contest,
                changes={"title": contest.title, "slug": contest.slug, "demo": True},
            )
            self.created["contests"] += 1
        first, second = spec["rounds"]
        if not Exam.objects.filter(slug=first["slug"]).exists():
            self.round_one(spec, first, contest, bank)
        if not Exam.objects.filter(slug=second["slug"]).exists():
            self.round_two(spec, second, contest, bank)

    def _round(self, spec, round_spec, contest, bank, opens_at, closes_at) -> Exam:
        prediction = self._prediction(bank, round_spec["prediction"])
        return self.exam(
            bank=bank,
            contest=contest,
            fields={
                "round_number": round_spec["number"],
                "title": round_spec["title"],
                "slug": round_spec["slug"],
                "description": spec["description"],
                "opens_at": opens_at,
                "closes_at": closes_at,
                "time_limit_minutes": spec["time_limit_minutes"],
                "attempts_allowed": spec["attempts_allowed"],
                "layout": Exam.Layout.ONE,
                "prediction_question": prediction,
                "ranking_order": list(Exam.RANKING_KEYS),
            },
            rules=spec["paper_rules"],
            prizes=spec["prize_tiers"],
            actor=self.actor,
        )

    def round_two(self, spec, round_spec, contest, bank) -> None:
        from congso.exams.papers import papers_prepare

        exam = self._round(
            spec, round_spec, contest, bank, self.when["vong2_mo"], self.when["vong2_dong"]
        )
        papers_prepare(exam=exam, count=ROUND_TWO_PAPERS)

    def round_one(self, spec, round_spec, contest, bank) -> None:
        """Held two weeks ago: candidates take it in the past, then close, rank and publish."""
        from congso.exams.papers import papers_discard_unused, papers_prepare
        from congso.exams.ranking import exam_publish_ranking, exam_set_prediction_truth

        opens_at, closes_at = self.when["vong1_mo"], self.when["vong1_dong"]
        exam = self._round(spec, round_spec, contest, bank, opens_at, closes_at)
        people = load(ROUND_ONE_FILE)["candidates"]
        papers_prepare(exam=exam, count=sum(len(p["attempts"]) for p in people))
        for person in people:
            candidate = self._candidate(person, contest, opens_at)
            for number, plan in enumerate(person["attempts"], start=1):
                self._take(exam, candidate, plan, person["skill"], number)
        # The organiser closed the round at its closing time and ranked it the next morning.
        Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.CLOSED)
        papers_discard_unused(exam=exam)
        audit_log(
            actor=self.actor,
            action="exams.exam_close",
            obj=exam,
            changes={"status": [Exam.Status.PUBLISHED, Exam.Status.CLOSED], "demo": True},
        )
        attempts = Attempt.objects.filter(exam=exam).count()
        exam_set_prediction_truth(actor=self.actor, exam=exam, value=attempts)
        exam_publish_ranking(actor=self.actor, exam=exam)
        morning = _at(closes_at.astimezone(VN).date() + timedelta(days=1), "09:00")
        Exam.objects.filter(pk=exam.pk).update(
            ranked_at=morning, ranking_published_at=morning + timedelta(hours=1, minutes=30)
        )
        self.created["results"] += Result.objects.filter(exam=exam).count()

    def _candidate(self, person: dict[str, Any], contest: Contest, opens_at) -> Candidate:
        from congso.exams.candidates import (
            Contact,
            Profile,
            candidate_register,
            contest_register,
        )

        email = person["email"]
        first = person["attempts"][0]
        registered_at = _at(
            opens_at.astimezone(VN).date() + timedelta(days=first["day"]), first["at"]
        ) - timedelta(minutes=25)
        candidate = Candidate.objects.filter(email=email).first()
        if candidate is None:
            candidate = candidate_register(
                contact=Contact("email", email),
                profile=Profile(full_name=person["full_name"], workplace=person["workplace"]),
            )
            Candidate.objects.filter(pk=candidate.pk).update(
                created_at=registered_at, verified_at=registered_at
            )
            self.created["candidates"] += 1
        if not Registration.objects.filter(contest=contest, candidate=candidate).exists():
            registration = contest_register(contest=contest, candidate=candidate)
            Registration.objects.filter(pk=registration.pk).update(created_at=registered_at)
            self.created["registrations"] += 1
        return candidate

    def _take(
        self, exam: Exam, candidate: Candidate, plan: dict[str, Any], skill: float, number: int
    ) -> None:
        from congso.exams.attempts import attempt_save, attempt_start, attempt_submit

        started = _at(exam.opens_at.astimezone(VN).date() + timedelta(days=plan["day"]), plan["at"])
        rng = random.Random(f"{candidate.email}:{exam.slug}:{number}")  # noqa: S311 - demo data
        attempt = attempt_start(exam=exam, candidate=candidate, now=started)
        answers = _answers(attempt.slots, skill=skill, prediction=plan["prediction"], rng=rng)
        keys = sorted(answers, key=int)
        half = len(keys) // 2
        took = timedelta(seconds=plan["seconds"])
        attempt_save(
            attempt_id=attempt.pk,
            candidate_id=candidate.pk,
            answers={k: answers[k] for k in keys[:half]},
            grace_seconds=exam.grace_seconds,
            now=started + took / 2,
        )
        attempt_submit(
            attempt=attempt,
            candidate=candidate,
            answers={k: answers[k] for k in keys[half:]},
            now=started + took,
        )
        self.created["attempts"] += 1

    # look-ups

    def _bank_named(self, code: str, name: str) -> QuestionBank | None:
        return QuestionBank.objects.filter(org_unit__code=code, name=name).first()

    def _prediction(self, bank: QuestionBank, key: str) -> Question:
        for part in bank_files("phap_luat"):
            for raw in part["questions"]:
                if raw.get("key") == key:
                    text = question_services.clean_html(raw["text"])
                    return Question.objects.filter(
                        bank=bank, qtype=QuestionType.PREDICTION, versions__text=text
                    ).first()
        raise LookupError(key)


def _answers(
    slots: list[dict], *, skill: float, prediction: str, rng: random.Random
) -> dict[str, Any]:
    """What a candidate who knows a share `skill` of the answers puts on their paper."""
    versions = dict(
        QuestionVersion.objects.filter(pk__in=[s["v"] for s in slots]).values_list("pk", "data")
    )
    answers: dict[str, Any] = {}
    for index, slot in enumerate(slots):
        data, kind, knows = versions.get(slot["v"], {}), slot["t"], rng.random() < skill
        if kind == QuestionType.PREDICTION:
            answers[str(index)] = prediction
        elif kind in (QuestionType.SINGLE, QuestionType.MULTI):
            right = [c["id"] for c in data["choices"] if float(c["fraction"]) > 0]
            wrong = [c["id"] for c in data["choices"] if float(c["fraction"]) <= 0]
            if kind == QuestionType.SINGLE:
                answers[str(index)] = right[0] if knows or not wrong else rng.choice(wrong)
            else:
                answers[str(index)] = right if knows else right[:1] + wrong[:1]
        elif kind == QuestionType.TRUE_FALSE:
            answers[str(index)] = "true" if bool(data.get("correct")) == knows else "false"
        elif kind == QuestionType.SHORT_ANSWER:
            answers[str(index)] = data["answers"][0]["text"] if knows else "Không nhớ"
        elif kind == QuestionType.NUMERIC:
            value = Decimal(data["answers"][0]["value"])
            answers[str(index)] = str(value if knows else value + 1)
    return answers


def seed_exams(*, now: datetime | None = None) -> int:
    """Create what is missing of the exams' demo content; the number of objects created."""
    seeder = _Seeder(now or timezone.now())
    with transaction.atomic():
        for folder in BANK_DIRS:
            seeder.bank(folder)
        seeder.contest()
        seeder.test()
    return seeder.total()
