"""The officials' side in real Chromium: an online dossier is received at the desk (receipt
downloaded), handled, checked at another agency, approved by the leader, returned; the citizen
sees the result and rates it; the control sheet shows every hand-off with its timing."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from congso.accounts.models import Role
from congso.accounts.tests.factories import PASSWORD, make_official
from congso.core.tests.test_accessibility import AXE, serious_violations
from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.conftest import PDF_BYTES, fill_ready
from congso.procedures.models import ProcessStep

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STEPS = [
    (1, "Tiếp nhận hồ sơ", None, Role.ONE_STOP_CLERK, "0.5"),
    (2, "Thẩm định hồ sơ", None, Role.HANDLER, "1"),
    (3, "Kiểm tra tại huyện", "donghung", Role.HANDLER, "1"),
    (4, "Lãnh đạo phê duyệt", None, Role.LEADER, "0.5"),
    (5, "Trả kết quả", None, Role.ONE_STOP_CLERK, "0.5"),
]


@pytest.fixture
def people(province, agency, clerk, handler):
    return {
        "clerk": clerk,
        "handler": handler,
        "district": make_official(
            email="huyen@example.vn", full_name="Chuyên viên Huyện", unit=province.donghung,
            role=Role.HANDLER,
        ),
        "leader": make_official(
            email="chutich@example.vn", full_name="Chủ tịch Xã", unit=agency, role=Role.LEADER
        ),
    }  # fmt: skip


@pytest.fixture
def online_dossier(citizen, procedure, province, django_capture_on_commit_callbacks):
    procedure.processing_days = Decimal("3.5")
    procedure.save()
    for order, name, unit, role, days in STEPS:
        ProcessStep.objects.create(
            procedure=procedure, order=order, name=name, role=role, days=Decimal(days),
            org_unit=getattr(province, unit) if unit else None,
        )  # fmt: skip
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
    return dossier


def sign_in(page: Page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Thư điện tử").fill(user.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def open_from_inbox(page: Page, base: str, dossier: Dossier) -> None:
    page.goto(f"{base}/xu-ly/")
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()


def test_an_online_dossier_through_desk_steps_other_agency_leader_and_back(
    page: Page, live_server, online_dossier, people, citizen, tmp_path
):
    base = live_server.url
    dossier = online_dossier
    page.set_viewport_size({"width": 1280, "height": 900})

    # The desk receives it and downloads the receipt (Mẫu 01).
    sign_in(page, base, people["clerk"])
    page.goto(f"{base}/mot-cua/")
    page.get_by_role("link", name=dossier.code).click()
    if AXE.exists():
        assert serious_violations(page) == []
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_text(re.compile("Đã tiếp nhận hồ sơ .*, hẹn trả kết quả"))).to_be_visible()
    receipt = page.get_by_role("link", name="Giấy tiếp nhận (Mẫu 01)").get_attribute("href")
    pdf = page.request.get(base + receipt)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    # The commune's handler takes it and sends it on, to the district.
    sign_in(page, base, people["handler"])
    open_from_inbox(page, base, dossier)
    page.get_by_role("button", name="Nhận xử lý").click()
    page.get_by_label("Ý kiến xử lý").fill("Hồ sơ đủ điều kiện, đề nghị huyện kiểm tra.")
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(
        page.get_by_text(re.compile("Đã chuyển hồ sơ đến bước “Kiểm tra tại huyện”"))
    ).to_be_visible()

    # The district (another agency) does its step from its own inbox.
    sign_in(page, base, people["district"])
    open_from_inbox(page, base, dossier)
    if AXE.exists():
        assert serious_violations(page) == []
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()

    # The leader approves.
    sign_in(page, base, people["leader"])
    open_from_inbox(page, base, dossier)
    page.get_by_role("button", name="Phê duyệt", exact=True).click()

    # Back at the desk: the result is uploaded, then returned.
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(PDF_BYTES)
    sign_in(page, base, people["clerk"])
    page.goto(f"{base}/mot-cua/ho-so/{dossier.pk}/")
    page.get_by_label("Tệp kết quả (PDF đã ký, bản chụp)").set_input_files(str(result))
    page.get_by_role("button", name="Cập nhật kết quả, báo người nộp").click()
    page.get_by_role("button", name="Đã trả kết quả").click()
    expect(page.get_by_text("Đã trả kết quả, hồ sơ kết thúc.")).to_be_visible()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RETURNED

    # The citizen sees the result and rates the service.
    sign_in(page, base, citizen)
    page.goto(f"{base}/dich-vu-cong/ho-so/{dossier.pk}/")
    expect(page.get_by_role("link", name="giay-khai-sinh.pdf")).to_be_visible()
    page.get_by_label("Rất hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá.")).to_be_visible()

    # The control sheet shows every hand-off with its timing.
    sign_in(page, base, people["handler"])
    page.goto(f"{base}/xu-ly/ho-so/{dossier.pk}/")
    rows = page.locator("#steps-title + p + table tbody tr")
    expect(rows).to_have_count(5)
    texts = rows.all_inner_texts()
    for (order, name, _unit, _role, _days), text in zip(STEPS, texts, strict=True):
        assert f"{order}. {name}" in text
        assert re.search("Trước hạn|Đúng hạn|Quá hạn", text), text
    sheet = page.request.get(f"{base}/mot-cua/ho-so/{dossier.pk}/phieu/kiem-soat.pdf")
    assert sheet.body().startswith(b"%PDF-")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        path = tmp_path / "kiem-soat.pdf"
        path.write_bytes(sheet.body())
        text = subprocess.run(  # noqa: S603 - a fixed tool on our own file
            [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
        for _order, name, _unit, _role, _days in STEPS:
            assert name in text
