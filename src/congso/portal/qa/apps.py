from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QaConfig(AppConfig):
    name = "congso.portal.qa"
    label = "portal_qa"
    verbose_name = _("Hỏi đáp")
