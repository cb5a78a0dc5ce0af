"""Forms of the editor screens (Wagtail admin at /cms/). Forms validate; services act."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.models import Site

from congso.accounts.models import Role, User
from congso.portal.calendar.models import CalendarEntry
from congso.portal.permissions import portal_sites

DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_FORMAT = "%d/%m/%Y"
ENTRY_FORM_FIELDS = [
    "site", "starts_at", "ends_at", "content", "leaders", "leader_users", "location",
    "participants", "preparing_unit", "note", "is_published",
]  # fmt: skip


def leader_choices(sites) -> forms.models.QuerySet:
    """Accounts holding the leader role at the agencies of `sites`."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.LEADER,
            role_assignments__org_unit__portal_settings__site__in=sites,
        )
        .distinct()
        .order_by("full_name", "email")
    )


class CalendarEntryForm(WagtailAdminModelForm):
    class Meta:
        model = CalendarEntry
        fields = ENTRY_FORM_FIELDS
        widgets = {
            "starts_at": AdminDateTimeInput(format=DATETIME_FORMAT),
            "ends_at": AdminDateTimeInput(format=DATETIME_FORMAT),
            "content": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = portal_sites(self.for_user).order_by("site_name")
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = None
        self.fields["leader_users"].queryset = leader_choices(sites)
        self.fields["leader_users"].required = False


class DeleteReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do xóa"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Vui lòng nêu lý do xóa.")},
    )


class PublishWeekForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Cổng thông tin"), queryset=Site.objects.none(), empty_label=None
    )
    day = forms.DateField(
        label=_("Ngày bất kỳ trong tuần"),
        widget=AdminDateInput(format=DATE_FORMAT),
        input_formats=[DATE_FORMAT, "%Y-%m-%d"],
        help_text=_(
            "Mọi mục chưa công bố của tuần (thứ Hai đến Chủ nhật) có ngày này được công bố."
        ),
        error_messages={"invalid": _("Ngày phải viết theo dạng dd/mm/yyyy.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = portal_sites(user).order_by("site_name")
