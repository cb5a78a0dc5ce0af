"""A whole contest in real Chromium: the organiser imports a GIFT file and builds a contest round;
a candidate registers with an emailed code and takes it on a phone, reloads half-way and finds
every answer, and submits; the organiser closes the round and publishes the ranking; the
candidate's certificate verifies through the link in its QR code."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from congso.accounts.tests.factories import PASSWORD
from congso.conftest import mail_text
from congso.core.tests.test_accessibility import AXE, serious_violations
from congso.exams import organising
from congso.exams.models import Attempt, Exam, Result

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
MOBILE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0 Mobile Safari/537.36"
)


def gift_file() -> str:
    lines = ["// Bộ câu hỏi cuộc thi tìm hiểu pháp luật", "$CATEGORY: Pháp luật phổ thông", ""]
    for n in range(1, 21):
        lines += [
            f"::Câu {n}:: Câu hỏi số {n} về pháp luật: phương án nào đúng? "
            f"{{=Đúng {n} ~Sai {n}a ~Sai {n}b ~Sai {n}c}}",
            "",
        ]
    lines += [
        "::Dự đoán:: Theo bạn, có bao nhiêu bài dự thi trong vòng này? {#}",
        "",
        "::Tự luận:: Hãy nêu ý kiến của bạn về cuộc thi. {}",
        "",
    ]
    return "\n".join(lines)


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M")


def check_a11y(page: Page) -> None:
    if AXE.exists():
        assert serious_violations(page) == [], page.url


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def organiser_builds_the_round(page: Page, base: str, organiser, tmp_path) -> Exam:
    page.goto(f"{base}/dang-nhap/?next=/to-chuc-thi/")
    page.get_by_label("Thư điện tử").fill(organiser.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổ chức thi trực tuyến")).to_be_visible()

    page.get_by_role("link", name="Tạo ngân hàng câu hỏi").first.click()
    page.get_by_label("Tên ngân hàng câu hỏi").fill("Pháp luật phổ thông 2026")
    page.get_by_role("button", name="Tạo ngân hàng").click()
    expect(page.get_by_role("heading", name="Pháp luật phổ thông 2026")).to_be_visible()

    gift = tmp_path / "cau-hoi.gift"
    gift.write_text(gift_file(), encoding="utf-8")
    page.get_by_role("link", name="Nhập câu hỏi từ tệp").click()
    page.get_by_label("Định dạng tệp").select_option("gift")
    page.get_by_label("Tệp câu hỏi").set_input_files(str(gift))
    page.get_by_role("button", name="Nhập câu hỏi").click()
    report = page.get_by_role("status")
    expect(report).to_contain_text("21 câu đã nhập")
    expect(report).to_contain_text("1 câu bỏ qua")
    expect(report).to_contain_text("0 câu lỗi")

    page.goto(f"{base}/to-chuc-thi/")
    page.get_by_role("link", name="Tạo cuộc thi").first.click()
    page.get_by_label("Tên cuộc thi").fill("Tìm hiểu pháp luật trực tuyến 2026")
    page.get_by_label("Đường dẫn").fill("phap-luat-2026")
    page.get_by_label("Thể lệ").fill("Mỗi vòng 20 câu hỏi trong 20 phút, được làm 2 lần.")
    page.get_by_role("button", name="Tạo cuộc thi").click()
    page.get_by_role("button", name="Công bố cuộc thi").click()
    page.get_by_role("link", name="Thêm vòng thi").click()

    now = timezone.now()
    page.get_by_label("Tên bài thi").fill("Vòng 1")
    page.get_by_label("Đường dẫn").fill("phap-luat-2026-vong-1")
    page.get_by_label("Mở lúc").fill(local(now - timedelta(hours=1)))
    page.get_by_label("Đóng lúc").fill(local(now + timedelta(days=7)))
    page.get_by_label("Câu hỏi dự đoán").select_option(label="Dự đoán")
    page.get_by_role("button", name="Tạo bài thi").click()
    rule = page.get_by_role("group", name="Quy tắc 1")
    rule.get_by_label("Chủ đề", exact=True).select_option(label="Pháp luật phổ thông")
    rule.get_by_label("Số câu").fill("19")
    page.get_by_role("button", name="Lưu quy tắc").click()
    expect(page.get_by_text("Ngân hàng đủ câu hỏi cho các quy tắc rút đề.")).to_be_visible()
    page.get_by_role("link", name="Cơ cấu giải thưởng").click()
    first = page.get_by_role("group", name="Giải 1")
    first.get_by_label("Tên giải").fill("Giải Nhất")
    first.get_by_label("Số giải").fill("1")
    page.get_by_role("button", name="Lưu cơ cấu giải").click()
    page.get_by_role("button", name="Công bố bài thi").click()
    expect(page.get_by_text("Đã công bố bài thi")).to_be_visible()
    return Exam.objects.get(slug="phap-luat-2026-vong-1")


def test_a_contest_from_gift_file_to_verified_certificate(
    page: Page,
    browser: Browser,
    live_server,
    organiser,
    smtp_inbox,
    settings,
    tmp_path,
    monkeypatch,
):
    if not shutil.which("zbarimg") or not shutil.which("pdftoppm"):
        pytest.skip("zbarimg (zbar-tools) and pdftoppm (poppler-utils) read the certificate's QR")
    monkeypatch.setattr(organising, "CONTEST_PAPER_POOL_SIZE", 5)
    settings.BASE_URL = live_server.url
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})

    exam = organiser_builds_the_round(page, base, organiser, tmp_path)
    assert (exam.status, exam.contest.status) == ("published", "published")

    # The candidate, on a phone.
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, user_agent=MOBILE_UA
    )
    phone = context.new_page()
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.goto(f"{base}/cuoc-thi/phap-luat-2026/")
    check_a11y(phone)
    phone.get_by_role("link", name="Đăng ký dự thi").click()
    phone.get_by_label("Họ và tên").fill("Nguyễn Thị Minh Thư")
    phone.get_by_label("Thư điện tử hoặc số điện thoại").fill("minhthu@example.vn")
    check_a11y(phone)
    phone.get_by_role("button", name="Nhận mã xác thực").click()
    expect(phone.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    code = next(
        w for w in mail_text(smtp_inbox.wait_for(1)[-1]).split() if w.isdigit() and len(w) == 6
    )
    phone.get_by_role("textbox", name="Mã xác thực").fill(code)
    phone.get_by_role("button", name="Xác nhận").click()
    expect(phone.get_by_text("Đăng ký thành công")).to_be_visible()

    phone.get_by_role("link", name="Vòng 1: Vòng 1").click()
    phone.get_by_role("button", name="Bắt đầu làm bài").click()
    questions = phone.locator("fieldset.question")
    expect(questions).to_have_count(20)
    check_a11y(phone)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    attempt = Attempt.objects.get()

    def answer(index: int) -> None:
        questions.nth(index).locator("label.choice", has_text="Đúng").click()

    for index in range(10):
        answer(index)
    wait_for(lambda: len(Attempt.objects.get(pk=attempt.pk).answers) == 10)
    expect(phone.locator("#save-status")).to_contain_text("Đã lưu lúc")

    phone.reload()
    for index in range(10):
        expect(
            questions.nth(index).locator("label.choice", has_text="Đúng").locator("input")
        ).to_be_checked()
    expect(phone.locator("#answered-count")).to_have_text("10")
    for index in range(10, 19):
        answer(index)
    phone.get_by_label("Số bạn dự đoán").fill("1")
    phone.get_by_role("button", name="Nộp bài").click()
    expect(phone.get_by_role("heading", name="Kết quả bài làm")).to_be_visible()
    expect(phone.locator(".score")).to_contain_text("19 / 19")
    check_a11y(phone)
    attempt.refresh_from_db()
    assert (attempt.status, str(attempt.score), attempt.prediction) == ("submitted", "19.00", 1)
    result_url = phone.url

    # The organiser closes the round, enters the true count and publishes the ranking.
    page.goto(f"{base}/to-chuc-thi/bai-thi/{exam.pk}/")
    page.get_by_role("link", name="Kết thúc bài thi…").click()
    page.get_by_role("button", name="Kết thúc bài thi").click()
    page.get_by_role("link", name="Kết quả, xếp hạng").click()
    page.get_by_label("Con số thực tế").fill("1")
    page.get_by_role("button", name="Lưu và xếp hạng lại").click()
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.get_by_text("đã công bố lúc")).to_be_visible()
    result = Result.objects.get(exam=exam)
    assert (result.rank, result.prize, result.prediction_gap) == (1, "Giải Nhất", 0)

    # The candidate downloads the certificate; its QR code opens the verification page.
    phone.goto(result_url)
    link = phone.get_by_role("link", name="Tải giấy chứng nhận (PDF)")
    pdf = phone.request.get(f"{base}{link.get_attribute('href')}")
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "giay-chung-nhan.pdf").write_bytes(pdf.body())
    pdftoppm, zbarimg = shutil.which("pdftoppm"), shutil.which("zbarimg")
    subprocess.run(  # noqa: S603 - fixed tools on files the test wrote
        [pdftoppm, "-png", "-r", "150", "-f", "1", "-l", "1", str(tmp_path / "giay-chung-nhan.pdf"), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    image = next(tmp_path.glob("page*.png"))
    scanned = subprocess.run(  # noqa: S603
        [zbarimg, "--quiet", "--raw", str(image)], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert scanned == f"{base}/thi/chung-nhan/{result.certificate_code}/"
    phone.goto(scanned)
    expect(phone.get_by_text("Giấy chứng nhận hợp lệ")).to_be_visible()
    expect(phone.get_by_text("Nguyễn Thị Minh Thư")).to_be_visible()
    check_a11y(phone)
    context.close()
