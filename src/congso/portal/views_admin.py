"""Admin screen: create the portal of an agency with one form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from congso.accounts.models import OrgUnit
from congso.accounts.permissions import check_administrator
from congso.core.exceptions import ApplicationError
from congso.portal.services import portal_create


class PortalCreateForm(forms.Form):
    org_unit = forms.ModelChoiceField(
        label=_("Cơ quan"),
        queryset=OrgUnit.objects.filter(is_active=True, portal_settings__isnull=True).order_by(
            "path"
        ),
        help_text=_("Chỉ liệt kê cơ quan đang hoạt động chưa có cổng."),
    )
    hostname = forms.CharField(
        label=_("Tên miền"), max_length=255, help_text=_("Ví dụ: soyte.thaibinh.gov.vn")
    )
    port = forms.IntegerField(label=_("Cổng (port)"), initial=80, min_value=1, max_value=65535)
    title = forms.CharField(label=_("Tên cổng"), max_length=255, required=False)
    reason = forms.CharField(
        label=_("Căn cứ, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def portal_create_view(request):
    check_administrator(request.user)
    form = PortalCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                site = portal_create(
                    actor=request.user, org_unit=data["org_unit"], hostname=data["hostname"],
                    port=data["port"], title=data["title"], reason=data["reason"],
                )  # fmt: skip
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Đã tạo cổng thông tin %(name)s.") % {"name": site.site_name}
                )
                return redirect("wagtailadmin_explore", site.root_page_id)
    return TemplateResponse(
        request, "portal/admin/portal_create.html", {"form": form, "page_title": _("Tạo cổng thông tin mới")},
        status=status,
    )  # fmt: skip
