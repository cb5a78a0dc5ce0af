from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "congso.portal.library"
    label = "portal_library"
    verbose_name = _("Văn bản chỉ đạo, điều hành")
