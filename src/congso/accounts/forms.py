from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congso.accounts.models import User
from congso.accounts.validators import normalize_phone, validate_citizen_id, validate_phone


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Thư điện tử"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={
            "required": _("Vui lòng nhập thư điện tử."),
            "invalid": _("Thư điện tử không hợp lệ."),
        },
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực 6 số"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("Vui lòng nhập mã xác thực.")},
    )


class SignUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn đăng ký với tư cách"),
        choices=[
            (User.Kind.CITIZEN, _("Công dân")),
            (User.Kind.BUSINESS, _("Doanh nghiệp, tổ chức")),
        ],
        initial=User.Kind.CITIZEN,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Vui lòng nhập họ và tên.")},
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vui lòng nhập thư điện tử."),
            "invalid": _("Thư điện tử không hợp lệ."),
        },
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    citizen_id = forms.CharField(
        label=_("Số căn cước công dân (không bắt buộc)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Gồm 12 chữ số, in trên thẻ căn cước."),
    )
    organization_name = forms.CharField(
        label=_("Tên doanh nghiệp, tổ chức"), max_length=255, required=False
    )
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=14, required=False)
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không quá giống thông tin cá nhân, không chỉ gồm chữ số."),
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Vui lòng nhập lại mật khẩu.")},
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                gettext(
                    "Thư điện tử này đã được đăng ký. Bạn có thể đăng nhập hoặc lấy lại mật khẩu."
                )
            )
        return email

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone

    def clean_citizen_id(self) -> str:
        value = self.cleaned_data.get("citizen_id", "").strip()
        if value:
            validate_citizen_id(value)
            if User.objects.filter(citizen_id=value).exists():
                raise forms.ValidationError(
                    gettext("Số căn cước này đã được dùng cho một tài khoản khác.")
                )
        return value

    def clean(self):
        data = super().clean()
        if data.get("kind") == User.Kind.BUSINESS and not data.get("organization_name"):
            self.add_error("organization_name", gettext("Vui lòng nhập tên doanh nghiệp, tổ chức."))
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", gettext("Hai mật khẩu không khớp nhau."))
        if p1:
            probe = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "citizen_id", "organization_name", "tax_code"]
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "citizen_id": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {"full_name": {"required": _("Vui lòng nhập họ và tên.")}}

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        validate_phone(phone)
        return phone

    def clean_citizen_id(self):
        value = (self.cleaned_data.get("citizen_id") or "").strip()
        return value or None
