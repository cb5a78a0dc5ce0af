"""Test-only URLs: views that raise each ApplicationError, on top of the real URLconf."""

from django.urls import path

from congso.core.exceptions import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from congso.urls import urlpatterns as real_urlpatterns

ERRORS = {
    "not-permitted": NotPermitted(),
    "not-found": NotFound("Không tìm thấy hồ sơ số 12."),
    "invalid": InvalidTransition(),
    "validation": ValidationFailed("Ngày hẹn không hợp lệ.", extra={"fields": {"date": ["sai"]}}),
}


def raising_view(request, kind):
    raise ERRORS[kind]


urlpatterns = [path("__test__/loi/<str:kind>/", raising_view), *real_urlpatterns]
