"""Candidates through the web: registration by one-time code, taking an exam, autosave, result."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from congso.conftest import mail_text
from congso.exams import admission, attempts, candidates
from congso.exams.models import Attempt, Candidate, Contest, OneTimeCode, Registration


@pytest.fixture
def contest(exam, province):
    contest = Contest.objects.create(
        org_unit=province.sotttt,
        title="Cuộc thi tìm hiểu pháp luật về an ninh mạng năm 2026",
        slug="an-ninh-mang-2026",
        rules="Mỗi tuần một vòng thi, 20 câu hỏi trong 20 phút.",
        status="published",
    )
    exam.contest = contest
    exam.save()
    return contest


def _signed_in(client, candidate):
    session = client.session
    session[candidates.SESSION_KEY] = candidate.pk
    session.save()
    return client


def _code_from(inbox) -> str:
    return re.search(r"\b(\d{6})\b", mail_text(inbox.messages[-1])).group(1)


def test_register_by_email_code_then_take_the_round(
    client, contest, exam, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exams:contest-register", args=[contest.slug]),
            {
                "full_name": "Nguyễn Văn An",
                "contact": "An.Nguyen@Test.vn",
                "workplace": "Trường THPT Nguyễn Du",
                "citizen_id": "",
                "org_unit": "",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:verify")
    smtp_inbox.wait_for(1)
    code = _code_from(smtp_inbox)

    wrong = client.post(
        reverse("exams:verify"), {"code": "000000" if code != "000000" else "111111"}
    )
    assert wrong.status_code == 422
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert not Candidate.objects.exists()

    ok = client.post(reverse("exams:verify"), {"code": code})
    assert ok.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.email == "an.nguyen@test.vn"
    assert candidate.full_name == "Nguyễn Văn An"
    assert Registration.objects.filter(contest=contest, candidate=candidate).exists()

    start = client.post(reverse("exams:start", args=[exam.slug]))
    attempt = Attempt.objects.get(candidate=candidate)
    assert start["Location"] == reverse("exams:attempt", args=[attempt.pk])
    page = client.get(start["Location"]).content.decode()
    assert page.count('class="question"') == 20
    # The answer key never reaches the browser.
    assert '"fraction"' not in page
    assert "(đáp án đúng)" not in page


def test_one_account_per_person(
    client, contest, candidate, smtp_inbox, django_capture_on_commit_callbacks
):
    candidate.citizen_id = "034095001234"
    candidate.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("exams:contest-register", args=[contest.slug]),
            {"full_name": "Người Khác", "contact": "khac@test.vn", "citizen_id": "034095001234"},
        )
    smtp_inbox.wait_for(1)

    response = client.post(reverse("exams:verify"), {"code": _code_from(smtp_inbox)})

    assert response.status_code == 409
    assert "Mỗi người chỉ có một tài khoản dự thi" in response.content.decode()
    assert Candidate.objects.count() == 1


def test_bad_registration_input_gets_a_vietnamese_message(client, contest):
    response = client.post(
        reverse("exams:contest-register", args=[contest.slug]),
        {"full_name": "An", "contact": "not-a-phone"},
    )

    assert response.status_code == 422
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert not OneTimeCode.objects.exists()


def test_codes_are_rate_limited_per_contact(client, contest, candidate):
    for _ in range(candidates.CODES_PER_CONTACT):
        candidates.code_request(contact=candidates.parse_contact(candidate.email), ip_address=None)

    response = client.post(reverse("exams:sign-in"), {"contact": candidate.email})

    assert response.status_code == 429
    assert "quá nhiều mã xác thực" in response.content.decode()


def test_sign_in_on_another_device_resumes_with_every_answer(
    client, exam, candidate, smtp_inbox, django_capture_on_commit_callbacks
):
    exam.layout = "one"
    exam.save()
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    attempts.attempt_save(
        attempt_id=attempt.pk,
        candidate_id=candidate.pk,
        answers={"0": attempt.slots[0]["order"][2]},
        grace_seconds=30,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exams:sign-in"), {"contact": candidate.email})
    smtp_inbox.wait_for(1)
    client.post(reverse("exams:verify"), {"code": _code_from(smtp_inbox)})

    page = client.get(reverse("exams:exam", args=[exam.slug])).content.decode()
    assert "Tiếp tục làm bài" in page
    question = client.get(reverse("exams:attempt", args=[attempt.pk]) + "?cau=1").content.decode()
    chosen = attempt.slots[0]["order"][2]
    assert f'value="{chosen}" checked' in question


def test_autosave_with_the_token(client, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    token = attempts.attempt_token(attempt)
    url = reverse("exams:attempt-save", args=[attempt.pk])

    ok = client.post(
        url,
        json.dumps({"answers": {"0": attempt.slots[0]["order"][0], "19": "2.500"}}),
        content_type="application/json",
        headers={"X-Attempt-Token": token},
    )
    forged = client.post(
        url,
        json.dumps({"answers": {"1": "a"}}),
        content_type="application/json",
        headers={"X-Attempt-Token": token + "x"},
    )
    outside = client.post(
        url,
        json.dumps({"answers": {"57": "a"}}),
        content_type="application/json",
        headers={"X-Attempt-Token": token},
    )
    garbage = client.post(
        url, b"\xff{not json", content_type="application/json", headers={"X-Attempt-Token": token}
    )

    assert ok.status_code == 200
    assert ok.json()["remaining"] > 19 * 60
    assert forged.status_code == 403
    assert outside.status_code == 422
    assert "không thuộc đề thi" in outside.json()["message"]
    assert garbage.status_code == 422
    attempt.refresh_from_db()
    assert attempt.answers == {"0": attempt.slots[0]["order"][0], "19": "2.500"}


def test_autosave_after_the_deadline_is_refused(client, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))

    response = client.post(
        reverse("exams:attempt-save", args=[attempt.pk]),
        json.dumps({"answers": {"0": "a"}}),
        content_type="application/json",
        headers={"X-Attempt-Token": attempts.attempt_token(attempt)},
    )

    assert response.status_code == 409
    assert "hết giờ" in response.json()["message"].lower()
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_plain_form_submission_without_script_grades_and_shows_the_review(client, exam, candidate):
    exam.review_show_correct = True
    exam.save()
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    _signed_in(client, candidate)
    data = {"shown": [str(i) for i in range(20)], "action": "submit", "q-19": "1.234"}
    for i in range(19):
        data[f"q-{i}"] = "a"

    response = client.post(reverse("exams:attempt", args=[attempt.pk]), data)

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    assert str(attempt.score) == "19.00"
    result = client.get(response["Location"]).content.decode()
    assert "19" in result
    assert "đáp án đúng" in result


def test_another_candidate_cannot_open_or_submit_my_attempt(client, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    other = Candidate.objects.create(full_name="Người Lạ", phone="0912000111")
    _signed_in(client, other)

    assert client.get(reverse("exams:attempt", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("exams:attempt-submit", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == "open"


def test_anonymous_visitors_are_sent_to_sign_in(client, exam):
    response = client.post(reverse("exams:start", args=[exam.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("exams:sign-in"))
    assert not Attempt.objects.exists()


def test_a_start_spike_gets_a_waiting_page_with_a_place_in_the_queue(
    client, exam, candidate, settings
):
    settings.EXAM_STARTS_PER_SECOND = 1
    for _ in range(5):
        admission.admit(exam.pk)
    _signed_in(client, candidate)

    response = client.post(reverse("exams:start", args=[exam.slug]))

    assert response.status_code == 202
    body = response.content.decode()
    assert "Đang chờ vào phòng thi" in body
    assert re.search(r"Có \d+ thí sinh đang vào trước bạn", body)
    assert not Attempt.objects.exists()


def test_unknown_exam_or_contest_is_a_vietnamese_404(client, db):
    assert client.get("/thi/khong-co-bai-thi/").status_code == 404
    response = client.get("/cuoc-thi/khong-co/")
    assert response.status_code == 404
    assert "Không tìm thấy cuộc thi" in response.content.decode()
