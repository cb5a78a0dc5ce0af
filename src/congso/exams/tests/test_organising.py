"""Organising services: contests, exams, rules, prizes, publish, close, supervisor, extra time."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from congso.core.exceptions import Conflict, InvalidTransition, ValidationFailed
from congso.core.models import AuditLog
from congso.exams import attempts, organising
from congso.exams import questions as question_services
from congso.exams.models import Attempt, Contest, Exam, Paper, PaperRule, Prize, QuestionBank
from congso.exams.papers import papers_prepare

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_pool(monkeypatch):
    monkeypatch.setattr(organising, "PAPER_POOL_SIZE", 5)
    monkeypatch.setattr(organising, "CONTEST_PAPER_POOL_SIZE", 8)


def _exam_fields(province, bank, **overrides):
    now = timezone.now()
    fields = {
        "org_unit": province.sotttt,
        "title": "Kiểm tra kiến thức an toàn thông tin quý IV",
        "bank": bank,
        "opens_at": now + timedelta(hours=1),
        "closes_at": now + timedelta(days=2),
        "time_limit_minutes": 30,
        "attempts_allowed": 2,
        "ranking_order": ["score", "time", "prediction", "submitted"],
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def draft(organiser, province, bank, questions):
    exam = organising.exam_create(actor=organiser, fields=_exam_fields(province, bank))
    return exam


def _actions(obj) -> list[str]:
    from django.contrib.contenttypes.models import ContentType

    return list(
        AuditLog.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- contests ------------------------------------------------------------------------------


def test_a_contest_gets_a_slug_from_its_title_and_an_audit_row(organiser, province):
    contest = organising.contest_create(
        actor=organiser,
        fields={"org_unit": province.sotttt, "title": "Tìm hiểu  Luật An ninh mạng 2026"},
    )

    assert contest.slug == "tim-hieu-luat-an-ninh-mang-2026"
    assert contest.title == "Tìm hiểu Luật An ninh mạng 2026"
    assert contest.status == Contest.Status.DRAFT
    assert contest.created_by == organiser
    assert _actions(contest) == ["exams.contest_create"]


def test_a_second_contest_with_the_same_title_gets_another_slug(organiser, province):
    fields = {"org_unit": province.sotttt, "title": "Cuộc thi ảnh đẹp"}
    first = organising.contest_create(actor=organiser, fields=fields)
    second = organising.contest_create(actor=organiser, fields=fields)

    assert (first.slug, second.slug) == ("cuoc-thi-anh-dep", "cuoc-thi-anh-dep-2")


def test_registration_must_close_after_it_opens(organiser, province):
    now = timezone.now()

    with pytest.raises(ValidationFailed, match="thời điểm đóng phải sau thời điểm mở"):
        organising.contest_create(
            actor=organiser,
            fields={
                "org_unit": province.sotttt,
                "title": "Cuộc thi",
                "registration_opens_at": now,
                "registration_closes_at": now - timedelta(days=1),
            },
        )

    assert Contest.objects.count() == 0


def test_unknown_fields_are_refused(organiser, province):
    with pytest.raises(ValidationFailed, match="status"):
        organising.contest_create(
            actor=organiser,
            fields={"org_unit": province.sotttt, "title": "Cuộc thi", "status": "published"},
        )
    assert Contest.objects.count() == 0


def test_contest_publish_then_finish(organiser, province):
    contest = organising.contest_create(
        actor=organiser, fields={"org_unit": province.sotttt, "title": "Cuộc thi"}
    )

    organising.contest_publish(actor=organiser, contest=contest)
    with pytest.raises(InvalidTransition):
        organising.contest_publish(actor=organiser, contest=contest)
    organising.contest_finish(actor=organiser, contest=contest)

    contest.refresh_from_db()
    assert contest.status == Contest.Status.FINISHED
    assert _actions(contest) == [
        "exams.contest_create",
        "exams.contest_publish",
        "exams.contest_finish",
    ]
    with pytest.raises(InvalidTransition):
        organising.contest_update(actor=organiser, contest=contest, fields={"title": "Khác"})
    contest.refresh_from_db()
    assert contest.title == "Cuộc thi"


def test_a_contest_does_not_finish_while_a_round_is_open(organiser, province, exam):
    contest = organising.contest_create(
        actor=organiser, fields={"org_unit": province.sotttt, "title": "Cuộc thi"}
    )
    Exam.objects.filter(pk=exam.pk).update(contest=contest)
    organising.contest_publish(actor=organiser, contest=contest)

    with pytest.raises(InvalidTransition, match="Còn vòng thi chưa kết thúc"):
        organising.contest_finish(actor=organiser, contest=contest)

    contest.refresh_from_db()
    assert contest.status == Contest.Status.PUBLISHED


def test_contest_update_records_what_changed(organiser, province):
    contest = organising.contest_create(
        actor=organiser, fields={"org_unit": province.sotttt, "title": "Cuộc thi"}
    )

    organising.contest_update(
        actor=organiser, contest=contest, fields={"summary": "Dành cho đoàn viên", "slug": "ct"}
    )

    contest.refresh_from_db()
    assert (contest.summary, contest.slug) == ("Dành cho đoàn viên", "ct")
    row = AuditLog.objects.get(action="exams.contest_update")
    assert row.changes == {"slug": ["cuoc-thi", "ct"], "summary": ["", "Dành cho đoàn viên"]}


# --- exams ---------------------------------------------------------------------------------


def test_exam_create_normalises_networks_and_contacts(organiser, province, bank):
    exam = organising.exam_create(
        actor=organiser,
        fields=_exam_fields(
            province,
            bank,
            access=Exam.Access.LIST,
            allowed_contacts="ThiSinh@Test.vn\n+84912345678, 0912345678\n\n",
            allowed_networks=" 10.20.0.0/16\n203.162.4.10\n10.20.1.0/16",
        ),
    )

    assert exam.status == Exam.Status.DRAFT
    assert exam.slug == "kiem-tra-kien-thuc-an-toan-thong-tin-quy-iv"
    assert exam.allowed_contacts == "thisinh@test.vn\n0912345678"
    assert exam.allowed_networks == "10.20.0.0/16\n203.162.4.10/32"
    assert exam.ranking_order == ["score", "time", "prediction", "submitted"]
    assert _actions(exam) == ["exams.exam_create"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"allowed_networks": "10.20.0.0/33"}, "Dòng 1: “10.20.0.0/33” không phải là dải"),
        ({"allowed_networks": "10.0.0.0/8\nmạng nội bộ"}, "Dòng 2: “mạng nội bộ”"),
        ({"attempts_allowed": 4}, "Số lần làm bài phải từ 1 đến 3"),
        ({"access": Exam.Access.LIST}, "hãy nhập danh sách thí sinh"),
        ({"allowed_contacts": "không phải@"}, "không phải là thư điện tử hay số điện thoại"),
        ({"ranking_order": ["score", "score"]}, "chỉ được chọn một lần"),
        ({"slug": "dang-nhap"}, "đã dành cho trang khác"),
        ({"title": "   "}, "Hãy đặt tên cho bài thi"),
    ],
)
def test_exam_create_refuses_bad_settings(organiser, province, bank, overrides, message):
    with pytest.raises(ValidationFailed, match=message):
        organising.exam_create(actor=organiser, fields=_exam_fields(province, bank, **overrides))

    assert Exam.objects.count() == 0


def test_exam_must_close_after_it_opens(organiser, province, bank):
    now = timezone.now()

    with pytest.raises(ValidationFailed, match="thời điểm đóng phải sau thời điểm mở"):
        organising.exam_create(
            actor=organiser,
            fields=_exam_fields(province, bank, opens_at=now, closes_at=now - timedelta(hours=1)),
        )

    assert Exam.objects.count() == 0


def test_the_prediction_question_must_come_from_the_exams_bank(
    organiser, province, bank, prediction_question
):
    other = question_services.bank_create(actor=organiser, org_unit=province.sotttt, name="Khác")

    with pytest.raises(ValidationFailed, match="Câu hỏi dự đoán phải là"):
        organising.exam_create(
            actor=organiser,
            fields=_exam_fields(province, other, prediction_question=prediction_question),
        )

    assert Exam.objects.count() == 0


def test_a_contest_round_takes_the_contests_agency_and_slug(organiser, province, bank):
    contest = organising.contest_create(
        actor=organiser, fields={"org_unit": province.sotttt, "title": "An ninh mạng"}
    )
    fields = _exam_fields(province, bank, org_unit=province.soyte, round_number=2)

    exam = organising.exam_create(actor=organiser, fields=fields, contest=contest)

    assert exam.contest == contest
    assert exam.org_unit == province.sotttt
    assert exam.slug == "an-ninh-mang-vong-2"


def test_rules_are_replaced_and_must_use_the_exams_bank(organiser, draft, category, bank):
    organising.exam_rules_set(
        actor=organiser,
        exam=draft,
        rules=[
            {"category": category, "count": 10, "mark": "0,5", "difficulty": "medium"},
            {"category": category, "count": 5, "mark": 1, "include_subcategories": False},
        ],
    )
    other_bank = question_services.bank_create(
        actor=organiser, org_unit=bank.org_unit, name="Ngân hàng khác"
    )
    elsewhere = question_services.category_get_or_create(
        actor=organiser, bank=other_bank, path="Chủ đề lạ"
    )

    with pytest.raises(ValidationFailed, match="Quy tắc 1: chủ đề không thuộc ngân hàng"):
        organising.exam_rules_set(
            actor=organiser, exam=draft, rules=[{"category": elsewhere, "count": 1}]
        )

    rules = list(draft.rules.values_list("count", "mark", "difficulty", "include_subcategories"))
    assert rules == [(10, Decimal("0.50"), "medium", True), (5, Decimal("1.00"), "", False)]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"count": 0}, "Quy tắc 1: số lượng phải từ 1 đến 500"),
        ({"count": "mười"}, "Quy tắc 1: số lượng phải là số nguyên"),
        ({"count": 1, "mark": 0}, "Quy tắc 1: điểm mỗi câu phải lớn hơn 0"),
        ({"count": 1, "mark": "x"}, "Quy tắc 1: điểm phải là số"),
        ({"count": 1, "difficulty": "rất khó"}, "Quy tắc 1: độ khó không hợp lệ"),
    ],
)
def test_bad_rules_are_refused(organiser, draft, category, rule, message):
    with pytest.raises(ValidationFailed, match=message):
        organising.exam_rules_set(
            actor=organiser, exam=draft, rules=[{"category": category, **rule}]
        )
    assert PaperRule.objects.count() == 0


def test_publish_is_refused_with_the_reasons_while_papers_cannot_be_drawn(
    organiser, draft, category
):
    with pytest.raises(ValidationFailed) as refused:
        organising.exam_publish(actor=organiser, exam=draft)
    assert refused.value.extra["problems"] == ["Bài thi chưa có quy tắc rút câu hỏi."]

    organising.exam_rules_set(
        actor=organiser, exam=draft, rules=[{"category": category, "count": 31}]
    )
    with pytest.raises(ValidationFailed, match="chỉ có 30 câu hỏi, quy tắc cần 31 câu"):
        organising.exam_publish(actor=organiser, exam=draft)

    draft.refresh_from_db()
    assert draft.status == Exam.Status.DRAFT
    assert Paper.objects.count() == 0


def test_publish_draws_the_pool(organiser, draft, category):
    organising.exam_rules_set(
        actor=organiser, exam=draft, rules=[{"category": category, "count": 10}]
    )

    exam = organising.exam_publish(actor=organiser, exam=draft)

    assert exam.status == Exam.Status.PUBLISHED
    assert Paper.objects.filter(exam=exam, taken=False).count() == 5
    assert all(len(p.slots) == 10 for p in Paper.objects.filter(exam=exam))
    assert AuditLog.objects.get(action="exams.exam_publish").changes == {
        "status": ["draft", "published"],
        "papers": 5,
    }
    with pytest.raises(InvalidTransition):
        organising.exam_publish(actor=organiser, exam=exam)


def test_a_contest_round_gets_the_bigger_pool(organiser, province, bank, category, questions):
    contest = organising.contest_create(
        actor=organiser, fields={"org_unit": province.sotttt, "title": "Cuộc thi"}
    )
    exam = organising.exam_create(
        actor=organiser, fields=_exam_fields(province, bank), contest=contest
    )
    organising.exam_rules_set(
        actor=organiser, exam=exam, rules=[{"category": category, "count": 3}]
    )

    organising.exam_publish(actor=organiser, exam=exam)

    assert Paper.objects.filter(exam=exam).count() == 8


def test_publish_is_refused_after_the_closing_time(organiser, draft, category):
    organising.exam_rules_set(
        actor=organiser, exam=draft, rules=[{"category": category, "count": 3}]
    )
    Exam.objects.filter(pk=draft.pk).update(
        opens_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() - timedelta(days=1)
    )

    with pytest.raises(ValidationFailed, match="Thời điểm đóng bài thi đã qua"):
        organising.exam_publish(actor=organiser, exam=draft)

    assert Exam.objects.get(pk=draft.pk).status == Exam.Status.DRAFT


def test_new_rules_on_a_published_exam_redraw_the_untaken_papers(
    organiser, exam, category, candidate
):
    papers_prepare(exam=exam, count=3)
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    old_free = set(Paper.objects.filter(exam=exam, taken=False).values_list("pk", flat=True))

    organising.exam_rules_set(
        actor=organiser, exam=exam, rules=[{"category": category, "count": 4}]
    )

    free = Paper.objects.filter(exam=exam, taken=False)
    assert free.count() == 5
    assert not old_free & set(free.values_list("pk", flat=True))
    assert all(len(p.slots) == 5 for p in free)  # 4 + the prediction question
    attempt.refresh_from_db()
    assert len(attempt.slots) == 20
    assert AuditLog.objects.get(action="exams.exam_rules_set").changes["papers_redrawn"] == 5


def test_rules_that_cannot_be_drawn_on_a_published_exam_change_nothing(organiser, exam, category):
    papers_prepare(exam=exam, count=3)
    before = set(Paper.objects.filter(exam=exam).values_list("pk", flat=True))

    with pytest.raises(ValidationFailed, match="Không rút được đề theo thay đổi này"):
        organising.exam_rules_set(
            actor=organiser, exam=exam, rules=[{"category": category, "count": 40}]
        )

    assert set(Paper.objects.filter(exam=exam).values_list("pk", flat=True)) == before
    assert list(exam.rules.values_list("count", flat=True)) == [19]


def test_changing_the_shuffle_of_a_published_exam_redraws(organiser, exam):
    papers_prepare(exam=exam, count=2)
    before = set(Paper.objects.filter(exam=exam).values_list("pk", flat=True))

    organising.exam_update(actor=organiser, exam=exam, fields={"shuffle_questions": False})

    after = set(Paper.objects.filter(exam=exam).values_list("pk", flat=True))
    assert len(after) == 5
    assert not before & after


def test_changing_the_title_of_a_published_exam_keeps_the_papers(organiser, exam):
    papers_prepare(exam=exam, count=2)
    before = set(Paper.objects.filter(exam=exam).values_list("pk", flat=True))

    organising.exam_update(actor=organiser, exam=exam, fields={"title": "Tuần 1 (sửa)"})

    assert set(Paper.objects.filter(exam=exam).values_list("pk", flat=True)) == before
    assert AuditLog.objects.get(action="exams.exam_update").changes == {
        "title": ["Tìm hiểu pháp luật về an ninh mạng — Tuần 1", "Tuần 1 (sửa)"]
    }


def test_the_bank_does_not_change_under_rules_of_the_old_bank(organiser, exam, province):
    other = question_services.bank_create(actor=organiser, org_unit=province.sotttt, name="Khác")

    with pytest.raises(ValidationFailed, match="hãy xoá các quy tắc"):
        organising.exam_update(
            actor=organiser, exam=exam, fields={"bank": other, "prediction_question": None}
        )

    assert Exam.objects.get(pk=exam.pk).bank_id == exam.bank_id


def test_a_closed_exam_is_not_edited(organiser, exam):
    Exam.objects.filter(pk=exam.pk).update(status=Exam.Status.CLOSED)

    with pytest.raises(InvalidTransition):
        organising.exam_update(actor=organiser, exam=exam, fields={"title": "Khác"})
    with pytest.raises(InvalidTransition):
        organising.exam_rules_set(actor=organiser, exam=exam, rules=[])

    assert Exam.objects.get(pk=exam.pk).title == exam.title


def test_prizes_are_replaced_in_order(organiser, exam):
    organising.exam_prizes_set(
        actor=organiser,
        exam=exam,
        prizes=[
            {"name": "Giải Nhất", "count": 1, "value": "5.000.000 đồng"},
            {"name": " Giải  Nhì ", "count": "2"},
        ],
    )

    assert list(Prize.objects.values_list("name", "count", "value", "position")) == [
        ("Giải Nhất", 1, "5.000.000 đồng", 1),
        ("Giải Nhì", 2, "", 2),
    ]
    with pytest.raises(ValidationFailed, match="Giải 2: hãy nhập tên giải"):
        organising.exam_prizes_set(
            actor=organiser, exam=exam, prizes=[{"name": "Ba", "count": 1}, {"count": 1}]
        )
    assert Prize.objects.count() == 2


def test_close_submits_the_open_attempts(organiser, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    papers_prepare(exam=exam, count=2)

    organising.exam_close(actor=organiser, exam=exam, reason="Sự cố mất điện")

    exam.refresh_from_db()
    attempt.refresh_from_db()
    assert exam.status == Exam.Status.CLOSED
    assert exam.closes_at <= timezone.now()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.finished_by == Attempt.FinishedBy.ORGANISER
    assert Paper.objects.filter(exam=exam, taken=False).count() == 0
    row = AuditLog.objects.get(action="exams.exam_close")
    assert row.reason == "Sự cố mất điện"
    assert row.changes["attempts_finalized"] == 1
    with pytest.raises(InvalidTransition):
        organising.exam_close(actor=organiser, exam=exam)


def test_the_supervisor_starts_a_supervised_exam_once(organiser, exam):
    with pytest.raises(InvalidTransition, match="không cần giám thị"):
        organising.exam_supervisor_start(actor=organiser, exam=exam)
    Exam.objects.filter(pk=exam.pk).update(supervised_start=True)

    started = organising.exam_supervisor_start(actor=organiser, exam=exam)

    assert started.supervisor_started_at is not None
    with pytest.raises(Conflict, match="Ca thi đã được bắt đầu lúc"):
        organising.exam_supervisor_start(actor=organiser, exam=exam)
    assert _actions(exam) == ["exams.exam_supervisor_start"]


def test_extra_time_moves_the_deadline_with_the_reason_recorded(organiser, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    deadline = attempt.deadline

    organising.attempt_extend(
        actor=organiser, attempt=attempt, minutes=10, reason="Máy tính bị treo"
    )

    attempt.refresh_from_db()
    assert attempt.deadline == deadline + timedelta(minutes=10)
    assert attempt.extra_seconds == 600
    row = AuditLog.objects.get(action="exams.attempt_extend")
    assert (row.reason, row.changes["minutes"], row.actor) == ("Máy tính bị treo", 10, organiser)


@pytest.mark.parametrize(
    ("minutes", "reason", "message"),
    [
        (0, "Mất mạng", "từ 1 đến 120"),
        (121, "Mất mạng", "từ 1 đến 120"),
        ("5", "Mất mạng", "phải là số nguyên"),
        (5, "   ", "Hãy ghi lý do"),
    ],
)
def test_extra_time_needs_a_reason_and_1_to_120_minutes(
    organiser, exam, candidate, minutes, reason, message
):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    with pytest.raises(ValidationFailed, match=message):
        organising.attempt_extend(actor=organiser, attempt=attempt, minutes=minutes, reason=reason)

    attempt.refresh_from_db()
    assert attempt.extra_seconds == 0


def test_no_extra_time_for_a_submitted_attempt(organiser, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.SUBMITTED)

    with pytest.raises(InvalidTransition):
        organising.attempt_extend(actor=organiser, attempt=attempt, minutes=5, reason="Xin thêm")

    attempt.refresh_from_db()
    assert attempt.extra_seconds == 0


def test_an_image_is_stored_for_the_bank(organiser, bank, tmp_path, settings):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    upload = SimpleUploadedFile("biển báo.png", buffer.getvalue(), content_type="image/png")

    image = organising.question_image_add(actor=organiser, bank=bank, file=upload)

    assert image.bank == bank
    assert image.name == "biển báo.png"
    assert image.image.name.startswith("exams/images/")
    not_image = SimpleUploadedFile("a.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationFailed, match="Chỉ nhận ảnh JPEG hoặc PNG"):
        organising.question_image_add(actor=organiser, bank=bank, file=not_image)
    assert QuestionBank.objects.get(pk=bank.pk).images.count() == 1
