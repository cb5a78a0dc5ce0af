"""The procedure catalogue in the admin: fields, procedures with their cases, papers, fees and
process steps, and the Excel import, export and template. Provincial administrators only; every
change is audited (one row per save, children included)."""

from __future__ import annotations

import json
from functools import cache

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.forms.fields import InvalidJSONInput
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congso.core.admin_mixins import AuditedAdmin, ReasonFormMixin
from congso.core.audit import audit_log, diff
from congso.core.exceptions import ApplicationError
from congso.core.text import slugify_vi
from congso.procedures.excel import XLSX_CONTENT_TYPE
from congso.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcessStep,
    RequiredPaper,
)
from congso.procedures.schema import SchemaError, check_schema, for_editing
from congso.procedures.services import (
    procedure_export,
    procedure_import,
    procedure_import_template,
    procedure_snapshot,
)

MAX_IMPORT_SIZE = 10 * 1024 * 1024
GENERAL_FIELDS = (
    "code", "name", "field", "level", "agencies", "applicant_kind", "online_level", "is_active",
)  # fmt: skip
PUBLIC_TEXT_FIELDS = (
    "steps_text", "channels_text", "requirements", "result", "legal_basis", "fee_note",
)  # fmt: skip
MONOSPACE = "font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; width: 100%;"

# Templates of the three extra screens, kept beside the code that fills them. Every text they
# show comes from the view, through gettext.
CHANGE_LIST_TEMPLATE = """{% extends "admin/change_list.html" %}
{% block object-tools-items %}
  {% for url, label in excel_tools %}<li><a href="{{ url }}">{{ label }}</a></li>{% endfor %}
  {{ block.super }}
{% endblock %}"""

IMPORT_TEMPLATE = """{% extends "admin/base_site.html" %}
{% block breadcrumbs %}<div class="breadcrumbs">
<a href="{% url 'admin:index' %}">{{ labels.home }}</a>
&rsaquo; <a href="{% url 'admin:app_list' app_label=opts.app_label %}">{{ opts.app_config.verbose_name }}</a>
&rsaquo; <a href="{% url 'admin:procedures_procedure_changelist' %}">{{ opts.verbose_name_plural|capfirst }}</a>
&rsaquo; {{ title }}</div>{% endblock %}
{% block content %}<div id="content-main">
{% if result.errors %}
  <p class="errornote" role="alert">{{ result.summary }}</p>
  <table id="import-errors">
    <caption>{{ labels.errors }}</caption>
    <thead><tr><th scope="col">{{ labels.sheet }}</th><th scope="col">{{ labels.row }}</th>
      <th scope="col">{{ labels.column }}</th><th scope="col">{{ labels.reason }}</th></tr></thead>
    <tbody>{% for error in result.errors %}<tr><td>{{ error.sheet }}</td><td>{{ error.row|default:"—" }}</td>
      <td>{{ error.column|default:"—" }}</td><td>{{ error.message }}</td></tr>{% endfor %}</tbody>
  </table>
{% endif %}
<p>{{ labels.intro }} <a href="{% url 'admin:procedures_procedure_template' %}">{{ labels.template }}</a></p>
<form method="post" enctype="multipart/form-data" novalidate>{% csrf_token %}
  <fieldset class="module aligned">
  {% for field in form %}<div class="form-row{% if field.errors %} errors{% endif %}">
    {{ field.errors }}<div class="flex-container">{{ field.label_tag }} {{ field }}</div>
    {% if field.help_text %}<div class="help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</div>{% endif %}
  </div>{% endfor %}
  </fieldset>
  <div class="submit-row"><input type="submit" class="default" value="{{ labels.submit }}"></div>
</form>
</div>{% endblock %}"""


@cache
def _template(source: str):
    return engines["django"].from_string(source)


def _is_admin(request) -> bool:
    from congso.accounts.permissions import is_administrator

    return is_administrator(request.user)


# --- fields --------------------------------------------------------------------------------


class FieldAdminForm(ReasonFormMixin, forms.ModelForm):
    class Meta:
        model = Field
        fields = ("code", "name", "slug")

    def clean(self):
        data = super().clean()
        slug = data.get("slug") or slugify_vi(data.get("name") or "", max_length=100)
        if slug and Field.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            self.add_error(
                "slug" if data.get("slug") else "name",
                gettext("Đường dẫn “%(slug)s” đã được lĩnh vực khác dùng.") % {"slug": slug},
            )
        return data


