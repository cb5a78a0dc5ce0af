import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("kind", "status", "message"),
    [
        ("not-permitted", 403, "Bạn không có quyền thực hiện thao tác này."),
        ("not-found", 404, "Không tìm thấy hồ sơ số 12."),
        ("invalid", 409, "Thao tác này không hợp lệ ở trạng thái hiện tại."),
        ("validation", 422, "Ngày hẹn không hợp lệ."),
    ],
)
def test_application_errors_render_vietnamese_html_and_json(
    client, settings, kind, status, message
):
    settings.ROOT_URLCONF = "congso.core.tests.urls"
    html = client.get(f"/__test__/loi/{kind}/")
    assert html.status_code == status
    assert message in html.content.decode()
    assert html["Content-Type"].startswith("text/html")
    api = client.get(f"/__test__/loi/{kind}/", headers={"Accept": "application/json"})
    assert api.status_code == status
    body = api.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["message"] == message


def test_htmx_request_gets_a_fragment(client, settings):
    settings.ROOT_URLCONF = "congso.core.tests.urls"
    response = client.get("/__test__/loi/invalid/", headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert "<html" not in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_unknown_page_is_a_vietnamese_404(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_directory_lists_agencies_and_footer_contacts(client, province):
    response = client.get("/co-quan/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Sở Thông tin và Truyền thông" in html
    assert "02273831234" in html  # root agency's phone in the footer
    assert 'href="#main"' in html


def test_english_switch(client, province):
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/co-quan/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


def test_agency_directory_search_is_accent_insensitive(client, province):
    response = client.get("/co-quan/", {"q": "so y te"})
    names = [u.name for u in response.context["units"]]
    assert names == ["Sở Y tế"]
    response = client.get("/co-quan/", {"q": "dong hung"})
    assert [u.name for u in response.context["units"]] == ["Huyện Đông Hưng"]


def _start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONGSO_")}
    env |= {"CONGSO_DATA_DIR": "/tmp/congso-start-check", **env_overrides}  # noqa: S108
    return subprocess.run(
        [sys.executable, "-m", "congso", "check"],
        env=env | {"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CONGSO_DEBUG": "false"}, "CONGSO_SECRET_KEY"),
        (
            {
                "CONGSO_DEBUG": "false",
                "CONGSO_SECRET_KEY": "congso-development-only-secret-key-do-not-use-in-production",
            },
            "CONGSO_SECRET_KEY",
        ),
        ({"CONGSO_DEBUG": "false", "CONGSO_SECRET_KEY": "x" * 50}, "CONGSO_ALLOWED_HOSTS"),
        ({"CONGSO_DEBUG": "maybe"}, "CONGSO_DEBUG phải là true hoặc false"),
    ],
)
def test_start_up_refuses_unsafe_configuration_in_one_sentence(env, expected):
    result = _start(env)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_start_up_accepts_a_production_configuration():
    result = _start(
        {
            "CONGSO_DEBUG": "false",
            "CONGSO_SECRET_KEY": "k" * 50,
            "CONGSO_ALLOWED_HOSTS": "congso.example",
        }
    )
    assert result.returncode == 0, result.stderr


def test_browser_language_does_not_switch_to_english(client, db):
    response = client.get("/dang-nhap/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in response.content.decode()
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/thu-tuc-hanh-chinh/%00/", "/thu-tuc-hanh-chinh/?q=a%00b", "/api/v1/procedures/%00"]
)
def test_a_nul_character_is_a_400_not_a_500(client, url):
    response = client.get(url)

    assert response.status_code == 400
    body = response.json()["message"] if url.startswith("/api/") else response.content.decode()
    assert "ký tự không hợp lệ" in body
