from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction

from congso.core.admin_mixins import AdministratorOnlyAdmin, AuditedAdmin, ReasonFormMixin
from congso.core.models import AuditLog, CalendarDay


@admin.register(AuditLog)
class AuditLogAdmin(AdministratorOnlyAdmin):
    list_display = ("created_at", "actor_repr", "action", "object_repr", "reason", "ip_address")
    list_filter = ("action", "content_type", ("created_at", admin.DateFieldListFilter))
    search_fields = ("actor_repr", "object_repr", "object_id", "reason", "ip_address", "action")
    date_hierarchy = "created_at"
    list_select_related = ("content_type",)
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarDayForm(ReasonFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "note"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    form = CalendarDayForm
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    search_fields = ("name", "note")
    date_hierarchy = "date"
    audit_fields = ("date", "kind", "name", "note")

    def _invalidate(self):
        from congso.core.workdays import invalidate_calendar

        transaction.on_commit(invalidate_calendar)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._invalidate()
