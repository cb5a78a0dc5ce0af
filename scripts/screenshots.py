"""Screenshots for docs/user-guide/, taken in real Chromium from a throw-away demo province.

    CONGSO_DEBUG=true .venv/bin/python scripts/screenshots.py

Creates a temporary data directory, migrates, seeds `congso demo`, serves it on a free port,
signs in as the demo citizen and the demo administrator (enrolling TOTP on the way) and writes
PNGs to docs/user-guide/img/. Nothing in the developer's own database changes.
"""

from __future__ import annotations

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


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp(prefix="congso-shots-")
    env = {**os.environ, "CONGSO_DEBUG": "true", "CONGSO_DATA_DIR": data}
    env.pop("CONGSO_DATABASE_URL", None)
    congso = [sys.executable, "-m", "congso"]
    env["PYTHONPATH"] = str(ROOT / "src")
    subprocess.run([*congso, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*congso, "demo", "--quiet"], env=env, check=True)
    port = free_port()
    server = subprocess.Popen([*congso, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env)
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
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
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
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT), png.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
