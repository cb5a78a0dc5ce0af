"""Site-relative portal URLs that are not Wagtail pages; each portal answers them for itself."""

from django.urls import include, path
from wagtail.contrib.sitemaps.views import sitemap

from congso.portal import views
from congso.portal.feeds import PortalFeed

urlpatterns = [
    path("tim-kiem/", views.search, name="portal-search"),
    path("danh-gia/<int:page_id>/", views.rate_article, name="portal-rate"),
    path("rss/", PortalFeed(), name="portal-rss"),
    path("rss/<slug:slug>/", PortalFeed(), name="portal-rss-category"),
    path("sitemap.xml", sitemap, name="portal-sitemap"),
    path("robots.txt", views.robots_txt, name="portal-robots"),
    path("van-ban/", include("congso.portal.library.urls")),
    path("lich-cong-tac/", include("congso.portal.calendar.urls")),
    path("hoi-dap/", include("congso.portal.qa.urls")),
]
