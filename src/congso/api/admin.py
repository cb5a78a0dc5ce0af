"""API keys in the admin: administrators issue them (the key is shown once) and revoke them."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html_join

from congso.accounts.models import OrgUnit
from congso.accounts.permissions import is_administrator
from congso.api.models import ApiKey, ApiScope
from congso.api.services import api_key_create, api_key_revoke
from congso.core.exceptions import ApplicationError

ADD_FIELDS = ("name", "org_unit", "expires_at", "scopes")
DETAIL_FIELDS = (
    "name", "org_unit", "prefix", "key_hash", "scope_labels", "is_active", "created_by",
    "created_at", "last_used_at", "expires_at", "revoked_at",
)  # fmt: skip
REVOKE_REASON = "Thu hồi từ trang quản trị"


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="Phạm vi truy cập",
        choices=ApiScope.choices,
        required=False,
        initial=[ApiScope.ORG_UNITS_READ],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ApiKey
        fields = ADD_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError("Thời điểm hết hạn phải ở tương lai.")
        return expires_at


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name", "prefix", "org_unit", "is_active", "created_at", "last_used_at", "expires_at",
    )  # fmt: skip
    list_filter = ("is_active",)
    list_select_related = ("org_unit",)
    search_fields = ("name", "prefix")
    ordering = ("-created_at",)
    actions = ("revoke_keys",)

    # Only provincial administrators see or manage keys.
    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_add_permission(self, request):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        # Keys are revoked, never deleted, so the audit trail keeps what it refers to.
        return False

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else DETAIL_FIELDS

    def get_readonly_fields(self, request, obj=None):
        # An issued key is not edited: revoke it and issue a new one.
        return () if obj is None else DETAIL_FIELDS

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="phạm vi truy cập")
    def scope_labels(self, obj: ApiKey):
        labels = dict(ApiScope.choices)
        return (
            format_html_join(", ", "{} ({})", ((labels.get(s, s), s) for s in obj.scopes or []))
            or "—"
        )

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing is editable on an issued key
        key, raw = api_key_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            org_unit=form.cleaned_data.get("org_unit"),
            expires_at=form.cleaned_data.get("expires_at"),
            scopes=list(form.cleaned_data.get("scopes") or []),
        )
        # The admin goes on with `obj` (log entry, redirect): make it the saved key.
        for field in ApiKey._meta.concrete_fields:
            setattr(obj, field.attname, getattr(key, field.attname))
        obj._state.adding = False
        obj._state.db = key._state.db
        messages.success(
            request,
            f"Khoá API mới: {raw} — hãy sao chép ngay, hệ thống sẽ không hiển thị lại.",
        )

    @admin.action(description="Thu hồi khoá", permissions=["change"])
    def revoke_keys(self, request, queryset):
        revoked = 0
        for key in queryset.filter(is_active=True):
            try:
                api_key_revoke(actor=request.user, key=key, reason=REVOKE_REASON)
            except ApplicationError as error:
                messages.error(request, f"{key}: {error.message}")
            else:
                revoked += 1
        if revoked:
            messages.success(request, f"Đã thu hồi {revoked} khoá API.")
        else:
            messages.warning(request, "Không có khoá nào đang hiệu lực trong các khoá đã chọn.")
