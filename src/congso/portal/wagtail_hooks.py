from __future__ import annotations

from django.db import transaction
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from congso.portal import cache as portal_cache
from congso.portal import views_admin


def _bump(*args, **kwargs) -> None:
    transaction.on_commit(portal_cache.bump)


for hook_name in ("after_delete_page", "after_move_page", "after_create_page", "after_edit_page"):
    hooks.register(hook_name, _bump)


@hooks.register("register_admin_urls")
def portal_admin_urls():
    return [path("cong-thong-tin/tao-moi/", views_admin.portal_create_view, name="portal_create")]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        from congso.accounts.permissions import is_administrator

        return is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def portal_create_menu_item():
    return AdministratorMenuItem(
        _("Tạo cổng thông tin mới"), reverse("portal_create"), icon_name="site", order=50
    )
