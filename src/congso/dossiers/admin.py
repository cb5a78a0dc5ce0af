"""Dossiers in the admin: read-only for provincial administrators (changes go through services);
agencies' signing certificates for the results, installed and deactivated by administrators.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from congso.accounts.models import OrgUnit
from congso.core.admin_mixins import AdministratorOnlyAdmin, AuditedAdmin, ReasonFormMixin
from congso.core.audit import audit_log
from congso.dossiers.models import AgencySigningKey, Dossier, DossierEvent, DossierFile


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


# --- Agencies' signing certificates -------------------------------------------------------

SIGNING_BUNDLE_MAX_BYTES = 1024 * 1024


class AgencySigningKeyForm(ReasonFormMixin, forms.ModelForm):
    """Upload of a PKCS#12 bundle and its passphrase; the passphrase is never shown back."""

    bundle = forms.FileField(
        label=_("Tệp chứng thư số (.p12, .pfx)"),
        required=False,
        help_text=_(
            "Tệp do tổ chức cung cấp dịch vụ chứng thực chữ ký số cấp, gồm chứng thư số và khóa "
            "bí mật. Khi sửa, chỉ chọn tệp để thay chứng thư mới (gia hạn, cấp lại)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx,application/x-pkcs12"}),
    )
    passphrase = forms.CharField(
        label=_("Mật khẩu của tệp"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Được mã hóa khi lưu và không bao giờ hiển thị lại."),
    )

    class Meta:
        model = AgencySigningKey
        fields = ["org_unit", "label", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "org_unit" in self.fields:
            self.fields["org_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by(
                "path"
            )
        self.bundle_data: bytes | None = None

    def clean(self):
        from congso.dossiers.signing import BundleError, read_bundle

        data = super().clean()
        upload = data.get("bundle")
        if not upload:
            if self.instance.pk is None:
                self.add_error(
                    "bundle", gettext("Hãy chọn tệp chứng thư số (.p12 hoặc .pfx) của cơ quan.")
                )
            return data
        if upload.size > SIGNING_BUNDLE_MAX_BYTES:
            self.add_error("bundle", gettext("Tệp chứng thư số không được lớn hơn 1 MB."))
            return data
        raw = upload.read()
        try:
            bundle = read_bundle(raw, data.get("passphrase") or "")
        except BundleError as error:
            self.add_error("passphrase", str(error))
            return data
        not_after = bundle.details["not_after"]
        if not_after <= timezone.now():
            self.add_error(
                "bundle",
                gettext("Chứng thư số đã hết hiệu lực từ %(date)s; hãy dùng chứng thư còn hạn.")
                % {"date": timezone.localtime(not_after).strftime("%d/%m/%Y")},
            )
            return data
        self.bundle_data = raw
        return data


@admin.register(AgencySigningKey)
class AgencySigningKeyAdmin(AuditedAdmin):
    """Administrators install an agency's certificate; PDF results of the agency are signed."""

    form = AgencySigningKeyForm
    list_display = ["org_unit", "label", "serial", "not_after", "is_active", "validity"]
    list_filter = ["is_active"]
    list_select_related = ["org_unit"]
    search_fields = ["org_unit__name", "org_unit__code", "label", "subject", "serial"]
    readonly_fields = [
        "subject", "issuer", "serial", "not_before", "not_after", "validity", "created_at",
        "updated_at",
    ]  # fmt: skip
    audit_fields = (
        "org_unit_id", "label", "subject", "issuer", "serial", "not_before", "not_after",
        "is_active",
    )  # fmt: skip
    actions = ["deactivate_keys"]

    def get_fieldsets(self, request, obj=None):
        upload = (
            _("Tệp chứng thư số"),
            {"fields": ["bundle", "passphrase"]},
        )
        main = (None, {"fields": ["org_unit", "label", "is_active", "change_reason"]})
        if obj is None:
            return [main, upload]
        details = (
            _("Chứng thư số đang dùng"),
            {"fields": ["subject", "issuer", "serial", "not_before", "not_after", "validity"]},
        )
        return [main, details, upload, (_("Lịch sử"), {"fields": ["created_at", "updated_at"]})]

    @admin.display(description=_("tình trạng"))
    def validity(self, obj: AgencySigningKey) -> str:
        now = timezone.now()
        if not obj.is_active:
            return gettext("Ngừng sử dụng")
        if obj.not_after and obj.not_after <= now:
            return gettext("Đã hết hạn")
        if obj.not_before and obj.not_before > now:
            return gettext("Chưa đến ngày hiệu lực")
        return gettext("Đang dùng để ký kết quả")

    def save_model(self, request, obj, form, change):
        if form.bundle_data is not None:
            obj.set_bundle(form.bundle_data, form.cleaned_data.get("passphrase") or "")
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Ngừng sử dụng các chứng thư số đã chọn"), permissions=["change"])
    def deactivate_keys(self, request, queryset):
        count = 0
        for key in queryset.filter(is_active=True):
            key.is_active = False
            key.save(update_fields=["is_active", "updated_at"])
            audit_log(
                actor=request.user,
                action=self._audit_action("deactivate"),
                obj=key,
                changes={"is_active": [True, False]},
                reason=gettext("Ngừng sử dụng từ trang quản trị"),
            )
            count += 1
        messages.success(
            request,
            ngettext(
                "Đã ngừng sử dụng %(count)d chứng thư số.",
                "Đã ngừng sử dụng %(count)d chứng thư số.",
                count,
            )
            % {"count": count},
        )
