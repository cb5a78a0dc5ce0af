"""Which site a request is for: remembered per process and cache generation (portal.sites)."""

from __future__ import annotations

from django.test import RequestFactory
from wagtail.models import Site

from congso.portal import sites
from congso.portal.tests.conftest import SOTTTT_HOST, SOYTE_HOST


def _request(host: str):
    return RequestFactory().get("/", HTTP_HOST=host)


def test_a_site_is_looked_up_once_per_generation(portals, django_assert_num_queries):
    assert sites.find_site(_request(SOTTTT_HOST)) == portals.sotttt

    with django_assert_num_queries(0):
        again = sites.find_site(_request(SOTTTT_HOST))
        other_host_known = sites.find_site(_request(SOTTTT_HOST + ":80"))
    assert again == portals.sotttt
    assert other_host_known == portals.sotttt
    with django_assert_num_queries(1):  # another host: its own lookup
        assert sites.find_site(_request(SOYTE_HOST)) == portals.soyte


def test_a_changed_site_is_seen_at_once(portals, django_capture_on_commit_callbacks):
    assert sites.find_site(_request("so-moi.localhost")) == portals.main  # the default site

    with django_capture_on_commit_callbacks(execute=True):
        site = Site.objects.get(pk=portals.soyte.pk)
        site.hostname = "so-moi.localhost"
        site.save()

    assert sites.find_site(_request("so-moi.localhost")) == portals.soyte
    assert sites.find_site(_request(SOYTE_HOST)) == portals.main


def test_the_request_keeps_its_site_for_wagtail(portals, client):
    response = client.get("/", HTTP_HOST=SOTTTT_HOST)

    assert response.status_code == 200
    assert response.wsgi_request._wagtail_site == portals.sotttt
    assert Site.find_for_request(response.wsgi_request) == portals.sotttt


def test_a_process_keeps_a_bounded_number_of_hosts(portals, monkeypatch):
    monkeypatch.setattr(sites, "MAX_HOSTS", 3)
    for n in range(10):
        sites.find_site(_request(f"khach-{n}.localhost"))

    assert len(sites._found) <= 3
