"""Results pages: public leaderboard, prizes and certificate check; organisers' results and stats."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from congso.accounts.tests.factories import UserFactory, make_official
from congso.core.models import AuditLog
from congso.exams import ranking
from congso.exams.models import Exam, Prize, Result
from congso.exams.tests.test_ranking import T0, close, make_attempt, make_candidate


@pytest.fixture
def closed(exam):
    """The round, closed, with five candidates, two prizes and a prediction truth to come."""
    close(exam)
    Prize.objects.create(exam=exam, name="Giải Nhất", count=1, value="2.000.000 đồng", position=1)
    Prize.objects.create(exam=exam, name="Giải Nhì", count=2, position=2)
    for n, score in enumerate([18, 17, 15, 12, 9], start=1):
        make_attempt(
            exam,
            make_candidate(n),
            score=score,
            seconds=300 + n,
            prediction=1000 + n,
            submitted_at=T0 + timedelta(minutes=n, seconds=7),
        )
    return exam


@pytest.fixture
def published(closed, organiser):
    ranking.exam_rank(actor=organiser, exam=closed)
    ranking.exam_publish_ranking(actor=organiser, exam=closed)
    closed.refresh_from_db()
    return closed


# --- public pages --------------------------------------------------------------------------------


def test_leaderboard_shows_names_scores_and_prizes_never_contacts(client, published):
    response = client.get(reverse("exams:leaderboard", args=[published.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn Thí Sinh 1" in html
    assert "Trường THCS số 1" in html
    assert "18/19" in html
    assert "05:01" in html  # 301 seconds
    assert "Giải Nhất" in html
    assert "Giải Nhì" in html
    assert "thisinh" not in html  # no candidate's email
    assert "0900000001" not in html
    assert html.index("Thí Sinh 1<") < html.index("Thí Sinh 2<") < html.index("Thí Sinh 5<")
    assert "điểm cao hơn; thời gian làm bài ngắn hơn; nộp bài sớm hơn" in html


def test_leaderboard_query_count_does_not_grow_with_rows(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("exams:leaderboard", args=[published.slug]))
    assert response.status_code == 200


def test_leaderboard_is_paginated(client, published, organiser):
    for n in range(6, 60):
        make_attempt(published, make_candidate(n), score=1)
    ranking.exam_rank(actor=organiser, exam=published)
    url = reverse("exams:leaderboard", args=[published.slug])

    first = client.get(url).content.decode()
    second = client.get(url, {"trang": 2}).content.decode()
    bad = client.get(url, {"trang": "abc"})

    assert "Trang 1/2" in first
    assert "Nguyễn Văn Thí Sinh 59" not in first
    assert "Nguyễn Văn Thí Sinh 59" in second
    assert bad.status_code == 200


def test_leaderboard_and_prizes_404_until_published(client, closed, organiser):
    urls = [
        reverse("exams:leaderboard", args=[closed.slug]),
        reverse("exams:prize-list", args=[closed.slug]),
        reverse("exams:leaderboard", args=["khong-co-bai-thi-nay"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404
        assert "chưa công bố kết quả" in response.content.decode()

    ranking.exam_rank(actor=organiser, exam=closed)  # ranked but not published: still hidden
    assert client.get(urls[0]).status_code == 404


def test_prize_list_groups_winners_by_tier(client, published):
    response = client.get(reverse("exams:prize-list", args=[published.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2.000.000 đồng" in html
    first, second = html.index("Giải Nhất"), html.index("Giải Nhì")
    assert first < html.index("Thí Sinh 1<") < second
    assert second < html.index("Thí Sinh 2<") < html.index("Thí Sinh 3<")
    assert "Thí Sinh 4<" not in html
    assert "thisinh" not in html  # no candidate's email


def test_certificate_verification_page(client, published):
    result = Result.objects.get(exam=published, rank=1)

    response = client.get(reverse("exams:certificate-verify", args=[result.certificate_code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Giấy chứng nhận hợp lệ" in html
    assert "Nguyễn Văn Thí Sinh 1" in html
    assert "18/19" in html
    assert "Giải Nhất" in html
    assert "1 trên 5 thí sinh" in html
    assert timezone.localtime(published.ranking_published_at).strftime("%d/%m/%Y") in html
    assert published.title in html
    assert "thisinh" not in html  # no candidate's email
    lower = client.get(reverse("exams:certificate-verify", args=[result.certificate_code.lower()]))
    assert lower.status_code == 200


@pytest.mark.parametrize("code", ["KHONGCO123", "abc%20def", "x" * 40, "<script>"])
def test_unknown_certificate_is_404_in_vietnamese(client, published, code):
    response = client.get(f"/thi/chung-nhan/{code}/")
    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in response.content.decode()
    pdf = client.get(f"/thi/chung-nhan/{code}.pdf")
    assert pdf.status_code == 404


def test_certificate_of_an_unpublished_ranking_is_404(client, published, organiser):
    code = Result.objects.get(exam=published, rank=1).certificate_code
    ranking.exam_unpublish_ranking(actor=organiser, exam=published)
    assert client.get(reverse("exams:certificate-verify", args=[code])).status_code == 404
    assert client.get(reverse("exams:certificate-pdf", args=[code])).status_code == 404


def test_certificate_pdf_download(client, published):
    code = Result.objects.get(exam=published, rank=2).certificate_code

    response = client.get(reverse("exams:certificate-pdf", args=[code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"giay-chung-nhan-{code}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


# --- organisers: results ------------------------------------------------------------------------


def test_org_results_shows_the_full_ranking_with_contacts(client, organiser, published):
    client.force_login(organiser)

    response = client.get(reverse("exams:org-results", args=[published.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "thisinh1@test.vn" in html
    assert "0900000001" in html
    assert "Xếp hạng lại" in html
    assert "Thu hồi công bố" in html
    assert "Con số thực tế" in html
    assert reverse("exams:org-results-xlsx", args=[published.pk]) in html


def test_org_rank_button_ranks_and_redirects(client, organiser, closed):
    client.force_login(organiser)
    url = reverse("exams:org-results", args=[closed.pk])

    response = client.post(url, {"action": "rank"})

    assert response.status_code == 302
    assert response["Location"] == url
    assert Result.objects.filter(exam=closed).count() == 5
    closed.refresh_from_db()
    assert closed.status == Exam.Status.RANKED
    page = client.get(url).content.decode()
    assert "Đã xếp hạng 5 thí sinh." in page


def test_org_prediction_truth_form_reranks(client, organiser, closed):
    client.force_login(organiser)
    url = reverse("exams:org-results", args=[closed.pk])
    Exam.objects.filter(pk=closed.pk).update(ranking_order=["prediction", "score"])

    response = client.post(url, {"action": "truth", "truth": "1.005", "reason": "Số liệu thật"})

    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.prediction_truth == Decimal("1005.00")
    first = Result.objects.get(exam=closed, rank=1)
    assert first.candidate.full_name == "Nguyễn Văn Thí Sinh 5"  # guessed 1005
    assert first.prediction_gap == Decimal("0.00")


def test_org_bad_truth_is_a_400_with_a_message_and_nothing_changes(client, organiser, closed):
    client.force_login(organiser)
    url = reverse("exams:org-results", args=[closed.pk])

    response = client.post(url, {"action": "truth", "truth": "nhiều lắm"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "phải là một số" in html
    assert 'value="nhiều lắm"' in html
    closed.refresh_from_db()
    assert closed.prediction_truth is None
    assert not Result.objects.exists()


def test_org_publish_then_unpublish(client, organiser, closed):
    client.force_login(organiser)
    url = reverse("exams:org-results", args=[closed.pk])

    refused = client.post(url, {"action": "publish"})  # not ranked yet
    assert refused.status_code == 409
    assert "chưa được xếp hạng" in refused.content.decode()

    client.post(url, {"action": "rank"})
    assert client.post(url, {"action": "publish"}).status_code == 302
    closed.refresh_from_db()
    assert closed.ranking_published_at is not None
    assert client.get(reverse("exams:leaderboard", args=[closed.slug])).status_code == 200

    assert client.post(url, {"action": "unpublish"}).status_code == 302
    closed.refresh_from_db()
    assert closed.ranking_published_at is None


def test_org_rank_refused_while_the_exam_is_open(client, organiser, exam):
    client.force_login(organiser)
    make_attempt(exam, make_candidate(1), score=10)
    url = reverse("exams:org-results", args=[exam.pk])

    assert "Bài thi chưa kết thúc" in client.get(url).content.decode()
    response = client.post(url, {"action": "rank"})

    assert response.status_code == 409
    assert not Result.objects.exists()


def test_org_unknown_action_is_refused(client, organiser, closed):
    client.force_login(organiser)
    response = client.post(reverse("exams:org-results", args=[closed.pk]), {"action": "xoa"})
    assert response.status_code == 422
    assert "Thao tác không hợp lệ" in response.content.decode()


def test_another_agencys_organiser_gets_404_and_nothing_changes(
    client, other_organiser, closed, organiser
):
    client.force_login(other_organiser)
    audits = AuditLog.objects.count()
    urls = [
        reverse("exams:org-results", args=[closed.pk]),
        reverse("exams:org-results-xlsx", args=[closed.pk]),
        reverse("exams:org-stats", args=[closed.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    for action in ("rank", "publish", "unpublish", "truth"):
        response = client.post(urls[0], {"action": action, "truth": "5"})
        assert response.status_code == 404

    closed.refresh_from_db()
    assert closed.status == Exam.Status.CLOSED
    assert closed.prediction_truth is None
    assert closed.ranking_published_at is None
    assert not Result.objects.exists()
    assert AuditLog.objects.count() == audits


def test_administrator_and_parent_agency_organiser_may_see(client, province, closed):
    admin = make_official(
        email="quantri@test.vn", full_name="Quản Trị", unit=province.root, role="administrator"
    )
    above = make_official(
        email="tinh@test.vn", full_name="Cán Bộ Tỉnh", unit=province.root, role="exam_organiser"
    )
    for user in (admin, above):
        client.force_login(user)
        assert client.get(reverse("exams:org-results", args=[closed.pk])).status_code == 200


def test_citizens_and_anonymous_are_kept_out(client, closed):
    url = reverse("exams:org-results", args=[closed.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"] or "dang-nhap" in anonymous["Location"]

    client.force_login(UserFactory(email="congdan@test.vn"))
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "rank"}).status_code == 403
    assert not Result.objects.exists()


# --- organisers: Excel and statistics -------------------------------------------------------------


def test_org_excel_has_ranking_with_contacts_and_local_times(client, organiser, published):
    client.force_login(organiser)

    response = client.get(reverse("exams:org-results-xlsx", args=[published.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "ket-qua-an-ninh-mang-tuan-1.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Xếp hạng", "Thống kê câu hỏi", "Tổng hợp"]
    sheet = book["Xếp hạng"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Hạng", "Họ và tên", "Thư điện tử", "Số điện thoại")
    first = rows[1]
    assert first[0] == 1
    assert first[1] == "Nguyễn Văn Thí Sinh 1"
    assert first[2] == "thisinh1@test.vn"
    assert first[3] == "0900000001"
    assert first[4] == "Trường THCS số 1"
    assert first[6] == 18
    assert first[8] == 1001
    assert first[10] == "05:01"
    local = timezone.localtime(T0 + timedelta(minutes=1, seconds=7)).replace(tzinfo=None)
    assert first[11] == local
    assert sheet.cell(row=2, column=12).number_format == "dd/mm/yyyy hh:mm:ss"
    assert first[12] == "Giải Nhất"
    assert len(rows) == 6
    summary = dict(r[:2] for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0])
    assert summary["Số bài được tính điểm"] == 5


def test_excel_keeps_a_formula_looking_name_as_text(client, organiser, closed):
    make_attempt(closed, make_candidate(77, full_name='=HYPERLINK("http://x")'), score=19)
    ranking.exam_rank(actor=organiser, exam=closed)
    client.force_login(organiser)

    response = client.get(reverse("exams:org-results-xlsx", args=[closed.pk]))

    cell = openpyxl.load_workbook(io.BytesIO(response.content))["Xếp hạng"]["B2"]
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"


def _paper_attempts(exam, questions, prediction_question):
    v = [q.current_version_id for q in questions[:3]]
    p = prediction_question.current_version_id
    # q1 is answered right by all (facility 100%); q2 separates strong from weak candidates.
    marks = [(1, 1, 1), (1, 1, 0), (1, 0, 1), (1, 0, 0), (1, 1, 1), (1, 0, 0)]
    for n, row in enumerate(marks, start=1):
        slots = [{"v": x, "mark": "1.00", "order": None} for x in v]
        slots.append({"v": p, "mark": "0", "order": None})
        make_attempt(
            exam,
            make_candidate(n),
            score=sum(row),
            max_score=3,
            slots=slots,
            marks=[*row, None],
        )
    return v


def test_org_stats_page(client, organiser, exam, questions, prediction_question):
    _paper_attempts(exam, questions, prediction_question)
    client.force_login(organiser)

    response = client.get(reverse("exams:org-stats", args=[exam.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert '<title id="histogram-title">' in html
    assert '<desc id="histogram-desc">' in html
    assert 'id="distribution-table"' in html
    assert 'id="question-table"' in html
    assert "Câu hỏi số 1" in html
    assert "100,00%" in html  # q1's facility
    assert 'class="needs-attention"' in html
    assert "Quá dễ" in html
    assert "Câu hỏi dự đoán" not in html  # the prediction is no row of its own
    summary = response.context["summary"]
    assert summary.count == 6
    assert summary.whole_marks
    assert [b.count for b in summary.bins] == [0, 2, 2, 2]  # scores 3, 2, 2, 1, 3, 1


def test_org_stats_of_an_exam_without_attempts(client, organiser, exam):
    client.force_login(organiser)
    response = client.get(reverse("exams:org-stats", args=[exam.pk]))
    assert response.status_code == 200
    assert "Chưa có bài nộp nào." in response.content.decode()


def test_org_excel_statistics_sheet(client, organiser, exam, questions, prediction_question):
    versions = _paper_attempts(exam, questions, prediction_question)
    client.force_login(organiser)

    response = client.get(reverse("exams:org-results-xlsx", args=[exam.pk]))

    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content))["Thống kê câu hỏi"].iter_rows(
            values_only=True
        )
    )
    assert [r[0] for r in rows[1:]] == versions
    assert rows[1][4] == 6  # attempts
    assert rows[1][5] == pytest.approx(100.0)  # facility %
    assert rows[1][7] is None  # no spread: no discrimination index
    assert rows[1][8] == "Có"
