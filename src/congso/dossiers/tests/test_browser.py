"""A citizen, in real Chromium on a 360 px phone: finds a procedure typing without accents, fills
its form, uploads papers, saves a draft, loses the connection while typing, comes back, submits,
receives the confirmation over SMTP, and looks the dossier up by code and secret signed out."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, Response, expect

from congso.accounts.tests.factories import PASSWORD
from congso.conftest import mail_text
from congso.core.tests.test_accessibility import AXE, serious_violations
from congso.dossiers.models import Dossier
from congso.dossiers.tests.conftest import PDF_BYTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
FIRST_LOAD_BUDGET = 300 * 1024


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def open_menu(page: Page) -> None:
    """On a phone the menu folds behind the "Danh mục" button."""
    button = page.get_by_role("button", name="Danh mục")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()


def first_load_bytes(page: Page, url: str) -> int:
    """Bytes of the document, styles, scripts and images of a first visit (empty cache)."""
    sizes: dict[str, int] = {}

    def record(response: Response) -> None:
        if response.request.resource_type in {"document", "stylesheet", "script", "image", "font"}:
            try:
                sizes[response.url] = len(response.body())
            except Exception:  # a redirect has no body
                sizes.setdefault(response.url, 0)

    page.on("response", record)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    assert sizes, "nothing recorded"
    return sum(sizes.values())


@pytest.fixture
def photo(tmp_path):
    """A phone photo of a paper: 3000×4000, a few MB."""
    path = tmp_path / "IMG_2041.JPG"
    image = Image.effect_noise((1500, 2000), 60).convert("RGB").resize((3000, 4000))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "to-khai-khai-sinh.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def test_citizen_submits_online_and_looks_the_dossier_up(
    page: Page, live_server, procedure, citizen, smtp_inbox, photo, scan, settings
):
    settings.BASE_URL = live_server.url
    context = page.context
    page.set_viewport_size(PHONE)

    # Find the procedure without typing accents.
    weight = first_load_bytes(page, f"{live_server.url}/thu-tuc-hanh-chinh/")
    assert weight < FIRST_LOAD_BUDGET, f"catalogue first load {weight} bytes"
    page.get_by_label("Tên hoặc mã thủ tục").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Đăng ký khai sinh").first.click()
    expect(page.get_by_role("heading", name="Đăng ký khai sinh")).to_be_visible()
    assert no_sideways_scroll(page)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()

    # Sign in, then straight back to the application.
    page.get_by_label("Thư điện tử").fill(citizen.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Bắt đầu").click()
    expect(page.get_by_role("heading", name="Hồ sơ nháp")).to_be_visible()
    draft_url = page.url
    assert no_sideways_scroll(page)
    weight = first_load_bytes(page, draft_url)
    assert weight < FIRST_LOAD_BUDGET, f"draft page first load {weight} bytes"
    if AXE.exists():
        assert serious_violations(page) == []

    # Fill part of the form and upload the papers: each file goes up on its own at once.
    page.get_by_label("Họ và tên trẻ").fill("Nguyễn Thị Hoa")
    page.get_by_label("Ngày sinh").fill("20/11/2026")
    page.get_by_label("Tờ khai đăng ký khai sinh").set_input_files(str(scan))
    expect(page.get_by_role("link", name="to-khai-khai-sinh.pdf")).to_be_visible()
    page.get_by_label("Giấy chứng sinh").set_input_files(str(photo))
    expect(page.get_by_role("link", name="IMG_2041.JPG")).to_be_visible()
    expect(page.get_by_label("Họ và tên trẻ")).to_have_value("Nguyễn Thị Hoa")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text(re.compile("Đã lưu nháp lúc"))).to_be_visible()

    dossier = Dossier.objects.get()
    stored = dossier.files.get(original_name="IMG_2041.JPG")
    assert stored.content_type == "image/jpeg"
    assert stored.original_size > 2 * stored.size
    assert stored.size <= 1_000_000

    # The connection drops while typing: nothing is lost.
    context.set_offline(True)
    page.get_by_label("Giới tính").select_option("Nữ")
    expect(page.locator("#autosave-status")).to_contain_text("Chưa lưu được")
    context.set_offline(False)
    expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu")

    # Come back later from "Hồ sơ của tôi".
    page.goto(f"{live_server.url}/thu-tuc-hanh-chinh/")
    open_menu(page)
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.get_by_role("link", name="Hồ sơ nháp").click()
    assert page.url == draft_url
    expect(page.get_by_label("Họ và tên trẻ")).to_have_value("Nguyễn Thị Hoa")
    expect(page.get_by_label("Giới tính")).to_have_value("Nữ")

    # Submitting with a box unticked lists it; ticking it and submitting goes through.
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Tôi cam đoan")
    page.get_by_label("Tôi cam đoan nội dung trên là đúng sự thật").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text(re.compile("Đã nộp hồ sơ. Mã hồ sơ"))).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUBMITTED
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    assert no_sideways_scroll(page)

    [mail] = smtp_inbox.wait_for(1)
    body = mail_text(mail)
    assert dossier.code in body
    assert dossier.lookup_secret in body

    # Signed out, look it up by code and secret, as the receipt's QR code would.
    open_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(f"{live_server.url}/tra-cuu-ho-so/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Mã tra cứu").fill(dossier.lookup_secret.lower())
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Mới nộp, chờ tiếp nhận", exact=True)).to_be_visible()
    expect(page.get_by_text(dossier.procedure.name, exact=True)).to_be_visible()
    assert no_sideways_scroll(page)
    if AXE.exists():
        assert serious_violations(page) == []
