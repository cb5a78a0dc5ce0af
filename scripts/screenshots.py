"""Screenshots for docs/user-guide/, taken in real Chromium from a throw-away demo province.

    CONGSO_DEBUG=true .venv/bin/python scripts/screenshots.py

Creates a temporary data directory, migrates, seeds `congso demo`, serves it on a free port,
signs in as the demo citizen and the demo administrator (enrolling TOTP on the way) and writes
PNGs to docs/user-guide/img/. The demo's portals (localhost:8000 and <slug>.localhost:8000) are
moved to the chosen port in the temporary database first, and captured as portal-*.png.
Nothing in the developer's own database changes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import b32decode
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "user-guide" / "img"
sys.path.insert(0, str(ROOT / "src"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp_code(secret: str) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    from django_otp.oath import totp

    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


# Run in the temporary database with `congso shell -c`: move the demo portals to the port the
# screenshots are served on and print what to capture, as JSON on the last line.
PORTAL_SETUP = """
import json
from wagtail.models import Site
from congso.portal.models import ArticlePage, PortalSettings
Site.objects.update(port=PORT)
row = PortalSettings.objects.filter(is_main=False, site__hostname__startswith="sotttt.").first()
row = row or PortalSettings.objects.filter(is_main=False).order_by("pk").first()
site = row.site
articles = ArticlePage.objects.live().descendant_of(site.root_page).order_by("-published_on")
article = next((a for a in articles if any(b.block_type == "table" for b in a.body)), articles[0])
print(json.dumps({"host": site.hostname, "article": article.url_path[len(site.root_page.url_path) - 1:],
                  "article_id": article.pk}))
"""


# The demo citizen's dossier waiting at the desk (congso demo seeds it).
DOSSIER_SETUP = """
import json
from congso.dossiers.models import Dossier
dossier = Dossier.objects.get(applicant__email="congdan@demo.congso.vn", status="submitted")
print(json.dumps({"id": dossier.pk, "code": dossier.code, "secret": dossier.lookup_secret,
                  "procedure": dossier.procedure.code}))
"""


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Mật khẩu").fill("Congso@2026")
    page.get_by_role("button", name="Đăng nhập").click()


def dossier_shots(browser, base: str, dossier: dict) -> None:
    """The catalogue, a procedure, the citizen's draft and receipt, the lookup, the desk queue."""
    phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    phone.goto(base + "/thu-tuc-hanh-chinh/?q=khai+sinh")
    phone.screenshot(path=OUT / "procedures-search-phone.png", full_page=True)
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    desktop.goto(base + f"/thu-tuc-hanh-chinh/{dossier['procedure']}/")
    desktop.screenshot(path=OUT / "procedure-detail.png")
    sign_in(phone, base, "congdan@demo.congso.vn")
    phone.goto(base + f"/dich-vu-cong/ho-so/{dossier['id']}/")
    phone.screenshot(path=OUT / "dossier-receipt-phone.png", full_page=True)
    khai_sinh = phone.context.request.get(base + "/api/v1/procedures?q=dang+ky+khai+sinh").json()
    code = khai_sinh["items"][0]["code"]
    phone.goto(base + f"/dich-vu-cong/nop-ho-so/{code}/")
    cases = phone.get_by_role("radio")
    if cases.count():
        cases.first.check()
    agency = phone.get_by_label("Cơ quan tiếp nhận hồ sơ")
    if agency.count():
        agency.select_option(index=1)
    phone.get_by_role("button", name="Bắt đầu").click()
    phone.screenshot(path=OUT / "dossier-draft-phone.png", full_page=True)
    desktop.goto(base + f"/tra-cuu-ho-so/?ma={dossier['code']}&bi-mat={dossier['secret']}")
    desktop.screenshot(path=OUT / "dossier-lookup.png", full_page=True)
    sign_in(desktop, base, "motcua@demo.congso.vn")
    desktop.goto(base + "/mot-cua/")
    desktop.screenshot(path=OUT / "desk-queue.png")
    desktop.goto(base + f"/mot-cua/ho-so/{dossier['id']}/")
    desktop.screenshot(path=OUT / "desk-dossier.png", full_page=True)
    sign_in(desktop, base, "chuyenvien@demo.congso.vn")
    desktop.goto(base + "/xu-ly/")
    desktop.screenshot(path=OUT / "work-inbox.png")
    first = desktop.locator("table a").first
    if first.count():
        first.click()
        desktop.screenshot(path=OUT / "work-dossier.png", full_page=True)
    sign_in(desktop, base, "lanhdao@demo.congso.vn")
    desktop.goto(base + "/thong-ke/")
    desktop.screenshot(path=OUT / "stats-dashboard.png", full_page=True)


