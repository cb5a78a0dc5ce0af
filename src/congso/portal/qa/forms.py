"""Forms of the Q&A screens. They validate; services act.

Spam protection without a CAPTCHA: a honeypot input people never see ("website") and a signed
timestamp of when the form was shown; a form sent back too fast was filled in by a program.
"""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from congso.accounts.validators import normalize_phone, validate_phone

SIGNING_SALT = "congso.portal.qa.question-form"
MIN_SECONDS = 3  # a person needs longer than this to write a question
MAX_AGE_SECONDS = 24 * 3600
HONEYPOT = "website"


def started_token(at: float | None = None) -> str:
    return signing.dumps(time.time() if at is None else at, salt=SIGNING_SALT)


def _required(message):
    return {"required": message}


class QuestionForm(forms.Form):
    asker_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages=_required(_("Vui lòng nhập họ và tên.")),
    )
    asker_email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        help_text=_("Mã tra cứu và thông báo khi có câu trả lời được gửi đến địa chỉ này."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vui lòng nhập thư điện tử."),
            "invalid": _("Thư điện tử không hợp lệ."),
        },
    )
    asker_phone = forms.CharField(
        label=_("Số điện thoại (không bắt buộc)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    title = forms.CharField(
        label=_("Tiêu đề câu hỏi"),
        max_length=255,
        min_length=5,
        error_messages={
            "required": _("Vui lòng nhập tiêu đề câu hỏi."),
            "min_length": _("Tiêu đề quá ngắn."),
            "max_length": _("Tiêu đề không được dài quá 255 ký tự."),
        },
    )
    field = forms.CharField(
        label=_("Lĩnh vực (không bắt buộc)"),
        max_length=150,
        required=False,
        help_text=_("Ví dụ: đất đai, hộ tịch, y tế, giáo dục."),
    )
    body = forms.CharField(
        label=_("Nội dung câu hỏi"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Vui lòng nhập nội dung câu hỏi."),
            "min_length": _("Nội dung câu hỏi quá ngắn."),
            "max_length": _("Nội dung câu hỏi không được dài quá 5.000 ký tự."),
        },
    )
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    spam = False

    def clean_asker_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data.get("asker_phone", ""))
        validate_phone(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            self.spam = True
            return cleaned
        try:
            started = float(signing.loads(cleaned.get("started") or "", salt=SIGNING_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            self.spam = True
            return cleaned
        elapsed = time.time() - started
        if elapsed < MIN_SECONDS:
            self.spam = True
        elif elapsed > MAX_AGE_SECONDS:
            raise forms.ValidationError(
                _("Biểu mẫu đã mở quá lâu. Vui lòng kiểm tra lại nội dung và gửi lại."),
                code="expired",
            )
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages=_required(_("Vui lòng nhập mã tra cứu.")),
    )
    email = forms.EmailField(
        label=_("Thư điện tử đã dùng khi gửi câu hỏi"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vui lòng nhập thư điện tử."),
            "invalid": _("Thư điện tử không hợp lệ."),
        },
    )


class AssignForm(forms.Form):
    official = forms.ModelChoiceField(
        label=_("Cán bộ trả lời"),
        queryset=None,
        empty_label=_("— Chọn cán bộ —"),
        error_messages={
            "required": _("Vui lòng chọn cán bộ trả lời."),
            "invalid_choice": _("Cán bộ đã chọn không thuộc cơ quan quản lý cổng."),
        },
    )
    note = forms.CharField(
        label=_("Ghi chú khi giao (không bắt buộc)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["official"].label_from_instance = lambda u: u.full_name or u.email


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=_required(_("Vui lòng nhập nội dung trả lời.")),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do không tiếp nhận"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: thư rác, không thuộc thẩm quyền của cơ quan, nội dung không phù hợp."),
        error_messages=_required(_("Vui lòng nêu lý do không tiếp nhận câu hỏi.")),
    )
