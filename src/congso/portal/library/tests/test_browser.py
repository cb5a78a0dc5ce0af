"""A citizen in real Chromium filters the documents library, with HTMX and at 360 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from congso.core.tests.test_accessibility import AXE, serious_violations
from congso.portal.library.models import LegalDocument
from congso.portal.library.tests.conftest import HOST, make_document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def local_portal(province):
    from wagtail.models import Locale, Page

    from congso.portal.tests.factories import make_portal

    if Page.get_first_root_node() is None:  # a previous transactional test flushed the tree
        Locale.objects.get_or_create(language_code="vi")
        Page.add_root(instance=Page(title="Root", slug="root"))

    site = make_portal(org_unit=province.sotttt, hostname=HOST)
    make_document(site)
    make_document(
        site, doc_type=LegalDocument.DocType.KE_HOACH, number_symbol="48/KH-STTTT",
        issuing_body="Sở Thông tin và Truyền thông", issued_on=dt.date(2024, 5, 2),
        abstract="Kế hoạch ứng dụng công nghệ thông tin năm 2024",
    )  # fmt: skip
    return site


@pytest.mark.parametrize("width", [360, 1280])
def test_search_swaps_results_and_keeps_the_address(page: Page, live_server, local_portal, width):
    page.set_viewport_size({"width": width, "height": 800})
    # Chromium resolves *.localhost to the loopback address by itself.
    page.goto(live_server.url.replace("localhost", HOST) + "/van-ban/")
    expect(page.get_by_role("heading", name="Văn bản chỉ đạo, điều hành")).to_be_visible()
    page.evaluate("() => { window.notReloaded = true; }")

    page.get_by_label("Từ khoá").fill("ke hoach cong nghe")
    page.get_by_role("button", name="Tìm văn bản").click()

    expect(page.get_by_text("Tìm thấy 1 văn bản.")).to_be_visible()
    expect(page.get_by_role("link", name="48/KH-STTTT")).to_be_visible()
    assert "q=ke%20hoach%20cong%20nghe" in page.url
    assert page.evaluate("() => window.notReloaded") is True  # swapped, not reloaded
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    if AXE.exists():
        assert serious_violations(page) == []

    page.get_by_role("link", name="48/KH-STTTT").click()
    expect(page.get_by_role("heading", name="48/KH-STTTT")).to_be_visible()
    expect(page.get_by_text("02/05/2024")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    if AXE.exists():
        assert serious_violations(page) == []
