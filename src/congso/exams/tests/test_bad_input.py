"""Odd input to the candidates' endpoints: a 4xx with a Vietnamese message, never a 500, and
nothing saved."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from congso.exams import attempts, candidates
from congso.exams.models import Attempt, Candidate, Contest


@pytest.fixture
def signed_in(client, candidate):
    session = client.session
    session[candidates.SESSION_KEY] = candidate.pk
    session.save()
    return client


@pytest.fixture
def attempt(exam, candidate):
    return attempts.attempt_start(exam=exam, candidate=candidate)


@pytest.mark.parametrize(
    "answers",
    [
        [],
        "a",
        {"0": {"x": 1}},
        {"0": ["a", "b"]},
        {"-1": "a"},
        {"1e3": "a"},
        {"19": "mười hai"},
        {"19": "12\x00"},
        {"0": "\ud800"},
        {str(i): "a" for i in range(300)},
    ],
)
def test_autosave_refuses_malformed_answers(client, attempt, answers):
    response = client.post(
        reverse("exams:attempt-save", args=[attempt.pk]),
        json.dumps({"answers": answers}),
        content_type="application/json",
        headers={"X-Attempt-Token": attempts.attempt_token(attempt)},
    )

    assert response.status_code in (400, 422)
    assert response.json()["message"]
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_autosave_without_a_token_or_for_another_attempt(client, attempt, exam):
    other = Candidate.objects.create(full_name="Người Khác", email="khac@test.vn")
    theirs = attempts.attempt_start(exam=exam, candidate=other)
    url = reverse("exams:attempt-save", args=[theirs.pk])

    missing = client.post(url, "{}", content_type="application/json")
    mine_for_theirs = client.post(
        url, "{}", content_type="application/json",
        headers={"X-Attempt-Token": attempts.attempt_token(attempt)},
    )  # fmt: skip

    assert missing.status_code == 403
    assert mine_for_theirs.status_code == 404
    assert "Không tìm thấy bài làm" in mine_for_theirs.json()["message"]


@pytest.mark.parametrize(
    "data",
    [
        {"shown": ["abc"], "action": "save"},
        {"shown": ["999"], "action": "save"},
        {"shown": ["0"], "q-0": "not-a-choice", "action": "save"},
        {"shown": ["19"], "q-19": "x" * 100, "action": "submit"},
    ],
)
def test_the_plain_form_refuses_what_is_not_on_the_paper(signed_in, attempt, data):
    response = signed_in.post(reverse("exams:attempt", args=[attempt.pk]), data)

    assert response.status_code == 422
    assert "không" in response.content.decode()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.answers) == ("open", {})


def test_odd_page_numbers_and_methods(signed_in, attempt, exam):
    exam.layout = "one"
    exam.save()

    assert (
        signed_in.get(reverse("exams:attempt", args=[attempt.pk]) + "?cau=abc").status_code == 200
    )
    assert signed_in.get(reverse("exams:attempt", args=[attempt.pk]) + "?cau=-5").status_code == 200
    assert signed_in.get(reverse("exams:start", args=[exam.slug])).status_code == 405
    assert signed_in.get(reverse("exams:attempt-save", args=[attempt.pk])).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {"full_name": "", "contact": "a@b.vn"},
        {"full_name": "A" * 500, "contact": "a@b.vn"},
        {"full_name": "Nguyễn An", "contact": "a@b.vn", "citizen_id": "12ab"},
        {"full_name": "Nguyễn An", "contact": "a@b.vn", "org_unit": "999999"},
        {"full_name": "Nguyễn An", "contact": "x" * 300 + "@b.vn"},
    ],
)
def test_registration_refuses_bad_details(client, exam, province, data):
    contest = Contest.objects.create(
        org_unit=province.sotttt, title="Cuộc thi", slug="cuoc-thi-x", status="published"
    )

    response = client.post(reverse("exams:contest-register", args=[contest.slug]), data)

    assert response.status_code == 422
    assert not Candidate.objects.exists()


def test_verifying_without_asking_for_a_code_goes_back_to_sign_in(client, db):
    response = client.post(reverse("exams:verify"), {"code": "123456"})

    assert response.status_code == 302
    assert response["Location"] == reverse("exams:sign-in")


def test_a_code_with_letters_is_just_wrong(client, candidate, django_capture_on_commit_callbacks):
    client.post(reverse("exams:sign-in"), {"contact": candidate.email})

    response = client.post(reverse("exams:verify"), {"code": "abc<script>"})

    assert response.status_code == 422
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not Attempt.objects.exists()


def test_deeply_nested_json_is_a_422_not_a_crash(client, attempt):
    response = client.post(
        reverse("exams:attempt-save", args=[attempt.pk]),
        "[" * 100_000 + "]" * 100_000,
        content_type="application/json",
        headers={"X-Attempt-Token": attempts.attempt_token(attempt)},
    )

    assert response.status_code == 422
