"""Portal pages in real Chromium: axe-core finds no serious or critical WCAG 2.1 AA violations,
nothing scrolls sideways on a 360 px phone, and the home page stays light on first load."""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from playwright.sync_api import Page, Response, Route
from wagtail.images import get_image_model
from wagtail.models import Page as WagtailPage
from wagtail.models import Site

from congso.core.tests.test_accessibility import AXE, serious_violations
from congso.portal.models import ArticlePage, Category, Leader, NewsIndexPage, OrganisationPage
from congso.portal.services import portal_create
from congso.portal.tests.conftest import publish_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [360, 1280]
HOME_BUDGET = 300 * 1024  # bytes, first load of the home page on a phone


@pytest.fixture
def axe_available():
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing: run `npm ci`")


@dataclass
class Demo:
    base: str
    paths: dict[str, str]


def _cover(title: str, colour: tuple[int, int, int]):
    """A 1200×675 JPEG like the demo's illustrations, in the test's MEDIA_ROOT."""
    from congso.demo.portals import _cover_jpeg

    data = _cover_jpeg(["Sở TT&TT", title[:30], "Ảnh minh họa"], colour)
    name = f"cover-{len(title)}-{sum(colour)}.jpg"
    return get_image_model().objects.create(
        title=f"Ảnh minh họa: {title}", file=ImageFile(io.BytesIO(data), name=name)
    )


