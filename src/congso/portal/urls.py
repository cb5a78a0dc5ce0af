"""Site-relative portal URLs that are not Wagtail pages; each portal answers them for itself."""

from django.urls import include, path

urlpatterns = [
    path("van-ban/", include("congso.portal.library.urls")),
    path("lich-cong-tac/", include("congso.portal.calendar.urls")),
    path("hoi-dap/", include("congso.portal.qa.urls")),
]