@admin.register(Field)
class FieldAdmin(AuditedAdmin):
    form = FieldAdminForm
    list_display = ("name", "code", "slug", "procedure_count")
    search_fields = ("code", "name")
    audit_fields = ("code", "name", "slug")
    fieldsets = (
        (None, {"fields": ("code", "name", "slug")}),
        (_("Nhật ký"), {"fields": ("change_reason",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_procedures=Count("procedures"))

    @admin.display(description=_("số thủ tục"), ordering="_procedures")
    def procedure_count(self, obj: Field) -> int:
        return obj._procedures


# --- procedures ----------------------------------------------------------------------------


class FormSchemaField(forms.JSONField):
    """The online form schema, edited as indented JSON and checked by `check_schema`."""

    def to_python(self, value):
        if isinstance(value, str) and not value.strip():
            return {}
        if not isinstance(value, str):
            return value if value is not None else {}
        try:
            converted = json.loads(value)
        except json.JSONDecodeError as error:
            raise ValidationError(
                gettext("Biểu mẫu không phải JSON hợp lệ (dòng %(line)s, cột %(col)s).")
                % {"line": error.lineno, "col": error.colno},
                code="invalid",
            ) from None
        return {} if converted is None else converted

    def validate(self, value):
        super().validate(value)
        try:
            check_schema(value)
        except SchemaError as error:
            raise ValidationError(str(error), code="schema") from None

    def prepare_value(self, value):
        if isinstance(value, InvalidJSONInput):
            return value
        if value in (None, "", {}):
            return ""
        return json.dumps(for_editing(value), ensure_ascii=False, indent=2)


class ProcedureAdminForm(ReasonFormMixin, forms.ModelForm):
    form_schema = FormSchemaField(
        label=_("Biểu mẫu điện tử (JSON)"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 18, "cols": 100, "spellcheck": "false", "style": MONOSPACE}
        ),
        help_text=_(
            "Lược đồ tờ khai trực tuyến: mỗi trường trong “properties” có “type” (string, "
            "integer, number, boolean) và “title”; “required” liệt kê các trường bắt buộc. "
            "Để trống khi thủ tục không có tờ khai trực tuyến. Xem ví dụ trong hướng dẫn quản trị "
            "danh mục thủ tục."
        ),
    )

    class Meta:
        model = Procedure
        fields = (
            "code", "name", "field", "level", "agencies", "applicant_kind", "online_level",
            "processing_days", "processing_note", "steps_text", "channels_text", "requirements",
            "result", "legal_basis", "fee_note", "form_schema", "is_active",
        )  # fmt: skip


class LocalizedDaysMixin:
    """Working days typed the Vietnamese way: 7,5 (and 7.5 still works)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs["localize"] = True
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AdministratorOnlyInline(LocalizedDaysMixin):
    """Inlines follow their procedure: administrators (role or superuser) only."""

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_add_permission(self, request, obj=None):
        return _is_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _is_admin(request)


class CaseChoiceInline(AdministratorOnlyInline, admin.TabularInline):
    """Papers and fees choose a case among their own procedure's cases."""

    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        request._congso_procedure = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            procedure = getattr(request, "_congso_procedure", None)
            kwargs["queryset"] = (
                ProcedureCase.objects.filter(procedure=procedure)
                if procedure is not None
                else ProcedureCase.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProcedureCaseInline(AdministratorOnlyInline, admin.TabularInline):
    model = ProcedureCase
    extra = 1
    fields = ("name", "processing_days", "order")


class RequiredPaperInline(CaseChoiceInline):
    model = RequiredPaper
    fields = ("name", "case", "originals", "copies", "is_required", "note", "template", "order")


class FeeInline(CaseChoiceInline):
    model = Fee
    fields = ("name", "case", "amount", "note", "order")


class ProcessStepInline(AdministratorOnlyInline, admin.TabularInline):
    model = ProcessStep
    extra = 1
    fields = ("order", "name", "org_unit", "role", "days")
    autocomplete_fields = ("org_unit",)


@admin.register(Procedure)
class ProcedureAdmin(LocalizedDaysMixin, AuditedAdmin):
    form = ProcedureAdminForm
    inlines = [ProcedureCaseInline, RequiredPaperInline, FeeInline, ProcessStepInline]
    list_display = (
        "code",
        "name",
        "field",
        "level",
        "online_level",
        "processing_days",
        "is_active",
    )
    list_display_links = ("code", "name")
    list_filter = (
        "field",
        "level",
        "online_level",
        ("agencies", admin.RelatedOnlyFieldListFilter),
        "is_active",
    )
    list_select_related = ("field",)
    search_fields = ("code", "name", "search_text")
    search_help_text = _("Tìm theo mã hoặc tên thủ tục (gõ có dấu hay không dấu đều được).")
    autocomplete_fields = ("agencies",)
    audit_fields = tuple(
        "field_id" if name == "field" else name
        for name in ProcedureAdminForm.Meta.fields
        if name != "agencies"
    )
    fieldsets = (
        (None, {"fields": GENERAL_FIELDS}),
        (_("Thời hạn giải quyết"), {"fields": ("processing_days", "processing_note")}),
        (_("Nội dung công khai"), {"fields": PUBLIC_TEXT_FIELDS}),
        (_("Biểu mẫu điện tử"), {"fields": ("form_schema",)}),
        (_("Nhật ký"), {"fields": ("change_reason",)}),
    )

    @property
    def change_list_template(self):
        return _template(CHANGE_LIST_TEMPLATE)

    # One audit row per save, written once the inlines are saved so that it holds every change
    # (fields, agencies, cases, papers, fees, steps): see save_related.
    def save_form(self, request, form, change):
        if change and form.instance.pk:
            request._congso_procedure_before = procedure_snapshot(form.instance)
        return admin.ModelAdmin.save_form(self, request, form, change)

    def save_model(self, request, obj, form, change):
        admin.ModelAdmin.save_model(self, request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_congso_procedure_before", {}) if change else {}
        changes = diff(before, procedure_snapshot(form.instance))
        if changes or not change:
            audit_log(
                actor=request.user,
                action=self._audit_action("update" if change else "create"),
                obj=form.instance,
                changes=changes,
                reason=form.cleaned_data.get("change_reason") or "",
            )

    # --- Excel -----------------------------------------------------------------------------

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        wrap = self.admin_site.admin_view
        return [
            path("nhap-excel/", wrap(self.import_view), name="{}_{}_import".format(*info)),
            path("xuat-excel/", wrap(self.export_view), name="{}_{}_export".format(*info)),
            path("tep-mau/", wrap(self.template_view), name="{}_{}_template".format(*info)),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        query = request.GET.urlencode()
        tools = []
        if self.has_import_permission(request):
            tools.append((reverse("admin:procedures_procedure_import"), gettext("Nhập từ Excel")))
        tools.append(
            (
                reverse("admin:procedures_procedure_export") + (f"?{query}" if query else ""),
                gettext("Xuất Excel"),
            )
        )
        tools.append((reverse("admin:procedures_procedure_template"), gettext("Tải tệp mẫu")))
        return super().changelist_view(request, {**(extra_context or {}), "excel_tools": tools})

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, gettext("Bộ lọc không hợp lệ, hãy chọn lại."))
            return redirect("admin:procedures_procedure_changelist")
        filename = f"thu-tuc-hanh-chinh-{timezone.localdate():%Y%m%d}.xlsx"
        return _xlsx_response(procedure_export(changelist.queryset), filename)

    def template_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _xlsx_response(procedure_import_template(), "mau-nhap-thu-tuc-hanh-chinh.xlsx")

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ProcedureImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                result = procedure_import(
                    actor=request.user,
                    file=form.cleaned_data["file"],
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                if result.ok:
                    messages.success(request, result.summary())
                    return redirect("admin:procedures_procedure_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Nhập thủ tục hành chính từ Excel"),
            "form": form,
            "result": result,
            "labels": {
                "home": gettext("Trang chủ"),
                "errors": gettext("Các dòng cần sửa (chưa có dữ liệu nào được lưu)"),
                "sheet": gettext("Sheet"),
                "row": gettext("Dòng"),
                "column": gettext("Cột"),
                "reason": gettext("Lý do"),
                "intro": gettext(
                    "Chọn tệp .xlsx theo đúng mẫu. Thủ tục trùng mã được cập nhật; trường hợp, "
                    "thành phần hồ sơ, phí và quy trình của thủ tục được thay bằng nội dung trong "
                    "tệp. Nếu có dòng sai, không dữ liệu nào được lưu."
                ),
                "template": gettext("Tải tệp mẫu"),
                "submit": gettext("Nhập dữ liệu"),
            },
        }
        return TemplateResponse(request, _template(IMPORT_TEMPLATE), context)


class ProcedureImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Tối đa 10 MB, theo bố cục của tệp mẫu."),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ghi vào nhật ký thao tác, ví dụ số quyết định công bố thủ tục."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_SIZE:
            raise ValidationError(gettext("Tệp lớn hơn 10 MB."), code="too_large")
        return file


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