# The demo contest's first round is over and ranked; its second round is open.
EXAM_SETUP = """
import json
from congso.exams.models import Exam, Result
first = Exam.objects.get(slug="tim-hieu-phap-luat-2026-vong-1")
result = Result.objects.filter(exam=first).order_by("rank").first()
print(json.dumps({"first": first.pk, "bank": first.bank_id, "certificate": result.certificate_code}))
"""


def exam_shots(browser, base: str, exam: dict) -> None:
    """A candidate on a phone (contest, code, attempt, result); the organiser's screens."""
    phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    phone.goto(base + "/cuoc-thi/tim-hieu-phap-luat-2026/")
    phone.screenshot(path=OUT / "exams-contest-phone.png", full_page=True)
    phone.goto(base + "/thi/dang-nhap/")
    phone.get_by_label("Thư điện tử hoặc số điện thoại").fill("thisinh1@demo.congso.vn")
    phone.get_by_role("button", name="Nhận mã xác thực").click()
    phone.screenshot(path=OUT / "exams-code-phone.png", full_page=True)
    code = phone.locator(".message-warning").inner_text().split()[-1].strip(".")
    phone.get_by_role("textbox", name="Mã xác thực").fill(code)
    phone.get_by_role("button", name="Xác nhận").click()
    phone.goto(base + "/thi/tim-hieu-phap-luat-2026-vong-2/")
    phone.get_by_role("button", name="Bắt đầu làm bài").click()
    questions = phone.locator("fieldset.question")
    for index in range(min(3, questions.count())):
        questions.nth(index).locator("label.choice").first.click()
    phone.wait_for_timeout(1500)
    phone.screenshot(path=OUT / "exams-attempt-phone.png")
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Nộp bài").click()
    phone.wait_for_load_state()
    phone.screenshot(path=OUT / "exams-result-phone.png")
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    desktop.goto(base + "/thi/tim-hieu-phap-luat-2026-vong-1/bang-xep-hang/")
    desktop.screenshot(path=OUT / "exams-leaderboard.png", full_page=True)
    desktop.goto(base + f"/thi/chung-nhan/{exam['certificate']}/")
    desktop.screenshot(path=OUT / "exams-certificate-verify.png")
    sign_in(desktop, base, "tochucthi@demo.congso.vn")
    desktop.goto(base + "/to-chuc-thi/")
    desktop.screenshot(path=OUT / "exams-organiser-dashboard.png", full_page=True)
    desktop.goto(base + f"/to-chuc-thi/ngan-hang/{exam['bank']}/")
    desktop.screenshot(path=OUT / "exams-bank.png")
    desktop.goto(base + f"/to-chuc-thi/ngan-hang/{exam['bank']}/cau-hoi/tao-moi/?loai=multi")
    desktop.screenshot(path=OUT / "exams-question-form.png", full_page=True)
    desktop.goto(base + f"/to-chuc-thi/ngan-hang/{exam['bank']}/nhap/")
    desktop.screenshot(path=OUT / "exams-import.png")
    desktop.goto(base + f"/to-chuc-thi/bai-thi/{exam['first']}/ket-qua/")
    desktop.screenshot(path=OUT / "exams-results.png", full_page=True)
    desktop.goto(base + f"/to-chuc-thi/bai-thi/{exam['first']}/thong-ke/")
    desktop.screenshot(
        path=OUT / "exams-stats.png",
        clip={"x": 0, "y": 0, "width": 1280, "height": 1500},
        full_page=True,
    )


