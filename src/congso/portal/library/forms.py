"""The public filter form and the editors' form in the CMS."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from congso.portal.library.models import DocumentStatus, LegalDocument, LegalDocumentFile
from congso.portal.library.validators import validate_document_file
from congso.portal.permissions import portal_sites


class DocumentFilterForm(forms.Form):
    """GET filters of the public list; choices are limited to what the portal has."""

    q = forms.CharField(label=_("Từ khoá"), required=False, max_length=100)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    issuing_body = forms.ChoiceField(label=_("Cơ quan ban hành"), required=False)
    year = forms.TypedChoiceField(label=_("Năm ban hành"), required=False, coerce=int,
                                  empty_value=None)  # fmt: skip
    status = forms.ChoiceField(label=_("Hiệu lực"), required=False)

    def __init__(self, *args, choices: dict[str, list], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tất cả"))]
        self.fields["doc_type"].choices = every + list(LegalDocument.DocType.choices)
        self.fields["field"].choices = every + choices["fields"]
        self.fields["issuing_body"].choices = every + [(b, b) for b in choices["issuing_bodies"]]
        self.fields["year"].choices = every + [(str(y), str(y)) for y in choices["years"]]
        self.fields["status"].choices = every + list(DocumentStatus.choices)
        self.fields["q"].widget.input_type = "search"


class LegalDocumentAdminForm(WagtailAdminModelForm):
    """Editors' form: the portal choice is limited to their portals; one upload per save."""

    new_file = forms.FileField(
        label=_("Thêm tệp đính kèm"),
        required=False,
        help_text=_("Tệp PDF hoặc Word (DOCX), tối đa 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,application/pdf,"
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
    )  # fmt: skip
    new_file_title = forms.CharField(
        label=_("Tên tệp hiển thị"),
        required=False,
        max_length=255,
        help_text=_("Ví dụ: Bản ký số. Để trống để dùng tên tệp."),
    )
    remove_files = forms.ModelMultipleChoiceField(
        label=_("Gỡ tệp đính kèm"),
        required=False,
        queryset=LegalDocumentFile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "site" in self.fields:
            sites = portal_sites(self.for_user).order_by("site_name")
            self.fields["site"].queryset = sites
            if not self.instance.pk and len(sites) == 1:
                self.fields["site"].initial = sites[0].pk
        if self.instance.pk:
            self.fields["remove_files"].queryset = self.instance.files.all()
        else:
            del self.fields["remove_files"]

    def clean_new_file(self):
        upload = self.cleaned_data.get("new_file")
        if upload:
            try:
                validate_document_file(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return upload
