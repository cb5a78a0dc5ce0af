"""The exams in the admin: administrators read, nobody changes anything there."""

from __future__ import annotations

import pytest

from congso.api.tests.test_admin import sign_in_with_otp
from congso.exams.models import Exam

pytestmark = pytest.mark.django_db


def test_administrators_read_exams_but_change_nothing(client, administrator, exam, questions):
    sign_in_with_otp(client, administrator)

    pages = [
        client.get(f"/quan-tri/exams/{name}/")
        for name in (
            "questionbank",
            "question",
            "contest",
            "exam",
            "candidate",
            "attempt",
            "result",
        )
    ]
    detail = client.get(f"/quan-tri/exams/exam/{exam.pk}/change/")
    post = client.post(f"/quan-tri/exams/exam/{exam.pk}/change/", {"title": "Đã sửa"})
    question = client.get(f"/quan-tri/exams/question/{questions[0].pk}/change/")

    assert [p.status_code for p in pages] == [200] * 7
    assert exam.title in detail.content.decode()
    assert question.status_code == 200
    assert post.status_code == 403
    assert client.get("/quan-tri/exams/exam/add/").status_code == 403
    assert Exam.objects.get(pk=exam.pk).title == exam.title


def test_an_organiser_has_no_admin(client, organiser, exam):
    client.force_login(organiser)

    response = client.get("/quan-tri/exams/exam/")

    assert response.status_code == 302
