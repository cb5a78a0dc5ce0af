from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from congso.api.api import api
from congso.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("co-quan/", core_views.agency_directory, name="agency-directory"),
    path("", include("congso.accounts.urls")),
    path("ngon-ngu/", set_language, name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "congso.core.views.bad_request"
handler403 = "congso.core.views.permission_denied"
handler404 = "congso.core.views.page_not_found"
handler500 = "congso.core.views.server_error"