def _article_with_table(news: NewsIndexPage, category: Category) -> ArticlePage:
    news = WagtailPage.objects.get(pk=news.pk).specific
    article = ArticlePage(
        title="Kết quả chuyển đổi số 6 tháng đầu năm của Sở Thông tin và Truyền thông",
        lead="Sở Thông tin và Truyền thông công bố kết quả thực hiện các chỉ tiêu chuyển đổi số.",
        body=[
            ("paragraph", "<p>Nhiều chỉ tiêu chuyển đổi số đạt và vượt kế hoạch đề ra.</p>"),
            (
                "table",
                {
                    "data": [
                        ["Chỉ tiêu", "Kế hoạch", "Kết quả"],
                        ["Hồ sơ trực tuyến toàn trình", "50%", "63,4%"],
                        ["Số hoá hồ sơ, kết quả giải quyết thủ tục hành chính", "80%", "91,2%"],
                        ["Tài khoản định danh điện tử mức 2 được kích hoạt", "70%", "74,8%"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Một số chỉ tiêu chủ yếu",
                },
            ),
            ("quote", "Chuyển đổi số là nhiệm vụ của cả hệ thống chính trị."),
        ],
        author="Minh Anh",
        source="Sở Thông tin và Truyền thông",
        cover_image=_cover("Kết quả chuyển đổi số", (11, 79, 138)),
        cover_caption="Ảnh minh họa",
    )
    news.add_child(instance=article)
    article.categories.set([category])
    article.tags.add("chuyển đổi số", "dịch vụ công")
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def media(settings, tmp_path, page: Page) -> Path:
    """Uploads go to a temporary MEDIA_ROOT, which the browser gets through a route (the
    project's /media/ URL serves the MEDIA_ROOT it was imported with)."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root

    def serve(route: Route) -> None:
        path = root / route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        if not path.is_file():
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=path.read_bytes(), content_type=kind)

    page.route("**/media/**", serve)
    return root


@pytest.fixture
def demo(live_server, province, media) -> Demo:
    from congso.portal.calendar.demo import seed_demo_calendar
    from congso.portal.library.demo import seed_demo_documents
    from congso.portal.library.models import LegalDocument
    from congso.portal.qa.demo import seed_demo_questions

    port = int(live_server.url.rsplit(":", 1)[1])
    for site in Site.objects.all():
        root = site.root_page
        site.delete()
        root.delete()
    portal_create(
        actor="test", org_unit=province.root, hostname="localhost", port=port, is_main=True
    )
    site = portal_create(
        actor="test", org_unit=province.sotttt, hostname="sotttt.localhost", port=port
    )
    news = NewsIndexPage.objects.descendant_of(site.root_page).get(slug="tin-tuc")
    category = Category.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    article = _article_with_table(news, category)
    for title, colour in [
        ("Thái Bình phát động Ngày Chuyển đổi số tỉnh", (163, 20, 27)),
        ("Hướng dẫn cài đặt ứng dụng định danh điện tử cho người dân", (29, 107, 47)),
        ("Hội nghị tập huấn kỹ năng an toàn thông tin cho cán bộ, công chức", (122, 75, 0)),
    ]:
        publish_article(news, title=title, categories=[category], cover_image=_cover(title, colour))

    org = OrganisationPage.objects.descendant_of(site.root_page).first()
    org.intro = "Sở Thông tin và Truyền thông là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh."
    org.intro_en = "The Department of Information and Communications is a specialised agency."
    org.functions = "<p>Tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về thông tin.</p>"
    org.functions_en = "<p>Advises the Provincial People's Committee on information.</p>"
    org.leaders = [
        Leader(
            full_name="Nguyễn Văn Hải",
            position="Giám đốc Sở",
            position_en="Director",
            duties="Phụ trách chung",
            phone="0227 3831 234",
            email="giamdoc@sotttt.test.vn",
        ),
        Leader(full_name="Trần Thị Thu Hà", position="Phó Giám đốc Sở", position_en="Deputy"),
    ]
    org.save_revision().publish()

    seed_demo_documents(site, province.sotttt)
    seed_demo_calendar(site, province.sotttt, leaders=["Đồng chí Nguyễn Văn Hải - Giám đốc Sở"])
    seed_demo_questions(site, province.sotttt, answerer=None)
    document = LegalDocument.objects.filter(site=site).order_by("pk").first()

    return Demo(
        base=f"http://sotttt.localhost:{port}",
        paths={
            "home": "/",
            "article": article.get_url_parts()[2],
            "category": news.get_url_parts()[2] + "chuyen-muc/chuyen-doi-so/",
            "library": "/van-ban/",
            "document": f"/van-ban/{document.pk}/",
            "calendar": "/lich-cong-tac/",
            "qa": "/hoi-dap/",
            "ask": "/hoi-dap/gui-cau-hoi/",
            "search": "/tim-kiem/?q=chuyen+doi+so",
            "organisation": org.get_url_parts()[2],
            "organisation-en": org.get_url_parts()[2] + "en/",
        },
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_portal_pages_are_accessible_and_fit_the_screen(
    page: Page, demo: Demo, axe_available, width
):
    page.set_viewport_size({"width": width, "height": 800})
    violations, overflowing = {}, {}
    for name, path in demo.paths.items():
        response = page.goto(demo.base + path)
        assert response is not None
        assert response.ok, f"{name} {path}: HTTP {response.status}"
        if problems := serious_violations(page):
            violations[f"{name} {path}"] = problems
        if width == 360:
            scroll = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll > 360:
                overflowing[f"{name} {path}"] = scroll
    assert violations == {}
    assert overflowing == {}


def test_article_page_has_the_table_and_the_rating_form(page: Page, demo: Demo):
    page.goto(demo.base + demo.paths["article"])
    assert page.locator(".article-body table").count() == 1
    assert page.get_by_role("button", name="Gửi đánh giá").is_visible()


def test_phone_menu_folds_behind_a_button(page: Page, demo: Demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(demo.base + "/")
    menu = page.get_by_role("button", name="Danh mục")
    documents = page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Văn bản", exact=True
    )
    assert menu.get_attribute("aria-expanded") == "false"
    assert not documents.is_visible()
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert documents.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not menu.is_visible()


def test_home_page_first_load_weight_on_a_phone(page: Page, demo: Demo, capsys):
    sizes: dict[str, int] = {}

    def record(response: Response) -> None:
        if response.request.resource_type not in {"document", "stylesheet", "script", "image"}:
            return
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # a redirect or an aborted request has no body
            sizes.setdefault(response.url, 0)

    page.set_viewport_size({"width": 360, "height": 740})
    page.on("response", record)
    page.goto(demo.base + "/", wait_until="load")
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\nHome page first load at 360 px: {total / 1024:.1f} KB in {len(sizes)} responses")
        for url, size in sorted(sizes.items(), key=lambda item: -item[1]):
            print(f"  {size / 1024:7.1f} KB  {url}")
    assert sizes, "no response recorded"
    assert total < HOME_BUDGET
