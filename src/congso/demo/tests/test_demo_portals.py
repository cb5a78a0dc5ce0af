"""`congso demo` seeds the e-portal: the main portal, component portals, news, agency pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils.html import escape
from wagtail.models import Page, Site

from congso.accounts.models import OrgUnit
from congso.core.models import AuditLog
from congso.demo.data import PROVINCE_CODE
from congso.portal.models import ArticlePage, Category, OrganisationPage, PortalSettings

pytestmark = [pytest.mark.django_db]

COMPONENT_KINDS = ("department", "center", "city", "district")
HOSTS = [".localhost", "localhost", "testserver"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """One demo run for the module, rolled back when the module is done."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_MODE=True, MEDIA_ROOT=media, ALLOWED_HOSTS=HOSTS),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _settings(settings, demo_output):
    settings.DEMO_MODE = True
    settings.ALLOWED_HOSTS = HOSTS


def test_main_portal_is_the_default_site(demo_output):
    main = PortalSettings.objects.select_related("site", "org_unit").get(is_main=True)
    assert main.org_unit.code == PROVINCE_CODE
    assert (main.site.hostname, main.site.port) == ("localhost", 8000)
    assert main.site.is_default_site
    assert main.title == "Cổng thông tin điện tử tỉnh Thái Bình"
    assert Site.objects.filter(is_default_site=True).count() == 1
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_a_portal_per_department_and_district(demo_output):
    units = OrgUnit.objects.filter(kind__in=COMPONENT_KINDS)
    assert units.count() == 29
    for unit in units:
        row = PortalSettings.objects.select_related("site").get(org_unit=unit)
        assert not row.is_main
        assert (row.site.hostname, row.site.port) == (f"{unit.slug}.localhost", 8000)
        assert row.title == f"Cổng thông tin điện tử {unit.name}"
        assert row.tagline
        assert unit.phone in row.contact_block
    assert PortalSettings.objects.count() == 30
    assert "30 cổng thông tin (30 mới), 150 tin bài" in demo_output


def test_every_portal_has_published_articles(demo_output):
    assert Category.objects.filter(slug="chuyen-doi-so").exists()
    for row in PortalSettings.objects.select_related("site__root_page"):
        articles = ArticlePage.objects.descendant_of(row.site.root_page).live()
        assert 4 <= articles.count() <= 6, row.title
        assert all(a.first_published_at and a.lead and a.author and a.source for a in articles)
        assert all(1 <= a.tags.count() <= 3 and a.categories.exists() for a in articles)
        assert any(b.block_type == "table" for a in articles for b in a.body), row.title
        for article in articles:
            paragraphs = [b for b in article.body if b.block_type == "paragraph"]
            assert 2 <= len(paragraphs) <= 4
            assert "lorem" not in str(article.body).lower()
    titles = list(ArticlePage.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles)) == 150
    component = ArticlePage.objects.filter(show_on_main_portal=True)
    assert 25 <= component.count() <= 50


def test_main_home_lists_component_articles(client):
    response = client.get("/", HTTP_HOST="localhost:8000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cổng thông tin điện tử tỉnh Thái Bình" in html
    main_root = Site.objects.get(hostname="localhost", port=8000).root_page
    shared = ArticlePage.objects.filter(show_on_main_portal=True).not_descendant_of(main_root)
    assert any(escape(article.title) in html for article in shared)


def test_component_portal_home_and_english_page(client):
    response = client.get("/", HTTP_HOST="sotttt.localhost:8000")
    assert response.status_code == 200
    assert "Cổng thông tin điện tử Sở Thông tin và Truyền thông" in response.content.decode()

    page = OrganisationPage.objects.get(
        url_path__endswith="/gioi-thieu/", title_en__contains="Information and Communications"
    )
    assert page.title_en == "About the Department of Information and Communications"
    assert page.leaders.count() in (2, 3)
    assert page.leaders.filter(full_name="Phạm Quang Đạo", position_en="Deputy Director").exists()
    response = client.get("/gioi-thieu/en/", HTTP_HOST="sotttt.localhost:8000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Director" in html
    assert "About the Department of Information and Communications" in html


def test_district_portal_has_local_news(client):
    response = client.get("/", HTTP_HOST="donghung.localhost:8000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cổng thông tin điện tử Ủy ban nhân dân huyện Đông Hưng" in html
    assert "lúa xuân" in html
    response = client.get("/gioi-thieu/en/", HTTP_HOST="donghung.localhost:8000")
    assert "Chairman of the District People&#x27;s Committee" in response.content.decode()


def test_search_finds_the_portal_news_without_accents(client):
    response = client.get("/tim-kiem/", {"q": "chuyen doi so"}, HTTP_HOST="sotttt.localhost:8000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/tin-tuc/thai-binh-day-manh-chuyen-doi-so-huong-toi-chinh-quyen-so/" in html
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in html


def test_second_run_creates_nothing():
    before = (Page.objects.count(), Site.objects.count(), AuditLog.objects.count(),
              Category.objects.count(), PortalSettings.objects.count())  # fmt: skip
    out = StringIO()
    call_command("demo", stdout=out)
    after = (Page.objects.count(), Site.objects.count(), AuditLog.objects.count(),
             Category.objects.count(), PortalSettings.objects.count())  # fmt: skip
    assert after == before
    assert "30 cổng thông tin (0 mới), 150 tin bài" in out.getvalue()


def test_no_portals_option_skips_the_portal_part():
    out = StringIO()
    call_command("demo", "--no-portals", stdout=out)
    assert "cổng thông tin" not in out.getvalue()
