"""An exam organiser, in real Chromium: signs in, creates a bank, a category and a question
(adding answer rows without JavaScript's help), an exam with its paper rule, and publishes it;
the screens pass axe's WCAG 2.1 AA checks and fit a phone without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from congso.accounts.tests.factories import PASSWORD
from congso.core.tests.test_accessibility import AXE, serious_violations
from congso.exams import organising
from congso.exams.models import Exam, Paper, Question

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}


def fits_a_phone(page: Page) -> bool:
    page.set_viewport_size(PHONE)
    fits = page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def check_page(page: Page) -> None:
    assert fits_a_phone(page), page.url
    if AXE.exists():
        assert serious_violations(page) == [], page.url


def test_an_organiser_builds_and_publishes_an_exam(page: Page, live_server, organiser, monkeypatch):
    monkeypatch.setattr(organising, "PAPER_POOL_SIZE", 3)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dang-nhap/?next=/to-chuc-thi/")
    page.get_by_label("Thư điện tử").fill(organiser.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổ chức thi trực tuyến")).to_be_visible()
    expect(page.get_by_role("link", name="Tổ chức thi", exact=True)).to_be_visible()
    check_page(page)

    # A bank and its first category.
    page.get_by_role("link", name="Tạo ngân hàng câu hỏi").first.click()
    page.get_by_label("Tên ngân hàng câu hỏi").fill("Chuyển đổi số")
    page.get_by_role("button", name="Tạo ngân hàng").click()
    expect(page.get_by_role("heading", name="Chuyển đổi số")).to_be_visible()
    page.get_by_label("Tên chủ đề").fill("Chính phủ số")
    page.get_by_role("button", name="Thêm chủ đề").click()
    expect(page.get_by_text("Đã thêm chủ đề “Chính phủ số”.")).to_be_visible()
    check_page(page)

    # A single-answer question: two rows typed, more rows asked for, a wrong one costs 25%.
    page.get_by_role("link", name="Trắc nghiệm một đáp án").click()
    page.get_by_label("Nội dung câu hỏi").fill("Cổng dịch vụ công quốc gia có địa chỉ nào?")
    first = page.get_by_role("group", name="Phương án 1")
    first.get_by_label("Nội dung").fill("dichvucong.gov.vn")
    first.get_by_label("Tỉ lệ điểm").select_option(label="100%")
    second = page.get_by_role("group", name="Phương án 2")
    second.get_by_label("Nội dung").fill("dichvucong.com.vn")
    second.get_by_label("Tỉ lệ điểm").select_option(label="-25%")
    page.get_by_role("button", name="Thêm dòng").click()
    expect(page.get_by_role("group", name="Phương án 9")).to_be_visible()
    expect(page.get_by_role("group", name="Phương án 1").get_by_label("Nội dung")).to_have_value(
        "dichvucong.gov.vn"
    )
    check_page(page)
    page.get_by_role("button", name="Lưu câu hỏi").click()
    expect(page.get_by_text("Đã thêm câu hỏi")).to_be_visible()
    question = Question.objects.get()
    assert [c["fraction"] for c in question.current_version.data["choices"]] == [1.0, -0.25]

    # An exam drawing that one question, then published.
    page.get_by_role("link", name="Tạo bài thi", exact=True).click()
    page.get_by_label("Tên bài thi").fill("Kiểm tra chuyển đổi số")
    page.get_by_label("Mở lúc").fill("20/11/2030 08:00")
    page.get_by_label("Đóng lúc").fill("19/11/2030 08:00")
    page.get_by_role("button", name="Tạo bài thi").click()
    expect(page.get_by_text("Thời điểm đóng phải sau thời điểm mở.")).to_be_visible()
    page.get_by_label("Đóng lúc").fill("20/11/2030 17:00")
    page.get_by_label("Dải địa chỉ IP được phép").fill("10.20.0.0/16")
    check_page(page)
    page.get_by_role("button", name="Tạo bài thi").click()
    expect(page.get_by_role("heading", name="Quy tắc rút câu hỏi")).to_be_visible()
    rule = page.get_by_role("group", name="Quy tắc 1")
    rule.get_by_label("Chủ đề", exact=True).select_option(label="Chính phủ số")
    rule.get_by_label("Số câu").fill("1")
    check_page(page)
    page.get_by_role("button", name="Lưu quy tắc").click()
    expect(page.get_by_text("Ngân hàng đủ câu hỏi cho các quy tắc rút đề.")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Công bố bài thi").click()
    expect(page.get_by_text("Đã công bố bài thi; đã rút sẵn 3 đề.")).to_be_visible()

    exam = Exam.objects.get()
    assert (exam.status, exam.allowed_networks) == ("published", "10.20.0.0/16")
    assert Paper.objects.filter(exam=exam).count() == 3
