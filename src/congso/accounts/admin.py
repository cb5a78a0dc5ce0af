from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from congso.accounts import twofactor
from congso.accounts.models import LoginAttempt, OrgUnit, RoleAssignment, User
from congso.accounts.services import ORG_UNIT_FIELDS
from congso.core.admin_mixins import AdministratorOnlyAdmin, AuditedAdmin, ReasonFormMixin
from congso.core.audit import audit_log


class OrgUnitAdminForm(ReasonFormMixin, MoveNodeForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk and "is_active" in self.changed_data and not data.get("change_reason"):
            self.add_error(
                "change_reason",
                gettext("Cần ghi rõ lý do khi ngừng hoặc khôi phục hoạt động của cơ quan."),
            )
        return data


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin, AuditedAdmin):
    form = movenodeform_factory(
        OrgUnit, form=OrgUnitAdminForm, fields=[*ORG_UNIT_FIELDS, "is_active", "successor"]
    )
    list_display = ("name", "code", "kind", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code", "search_text")
    audit_fields = (*ORG_UNIT_FIELDS, "is_active", "successor_id")
    autocomplete_fields = ("successor",)

    def has_delete_permission(self, request, obj=None):
        # Agencies are deactivated, never deleted: dossiers and history point at them.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from django.core.cache import cache

        from congso.core.context_processors import SITE_AGENCY_CACHE_KEY

        cache.delete(SITE_AGENCY_CACHE_KEY)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 1
    fields = ("org_unit", "role", "title")
    autocomplete_fields = ("org_unit",)
    verbose_name = _("vai trò")
    verbose_name_plural = _("vai trò tại các cơ quan, đơn vị")


class OfficialCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "phone", "kind")


class UserChangeForm(ReasonFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = (
            "email", "password", "full_name", "phone", "citizen_id", "kind", "organization_name",
            "tax_code", "is_active", "is_staff", "is_superuser", "groups", "last_login", "date_joined",
        )  # fmt: skip

    def clean(self):
        data = super().clean()
        if self.instance.pk and "is_active" in self.changed_data and not data.get("change_reason"):
            self.add_error(
                "change_reason", gettext("Cần ghi rõ lý do khi khoá hoặc mở khoá tài khoản.")
            )
        if data.get("citizen_id") == "":
            data["citizen_id"] = None
        return data


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = OfficialCreationForm
    inlines = [RoleAssignmentInline]
    ordering = ("full_name", "email")
    list_display = ("full_name", "email", "kind", "phone", "is_active", "is_staff", "date_joined")
    list_filter = ("kind", "is_active", "is_staff", "role_assignments__role")
    search_fields = ("full_name", "email", "phone", "citizen_id")
    readonly_fields = ("last_login", "date_joined")
    audit_fields = (
        "email", "full_name", "phone", "citizen_id", "kind", "organization_name", "tax_code",
        "is_active", "is_staff", "is_superuser",
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "phone", "citizen_id", "kind")}),
        (
            _("Doanh nghiệp, tổ chức"),
            {"fields": ("organization_name", "tax_code"), "classes": ("collapse",)},
        ),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
        (_("Nhật ký"), {"fields": ("change_reason",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "phone", "kind", "password1", "password2"),
            },
        ),
    )
    actions = ["reset_two_factor"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            audit_log(
                actor=request.user, action="role.revoke", obj=deleted.user,
                changes={"role": deleted.role, "org_unit": deleted.org_unit.code},
                reason=form.cleaned_data.get("change_reason", ""),
            )  # fmt: skip
            deleted.delete()
        for assignment in instances:
            if assignment.user.kind != User.Kind.OFFICIAL:
                messages.error(
                    request, gettext("Chỉ tài khoản cán bộ, công chức mới được giao vai trò.")
                )
                continue
            created = assignment.pk is None
            if created:
                assignment.granted_by = request.user
            assignment.save()
            audit_log(
                actor=request.user, action="role.grant" if created else "role.update", obj=assignment.user,
                changes={"role": assignment.role, "org_unit": assignment.org_unit.code, "title": assignment.title},
                reason=form.cleaned_data.get("change_reason", ""),
            )  # fmt: skip
            if assignment.role == "administrator" and not assignment.user.is_staff:
                User.objects.filter(pk=assignment.user_id).update(is_staff=True)
        formset.save_m2m()
        from congso.accounts.hooks import roles_changed

        roles_changed(form.instance)

    @admin.action(description=_("Đặt lại xác thực hai lớp (khi mất điện thoại)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            twofactor.reset(actor=request.user, user=user, reason="Đặt lại từ trang quản trị")
        count = queryset.count()
        messages.success(
            request,
            ngettext(
                "Đã đặt lại xác thực hai lớp cho %(count)s tài khoản.",
                "Đã đặt lại xác thực hai lớp cho %(count)s tài khoản.",
                count,
            )
            % {"count": count},
        )


@admin.register(LoginAttempt)
class LoginAttemptAdmin(AdministratorOnlyAdmin):
    list_display = ("created_at", "email", "ip_address", "succeeded")
    list_filter = ("succeeded",)
    search_fields = ("email", "ip_address")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
