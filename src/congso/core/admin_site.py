"""The Django admin, in Vietnamese, open only to staff who signed in with a TOTP code."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class CongsoAdminSite(admin.AdminSite):
    site_header = _("Quản trị hệ thống Congso")
    site_title = _("Quản trị Congso")
    index_title = _("Quản trị cơ quan, người dùng và hệ thống")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_staff and getattr(user, "is_verified", lambda: False)()
        )

    def login(self, request: HttpRequest, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


class CongsoAdminConfig(AdminConfig):
    default_site = "congso.core.admin_site.CongsoAdminSite"
