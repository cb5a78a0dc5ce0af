"""Admin building blocks: administrator-only access and an audit row for every admin change."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congso.core.audit import audit_log, diff, snapshot


class ReasonFormMixin(forms.Form):
    change_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ghi vào nhật ký thao tác (bắt buộc khi ngừng hoạt động hoặc khoá)."),
    )


class AdministratorOnlyAdmin(admin.ModelAdmin):
    """Visible and editable only by provincial administrators (role or superuser)."""

    def _is_admin(self, request) -> bool:
        from congso.accounts.permissions import is_administrator

        return is_administrator(request.user)

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_admin(request)


class AuditedAdmin(AdministratorOnlyAdmin):
    """Writes an audit row (field-by-field diff, reason, IP) for every save and delete."""

    audit_fields: tuple[str, ...] | None = None

    def _audit_action(self, verb: str) -> str:
        return f"{self.model._meta.model_name}.admin_{verb}"

    def save_form(self, request, form, change):
        if change and form.instance.pk:
            current = type(form.instance)._default_manager.filter(pk=form.instance.pk).first()
            request._congso_audit_before = snapshot(current, self.audit_fields) if current else {}
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        before = getattr(request, "_congso_audit_before", {}) if change else {}
        changes = diff(before, snapshot(obj, self.audit_fields))
        if changes or not change:
            audit_log(
                actor=request.user,
                action=self._audit_action("update" if change else "create"),
                obj=obj,
                changes=changes,
                reason=(form.cleaned_data.get("change_reason") or "")
                if hasattr(form, "cleaned_data")
                else "",
            )

    def delete_model(self, request, obj):
        audit_log(
            actor=request.user, action=self._audit_action("delete"), obj=obj,
            changes=snapshot(obj, self.audit_fields),
        )  # fmt: skip
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
