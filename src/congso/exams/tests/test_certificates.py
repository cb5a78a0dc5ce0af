"""Certificates: an A4 landscape PDF with the result and a QR code to the verification page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from congso.core.exceptions import NotFound
from congso.exams import certificates, ranking
from congso.exams.models import Contest, Exam, Prize, Result
from congso.exams.tests.test_ranking import close, make_attempt, make_candidate

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout  # noqa: S603


def pdf_pages(pdf: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(  # noqa: S603
        ["pdfinfo", str(path)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


@pytest.fixture
def ranked(exam, organiser, province):
    """The round of a contest, closed, ranked with a first prize, and published."""
    contest = Contest.objects.create(
        org_unit=province.sotttt,
        title="Tìm hiểu pháp luật về an ninh mạng năm 2026",
        slug="an-ninh-mang-2026",
        status=Contest.Status.PUBLISHED,
    )
    Exam.objects.filter(pk=exam.pk).update(contest=contest)
    close(exam)
    Prize.objects.create(exam=exam, name="Giải Nhất", count=1)
    winner = make_candidate(1, full_name="Đặng Thị Ngọc Ánh", workplace="Trường THPT Bắc Duyên Hà")
    make_attempt(exam, winner, score="17.5", max_score=19)
    make_attempt(exam, make_candidate(2, full_name="Vũ Văn Lợi"), score=12, max_score=19)
    ranking.exam_rank(actor=organiser, exam=exam)
    ranking.exam_publish_ranking(actor=organiser, exam=exam)
    return Result.objects.select_related("exam").order_by("rank")


def test_certificate_pdf_says_who_what_and_where_to_verify(ranked, tmp_path, settings):
    settings.BASE_URL = "https://congso.thaibinh.gov.vn"
    first = certificates.published_result(ranked[0].certificate_code)

    pdf = certificates.certificate_pdf(first)

    assert pdf.startswith(b"%PDF")
    pages, size = pdf_pages(pdf, tmp_path)
    assert pages == 1
    assert size.startswith("841.89 x 595.276")  # A4 landscape, in points
    text = " ".join(pdf_text(pdf, tmp_path).split())
    for expected in (
        "GIẤY CHỨNG NHẬN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đặng Thị Ngọc Ánh",
        "Trường THPT Bắc Duyên Hà",
        "Tìm hiểu pháp luật về an ninh mạng năm 2026".upper(),
        "Tìm hiểu pháp luật về an ninh mạng — Tuần 1",
        "GIẢI NHẤT",
        "17,5/19",
        "xếp hạng 1/2 thí sinh",
        "Sở Thông tin và Truyền thông".upper(),
        first.certificate_code,
    ):
        assert expected in text, expected
    url = f"https://congso.thaibinh.gov.vn/thi/chung-nhan/{first.certificate_code}/"
    assert url in text.replace(" ", "")
    context = certificates.certificate_context(first)
    assert context["verify_url"] == url
    assert context["qr"].startswith("data:image/svg+xml")


def test_certificate_without_prize_shows_the_rank(ranked, tmp_path):
    second = certificates.published_result(ranked[1].certificate_code)
    text = " ".join(pdf_text(certificates.certificate_pdf(second), tmp_path).split())
    assert "Vũ Văn Lợi" in text
    assert "12/19" in text
    assert "xếp hạng 2/2 thí sinh" in text
    assert "GIẢI" not in text


def test_code_is_read_case_and_space_insensitively(ranked):
    code = ranked[0].certificate_code
    assert certificates.published_result(f" {code.lower()} ").pk == ranked[0].pk


@pytest.mark.parametrize("code", ["", "KHONGCO1234", "../etc", "A" * 200, "mã-sai"])
def test_unknown_code_is_not_found(ranked, code):
    with pytest.raises(NotFound):
        certificates.published_result(code)


def test_no_certificate_while_the_ranking_is_not_published(ranked, organiser):
    result = ranked[0]
    ranking.exam_unpublish_ranking(actor=organiser, exam=result.exam)
    result.exam.refresh_from_db()

    with pytest.raises(NotFound):
        certificates.published_result(result.certificate_code)
    with pytest.raises(NotFound):
        certificates.certificate_pdf(result)


def test_base_url_comes_from_settings(ranked):
    assert certificates.verify_url("ABC").startswith(settings.BASE_URL)
