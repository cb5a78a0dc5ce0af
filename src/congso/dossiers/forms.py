"""Forms of the online service: they validate; services act."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from congso.accounts.validators import validate_phone
from congso.dossiers.models import SECRET_LENGTH, Dossier


def new_client_token() -> str:
    return secrets.token_urlsafe(24)


class StartForm(forms.Form):
    """Which agency and which case: asked only when the procedure has a choice."""

    agency = forms.ModelChoiceField(
        label=_("Cơ quan tiếp nhận hồ sơ"),
        queryset=None,
        empty_label=_("— Chọn cơ quan —"),
        error_messages={"required": _("Vui lòng chọn cơ quan tiếp nhận hồ sơ.")},
    )
    case = forms.ModelChoiceField(
        label=_("Trường hợp"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn trường hợp phù hợp với hồ sơ của bạn.")},
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, procedure, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda unit: unit.name
        cases = procedure.cases.all()
        self.fields["case"].queryset = cases
        if len(agencies) <= 1:
            del self.fields["agency"]
        if not cases:
            del self.fields["case"]

    @property
    def needs_choice(self) -> bool:
        return "agency" in self.fields or "case" in self.fields


class ApplicantForm(forms.ModelForm):
    """The applicant block of the dossier; a draft keeps it even when incomplete."""

    prefix = "a"

    class Meta:
        model = Dossier
        fields = [
            "applicant_name",
            "applicant_id_number",
            "organization_name",
            "tax_code",
            "address",
            "phone",
            "email",
            "result_delivery",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "applicant_id_number": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["phone"].validators.append(validate_phone)

    def raw(self) -> dict[str, str]:
        """What was typed, unvalidated: saved to the draft as is."""
        return {name: self.data.get(self.add_prefix(name), "") for name in self.fields}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Vui lòng cho biết lý do rút hồ sơ.")},
    )


class SupplementAnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú, giải trình (nếu có)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Mức độ hài lòng của bạn"),
        choices=Dossier.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn một mức độ hài lòng.")},
    )
    comment = forms.CharField(
        label=_("Góp ý (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=40,
        help_text=_("Ví dụ: 000.00.31.H56-261127-0001"),
        error_messages={"required": _("Vui lòng nhập mã hồ sơ.")},
    )
    bi_mat = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=SECRET_LENGTH + 4,
        help_text=_("Gồm %(n)s ký tự, in trên phiếu nộp hồ sơ và trong thư xác nhận.")
        % {"n": SECRET_LENGTH},
        error_messages={"required": _("Vui lòng nhập mã tra cứu.")},
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and "bi-mat" in data:
            data = data.copy()
            data["bi_mat"] = data.get("bi-mat")
        super().__init__(data, **kwargs)

    def clean_ma(self) -> str:
        return self.cleaned_data["ma"].strip().upper()

    def clean_bi_mat(self) -> str:
        return self.cleaned_data["bi_mat"].strip().upper().replace(" ", "")
