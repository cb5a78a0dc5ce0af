from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "congso.exams"
    label = "exams"
    verbose_name = _("Thi trắc nghiệm trực tuyến")
    default_auto_field = "django.db.models.BigAutoField"
