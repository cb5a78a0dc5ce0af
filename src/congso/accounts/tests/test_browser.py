"""A person in real Chromium: a citizen signs up and in; an administrator signs in with TOTP."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from congso.accounts.models import User
from congso.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_signs_up_then_signs_in(page: Page, live_server, province):
    page.goto(f"{live_server.url}/co-quan/")
    expect(page.locator("footer")).to_contain_text("Ủy ban nhân dân tỉnh Thái Bình")
    page.get_by_role("navigation").get_by_role("link", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible()

    page.get_by_label("Họ và tên").fill("Đặng Thị Hường")
    page.get_by_label("Thư điện tử").fill("huong@test.vn")
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_label("Số căn cước công dân (không bắt buộc)").fill("03419")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Huong-Thai-Binh-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Huong-Thai-Binh-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    # A short citizen ID is refused in Vietnamese and what was typed is kept.
    expect(page.get_by_text("Số căn cước công dân phải gồm đúng 12 chữ số.")).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value("Đặng Thị Hường")
    page.get_by_label("Số căn cước công dân (không bắt buộc)").fill("034190001234")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Huong-Thai-Binh-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Huong-Thai-Binh-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(
        page.get_by_text("Chào mừng Đặng Thị Hường! Tài khoản của bạn đã được tạo.")
    ).to_be_visible()
    assert User.objects.get(email="huong@test.vn").citizen_id == "034190001234"

    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{live_server.url}/co-quan/")
    page.get_by_role("navigation").get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Thư điện tử").fill("huong@test.vn")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Thư điện tử hoặc mật khẩu không đúng.")).to_be_visible()
    page.get_by_label("Mật khẩu").fill("Huong-Thai-Binh-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tài khoản của tôi")).to_be_visible()
    expect(page.get_by_text("huong@test.vn")).to_be_visible()


def _code(secret_b32: str) -> str:
    from base64 import b32decode

    key = b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{totp(key):06d}"


def test_administrator_enrols_and_signs_in_with_totp(page: Page, live_server, administrator):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Thư điện tử").fill(administrator.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Bật xác thực hai lớp")).to_be_visible()
    qr = page.get_by_role("img", name=re.compile("Mã QR"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 100
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Mã xác thực 6 số").fill(_code(secret))
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    expect(page.get_by_text("Đã bật xác thực hai lớp cho tài khoản của bạn.")).to_be_visible()

    page.get_by_role("link", name="Quản trị", exact=True).click()
    expect(
        page.get_by_role("heading", name="Quản trị cơ quan, người dùng và hệ thống")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Cơ quan, đơn vị").first).to_be_visible()

    # Next time: password, then the code from the app.
    page.goto(f"{live_server.url}/co-quan/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{live_server.url}/dang-nhap/?next=/quan-tri/")
    page.get_by_label("Thư điện tử").fill(administrator.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    device = TOTPDevice.objects.get(user=administrator, confirmed=True)
    device.last_t = -1  # the enrolment used this time step; a real person waits 30 s
    device.save(update_fields=["last_t"])
    page.get_by_label("Mã xác thực 6 số").fill(_code(secret))
    page.get_by_role("button", name="Xác nhận").click()
    expect(
        page.get_by_role("heading", name="Quản trị cơ quan, người dùng và hệ thống")
    ).to_be_visible()
