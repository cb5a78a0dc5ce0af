"""Pages rendered outside the page cache: the route, the privacy check and the article's parts
remembered per cache generation (portal.routing, portal.fragments), and a change seen at once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from congso.portal.tests.conftest import SOTTTT_HOST, publish_article


def _get(client, path):
    """As a reader with a session (so never from the whole-page cache)."""
    if not client.session.session_key:
        session = client.session
        session["ban-doc"] = True
        session.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=SOTTTT_HOST)
    return response, [q["sql"] for q in queries.captured_queries]


def test_an_article_read_again_costs_no_query(client, portals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(
            portals.news(portals.sotttt), title="Tin một", body="Nội dung tin một"
        )
        publish_article(portals.news(portals.sotttt), title="Tin hai")
    path = f"/tin-tuc/{article.slug}/"

    first, cold = _get(client, path)
    again, warm = _get(client, path)

    assert first.status_code == again.status_code == 200
    assert warm == []  # the page object is kept for the generation, the parts in the cache
    assert len(cold) > 5  # the tree walked, the related articles, the totals
    page = again.content.decode()
    assert "Nội dung tin một" in page
    assert "2 lượt xem" in page
    assert first.content.decode().replace("1 lượt xem", "2 lượt xem") == page


def test_a_change_is_seen_at_once(client, portals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portals.news(portals.sotttt), title="Tin sẽ sửa", body="Bản cũ")
    path = f"/tin-tuc/{article.slug}/"
    assert "Bản cũ" in _get(client, path)[0].content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        article.body = [("paragraph", "<p>Bản mới</p>")]
        article.save_revision().publish()
    assert "Bản mới" in _get(client, path)[0].content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).specific.unpublish()
    assert _get(client, path)[0].status_code == 404


def test_a_page_made_private_asks_for_its_password(
    client, portals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portals.news(portals.sotttt), title="Tin nội bộ")
    path = f"/tin-tuc/{article.slug}/"
    assert _get(client, path)[0].status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="matkhau"
        )

    response = _get(client, path)[0]
    assert response.status_code == 200
    assert "Tin nội bộ" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_a_new_rating_updates_the_totals(client, portals, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portals.news(portals.sotttt), title="Tin được đánh giá")
    path = f"/tin-tuc/{article.slug}/"
    assert "Chưa có lượt đánh giá nào" in _get(client, path)[0].content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/danh-gia/{article.pk}/", {"stars": "4"}, HTTP_HOST=SOTTTT_HOST)

    assert "Điểm trung bình 4,0/5 từ 1 lượt đánh giá" in _get(client, path)[0].content.decode()


def test_views_moved_into_the_row_still_show_on_a_kept_page(
    client, portals, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(portals.news(portals.sotttt), title="Tin được xem nhiều")
    path = f"/tin-tuc/{article.slug}/"
    assert "1 lượt xem" in _get(client, path)[0].content.decode()
    assert "2 lượt xem" in _get(client, path)[0].content.decode()  # the kept page object

    call_command("flush_view_counts")  # the 2 views reach the row; the kept object still says 0

    assert "3 lượt xem" in _get(client, path)[0].content.decode()
    call_command("flush_view_counts")
    article.refresh_from_db()
    assert article.view_count == 3
