"""Dossiers in the admin: read-only for provincial administrators (changes go through services)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congso.core.admin_mixins import AdministratorOnlyAdmin
from congso.dossiers.models import Dossier, DossierEvent, DossierFile


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["at", "actor_name", "action", "from_status", "to_status", "note"]
    readonly_fields = fields


class FileInline(ReadOnlyInline):
    model = DossierFile
    fields = ["kind", "paper", "original_name", "content_type", "size", "created_at", "removed_at"]
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(AdministratorOnlyAdmin):
    """Every state change of a dossier is a service with its own checks: nothing is edited here."""

    list_display = [
        "code",
        "procedure",
        "agency",
        "applicant_name",
        "status",
        "submitted_at",
        "due_at",
    ]
    list_filter = ["status", "channel", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "code",
        "applicant_name",
        "email",
        "phone",
        "procedure__code",
        "procedure__name",
    ]
    date_hierarchy = "submitted_at"
    list_select_related = ["procedure", "agency"]
    inlines = [FileInline, EventInline]
    readonly_fields = [f.name for f in Dossier._meta.fields if f.name not in {"id"}]
    exclude = ["client_token"]
    fieldsets = [
        (None, {"fields": ["code", "procedure", "case", "agency", "status", "channel"]}),
        (
            _("Người nộp"),
            {
                "fields": [
                    "applicant",
                    "applicant_name",
                    "applicant_id_number",
                    "organization_name",
                    "tax_code",
                    "address",
                    "phone",
                    "email",
                    "result_delivery",
                ]
            },
        ),
        (_("Tờ khai"), {"fields": ["form_data"]}),
        (
            _("Thời gian"),
            {
                "fields": [
                    "created_at",
                    "submitted_at",
                    "received_at",
                    "processing_days",
                    "due_at",
                    "finished_at",
                    "returned_at",
                ]
            },
        ),
        (_("Đánh giá"), {"fields": ["rating", "rating_comment", "rated_at"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
