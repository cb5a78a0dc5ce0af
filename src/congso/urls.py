from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from congso.api.api import api
from congso.core import views as core_views

urlpatterns = [
    path("co-quan/", core_views.agency_directory, name="agency-directory"),
    path("", include("congso.accounts.urls")),
    path("ngon-ngu/", core_views.switch_language, name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    re_path(r"^api/", core_views.page_not_found),  # JSON 404, never a portal page
    path("thu-tuc-hanh-chinh/", include("congso.procedures.urls")),
    path("", include("congso.dossiers.urls")),
    path("", include("congso.exams.urls")),
    path("", include("congso.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Portal pages (Wagtail) answer every other path of each site.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "congso.core.views.bad_request"
handler403 = "congso.core.views.permission_denied"
handler404 = "congso.core.views.page_not_found"
handler500 = "congso.core.views.server_error"
