"""Forms of the organisers' screens: they validate and say what is wrong in Vietnamese; the
services in `questions` and `organising` act.

Lists of rows (answer choices, accepted answers, paper rules, prize tiers) are plain forms with
a row prefix and a hidden row count, so that "add a row" is a submit button that re-renders the
page with more empty rows: it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from congso.core.exceptions import ValidationFailed
from congso.exams import organising
from congso.exams.models import (
    Contest,
    Difficulty,
    Exam,
    Question,
    QuestionCategory,
    QuestionType,
)
from congso.exams.questions import MAX_CHOICES, clean_html, normalise_data

DATETIME_PLACEHOLDER = "20/11/2026 08:00"
DATETIME_ERROR = _("Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 20/11/2026 08:00.")
ADD_ROWS = 3
SLUG_ERROR = _("Đường dẫn chỉ gồm chữ không dấu, chữ số, dấu gạch ngang hoặc gạch dưới.")

# Moodle's grade list: the share of the question's mark a choice or an answer earns.
FRACTION_PERCENTS = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)  # fmt: skip


def fraction_key(value: Any) -> str:
    """A fraction as the value of a select option: 1 → "1", 1/3 → "0.3333333", -0.25 → "-0.25"."""
    number = round(float(value), 7)
    if abs(number) < 1e-9:
        return "0"
    return f"{number:.7f}".rstrip("0").rstrip(".")


def percent_label(value: Any) -> str:
    """A fraction for people: 0.3333333 → "33,33%", -1 → "-100%" (Vietnamese decimal comma)."""
    percent = round(float(value) * 100, 2)
    text = f"{percent:.2f}".rstrip("0").rstrip(".")
    return ("0" if text in {"-0", ""} else text).replace(".", ",") + "%"


FRACTION_VALUES = [
    *[fraction_key(Decimal(p) / 100) for p in FRACTION_PERCENTS],
    "0",
    *[fraction_key(-Decimal(p) / 100) for p in reversed(FRACTION_PERCENTS)],
]
FRACTION_CHOICES = [(v, percent_label(v)) for v in FRACTION_VALUES]


def snap_fraction(value: Any) -> str:
    """The listed fraction nearest to `value` when it is one of them (0.33333 → 1/3), else itself."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    for key in FRACTION_VALUES:
        if abs(float(key) - number) < 0.00005:
            return key
    return fraction_key(number)


