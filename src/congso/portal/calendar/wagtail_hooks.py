"""Editor screens at /cms/lich-cong-tac/: each editor sees and changes only their portals' entries.

Saving goes through the services (audit rows, permission checks); the permission policy lets a
person in only when they edit at least one portal, and every object view is limited to entries
of `portal_sites(request.user)` (others answer 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic.edit import FormView
from wagtail import hooks
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from congso.accounts.models import User
from congso.core.exceptions import ValidationFailed
from congso.portal.calendar import services
from congso.portal.calendar.forms import (
    ENTRY_FORM_FIELDS,
    CalendarEntryForm,
    DeleteReasonForm,
    PublishWeekForm,
)
from congso.portal.calendar.models import CalendarEntry
from congso.portal.calendar.weeks import Week
from congso.portal.permissions import PORTAL_ROLES, can_edit_site, portal_sites

ACTIONS = {"add", "change", "delete", "view"}


class CalendarPermissionPolicy(BasePermissionPolicy):
    """Portal editors and reviewers work on the entries of their own portals."""

    def user_has_permission(self, user, action):
        return action in ACTIONS and portal_sites(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return action in ACTIONS and can_edit_site(user, instance.site)

    def instances_user_has_any_permission_for(self, user, actions):
        if not ACTIONS.intersection(actions):
            return CalendarEntry.objects.none()
        return CalendarEntry.objects.filter(site__in=portal_sites(user))

    def users_with_any_permission(self, actions):
        if not ACTIONS.intersection(actions):
            return User.objects.none()
        return User.objects.filter(
            is_active=True, role_assignments__role__in=PORTAL_ROLES
        ).distinct() | User.objects.filter(is_active=True, is_superuser=True)


register_permission_policy(CalendarEntry, CalendarPermissionPolicy(CalendarEntry))


def own_entries(user):
    return CalendarEntry.objects.filter(site__in=portal_sites(user)).select_related("site")


class OwnEntriesMixin:
    """Edit and delete see only entries of the user's portals: another portal's is a 404."""

    def get_queryset(self):
        return own_entries(self.request.user)


class OwnObjectMixin:
    """History and usage (listings of something else) load their entry the same way."""

    def get_base_object_queryset(self):
        return own_entries(self.request.user)


def _entry_fields(form) -> dict:
    data = {name: form.cleaned_data.get(name) for name in ENTRY_FORM_FIELDS}
    data.pop("leader_users")
    for name in ("participants", "preparing_unit", "note"):
        data[name] = data[name] or ""
    return data


class CalendarIndexView(IndexView):
    def get_base_queryset(self):
        return own_entries(self.request.user)

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        buttons.append(
            HeaderButton(
                gettext_lazy("Công bố lịch tuần"),
                url=reverse("lich-cong-tac:publish_week"),
                icon_name="upload",
            )
        )
        return buttons


class ServiceFormMixin:
    """Turn a refusal of the service into a form error instead of saving."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationFailed as error:
            form.add_error(None, error.message)
            self.produced_error_message = error.message
            return self.form_invalid(form)


class CalendarCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        entry = services.calendar_entry_create(
            actor=self.request.user,
            leader_users=self.form.cleaned_data.get("leader_users") or [],
            **_entry_fields(self.form),
        )
        log(instance=entry, action="wagtail.create", user=self.request.user)
        return entry


class CalendarEditView(OwnEntriesMixin, ServiceFormMixin, EditView):
    def save_instance(self):
        entry = services.calendar_entry_update(
            actor=self.request.user,
            entry=self.object,
            leader_users=self.form.cleaned_data.get("leader_users") or [],
            **_entry_fields(self.form),
        )
        log(instance=entry, action="wagtail.edit", user=self.request.user)
        return entry


class CalendarDeleteView(OwnEntriesMixin, DeleteView):
    form_class = DeleteReasonForm
    template_name = "portal_calendar/admin/confirm_delete.html"

    def form_valid(self, form):
        success_url = self.get_success_url()
        message = self.get_success_message()
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        services.calendar_entry_delete(
            actor=self.request.user, entry=self.object, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, message)
        return redirect(success_url)


class CalendarHistoryView(OwnObjectMixin, HistoryView):
    pass


class CalendarUsageView(OwnObjectMixin, UsageView):
    pass


class PublishWeekView(WagtailAdminTemplateMixin, FormView):
    form_class = PublishWeekForm
    template_name = "portal_calendar/admin/publish_week.html"
    page_title = gettext_lazy("Công bố lịch tuần")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not portal_sites(request.user).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lich-cong-tac:index"), "label": _("Lịch công tác")},
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self):
        return {"day": Week.current().monday}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("lich-cong-tac:publish_week"),
            submit_button_label=_("Công bố"),
            submit_button_active_label=_("Đang công bố…"),
        )
        return context

    def form_valid(self, form):
        week = Week.containing(form.cleaned_data["day"])
        published = services.calendar_week_publish(
            actor=self.request.user, site=form.cleaned_data["site"], week_start=week.monday
        )
        for entry in published:
            log(instance=entry, action="wagtail.publish", user=self.request.user)
        params = {
            "count": len(published),
            "start": f"{week.monday:%d/%m/%Y}",
            "end": f"{week.sunday:%d/%m/%Y}",
        }
        if published:
            messages.success(
                self.request,
                _("Đã công bố %(count)d mục lịch công tác tuần từ ngày %(start)s đến ngày %(end)s.")
                % params,
            )
        else:
            messages.warning(
                self.request,
                _("Tuần từ ngày %(start)s đến ngày %(end)s không còn mục nào chờ công bố.")
                % params,
            )
        return redirect("lich-cong-tac:index")


class CalendarEntryViewSet(ModelViewSet):
    model = CalendarEntry
    name = "lich-cong-tac"
    icon = "date"
    menu_label = gettext_lazy("Lịch công tác")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = CalendarIndexView
    add_view_class = CalendarCreateView
    edit_view_class = CalendarEditView
    delete_view_class = CalendarDeleteView
    history_view_class = CalendarHistoryView
    usage_view_class = CalendarUsageView
    form_fields = ENTRY_FORM_FIELDS
    list_display = ["__str__", "leaders", "location", "site", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["content", "leaders", "location"]
    ordering = ["-starts_at"]

    def get_form_class(self, for_update=False):
        return CalendarEntryForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("cong-bo-tuan/", PublishWeekView.as_view(), name="publish_week"),
        ]


@hooks.register("register_admin_viewset")
def register_calendar_viewset():
    return CalendarEntryViewSet()
