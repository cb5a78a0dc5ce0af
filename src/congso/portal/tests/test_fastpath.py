"""Page-cache hits answered in front of Django (congso.wsgi → portal.fastpath)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from congso.portal import fastpath
from congso.portal.tests.conftest import SOTTTT_HOST, publish_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_worker(monkeypatch):
    """Each test starts as a new worker that checks the generation on every request."""
    monkeypatch.setattr(fastpath, "local", fastpath._LocalPages())
    monkeypatch.setattr(fastpath, "GENERATION_CHECK_SECONDS", 0)


class DjangoCalled:
    """Stands for the Django application behind the fast path: records that it was reached."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("204 No Content", [])
        return [b""]


def call(app, path: str, *, method: str = "GET", **headers):
    environ = RequestFactory().generic(method, path, HTTP_HOST=SOTTTT_HOST, **headers).environ
    seen = {}

    def start_response(status, response_headers):
        seen["status"], seen["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


@pytest.fixture
def warm(client, portals):
    """The home page of a component portal, stored by the middleware on a first visit."""
    publish_article(portals.news(portals.sotttt), title="Tin thứ nhất")
    first = client.get("/", HTTP_HOST=SOTTTT_HOST)
    assert first["X-Congso-Cache"] == "miss"
    return first


def test_a_cached_page_is_answered_without_django(warm):
    django = DjangoCalled()
    status, headers, body = call(fastpath.PageCacheApp(django), "/")

    assert django.calls == 0
    assert status == "200 OK"
    assert body == warm.content
    assert headers["X-Congso-Cache"] == "hit"
    assert headers["Content-Length"] == str(len(warm.content))
    for name in ("Content-Type", "Content-Language", "X-Frame-Options", "X-Content-Type-Options"):
        assert headers[name] == warm[name]
    assert call(fastpath.PageCacheApp(django), "/", method="HEAD")[2] == b""


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "congso_reader=xyz"},
        {"HTTP_AUTHORIZATION": "Bearer x"},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_COOKIE": "django_language=fr"},
    ],
)
def test_what_only_django_can_judge_goes_to_django(warm, headers):
    django = DjangoCalled()

    status, _headers, _body = call(fastpath.PageCacheApp(django), "/", **headers)

    assert (status, django.calls) == ("204 No Content", 1)


def test_other_pages_methods_and_a_new_generation_go_to_django(
    warm, portals, django_capture_on_commit_callbacks
):
    django = DjangoCalled()
    app = fastpath.PageCacheApp(django)

    call(app, "/chua-tung-xem/")
    call(app, "/", method="POST")
    call(app, "/cms/")
    with django_capture_on_commit_callbacks(execute=True):  # publishing bumps the generation
        publish_article(portals.news(portals.sotttt), title="Tin thứ hai")
    call(app, "/")

    assert django.calls == 4


def test_views_of_cached_articles_are_counted(client, portals):
    article = publish_article(portals.news(portals.sotttt), title="Tin được đọc")
    path = article.url_path[len(portals.sotttt.root_page.url_path) - 1 :]
    client.get(path, HTTP_HOST=SOTTTT_HOST)  # stored (and counted once, when rendered)
    app = fastpath.PageCacheApp(DjangoCalled())

    for _ in range(3):
        assert call(app, path)[1]["X-Congso-Cache"] == "hit"
    fastpath.views.flush()
    call_command("flush_view_counts")

    article.refresh_from_db()
    assert article.view_count == 4


def test_a_worker_serves_its_copy_and_sees_a_publish_within_the_check_interval(
    warm, portals, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    monkeypatch.setattr(fastpath, "GENERATION_CHECK_SECONDS", 3600)
    django = DjangoCalled()
    app = fastpath.PageCacheApp(django)
    assert call(app, "/")[1]["X-Congso-Cache"] == "hit"
    cache.delete(f"congso:portal:page:{SOTTTT_HOST}:vi:/")  # only the worker has it now

    assert call(app, "/")[1]["X-Congso-Cache"] == "hit"  # from the worker's own copy
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(portals.news(portals.sotttt), title="Tin mới")
    assert call(app, "/")[1]["X-Congso-Cache"] == "hit"  # until the next generation check...
    monkeypatch.setattr(fastpath, "GENERATION_CHECK_SECONDS", 0)
    call(app, "/")
    assert django.calls == 1  # ...which drops the copies of the old generation
