"""Editor writes and submits, reviewer publishes, a reader finds, rates and sees it on the main portal."""

import re

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Site

from congso.accounts.models import Role
from congso.accounts.services import role_grant
from congso.accounts.tests.factories import PASSWORD, UserFactory
from congso.portal.models import ArticlePage, NewsIndexPage
from congso.portal.services import portal_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tài khoản của tôi")).to_be_visible()


def test_article_from_editor_to_reader(page: Page, live_server, province):
    port = int(live_server.url.rsplit(":", 1)[1])
    for site in Site.objects.all():
        root = site.root_page
        site.delete()
        root.delete()
    portal_create(
        actor="test", org_unit=province.root, hostname="localhost", port=port, is_main=True
    )
    sotttt = portal_create(
        actor="test", org_unit=province.sotttt, hostname="sotttt.localhost", port=port
    )
    editor = UserFactory(email="bientap@test.vn", full_name="Hoàng Thị Biên", kind="official")
    reviewer = UserFactory(email="duyet@test.vn", full_name="Ngô Thị Duyệt", kind="official")
    role_grant(actor="test", user=editor, org_unit=province.sotttt, role=Role.PORTAL_EDITOR)
    role_grant(actor="test", user=reviewer, org_unit=province.sotttt, role=Role.PORTAL_REVIEWER)
    news = NewsIndexPage.objects.descendant_of(sotttt.root_page).get(slug="tin-tuc")
    base = f"http://sotttt.localhost:{port}"
    main = f"http://localhost:{port}"

    # The editor writes an article and submits it for review.
    sign_in(page, base, editor.email)
    page.goto(f"{base}/cms/pages/add/portal/articlepage/{news.pk}/")
    page.locator("#id_title").fill("Thái Bình phát động Ngày Chuyển đổi số tỉnh")
    page.locator("#id_lead").fill(
        "Sở Thông tin và Truyền thông phát động chương trình tại các xã, phường."
    )
    page.locator("#id_show_on_main_portal").check()
    page.locator("[data-streamfield-list] button[title], .c-sf-add-button").first.click()
    page.get_by_role("option", name=re.compile("Đoạn văn")).or_(
        page.get_by_text("Đoạn văn", exact=True)
    ).first.click()
    editor_box = page.locator(".DraftEditor-root [contenteditable=true]").first
    editor_box.click()
    editor_box.type("Người dân được hướng dẫn cài đặt ứng dụng định danh điện tử.")
    page.locator("#id_author").click()  # leave the rich text editor so it writes its field
    page.locator("#id_author").fill("Minh Anh")
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile("định danh điện tử")
    )
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Quy trình duyệt tin")).first.click()
    expect(page).to_have_url(re.compile(rf"/cms/pages/{news.pk}/$"), timeout=15000)
    article = ArticlePage.objects.get(title="Thái Bình phát động Ngày Chuyển đổi số tỉnh")
    assert not article.live
    assert article.workflow_in_progress

    # The reviewer approves; the article is published.
    page.context.clear_cookies()
    sign_in(page, base, reviewer.email)
    page.goto(f"{base}/cms/pages/{article.pk}/edit/")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role(
        "button", name=re.compile(r"^Phê chuẩn\s*và Xuất bản|Approve and publish")
    ).first.click()
    expect(page).to_have_url(re.compile(rf"/cms/pages/{news.pk}/$"), timeout=15000)
    article.refresh_from_db()
    assert article.live

    # A reader (signed out) finds it without accents, rates it, and sees it on the main portal.
    page.context.clear_cookies()
    page.goto(f"{base}/tim-kiem/?q=ngay+chuyen+doi+so")
    page.get_by_role("link", name=re.compile("Ngày Chuyển đổi số")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thái Bình phát động Ngày Chuyển đổi số tỉnh"
    )
    page.get_by_label("5 ★").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá bài viết!")).to_be_visible()
    expect(page.get_by_text("Điểm trung bình 5,0/5 từ 1 lượt đánh giá")).to_be_visible()
    page.goto(f"{main}/")
    expect(
        page.get_by_role("link", name="Thái Bình phát động Ngày Chuyển đổi số tỉnh")
    ).to_be_visible()
