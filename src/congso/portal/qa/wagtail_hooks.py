from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from congso.portal.permissions import portal_sites
from congso.portal.qa.models import Question


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("hoi-dap/", include("congso.portal.qa.admin_urls"))]


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        user = request.user
        return portal_sites(user).exists() or Question.objects.filter(assigned_to=user).exists()


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return QuestionsMenuItem(
        _("Hỏi đáp"), reverse("portal_qa_admin:index"), icon_name="help", order=350
    )