def portal_shots(browser, admin_page, portal: dict, port: int) -> None:
    """A component portal as readers see it (phone and desktop) and the editor's screens."""
    base = f"http://{portal['host']}:{port}"
    pages = {
        "home": "/",
        "article": portal["article"],
        "documents": "/van-ban/",
        "calendar": "/lich-cong-tac/",
        "qa": "/hoi-dap/",
    }
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    for name, path in pages.items():
        desktop.goto(base + path)
        desktop.screenshot(path=OUT / f"portal-{name}.png", full_page=name != "calendar")
        phone.goto(base + path)
        phone.screenshot(path=OUT / f"portal-{name}-phone.png", full_page=name == "home")
    phone.get_by_role("button", name="Danh mục").click()
    phone.screenshot(path=OUT / "portal-menu-phone.png")
    desktop.goto(base + "/tim-kiem/?q=chuyen+doi+so")
    desktop.screenshot(path=OUT / "portal-search.png")
    desktop.goto(base + portal["article"])
    desktop.locator("#danh-gia").screenshot(path=OUT / "portal-rating.png")
    desktop.close()
    phone.close()

    # The administrator (signed in, with two-factor authentication) in the Wagtail editor.
    cms = f"http://127.0.0.1:{port}/cms"  # the session cookie belongs to this host
    admin_page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in {
        "cms-edit": f"/pages/{portal['article_id']}/edit/",
        "cms-history": f"/pages/{portal['article_id']}/history/",
        "cms-create": "/cong-thong-tin/tao-moi/",
    }.items():
        admin_page.goto(cms + path)
        if name == "cms-create" and admin_page.url.endswith("/cms/"):
            continue
        admin_page.screenshot(path=OUT / f"portal-{name}.png")


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp(prefix="congso-shots-")
    env = {**os.environ, "CONGSO_DEBUG": "true", "CONGSO_DATA_DIR": data}
    env.pop("CONGSO_DATABASE_URL", None)
    congso = [sys.executable, "-m", "congso"]
    env["PYTHONPATH"] = str(ROOT / "src")
    subprocess.run([*congso, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([*congso, "demo", "--quiet"], env=env, check=True)  # noqa: S603
    port = free_port()
    portal = json.loads(
        subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [*congso, "shell", "-c", PORTAL_SETUP.replace("PORT", str(port))],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    dossier = json.loads(
        subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [*congso, "shell", "-c", DOSSIER_SETUP],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    exam = json.loads(
        subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [*congso, "shell", "-c", EXAM_SETUP],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    server = subprocess.Popen(  # noqa: S603
        [*congso, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--no-first-run",
                ],
            )
            phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=1)
            phone.goto(base + "/")
            phone.screenshot(path=OUT / "home-phone.png", full_page=True)
            phone.goto(base + "/dang-ky/")
            phone.screenshot(path=OUT / "sign-up-phone.png", full_page=True)

            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base + "/co-quan/?q=so+y+te")
            page.screenshot(path=OUT / "agency-directory.png")
            page.goto(base + "/dang-nhap/")
            page.screenshot(path=OUT / "sign-in.png", full_page=True)
            page.get_by_label("Thư điện tử").fill("congdan@demo.congso.vn")
            page.get_by_label("Mật khẩu").fill("Congso@2026")
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url("**/tai-khoan/")
            page.screenshot(path=OUT / "profile.png", full_page=True)
            page.get_by_role("button", name="Đăng xuất").click()

            page.goto(base + "/dang-nhap/")
            page.get_by_label("Thư điện tử").fill("quantri@demo.congso.vn")
            page.get_by_label("Mật khẩu").fill("Congso@2026")
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url("**/bat-xac-thuc/")
            page.screenshot(path=OUT / "two-factor-enrol.png", full_page=True)
            secret = page.locator("#totp-secret").inner_text()
            page.get_by_label("Mã xác thực 6 số").fill(totp_code(secret))
            page.get_by_role("button", name="Bật xác thực hai lớp").click()
            page.goto(base + "/quan-tri/")
            page.screenshot(path=OUT / "admin-index.png", full_page=True)
            page.goto(base + "/quan-tri/accounts/orgunit/")
            page.screenshot(path=OUT / "admin-org-units.png")
            page.goto(base + "/quan-tri/accounts/user/")
            page.screenshot(path=OUT / "admin-users.png")
            page.goto(base + "/quan-tri/core/auditlog/")
            page.screenshot(path=OUT / "admin-audit-log.png")
            page.goto(base + "/quan-tri/core/calendarday/add/")
            page.screenshot(path=OUT / "admin-calendar-day.png")
            portal_shots(browser, page, portal, port)
            dossier_shots(browser, base, dossier)
            exam_shots(browser, base, exam)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT), png.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
