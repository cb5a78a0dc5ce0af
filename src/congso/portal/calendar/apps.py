from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "congso.portal.calendar"
    label = "portal_calendar"
    verbose_name = _("Lịch công tác")