class FractionField(forms.CharField):
    """A select of fractions whose posted value reaches `normalise_data` unchanged, so that a
    value outside -100%..100% gets the service's own message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tỉ lệ điểm"))
        kwargs.setdefault("required", False)
        super().__init__(widget=forms.Select(choices=FRACTION_CHOICES), **kwargs)


def _with_choice(field: forms.Field, value: Any) -> None:
    """Keep a stored fraction that is not in the list selectable (e.g. 45% from an import)."""
    if value in (None, ""):
        return
    key = snap_fraction(value)
    choices = list(field.widget.choices)
    if all(v != key for v, _label in choices):
        try:
            label = percent_label(key)
        except ValueError:
            label = str(key)
        field.widget.choices = [(key, label), *choices]


# --- rows ----------------------------------------------------------------------------------


class RowForm(forms.Form):
    """One row of a list; a row whose `key_fields` are all empty is left out."""

    key_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        if not self.is_bound:
            return True
        return all(not str(self[name].value() or "").strip() for name in self.key_fields)


class RowSet:
    """Rows `prefix-0-…`, `prefix-1-…` with the count in `prefix-rows`."""

    def __init__(
        self,
        form_class: type[RowForm],
        *,
        prefix: str,
        data=None,
        initial: Sequence[dict[str, Any]] = (),
        minimum: int = 3,
        maximum: int = 20,
        add: int = 0,
        form_kwargs: dict[str, Any] | None = None,
    ):
        self.prefix = prefix
        self.maximum = maximum
        form_kwargs = form_kwargs or {}
        if data is not None:
            try:
                posted = int(data.get(f"{prefix}-rows") or 0)
            except (TypeError, ValueError):
                posted = 0
            posted = max(0, min(posted, maximum))
        else:
            posted = 0
        count = max(posted if data is not None else len(initial), minimum)
        count = min(count + add, maximum)
        self.forms: list[RowForm] = []
        for index in range(count):
            bound = data is not None and index < posted
            self.forms.append(
                form_class(
                    data if bound else None,
                    prefix=f"{prefix}-{index}",
                    initial=initial[index] if data is None and index < len(initial) else None,
                    **form_kwargs,
                )
            )
        self.can_add = count < maximum

    def __iter__(self):
        return iter(self.forms)

    def __len__(self) -> int:
        return len(self.forms)

    @property
    def filled(self) -> list[RowForm]:
        return [f for f in self.forms if not f.is_blank()]

    def is_valid(self) -> bool:
        results = [f.is_valid() for f in self.filled]  # every row validated, errors kept
        return all(results)

    @property
    def cleaned_data(self) -> list[dict[str, Any]]:
        return [f.cleaned_data for f in self.filled]

    @property
    def errors(self) -> list[str]:
        messages = []
        for number, form in enumerate(self.forms, start=1):
            if form.is_bound and not form.is_blank() and form.errors:
                for field_errors in form.errors.values():
                    for message in field_errors:
                        messages.append(
                            str(_("Dòng %(n)s: %(message)s") % {"n": number, "message": message})
                        )
        return messages


class ChoiceRowForm(RowForm):
    key_fields = ("text",)

    id = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Phương án"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fraction = FractionField()
    feedback = forms.CharField(label=_("Phản hồi khi chọn"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fraction"].initial = "0"  # a new choice is wrong until marked right
        _with_choice(self.fields["fraction"], self["fraction"].value())


class AnswerRowForm(RowForm):
    key_fields = ("text",)

    text = forms.CharField(label=_("Đáp án được chấp nhận"), required=False, max_length=255)
    fraction = FractionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fraction"].initial = "1"
        _with_choice(self.fields["fraction"], self["fraction"].value())


class NumericRowForm(RowForm):
    key_fields = ("value", "tolerance")

    value = forms.CharField(label=_("Giá trị"), required=False, max_length=40)
    tolerance = forms.CharField(label=_("Sai số cho phép"), required=False, max_length=40)
    fraction = FractionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fraction"].initial = "1"
        _with_choice(self.fields["fraction"], self["fraction"].value())

    def clean(self):
        from congso.exams.grading import parse_number

        data = super().clean()
        if parse_number(str(data.get("value") or "")) is None:
            self.add_error("value", _("Giá trị phải là số, ví dụ 3,14."))
        if parse_number(str(data.get("tolerance") or "0")) is None:
            self.add_error("tolerance", _("Sai số phải là số, ví dụ 0,01."))
        return data


ROW_FORMS: dict[str, tuple[type[RowForm], int, int]] = {
    QuestionType.SINGLE: (ChoiceRowForm, 6, MAX_CHOICES),
    QuestionType.MULTI: (ChoiceRowForm, 6, MAX_CHOICES),
    QuestionType.SHORT_ANSWER: (AnswerRowForm, 3, 20),
    QuestionType.NUMERIC: (NumericRowForm, 3, 20),
}


def _version_rows(qtype: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    if qtype in (QuestionType.SINGLE, QuestionType.MULTI):
        return [
            {
                "id": c.get("id", ""),
                "text": c.get("text", ""),
                "fraction": snap_fraction(c.get("fraction", 0)),
                "feedback": c.get("feedback", ""),
            }
            for c in data.get("choices", [])
        ]
    if qtype == QuestionType.SHORT_ANSWER:
        return [
            {"text": a.get("text", ""), "fraction": snap_fraction(a.get("fraction", 1))}
            for a in data.get("answers", [])
        ]
    if qtype == QuestionType.NUMERIC:
        return [
            {
                "value": str(a.get("value", "")).replace(".", ","),
                "tolerance": str(a.get("tolerance", "0")).replace(".", ","),
                "fraction": snap_fraction(a.get("fraction", 1)),
            }
            for a in data.get("answers", [])
        ]
    return []


def _any(field: forms.Field) -> Any:
    """A form field with the attributes of its own class (choices, queryset…) for the type checker."""
    return field


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in (text or "").replace(";", ",").split(",") if t.strip()]


class QuestionForm(forms.Form):
    """A question of any type: the common fields, plus its rows (`self.rows`) when it has some."""

    category = forms.ModelChoiceField(
        label=_("Chủ đề"),
        queryset=QuestionCategory.objects.none(),
        empty_label=None,
        error_messages={"required": _("Hãy chọn chủ đề của câu hỏi.")},
    )
    name = forms.CharField(label=_("Tên ngắn (không bắt buộc)"), required=False, max_length=255)
    text = forms.CharField(
        label=_("Nội dung câu hỏi"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Được dùng HTML đơn giản: <p>, <strong>, <em>, <ul>, <table>, <img>… "
            "Mã script và định dạng lạ sẽ bị loại bỏ."
        ),
    )
    image = forms.ImageField(
        label=_("Chèn ảnh vào nội dung"),
        required=False,
        help_text=_("Ảnh JPEG hoặc PNG, tối đa 5 MB; ảnh được chèn vào cuối nội dung câu hỏi."),
    )
    image_alt = forms.CharField(
        label=_("Mô tả ảnh (cho người đọc bằng trình đọc màn hình)"),
        required=False,
        max_length=200,
    )
    default_mark = forms.DecimalField(
        label=_("Điểm"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        localize=True,
        initial=Decimal(1),
        error_messages={
            "required": _("Hãy nhập điểm của câu hỏi."),
            "invalid": _("Điểm phải là số, ví dụ 1 hoặc 0,5."),
            "min_value": _("Điểm phải lớn hơn 0."),
            "max_value": _("Điểm không được quá 100."),
            "max_decimal_places": _("Điểm có nhiều nhất hai chữ số thập phân."),
        },
    )
    difficulty = forms.ChoiceField(
        label=_("Độ khó"), choices=Difficulty.choices, initial=Difficulty.MEDIUM
    )
    tags = forms.CharField(
        label=_("Thẻ"),
        required=False,
        max_length=500,
        help_text=_("Cách nhau bởi dấu phẩy, ví dụ: an ninh mạng, dữ liệu cá nhân."),
    )
    general_feedback = forms.CharField(
        label=_("Giải thích đáp án"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correct = forms.ChoiceField(
        label=_("Đáp án đúng"),
        choices=[("true", _("Đúng")), ("false", _("Sai"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Câu Đúng/Sai cần chọn đáp án đúng.")},
    )
    case_sensitive = forms.BooleanField(
        label=_("Phân biệt chữ hoa, chữ thường"), required=False, initial=False
    )
    accent_sensitive = forms.BooleanField(
        label=_("Phân biệt dấu tiếng Việt (“Hà Nội” khác “Ha Noi”)"), required=False, initial=True
    )
    reason = forms.CharField(label=_("Lý do sửa (ghi vào lịch sử)"), required=False, max_length=500)

    def __init__(
        self,
        data=None,
        files=None,
        *,
        qtype: str,
        categories: Iterable[tuple[QuestionCategory, str]],
        version=None,
        editing: bool = False,
        add_rows: int = 0,
        **kwargs,
    ):
        initial = kwargs.pop("initial", None) or {}
        if version is not None:
            initial = {
                "name": version.name,
                "text": version.text,
                "default_mark": version.default_mark,
                "difficulty": version.difficulty,
                "tags": ", ".join(version.tags or []),
                "general_feedback": version.general_feedback,
                **initial,
            }
            if qtype == QuestionType.TRUE_FALSE:
                initial["correct"] = "true" if version.data.get("correct") else "false"
            if qtype == QuestionType.SHORT_ANSWER:
                initial["case_sensitive"] = bool(version.data.get("case_sensitive"))
                initial["accent_sensitive"] = bool(version.data.get("accent_sensitive", True))
        super().__init__(data, files, initial=initial, **kwargs)
        self.qtype = qtype
        categories = list(categories)
        _any(self.fields["category"]).queryset = QuestionCategory.objects.filter(
            pk__in=[c.pk for c, _name in categories]
        )
        _any(self.fields["category"]).choices = [(c.pk, name) for c, name in categories]
        if qtype != QuestionType.TRUE_FALSE:
            del self.fields["correct"]
        if qtype != QuestionType.SHORT_ANSWER:
            del self.fields["case_sensitive"]
            del self.fields["accent_sensitive"]
        if qtype == QuestionType.PREDICTION:
            del self.fields["default_mark"]
        if not editing:
            del self.fields["reason"]
        self.rows: RowSet | None = None
        if qtype in ROW_FORMS:
            form_class, minimum, maximum = ROW_FORMS[qtype]
            self.rows = RowSet(
                form_class,
                prefix="row",
                data=data,
                initial=_version_rows(qtype, version.data) if version is not None else (),
                minimum=minimum,
                maximum=maximum,
                add=add_rows,
            )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > organising.MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("Ảnh quá lớn: tối đa 5 MB."))
        return image

    def preview(self) -> str:
        """The question's text as candidates will see it (sanitised)."""
        return mark_safe(clean_html(str(self["text"].value() or "")))  # noqa: S308 - nh3-cleaned

    @property
    def type_label(self) -> str:
        return str(QuestionType(self.qtype).label)

    def clean(self):
        cleaned = super().clean()
        if (
            "text" in cleaned
            and not clean_html(cleaned.get("text") or "")
            and not cleaned.get("image")
        ):
            self.add_error("text", _("Câu hỏi chưa có nội dung."))
        if self.rows is not None and not self.rows.is_valid():
            for message in self.rows.errors:
                self.add_error(None, message)
            return cleaned
        data = self._answer_data(cleaned)
        try:
            cleaned["data"] = normalise_data(self.qtype, data)
        except ValidationFailed as error:
            self.add_error(None, error.message)
        return cleaned

    def _answer_data(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        rows = self.rows.cleaned_data if self.rows is not None else []
        if self.qtype in (QuestionType.SINGLE, QuestionType.MULTI):
            return {
                "choices": [
                    {
                        "id": r.get("id") or "",
                        "text": r.get("text") or "",
                        "fraction": r.get("fraction") or "0",
                        "feedback": r.get("feedback") or "",
                    }
                    for r in rows
                ]
            }
        if self.qtype == QuestionType.TRUE_FALSE:
            return {"correct": cleaned["correct"] == "true" if cleaned.get("correct") else None}
        if self.qtype == QuestionType.SHORT_ANSWER:
            return {
                "answers": [
                    {"text": r["text"], "fraction": r.get("fraction") or "0"} for r in rows
                ],
                "case_sensitive": bool(cleaned.get("case_sensitive")),
                "accent_sensitive": bool(cleaned.get("accent_sensitive")),
            }
        if self.qtype == QuestionType.NUMERIC:
            return {
                "answers": [
                    {
                        "value": r["value"],
                        "tolerance": r.get("tolerance") or "0",
                        "fraction": r.get("fraction") or "0",
                    }
                    for r in rows
                ]
            }
        return {}

    def service_kwargs(self) -> dict[str, Any]:
        """What question_create / question_update take, from the cleaned form."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            "text": data["text"],
            "data": data["data"],
            "name": data.get("name") or "",
            "default_mark": data.get("default_mark") or 0,
            "difficulty": data["difficulty"],
            "tags": split_tags(data.get("tags") or ""),
            "general_feedback": data.get("general_feedback") or "",
        }


# --- banks and categories ------------------------------------------------------------------


class BankForm(forms.Form):
    org_unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Cơ quan tổ chức"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Hãy chọn cơ quan.")},
    )
    name = forms.CharField(
        label=_("Tên ngân hàng câu hỏi"),
        max_length=200,
        error_messages={"required": _("Hãy đặt tên cho ngân hàng câu hỏi.")},
    )
    description = forms.CharField(
        label=_("Mô tả"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _any(self.fields["org_unit"]).queryset = units
        _any(self.fields["org_unit"]).label_from_instance = lambda unit: unit.name


class CategoryForm(forms.Form):
    name = forms.CharField(
        label=_("Tên chủ đề"),
        max_length=200,
        error_messages={"required": _("Hãy nhập tên chủ đề.")},
    )
    parent = forms.TypedChoiceField(
        label=_("Thuộc chủ đề"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, categories: Iterable[tuple[QuestionCategory, str]], **kwargs):
        super().__init__(*args, **kwargs)
        _any(self.fields["parent"]).choices = [
            ("", _("— Chủ đề gốc —")),
            *[(c.pk, name) for c, name in categories],
        ]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if "/" in name:
            raise forms.ValidationError(_("Tên chủ đề không được chứa dấu “/”."))
        return name


class QuestionFilterForm(forms.Form):
    ARCHIVED_CHOICES = [("", _("Đang dùng")), ("1", _("Đã ẩn")), ("tat-ca", _("Tất cả"))]

    chu_de = forms.TypedChoiceField(label=_("Chủ đề"), required=False, coerce=int, empty_value=None)
    loai = forms.ChoiceField(
        label=_("Loại câu hỏi"),
        required=False,
        choices=[("", _("Mọi loại")), *QuestionType.choices],
    )
    do_kho = forms.ChoiceField(
        label=_("Độ khó"), required=False, choices=[("", _("Mọi độ khó")), *Difficulty.choices]
    )
    q = forms.CharField(label=_("Tìm trong nội dung"), required=False, max_length=100)
    an = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=ARCHIVED_CHOICES)

    def __init__(self, *args, categories: Iterable[tuple[QuestionCategory, str]], **kwargs):
        super().__init__(*args, **kwargs)
        _any(self.fields["chu_de"]).choices = [
            ("", _("Mọi chủ đề")),
            *[(c.pk, name) for c, name in categories],
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)


class ImportForm(forms.Form):
    FORMATS = [
        ("moodlexml", _("Moodle XML (.xml)")),
        ("gift", _("GIFT (.gift, .txt)")),
        ("aiken", _("Aiken (.txt)")),
        ("xlsx", _("Excel theo mẫu (.xlsx)")),
    ]
    MAX_BYTES = 10 * 1024 * 1024  # congso.exams.formats.MAX_IMPORT_BYTES

    fmt = forms.ChoiceField(
        label=_("Định dạng tệp"),
        choices=FORMATS,
        error_messages={"required": _("Hãy chọn định dạng tệp.")},
    )
    file = forms.FileField(
        label=_("Tệp câu hỏi"),
        error_messages={
            "required": _("Hãy chọn tệp câu hỏi."),
            "empty": _("Tệp không có nội dung."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 10 MB."))
        return upload


# --- contests and exams --------------------------------------------------------------------


def _datetime_field(label, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M",
            attrs={"placeholder": DATETIME_PLACEHOLDER, "inputmode": "numeric"},
        ),
        error_messages={"invalid": DATETIME_ERROR, "required": _("Hãy nhập ngày giờ.")},
    )


class ContestForm(forms.ModelForm):
    registration_opens_at = _datetime_field(_("Mở đăng ký"), required=False)
    registration_closes_at = _datetime_field(_("Đóng đăng ký"), required=False)

    class Meta:
        model = Contest
        fields = [
            "org_unit",
            "title",
            "slug",
            "summary",
            "rules",
            "prizes",
            "registration_opens_at",
            "registration_closes_at",
            "require_citizen_id",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "rules": forms.Textarea(attrs={"rows": 8}),
            "prizes": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "slug": _("Để trống để tạo từ tên cuộc thi. Chỉ chữ không dấu, số và dấu gạch ngang."),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        _any(self.fields["org_unit"]).queryset = units
        _any(self.fields["org_unit"]).empty_label = None
        _any(self.fields["org_unit"]).label_from_instance = lambda unit: unit.name
        self.fields["slug"].required = False
        self.fields["slug"].error_messages["invalid"] = SLUG_ERROR
        self.fields["title"].error_messages["required"] = _("Hãy đặt tên cho cuộc thi.")

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Thời điểm đóng phải sau thời điểm mở."))
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in organising.CONTEST_FIELDS if k in self.fields}


RANKING_LABELS = {
    "score": _("Điểm cao hơn"),
    "prediction": _("Dự đoán sát hơn"),
    "time": _("Thời gian làm bài ngắn hơn"),
    "submitted": _("Nộp bài sớm hơn"),
}


def _bounded_int(
    label, low: int, high: int, *, initial: int, message, required=None, help_text=""
) -> forms.IntegerField:
    """A whole number between `low` and `high`, with one Vietnamese message for any bad value."""
    errors = {"invalid": message, "min_value": message, "max_value": message}
    if required is not None:
        errors["required"] = required
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        initial=initial,
        help_text=help_text,
        error_messages=errors,
    )


class ExamForm(forms.ModelForm):
    """A test or one round of a contest: every setting except the rules and the prizes."""

    opens_at = _datetime_field(_("Mở lúc"))
    closes_at = _datetime_field(_("Đóng lúc"))
    attempts_allowed = _bounded_int(
        _("Số lần làm bài"), 1, 3, initial=1,
        message=_("Số lần làm bài phải từ 1 đến 3."), required=_("Hãy nhập số lần làm bài."),
    )  # fmt: skip
    time_limit_minutes = _bounded_int(
        _("Thời gian làm bài (phút)"), 1, 600, initial=20,
        message=_("Thời gian làm bài phải từ 1 đến 600 phút."),
    )  # fmt: skip
    grace_seconds = _bounded_int(
        _("Thời gian gia hạn mạng (giây)"), 0, 600, initial=30,
        message=_("Thời gian gia hạn phải từ 0 đến 600 giây."),
        help_text=_("Câu trả lời gửi trong khoảng này sau khi hết giờ vẫn được nhận."),
    )  # fmt: skip
    prediction = forms.TypedChoiceField(
        label=_("Câu hỏi dự đoán"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Câu hỏi loại dự đoán của ngân hàng đã chọn, luôn ở cuối đề; không tính điểm."),
    )
    ranking_1 = forms.ChoiceField(label=_("Tiêu chí 1"), choices=list(RANKING_LABELS.items()))
    ranking_2 = forms.ChoiceField(label=_("Tiêu chí 2"), choices=list(RANKING_LABELS.items()))
    ranking_3 = forms.ChoiceField(label=_("Tiêu chí 3"), choices=list(RANKING_LABELS.items()))
    ranking_4 = forms.ChoiceField(label=_("Tiêu chí 4"), choices=list(RANKING_LABELS.items()))

    RANKING_FIELDS = ("ranking_1", "ranking_2", "ranking_3", "ranking_4")

    class Meta:
        model = Exam
        fields = [
            "org_unit",
            "round_number",
            "title",
            "slug",
            "description",
            "bank",
            "opens_at",
            "closes_at",
            "time_limit_minutes",
            "grace_seconds",
            "attempts_allowed",
            "grading",
            "layout",
            "shuffle_questions",
            "shuffle_choices",
            "review_show_responses",
            "review_show_correct",
            "review_correct_after_close",
            "access",
            "allowed_contacts",
            "allowed_networks",
            "supervised_start",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "grading": forms.RadioSelect,
            "layout": forms.RadioSelect,
            "access": forms.RadioSelect,
            "allowed_contacts": forms.Textarea(attrs={"rows": 4}),
            "allowed_networks": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "slug": _("Để trống để tạo từ tên bài thi. Chỉ chữ không dấu, số và dấu gạch ngang."),
        }

    def __init__(self, *args, units, banks, contest: Contest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        if contest is not None:
            del self.fields["org_unit"]
            _any(self.fields["round_number"]).min_value = 1
        else:
            del self.fields["round_number"]
            _any(self.fields["org_unit"]).queryset = units
            _any(self.fields["org_unit"]).empty_label = None
            _any(self.fields["org_unit"]).label_from_instance = lambda unit: unit.name
        _any(self.fields["bank"]).queryset = banks
        _any(self.fields["bank"]).empty_label = None
        _any(self.fields["bank"]).label_from_instance = lambda bank: (
            f"{bank.name} — {bank.org_unit.name}"
        )
        self.fields["slug"].required = False
        self.fields["slug"].error_messages["invalid"] = SLUG_ERROR
        self.fields["title"].error_messages["required"] = _("Hãy đặt tên cho bài thi.")
        self.fields["bank"].error_messages["required"] = _("Hãy chọn ngân hàng câu hỏi.")
        predictions = (
            Question.objects.filter(
                bank__in=banks, qtype=QuestionType.PREDICTION, is_archived=False
            )
            .select_related("bank", "current_version")
            .order_by("bank__name", "id")
        )
        grouped: dict[str, list[tuple[int, str]]] = {}
        for question in predictions:
            grouped.setdefault(question.bank.name, []).append((question.pk, str(question)))
        _any(self.fields["prediction"]).choices = [
            ("", _("— Không có —")),
            *grouped.items(),
        ]
        self._predictions = {q.pk: q for q in predictions}
        order = self.instance.effective_ranking_order if self.instance else []
        for name, key in zip(self.RANKING_FIELDS, order, strict=False):
            self.fields[name].initial = key
        if self.instance.pk and self.instance.prediction_question_id:
            self.fields["prediction"].initial = self.instance.prediction_question_id

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Thời điểm đóng phải sau thời điểm mở."))
        order = [cleaned.get(n) for n in self.RANKING_FIELDS]
        if all(order) and len(set(order)) != len(order):
            self.add_error(
                "ranking_1", _("Mỗi tiêu chí xếp hạng chỉ được chọn một lần (Tiêu chí 1 đến 4).")
            )
        cleaned["ranking_order"] = order
        prediction_id = cleaned.get("prediction")
        prediction = self._predictions.get(prediction_id) if prediction_id else None
        bank = cleaned.get("bank")
        if prediction is not None and bank is not None and prediction.bank_id != bank.pk:
            self.add_error("prediction", _("Câu hỏi dự đoán phải thuộc ngân hàng câu hỏi đã chọn."))
        cleaned["prediction_question"] = prediction
        for name, parse in (
            ("allowed_networks", organising.parse_networks),
            ("allowed_contacts", organising.parse_contacts),
        ):
            if name in cleaned:
                try:
                    cleaned[name] = "\n".join(parse(cleaned[name]))
                except ValidationFailed as error:
                    self.add_error(name, error.message)
        if cleaned.get("access") == Exam.Access.LIST and not cleaned.get("allowed_contacts"):
            self.add_error(
                "allowed_contacts",
                _("Bài thi chỉ dành cho thí sinh trong danh sách: hãy nhập danh sách thí sinh."),
            )
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        fields = {
            k: self.cleaned_data[k]
            for k in organising.EXAM_FIELDS
            if k in self.fields and k in self.cleaned_data
        }
        fields["ranking_order"] = self.cleaned_data["ranking_order"]
        fields["prediction_question"] = self.cleaned_data["prediction_question"]
        return fields


class RuleRowForm(RowForm):
    key_fields = ("category",)

    category = forms.TypedChoiceField(
        label=_("Chủ đề"),
        required=False,
        coerce=int,
        error_messages={"invalid_choice": _("Hãy chọn chủ đề của ngân hàng câu hỏi.")},
    )
    include_subcategories = forms.BooleanField(
        label=_("Gồm cả chủ đề con"), required=False, initial=True
    )
    difficulty = forms.ChoiceField(
        label=_("Độ khó"), required=False, choices=[("", _("Mọi độ khó")), *Difficulty.choices]
    )
    count = forms.IntegerField(
        label=_("Số câu"),
        min_value=1,
        max_value=organising.MAX_RULE_COUNT,
        error_messages={
            "required": _("Hãy nhập số câu."),
            "invalid": _("Số câu phải là số nguyên."),
            "min_value": _("Số câu phải từ 1 trở lên."),
            "max_value": _("Số câu nhiều nhất là 500."),
        },
    )
    mark = forms.DecimalField(
        label=_("Điểm mỗi câu"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        localize=True,
        initial=Decimal(1),
        error_messages={
            "required": _("Hãy nhập điểm mỗi câu."),
            "invalid": _("Điểm phải là số, ví dụ 1 hoặc 0,5."),
            "min_value": _("Điểm phải lớn hơn 0."),
            "max_value": _("Điểm không được quá 100."),
            "max_decimal_places": _("Điểm có nhiều nhất hai chữ số thập phân."),
        },
    )

    def __init__(self, *args, categories: Sequence[tuple[QuestionCategory, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {c.pk: c for c, _name in categories}
        _any(self.fields["category"]).choices = [
            ("", _("— Chọn chủ đề —")),
            *[(c.pk, name) for c, name in categories],
        ]

    def clean_category(self):
        value = self.cleaned_data.get("category")
        if value not in self.categories:
            raise forms.ValidationError(_("Hãy chọn chủ đề của ngân hàng câu hỏi."))
        return self.categories[value]


class PrizeRowForm(RowForm):
    key_fields = ("name", "count")

    name = forms.CharField(
        label=_("Tên giải"),
        required=False,
        max_length=100,
    )
    count = forms.IntegerField(
        label=_("Số giải"),
        min_value=1,
        max_value=organising.MAX_PRIZE_COUNT,
        error_messages={
            "required": _("Hãy nhập số giải."),
            "invalid": _("Số giải phải là số nguyên."),
            "min_value": _("Số giải phải từ 1 trở lên."),
            "max_value": _("Số giải quá lớn."),
        },
    )
    value = forms.CharField(label=_("Trị giá"), required=False, max_length=100)

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Hãy nhập tên giải."))
        return name


class ExtendForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Số phút cho thêm"),
        min_value=1,
        max_value=organising.MAX_EXTRA_MINUTES,
        error_messages={
            "required": _("Hãy nhập số phút cho thêm."),
            "invalid": _("Số phút cho thêm phải là số nguyên."),
            "min_value": _("Số phút cho thêm phải từ 1 đến 120."),
            "max_value": _("Số phút cho thêm phải từ 1 đến 120."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=500,
        error_messages={"required": _("Hãy ghi lý do cho thêm thời gian.")},
    )
