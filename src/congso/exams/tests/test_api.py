"""The exams API: public contests, published leaderboards without contacts, certificate checks,
and full results only for the exam's organisers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from congso.exams.models import Attempt, Candidate, Contest, Result


@pytest.fixture
def ranked(exam, province, candidate):
    contest = Contest.objects.create(
        org_unit=province.sotttt,
        title="Cuộc thi an ninh mạng",
        slug="an-ninh-mang",
        status="published",
    )
    exam.contest = contest
    exam.status = "ranked"
    exam.save()
    now = timezone.now()
    other = Candidate.objects.create(
        full_name="Lê Văn Hai", phone="0912000222", workplace="Xã Đông Hợp"
    )
    rows = []
    for rank, (person, score) in enumerate([(candidate, "19.00"), (other, "17.00")], start=1):
        attempt = Attempt.objects.create(
            exam=exam,
            candidate=person,
            status="submitted",
            started_at=now - timedelta(minutes=30),
            deadline=now - timedelta(minutes=10),
            submitted_at=now - timedelta(minutes=15),
            score=Decimal(score),
            max_score=Decimal(19),
            time_taken_seconds=900,
        )
        rows.append(
            Result.objects.create(
                exam=exam,
                candidate=person,
                attempt=attempt,
                rank=rank,
                score=Decimal(score),
                max_score=Decimal(19),
                time_taken_seconds=900,
                submitted_at=attempt.submitted_at,
                prize="Giải Nhất" if rank == 1 else "",
            )
        )
    return exam, rows


def test_contests_are_listed_with_their_rounds(client, ranked):
    exam, _rows = ranked

    listing = client.get("/api/v1/exams/contests").json()
    detail = client.get("/api/v1/exams/contests/an-ninh-mang").json()

    assert [c["slug"] for c in listing["items"]] == ["an-ninh-mang"]
    assert [r["slug"] for r in detail["rounds"]] == [exam.slug]
    assert detail["rounds"][0]["ranking_published"] is False


def test_the_leaderboard_appears_only_once_published_and_without_contacts(client, ranked):
    exam, _rows = ranked
    url = f"/api/v1/exams/{exam.slug}/leaderboard"

    hidden = client.get(url)
    exam.ranking_published_at = timezone.now()
    exam.save()
    shown = client.get(url)

    assert hidden.status_code == 404
    assert "chưa công bố" in hidden.json()["message"]
    items = shown.json()["items"]
    assert [(i["rank"], i["full_name"], i["prize"]) for i in items] == [
        (1, "Phạm Thị Thí Sinh", "Giải Nhất"),
        (2, "Lê Văn Hai", ""),
    ]
    assert "thisinh@test.vn" not in shown.content.decode()
    assert "0912000222" not in shown.content.decode()


def test_certificate_check(client, ranked):
    exam, rows = ranked
    exam.ranking_published_at = timezone.now()
    exam.save()

    ok = client.get(f"/api/v1/exams/certificates/{rows[0].certificate_code.lower()}")
    unknown = client.get("/api/v1/exams/certificates/KHONGCO")

    assert ok.status_code == 200
    assert ok.json()["full_name"] == "Phạm Thị Thí Sinh"
    assert ok.json()["prize"] == "Giải Nhất"
    assert unknown.status_code == 404


def test_full_results_only_for_the_exams_organisers(client, ranked, organiser, other_organiser):
    exam, _rows = ranked
    url = f"/api/v1/exams/{exam.pk}/results"

    anonymous = client.get(url)
    client.force_login(other_organiser)
    stranger = client.get(url)
    client.force_login(organiser)
    mine = client.get(url)

    assert anonymous.status_code == 401
    assert stranger.status_code == 404
    assert mine.status_code == 200
    assert [i["email"] for i in mine.json()["items"]] == ["thisinh@test.vn", None]
