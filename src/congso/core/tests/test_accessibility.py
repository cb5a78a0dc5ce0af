"""axe-core (from the npm registry) in real Chromium: no serious or critical WCAG violations."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[4] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/co-quan/", "/co-quan/?q=so+y+te", "/dang-nhap/", "/dang-ky/", "/quen-mat-khau/"]


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def axe_available():
    if not AXE.exists():
        pytest.skip(
            "node_modules/axe-core is missing: run `npm ci` (make test does it when npm exists)"
        )


@pytest.mark.parametrize("width", [360, 1280])
def test_public_pages_have_no_serious_violations(
    page: Page, live_server, province, axe_available, width
):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        if problems := serious_violations(page):
            found[path] = problems
    assert found == {}


def test_form_errors_are_accessible(page: Page, live_server, province, axe_available):
    page.goto(live_server.url + "/dang-ky/")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_selector(".error")
    assert serious_violations(page) == []


def test_signed_in_profile_page(page: Page, live_server, citizen, axe_available):
    from congso.accounts.tests.factories import PASSWORD

    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Thư điện tử").fill(citizen.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/tai-khoan/")
    assert serious_violations(page) == []


def test_keyboard_user_can_skip_to_content(page: Page, live_server, province):
    page.goto(live_server.url + "/co-quan/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_the_check_itself_catches_a_violation(page: Page, axe_available):
    page.set_content('<html lang="vi"><body><main><input type="text"></main></body></html>')
    assert any(v.startswith("label (critical)") for v in serious_violations(page))
