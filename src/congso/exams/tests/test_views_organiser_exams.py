"""Organisers' screens: contests, exams (settings, rules, prizes, publish, close, supervisor),
the attempts monitor with extra time, import/export and the menu."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congso.accounts.tests.factories import UserFactory
from congso.exams import attempts, organising
from congso.exams.models import Attempt, Contest, Exam, Paper, PaperRule, Prize, Question

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _small_pool(monkeypatch):
    monkeypatch.setattr(organising, "PAPER_POOL_SIZE", 4)
    monkeypatch.setattr(organising, "CONTEST_PAPER_POOL_SIZE", 6)


@pytest.fixture
def contest(organiser, province):
    return organising.contest_create(
        actor=organiser,
        fields={"org_unit": province.sotttt, "title": "Tìm hiểu Luật An ninh mạng"},
    )


def _exam_post(province, bank, **changes):
    data = {
        "org_unit": province.sotttt.pk,
        "title": "Kiểm tra an toàn thông tin",
        "slug": "",
        "description": "Làm bài trong 30 phút.",
        "bank": bank.pk,
        "opens_at": "20/11/2030 08:00",
        "closes_at": "20/11/2030 17:30",
        "time_limit_minutes": "30",
        "grace_seconds": "30",
        "attempts_allowed": "2",
        "grading": "highest",
        "layout": "all",
        "shuffle_questions": "on",
        "shuffle_choices": "on",
        "review_show_responses": "on",
        "review_correct_after_close": "on",
        "prediction": "",
        "ranking_1": "score",
        "ranking_2": "prediction",
        "ranking_3": "time",
        "ranking_4": "submitted",
        "access": "open",
        "allowed_contacts": "",
        "allowed_networks": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def draft(organiser, province, bank, questions):
    now = timezone.now()
    return organising.exam_create(
        actor=organiser,
        fields={
            "org_unit": province.sotttt,
            "title": "Bài kiểm tra nháp",
            "bank": bank,
            "opens_at": now - timedelta(minutes=5),
            "closes_at": now + timedelta(days=1),
        },
    )


# --- contests ------------------------------------------------------------------------------


def test_create_edit_publish_and_finish_a_contest(client, organiser, province):
    client.force_login(organiser)

    created = client.post(
        reverse("exams:org-contest-create"),
        {
            "org_unit": province.sotttt.pk,
            "title": "Tìm hiểu Luật An ninh mạng",
            "summary": "Dành cho cán bộ, công chức",
            "registration_opens_at": "01/11/2030 08:00",
            "registration_closes_at": "30/11/2030 17:00",
            "require_citizen_id": "on",
        },
    )
    contest = Contest.objects.get()
    assert created["Location"] == reverse("exams:org-contest", args=[contest.pk])
    assert contest.slug == "tim-hieu-luat-an-ninh-mang"
    assert contest.registration_opens_at == datetime(2030, 11, 1, 8, 0, tzinfo=VN)
    assert contest.require_citizen_id is True

    edit = client.get(reverse("exams:org-contest-edit", args=[contest.pk]))
    assert 'value="01/11/2030 08:00"' in edit.content.decode()
    client.post(
        reverse("exams:org-contest-edit", args=[contest.pk]),
        {"org_unit": province.sotttt.pk, "title": "Cuộc thi (sửa)", "slug": contest.slug},
    )
    client.post(reverse("exams:org-contest-publish", args=[contest.pk]))
    confirm = client.get(reverse("exams:org-contest-finish", args=[contest.pk]))
    finished = client.post(reverse("exams:org-contest-finish", args=[contest.pk]))

    contest.refresh_from_db()
    assert (contest.title, contest.registration_opens_at) == ("Cuộc thi (sửa)", None)
    assert "Kết thúc cuộc thi" in confirm.content.decode()
    assert finished.status_code == 302
    assert contest.status == Contest.Status.FINISHED
    again = client.post(reverse("exams:org-contest-publish", args=[contest.pk]))
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_opens_at": "31/02/2030 08:00"}, "Nhập ngày giờ theo dạng ngày/tháng/năm"),
        (
            {"registration_opens_at": "02/11/2030 08:00", "registration_closes_at": "01/11/2030 08:00"},
            "Thời điểm đóng phải sau thời điểm mở.",
        ),
        ({"title": ""}, "Hãy đặt tên cho cuộc thi."),
        ({"slug": "có dấu"}, "Đường dẫn chỉ gồm chữ không dấu"),
    ],
)  # fmt: skip
def test_a_bad_contest_form_re_renders_and_saves_nothing(
    client, organiser, province, changes, message
):
    client.force_login(organiser)
    data = {"org_unit": province.sotttt.pk, "title": "Cuộc thi", **changes}

    response = client.post(reverse("exams:org-contest-create"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Contest.objects.count() == 0


def test_the_contest_page_lists_its_rounds(client, organiser, contest, exam):
    Exam.objects.filter(pk=exam.pk).update(contest=contest, round_number=3)
    client.force_login(organiser)

    response = client.get(reverse("exams:org-contest", args=[contest.pk]))

    assert [(e.pk, e.round_number) for e in response.context["rounds"]] == [(exam.pk, 3)]
    assert f"?cuoc-thi={contest.pk}" in response.content.decode()


def test_another_agencys_organiser_cannot_touch_a_contest(
    client, other_organiser, contest, province
):
    client.force_login(other_organiser)

    for url in ("org-contest", "org-contest-edit", "org-contest-finish"):
        assert client.get(reverse(f"exams:{url}", args=[contest.pk])).status_code == 404
    assert client.post(reverse("exams:org-contest-publish", args=[contest.pk])).status_code == 404
    edit = client.post(
        reverse("exams:org-contest-edit", args=[contest.pk]),
        {"org_unit": province.soyte.pk, "title": "Chiếm"},
    )
    round_ = client.get(reverse("exams:org-exam-create"), {"cuoc-thi": contest.pk})

    assert edit.status_code == 404
    assert round_.status_code == 404
    contest.refresh_from_db()
    assert (contest.title, contest.status) == ("Tìm hiểu Luật An ninh mạng", "draft")


# --- exam settings -------------------------------------------------------------------------


def test_create_an_exam_with_every_setting(client, organiser, province, bank, prediction_question):
    client.force_login(organiser)
    data = _exam_post(
        province,
        bank,
        prediction=str(prediction_question.pk),
        ranking_1="prediction",
        ranking_2="score",
        access="list",
        allowed_contacts="thisinh@test.vn\n0912 345 678",
        allowed_networks="10.20.0.0/16\n2001:db8::/32",
        supervised_start="on",
        layout="one",
        grading="last",
    )

    response = client.post(reverse("exams:org-exam-create"), data)

    exam = Exam.objects.get()
    assert response["Location"] == reverse("exams:org-exam-rules", args=[exam.pk])
    assert exam.opens_at == datetime(2030, 11, 20, 8, 0, tzinfo=VN)
    assert exam.closes_at == datetime(2030, 11, 20, 17, 30, tzinfo=VN)
    assert exam.prediction_question == prediction_question
    assert exam.ranking_order == ["prediction", "score", "time", "submitted"]
    assert exam.allowed_contacts == "thisinh@test.vn\n0912345678"
    assert exam.allowed_networks == "10.20.0.0/16\n2001:db8::/32"
    assert (exam.layout, exam.grading, exam.attempts_allowed) == ("one", "last", 2)
    assert (exam.supervised_start, exam.review_show_correct) == (True, False)
    assert (exam.status, exam.created_by, exam.slug) == (
        "draft",
        organiser,
        "kiem-tra-an-toan-thong-tin",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"opens_at": "31/02/2030 08:00"}, "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút"),
        ({"opens_at": "20/11/2030 25:00"}, "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút"),
        ({"closes_at": "20/11/2030 07:00"}, "Thời điểm đóng phải sau thời điểm mở."),
        ({"attempts_allowed": "4"}, "Số lần làm bài phải từ 1 đến 3."),
        ({"attempts_allowed": "0"}, "Số lần làm bài phải từ 1 đến 3."),
        ({"time_limit_minutes": "0"}, "Thời gian làm bài phải từ 1 đến 600 phút."),
        ({"allowed_networks": "10.20.0.0/33"}, "Dòng 1: “10.20.0.0/33” không phải là dải địa chỉ IP hợp lệ"),
        ({"allowed_networks": "10.0.0.0/8\n192.168.1.300"}, "Dòng 2: “192.168.1.300”"),
        ({"access": "list"}, "hãy nhập danh sách thí sinh."),
        ({"allowed_contacts": "ai đó"}, "không phải là thư điện tử hay số điện thoại"),
        ({"ranking_2": "score"}, "Mỗi tiêu chí xếp hạng chỉ được chọn một lần"),
        ({"title": ""}, "Hãy đặt tên cho bài thi."),
        ({"slug": "lam-bai"}, "đã dành cho trang khác"),
    ],
)  # fmt: skip
def test_a_bad_exam_form_re_renders_with_the_reason_and_saves_nothing(
    client, organiser, province, bank, changes, message
):
    client.force_login(organiser)

    response = client.post(reverse("exams:org-exam-create"), _exam_post(province, bank, **changes))

    assert response.status_code in (400, 422)
    assert message in response.content.decode()
    assert Exam.objects.count() == 0


def test_the_prediction_question_must_be_of_the_chosen_bank(
    client, organiser, province, bank, prediction_question
):
    from congso.exams import questions as question_services

    other = question_services.bank_create(actor=organiser, org_unit=province.sotttt, name="Khác")
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-exam-create"),
        _exam_post(province, other, prediction=str(prediction_question.pk)),
    )

    assert response.status_code == 400
    assert "Câu hỏi dự đoán phải thuộc ngân hàng câu hỏi đã chọn." in response.content.decode()
    assert Exam.objects.count() == 0


def test_a_bank_of_another_agency_cannot_be_chosen(client, other_organiser, province, bank):
    client.force_login(other_organiser)

    response = client.post(
        reverse("exams:org-exam-create"),
        _exam_post(province, bank, org_unit=province.soyte.pk),
    )

    assert response.status_code == 400
    assert "bank" in response.context["form"].errors
    assert Exam.objects.count() == 0


def test_add_a_contest_round(client, organiser, contest, bank, province, exam):
    Exam.objects.filter(pk=exam.pk).update(contest=contest, round_number=1)
    client.force_login(organiser)

    form = client.get(reverse("exams:org-exam-create"), {"cuoc-thi": contest.pk})
    data = _exam_post(province, bank, **{"cuoc-thi": str(contest.pk), "round_number": "2"})
    del data["org_unit"]
    response = client.post(reverse("exams:org-exam-create"), data)

    assert form.context["form"]["round_number"].value() == 2
    assert "org_unit" not in form.context["form"].fields
    created = Exam.objects.exclude(pk=exam.pk).get()
    assert response.status_code == 302
    assert (created.contest, created.round_number, created.slug) == (
        contest,
        2,
        "tim-hieu-luat-an-ninh-mang-vong-2",
    )


def test_the_edit_form_shows_local_times_and_saves(client, organiser, province, draft):
    client.force_login(organiser)
    url = reverse("exams:org-exam-edit", args=[draft.pk])
    local = timezone.localtime(draft.opens_at)

    page = client.get(url)
    response = client.post(
        url, _exam_post(province, draft.bank, title="Bài kiểm tra (sửa)", slug=draft.slug)
    )

    assert f'value="{local:%d/%m/%Y %H:%M}"' in page.content.decode()
    assert page.context["form"]["ranking_1"].value() == "score"
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Bài kiểm tra (sửa)"
    assert draft.opens_at == datetime(2030, 11, 20, 8, 0, tzinfo=VN)


# --- rules, problems, publish --------------------------------------------------------------


def test_the_exam_page_shows_why_papers_cannot_be_drawn(client, organiser, draft):
    client.force_login(organiser)

    response = client.get(reverse("exams:org-exam", args=[draft.pk]))

    assert response.context["problems"] == ["Bài thi chưa có quy tắc rút câu hỏi."]
    assert "Chưa rút được đề thi vì:" in response.content.decode()


def test_the_rules_editor(client, organiser, draft, category):
    client.force_login(organiser)
    url = reverse("exams:org-exam-rules", args=[draft.pk])

    empty = client.get(url)
    more = client.post(
        url,
        {
            "action": "add-row",
            "rule-rows": "3",
            "rule-0-category": category.pk,
            "rule-0-count": "7",
        },
    )
    bad = client.post(
        url,
        {"rule-rows": "3", "rule-0-category": category.pk, "rule-0-count": "0", "rule-0-mark": "1"},
    )
    too_many = client.post(
        url,
        {"rule-rows": "3", "rule-0-category": category.pk, "rule-0-count": "5", "rule-0-mark": "1"}
        | {"rule-1-category": category.pk, "rule-1-count": "1", "rule-1-mark": "1"},
    )

    assert len(empty.context["rows"]) == 3
    assert len(more.context["rows"]) == 6
    assert more.context["rows"].forms[0]["count"].value() == "7"
    assert bad.status_code == 400
    assert "Dòng 1: Số câu phải từ 1 trở lên." in bad.content.decode()
    assert too_many.status_code == 302
    assert list(PaperRule.objects.values_list("count", "position")) == [(5, 1), (1, 2)]

    saved = client.post(
        url,
        {
            "rule-rows": "3",
            "rule-0-category": category.pk,
            "rule-0-include_subcategories": "on",
            "rule-0-difficulty": "",
            "rule-0-count": "10",
            "rule-0-mark": "0,5",
        },
    )
    assert saved["Location"] == reverse("exams:org-exam", args=[draft.pk])
    rule = PaperRule.objects.get()
    assert (rule.count, str(rule.mark), rule.include_subcategories) == (10, "0.50", True)
    page = client.get(reverse("exams:org-exam", args=[draft.pk]))
    assert page.context["problems"] == []
    edit = client.get(url)
    assert edit.context["rows"].forms[0]["count"].value() == 10


def test_a_category_of_another_bank_is_not_a_rule(client, organiser, draft, province):
    from congso.exams import questions as question_services

    other = question_services.bank_create(actor=organiser, org_unit=province.sotttt, name="Khác")
    elsewhere = question_services.category_get_or_create(actor=organiser, bank=other, path="X")
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-exam-rules", args=[draft.pk]),
        {
            "rule-rows": "1",
            "rule-0-category": elsewhere.pk,
            "rule-0-count": "1",
            "rule-0-mark": "1",
        },
    )

    assert response.status_code == 400
    assert "Hãy chọn chủ đề của ngân hàng câu hỏi." in response.content.decode()
    assert PaperRule.objects.count() == 0


def test_publish_is_refused_with_the_problems_then_works(client, organiser, draft, category):
    client.force_login(organiser)
    url = reverse("exams:org-exam-publish", args=[draft.pk])

    refused = client.post(url)
    assert refused.status_code == 422
    assert "Bài thi chưa có quy tắc rút câu hỏi." in refused.content.decode()
    assert Exam.objects.get(pk=draft.pk).status == "draft"

    organising.exam_rules_set(
        actor=organiser, exam=draft, rules=[{"category": category, "count": 5}]
    )
    published = client.post(url)

    assert published.status_code == 302
    assert Exam.objects.get(pk=draft.pk).status == "published"
    assert Paper.objects.filter(exam=draft, taken=False).count() == 4


def test_the_prizes_editor(client, organiser, exam):
    client.force_login(organiser)
    url = reverse("exams:org-exam-prizes", args=[exam.pk])

    assert len(client.get(url).context["rows"]) == 4
    bad = client.post(url, {"prize-rows": "4", "prize-0-name": "Giải Nhất", "prize-0-count": "0"})
    nameless = client.post(url, {"prize-rows": "4", "prize-1-count": "2"})
    saved = client.post(
        url,
        {
            "prize-rows": "4",
            "prize-0-name": "Giải Nhất",
            "prize-0-count": "1",
            "prize-0-value": "3.000.000 đồng",
            "prize-2-name": "Giải Khuyến khích",
            "prize-2-count": "10",
        },
    )

    assert bad.status_code == 400
    assert "Dòng 1: Số giải phải từ 1 trở lên." in bad.content.decode()
    assert "Dòng 2: Hãy nhập tên giải." in nameless.content.decode()
    assert saved.status_code == 302
    assert list(Prize.objects.values_list("name", "count", "value")) == [
        ("Giải Nhất", 1, "3.000.000 đồng"),
        ("Giải Khuyến khích", 10, ""),
    ]


# --- running the exam ----------------------------------------------------------------------


def test_close_asks_first_then_submits_the_open_attempts(client, organiser, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    client.force_login(organiser)
    url = reverse("exams:org-exam-close", args=[exam.pk])

    confirm = client.get(url)
    assert "Kết thúc bài thi" in confirm.content.decode()
    assert Exam.objects.get(pk=exam.pk).status == "published"

    response = client.post(url, {"reason": "Hết giờ thi theo kế hoạch"})

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert Exam.objects.get(pk=exam.pk).status == "closed"
    assert (attempt.status, attempt.finished_by) == ("submitted", "organiser")
    page = client.get(reverse("exams:org-exam", args=[exam.pk]))
    assert reverse("exams:org-results", args=[exam.pk]) in page.content.decode()


def test_the_supervisor_starts_the_exam(client, organiser, exam):
    Exam.objects.filter(pk=exam.pk).update(supervised_start=True)
    client.force_login(organiser)
    url = reverse("exams:org-exam-supervisor-start", args=[exam.pk])

    page = client.get(reverse("exams:org-exam", args=[exam.pk]))
    assert "Bắt đầu ca thi" in page.content.decode()
    first = client.post(url)
    second = client.post(url)

    assert first.status_code == 302
    assert Exam.objects.get(pk=exam.pk).supervisor_started_at is not None
    assert second.status_code == 409
    assert "Ca thi đã được bắt đầu lúc" in second.content.decode()


@pytest.fixture
def started(exam, candidate):
    return attempts.attempt_start(exam=exam, candidate=candidate)


def test_the_attempts_monitor(client, organiser, exam, started, django_assert_num_queries):
    from congso.exams.models import Candidate

    done = Candidate.objects.create(full_name="Nguyễn Văn Đã Nộp", phone="0912000111")
    finished = attempts.attempt_start(exam=exam, candidate=done)
    Attempt.objects.filter(pk=finished.pk).update(status="submitted", score=7, max_score=19)
    client.force_login(organiser)
    url = reverse("exams:org-exam", args=[exam.pk])

    response = client.get(url)

    assert response.context["counts"] == {"started": 2, "open": 1, "submitted": 1}
    page = response.content.decode()
    assert "Phạm Thị Thí Sinh" in page
    assert "thisinh@test.vn" in page
    assert "7,00/19,00" in page or "7.00/19.00" in page
    assert page.count('name="minutes"') == 1
    partial = client.get(url, {"phan": "luot-lam-bai"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<section class="panel attempts"')


def test_give_extra_time(client, organiser, exam, started):
    client.force_login(organiser)
    url = reverse("exams:org-attempt-extend", args=[exam.pk, started.pk])

    response = client.post(url, {"minutes": "10", "reason": "Máy tính bị treo"})

    assert response.status_code == 302
    assert response["Location"].endswith("#attempts")
    before = started.deadline
    started.refresh_from_db()
    assert started.deadline == before + timedelta(minutes=10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minutes": "10", "reason": ""}, "Hãy ghi lý do cho thêm thời gian."),
        ({"minutes": "121", "reason": "Mất mạng"}, "Số phút cho thêm phải từ 1 đến 120."),
        ({"minutes": "mười", "reason": "Mất mạng"}, "Số phút cho thêm phải là số nguyên."),
    ],
)
def test_extra_time_needs_minutes_and_a_reason(client, organiser, exam, started, data, message):
    client.force_login(organiser)

    response = client.post(reverse("exams:org-attempt-extend", args=[exam.pk, started.pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    started.refresh_from_db()
    assert started.extra_seconds == 0


def test_no_extra_time_for_a_submitted_attempt(client, organiser, exam, started):
    Attempt.objects.filter(pk=started.pk).update(status="submitted")
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-attempt-extend", args=[exam.pk, started.pk]),
        {"minutes": "5", "reason": "Xin thêm"},
    )

    assert response.status_code == 409
    assert "Chỉ cho thêm thời gian với lượt đang làm bài." in response.content.decode()


def test_an_attempt_is_reached_through_its_own_exam(client, organiser, exam, draft, started):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-attempt-extend", args=[draft.pk, started.pk]),
        {"minutes": "5", "reason": "Xin thêm"},
    )

    assert response.status_code == 404
    started.refresh_from_db()
    assert started.extra_seconds == 0


def test_another_agencys_organiser_cannot_touch_an_exam(
    client, other_organiser, exam, started, category
):
    client.force_login(other_organiser)
    exam_before = Exam.objects.filter(pk=exam.pk).values().get()

    for name in (
        "org-exam",
        "org-exam-edit",
        "org-exam-rules",
        "org-exam-prizes",
        "org-exam-close",
    ):
        assert client.get(reverse(f"exams:{name}", args=[exam.pk])).status_code == 404, name
    posts = [
        ("org-exam-edit", {"title": "Chiếm"}),
        ("org-exam-rules", {"rule-rows": "1", "rule-0-category": category.pk, "rule-0-count": "1"}),
        ("org-exam-prizes", {"prize-rows": "1", "prize-0-name": "Giải", "prize-0-count": "1"}),
        ("org-exam-publish", {}),
        ("org-exam-close", {"reason": "x"}),
        ("org-exam-supervisor-start", {}),
    ]
    for name, data in posts:
        assert client.post(reverse(f"exams:{name}", args=[exam.pk]), data).status_code == 404
    extend = client.post(
        reverse("exams:org-attempt-extend", args=[exam.pk, started.pk]),
        {"minutes": "30", "reason": "x"},
    )

    assert extend.status_code == 404
    assert Exam.objects.filter(pk=exam.pk).values().get() == exam_before
    assert list(exam.rules.values_list("count", flat=True)) == [19]
    assert Prize.objects.count() == 0
    started.refresh_from_db()
    assert (started.status, started.extra_seconds) == ("open", 0)


def test_citizens_and_anonymous_people_cannot_organise(client, exam, contest):
    urls = [
        reverse("exams:org-exam", args=[exam.pk]),
        reverse("exams:org-exam-create"),
        reverse("exams:org-contest", args=[contest.pk]),
        reverse("exams:org-contest-create"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert "next=" in response["Location"]
    assert client.post(reverse("exams:org-exam-publish", args=[exam.pk])).status_code == 302

    client.force_login(UserFactory(email="congdan@test.vn"))
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(reverse("exams:org-exam-close", args=[exam.pk])).status_code == 403
    assert Exam.objects.get(pk=exam.pk).status == "published"


# --- import, export, menu ------------------------------------------------------------------


def test_import_questions_from_a_file(client, organiser, bank, category):
    client.force_login(organiser)
    aiken = (
        "Luật An ninh mạng được Quốc hội thông qua năm nào?\nA. 2017\nB. 2018\nC. 2019\nANSWER: B\n"
    ).encode()

    page = client.get(reverse("exams:org-bank-import", args=[bank.pk]))
    response = client.post(
        reverse("exams:org-bank-import", args=[bank.pk]),
        {"fmt": "aiken", "file": SimpleUploadedFile("cau-hoi.txt", aiken)},
    )
    missing = client.post(reverse("exams:org-bank-import", args=[bank.pk]), {"fmt": "aiken"})

    assert page.status_code == 200
    assert response.status_code == 200
    report = response.context["report"]
    assert report.summary_line() == "imported 1, skipped 0, rejected 0"
    assert "Đã nhập 1 câu hỏi" in response.content.decode()
    assert Question.objects.filter(bank=bank).count() == 1
    assert missing.status_code == 400
    assert "Hãy chọn tệp câu hỏi." in missing.content.decode()


def test_a_file_with_errors_imports_nothing_and_says_why(client, organiser, bank):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-bank-import", args=[bank.pk]),
        {"fmt": "aiken", "file": SimpleUploadedFile("x.txt", b"Question?\nA. 1\nANSWER: Z\n")},
    )

    assert response.status_code == 200
    assert response.context["report"].ok is False
    assert Question.objects.count() == 0


def test_export_and_template_downloads(client, organiser, bank, questions, other_organiser):
    client.force_login(organiser)

    xml = client.get(reverse("exams:org-bank-export", args=[bank.pk, "moodlexml"]))
    gift = client.get(reverse("exams:org-bank-export", args=[bank.pk, "gift"]))
    unknown = client.get(reverse("exams:org-bank-export", args=[bank.pk, "pdf"]))
    template = client.get(reverse("exams:org-xlsx-template"))

    assert xml.status_code == 200
    assert xml["Content-Disposition"] == (
        'attachment; filename="phap-luat-ve-an-toan-thong-tin.xml"'
    )
    assert b"<quiz>" in xml.content
    assert gift["Content-Disposition"].endswith('.gift"')
    assert unknown.status_code == 404
    assert template.content[:2] == b"PK"
    client.force_login(other_organiser)
    assert client.get(reverse("exams:org-bank-export", args=[bank.pk, "gift"])).status_code == 404


def test_the_menu(client, organiser):
    anonymous = client.get(reverse("exams:list")).content.decode()
    client.force_login(UserFactory(email="congdan@test.vn"))
    citizen = client.get(reverse("exams:list")).content.decode()
    client.force_login(organiser)
    organising_ = client.get(reverse("exams:list")).content.decode()

    link = '<a href="/thi/" aria-current="page">Thi trực tuyến</a>'
    assert link in anonymous
    assert link in citizen
    assert "/to-chuc-thi/" not in citizen
    assert '<a href="/to-chuc-thi/">Tổ chức thi</a>' in organising_


def test_odd_input_never_gives_a_server_error(client, organiser, bank, category, exam, started):
    client.force_login(organiser)
    create = reverse("exams:org-question-create", args=[bank.pk])

    responses = {
        "filters": client.get(
            reverse("exams:org-bank", args=[bank.pk]), {"chu_de": "x", "trang": "z", "an": "?"}
        ),
        "rows": client.post(create, {"loai": "single", "action": "add-row", "row-rows": "abc"}),
        "many rows": client.post(
            create, {"loai": "multi", "action": "add-row", "row-rows": "9999"}
        ),
        "contest": client.get(reverse("exams:org-exam-create"), {"cuoc-thi": "abc"}),
        "compare": client.get(
            reverse("exams:org-question-compare", args=[Question.objects.first().pk]), {"a": "-1"}
        ),
        "rules": client.post(reverse("exams:org-exam-rules", args=[exam.pk]), {"rule-rows": "x"}),
        "attempts page": client.get(reverse("exams:org-exam", args=[exam.pk]), {"trang": "-3"}),
        "big image": client.post(
            create,
            {
                "loai": "truefalse",
                "action": "upload",
                "category": category.pk,
                "image": SimpleUploadedFile("to.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024)),
            },
        ),
    }

    assert {name: r.status_code for name, r in responses.items()} == {
        "filters": 200,
        "rows": 200,
        "many rows": 200,
        "contest": 404,
        "compare": 200,
        "rules": 422,
        "attempts page": 200,
        "big image": 400,
    }
    assert len(responses["many rows"].context["form"].rows) == 12
    assert "Ảnh quá lớn: tối đa 5 MB." in responses["big image"].content.decode()
    assert list(exam.rules.values_list("count", flat=True)) == [19]
