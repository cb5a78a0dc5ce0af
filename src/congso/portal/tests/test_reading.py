"""What readers see: home, aggregation, articles, ratings, search, feeds, caching."""

import re

import pytest
from django.core.management import call_command

from congso.portal.models import ArticlePage, ArticleRating
from congso.portal.search import highlight
from congso.portal.tests.conftest import MAIN_HOST, SOTTTT_HOST, SOYTE_HOST, publish_article

pytestmark = pytest.mark.django_db


def get(client, host, path, **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def test_each_portal_has_its_own_home(client, portals):
    main = get(client, MAIN_HOST, "/").content.decode()
    sotttt = get(client, SOTTTT_HOST, "/").content.decode()
    assert "Cổng thông tin điện tử Ủy ban nhân dân tỉnh Thái Bình" in main
    assert "Cổng thông tin điện tử Sở Thông tin và Truyền thông" in sotttt
    assert "Văn bản" in sotttt  # Decree 42 sections in the menu
    assert 'href="/van-ban/"' in sotttt


def test_main_portal_shows_marked_component_articles_without_copying(client, portals):
    shown = publish_article(
        portals.news(portals.sotttt), title="Hội nghị chuyển đổi số", show_on_main_portal=True
    )
    hidden = publish_article(portals.news(portals.soyte), title="Lịch tiêm chủng tháng 12")
    main = get(client, MAIN_HOST, "/").content.decode()
    assert "Hội nghị chuyển đổi số" in main
    assert f"http://{SOTTTT_HOST}/tin-tuc/{shown.slug}/" in main  # links to the original
    assert "Lịch tiêm chủng tháng 12" not in main
    assert ArticlePage.objects.filter(title="Hội nghị chuyển đổi số").count() == 1
    assert "Hội nghị chuyển đổi số" not in get(client, SOYTE_HOST, "/").content.decode()
    assert hidden.slug == "lich-tiem-chung-thang-12"


def test_article_page_has_everything_a_reader_needs(client, portals, category):
    article = publish_article(
        portals.news(portals.sotttt), title="Thái Bình đẩy mạnh chuyển đổi số", lead="Sở TT&TT triển khai kế hoạch năm 2026.",
        author="Minh Anh", source="Sở TT&TT Thái Bình", categories=[category],
    )  # fmt: skip
    html = get(client, SOTTTT_HOST, f"/tin-tuc/{article.slug}/").content.decode()
    for expected in ["Thái Bình đẩy mạnh chuyển đổi số", "Sở TT&amp;TT triển khai kế hoạch năm 2026.", "Minh Anh",
                     "Nguồn: Sở TT&amp;TT Thái Bình", "Chuyển đổi số", "Bản in", "facebook.com/sharer", "zalo.me",
                     'property="og:title"', "Đánh giá bài viết"]:  # fmt: skip
        assert expected in html, expected
    assert "1 lượt xem" in html  # this view, counted in the cache
    call_command("flush_view_counts")
    article.refresh_from_db()
    assert article.view_count == 1


def test_print_view(client, portals):
    article = publish_article(
        portals.news(portals.sotttt), title="Bài để in", body="Nội dung cần in"
    )
    html = get(client, SOTTTT_HOST, f"/tin-tuc/{article.slug}/?ban-in").content.decode()
    assert "@page { size: A4" in html
    assert "Nội dung cần in" in html
    assert "site-nav" not in html


def test_rating_works_from_a_cached_page_without_a_csrf_token(portals):
    from django.test import Client

    article = publish_article(portals.news(portals.sotttt), title="Bài trên trang đệm")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/danh-gia/{article.pk}/", {"stars": "5"}, HTTP_HOST=SOTTTT_HOST)
    assert response.status_code == 302
    assert ArticleRating.objects.filter(article=article).count() == 1


def test_rating_without_javascript_one_per_reader(client, portals):
    article = publish_article(portals.news(portals.sotttt), title="Bài được đánh giá")
    url = f"/danh-gia/{article.pk}/"
    response = client.post(url, {"stars": "4"}, HTTP_HOST=SOTTTT_HOST)
    assert response.status_code == 302
    assert response["Location"].endswith("#danh-gia")
    assert "congso_reader" in response.cookies
    again = client.post(url, {"stars": "5"}, HTTP_HOST=SOTTTT_HOST)
    assert again.status_code == 303
    assert list(ArticleRating.objects.values_list("stars", flat=True)) == [4]
    page = client.get(f"/tin-tuc/{article.slug}/", HTTP_HOST=SOTTTT_HOST).content.decode()
    assert "Bạn đã đánh giá 4 sao." in page
    assert "Điểm trung bình 4,0/5 từ 1 lượt đánh giá" in page


def test_rating_with_htmx_returns_the_fragment(client, portals):
    article = publish_article(portals.news(portals.sotttt), title="Bài HTMX")
    response = client.post(
        f"/danh-gia/{article.pk}/", {"stars": "5"}, HTTP_HOST=SOTTTT_HOST, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Điểm trung bình 5,0/5 từ 1 lượt đánh giá" in html
    assert "Cảm ơn bạn đã đánh giá bài viết!" in html


@pytest.mark.parametrize("stars", ["0", "6", "x", ""])
def test_bad_rating_is_refused_in_vietnamese(client, portals, stars):
    article = publish_article(portals.news(portals.sotttt), title="Bài")
    response = client.post(
        f"/danh-gia/{article.pk}/", {"stars": stars}, HTTP_HOST=SOTTTT_HOST, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "Hãy chọn từ 1 đến 5 sao." in response.content.decode()
    assert ArticleRating.objects.count() == 0


def test_rating_is_throttled_per_ip(client, portals, monkeypatch):
    from congso.portal import ratings

    monkeypatch.setattr(ratings, "RATINGS_PER_IP_PER_HOUR", 2)
    article = publish_article(portals.news(portals.sotttt), title="Bài")
    for _ in range(2):
        client.cookies.clear()
        client.post(f"/danh-gia/{article.pk}/", {"stars": "3"}, HTTP_HOST=SOTTTT_HOST)
    client.cookies.clear()
    response = client.post(
        f"/danh-gia/{article.pk}/", {"stars": "3"}, HTTP_HOST=SOTTTT_HOST, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 429
    assert ArticleRating.objects.count() == 2


def test_rating_an_article_of_another_portal_is_404(client, portals):
    article = publish_article(portals.news(portals.soyte), title="Bài Sở Y tế")
    assert (
        client.post(f"/danh-gia/{article.pk}/", {"stars": "3"}, HTTP_HOST=SOTTTT_HOST).status_code
        == 404
    )
    assert ArticleRating.objects.count() == 0


def test_search_is_accent_insensitive_ranked_and_highlighted(client, portals):
    publish_article(
        portals.news(portals.sotttt),
        title="Thái Bình đẩy mạnh chuyển đổi số",
        lead="Kế hoạch chuyển đổi số",
    )
    publish_article(
        portals.news(portals.sotttt),
        title="Hội thảo an toàn thông tin",
        lead="Có nhắc tới chuyển đổi số một lần",
    )
    publish_article(
        portals.news(portals.soyte), title="Sở Y tế chuyển đổi số bệnh viện", lead="Bệnh án điện tử"
    )
    html = get(client, SOTTTT_HOST, "/tim-kiem/", data={"q": "chuyen doi so"}).content.decode()
    titles = re.findall(r'<h2 class="hit-title"><a href="[^"]*">(.*?)</a>', html)
    assert len(titles) == 2  # this portal only
    assert "<mark>" in titles[0]
    assert "Thái Bình đẩy mạnh" in titles[0]  # ranked: the title match first
    assert "Sở Y tế" not in html.split('id="search-results"')[1]
    all_scope = get(
        client, SOTTTT_HOST, "/tim-kiem/", data={"q": "so y te", "pham-vi": "tat-ca"}
    ).content.decode()
    assert "<mark>Sở</mark> <mark>Y</mark> <mark>tế</mark>" in all_scope
    assert "bệnh viện" in all_scope
    main = get(
        client, MAIN_HOST, "/tim-kiem/", data={"q": "thai binh", "pham-vi": "tat-ca"}
    ).content.decode()
    assert "<mark>Thái</mark> <mark>Bình</mark> đẩy mạnh" in main


def test_search_with_htmx_returns_results_only(client, portals):
    publish_article(portals.news(portals.sotttt), title="Chuyển đổi số")
    response = get(client, SOTTTT_HOST, "/tim-kiem/", data={"q": "chuyen"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "hit-title" in response.content.decode()


def test_search_paginates(client, portals):
    for n in range(12):
        publish_article(portals.news(portals.sotttt), title=f"Đông Hưng tin số {n}")
    first = get(client, SOTTTT_HOST, "/tim-kiem/", data={"q": "dong hung"}).content.decode()
    assert first.count('class="hit-title"') == 10
    assert "Trang 1/2" in first
    second = get(
        client, SOTTTT_HOST, "/tim-kiem/", data={"q": "dong hung", "trang": "2"}
    ).content.decode()
    assert second.count('class="hit-title"') == 2


def test_highlight_maps_folded_matches_back_to_the_original():
    assert (
        str(highlight("Sở Y tế tỉnh Thái Bình", "thai binh"))
        == "Sở Y tế tỉnh <mark>Thái</mark> <mark>Bình</mark>"
    )
    assert str(highlight("<b>Đông</b> Hưng", "dong")) == "&lt;b&gt;<mark>Đông</mark>&lt;/b&gt; Hưng"
    long = "Mở đầu. " * 60 + "Kết luận về Quỳnh Phụ."
    excerpt = str(highlight(long, "quynh phu"))
    assert excerpt.startswith("… ")
    assert "<mark>Quỳnh</mark> <mark>Phụ</mark>" in excerpt


def test_rss_per_portal_and_category(client, portals, category):
    publish_article(portals.news(portals.sotttt), title="Tin có chuyên mục", categories=[category])
    publish_article(portals.news(portals.sotttt), title="Tin không chuyên mục")
    publish_article(portals.news(portals.soyte), title="Tin của Sở Y tế")
    feed = get(client, SOTTTT_HOST, "/rss/").content.decode()
    assert "<rss" in feed
    assert "Tin có chuyên mục" in feed
    assert "Tin không chuyên mục" in feed
    assert "Tin của Sở Y tế" not in feed
    by_category = get(client, SOTTTT_HOST, "/rss/chuyen-doi-so/").content.decode()
    assert "Tin có chuyên mục" in by_category
    assert "Tin không chuyên mục" not in by_category
    assert get(client, SOTTTT_HOST, "/rss/khong-co/").status_code == 404


def test_sitemap_and_robots_per_site(client, portals):
    publish_article(portals.news(portals.sotttt), title="Tin sitemap")
    sitemap = get(client, SOTTTT_HOST, "/sitemap.xml").content.decode()
    assert f"http://{SOTTTT_HOST}/tin-tuc/tin-sitemap/" in sitemap
    assert SOYTE_HOST not in sitemap
    robots = get(client, SOYTE_HOST, "/robots.txt").content.decode()
    assert f"Sitemap: http://{SOYTE_HOST}/sitemap.xml" in robots
    assert "Disallow: /cms/" in robots


def test_organisation_page_has_an_english_version(client, portals):
    from congso.portal.models import Leader, OrganisationPage

    page = OrganisationPage.objects.descendant_of(portals.sotttt.root_page).get()
    page.title_en = "About the Department of Information and Communications"
    page.intro_en = "The Department advises the Provincial People's Committee."
    page.save_revision().publish()
    Leader.objects.create(
        page=page,
        full_name="Nguyễn Văn A",
        position="Giám đốc",
        position_en="Director",
        phone="02273831234",
    )
    english = get(client, SOTTTT_HOST, "/gioi-thieu/en/").content.decode()
    assert "About the Department of Information and Communications" in english
    assert "Director" in english
    vietnamese = get(client, SOTTTT_HOST, "/gioi-thieu/").content.decode()
    assert "Giám đốc" in vietnamese
    assert "English version" in vietnamese


def test_anonymous_pages_are_cached_and_publishing_invalidates(
    client, portals, django_capture_on_commit_callbacks
):
    publish_article(portals.news(portals.sotttt), title="Tin thứ nhất")
    miss = get(client, SOTTTT_HOST, "/")
    assert miss["X-Congso-Cache"] == "miss"
    hit = get(client, SOTTTT_HOST, "/")
    assert hit["X-Congso-Cache"] == "hit"
    assert hit.content == miss.content
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "X-Content-Type-Options"):
        assert hit[header] == miss[header]
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(portals.news(portals.sotttt), title="Tin thứ hai vừa đăng")
    response = get(client, SOTTTT_HOST, "/")
    assert response["X-Congso-Cache"] == "miss"
    assert "Tin thứ hai vừa đăng" in response.content.decode()


def test_cached_article_still_counts_views(client, portals):
    article = publish_article(portals.news(portals.sotttt), title="Tin đếm lượt xem")
    for _ in range(3):
        get(client, SOTTTT_HOST, f"/tin-tuc/{article.slug}/")
    article.refresh_from_db()
    assert article.view_count == 0  # the view rendered and the two cache hits: in the cache...
    call_command("flush_view_counts")
    article.refresh_from_db()
    assert article.view_count == 3  # ...and reach the database when flushed
    signed_in = get(client, SOTTTT_HOST, f"/tin-tuc/{article.slug}/", HTTP_COOKIE="sessionid=x")
    assert "4 lượt xem" in signed_in.content.decode()  # rendered: the row's 3 and this one
    call_command("flush_view_counts")
    article.refresh_from_db()
    assert article.view_count == 4


def test_signed_in_people_are_never_served_from_the_page_cache(client, portals, citizen):
    publish_article(portals.news(portals.sotttt), title="Tin")
    get(client, SOTTTT_HOST, "/")
    client.force_login(citizen)
    response = get(client, SOTTTT_HOST, "/")
    assert "X-Congso-Cache" not in response
    assert citizen.full_name in response.content.decode()


def test_vietnamese_404_on_a_portal(client, portals, settings):
    settings.DEBUG = False
    response = get(client, SOTTTT_HOST, "/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("count", [3, 12])
def test_query_counts_do_not_grow_with_content(
    client, portals, category, django_assert_max_num_queries, count
):
    for n in range(count):
        publish_article(
            portals.news(portals.sotttt),
            title=f"Tin {n}",
            categories=[category],
            show_on_main_portal=True,
        )
    article = ArticlePage.objects.filter(title="Tin 0").get()
    client.cookies.clear()
    with django_assert_max_num_queries(25):
        assert get(client, SOTTTT_HOST, "/", HTTP_CACHE_CONTROL="no-cache").status_code == 200
    with django_assert_max_num_queries(25):
        assert get(client, MAIN_HOST, "/").status_code == 200
    with django_assert_max_num_queries(25):
        assert get(client, SOTTTT_HOST, "/tin-tuc/chuyen-muc/chuyen-doi-so/").status_code == 200
    with django_assert_max_num_queries(30):
        assert get(client, SOTTTT_HOST, f"/tin-tuc/{article.slug}/").status_code == 200


def test_a_reader_who_rated_never_fills_the_shared_cache(client, portals):
    article = publish_article(portals.news(portals.sotttt), title="Bài đã đánh giá")
    client.post(f"/danh-gia/{article.pk}/", {"stars": "4"}, HTTP_HOST=SOTTTT_HOST)
    assert (
        "Bạn đã đánh giá 4 sao."
        in get(client, SOTTTT_HOST, f"/tin-tuc/{article.slug}/").content.decode()
    )
    from django.test import Client

    stranger = get(Client(), SOTTTT_HOST, f"/tin-tuc/{article.slug}/").content.decode()
    assert "Bạn đã đánh giá" not in stranger
    assert "Gửi đánh giá" in stranger
