"""Online application forms (tờ khai điện tử) defined per procedure as a small JSON schema.

The schema is a subset of JSON Schema that an administrator can write by hand in the admin:

    {"type": "object",
     "required": ["ho_ten", "ngay_sinh"],
     "properties": {
        "ho_ten":    {"type": "string", "title": "Họ và tên", "maxLength": 100},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
        "so_ban":    {"type": "integer", "title": "Số bản sao", "minimum": 1, "maximum": 10},
        "cam_doan":  {"type": "boolean", "title": "Tôi cam đoan nội dung trên là đúng sự thật"}}}

Types: string (formats: date, email, phone, textarea, citizen_id), integer, number, boolean;
keywords: title, description, enum, minLength, maxLength, minimum, maximum, pattern. The order of
"properties" is the order of the form: since PostgreSQL's jsonb does not keep the order of keys,
`Procedure.save()` records it in a top-level "order" list (`with_order`), and the admin and the
Excel export show the properties in that order without the list (`for_editing`). `dossier_form()` turns it into a Django form whose
messages are Vietnamese; values are stored as JSON (dates as yyyy-mm-dd).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from congso.accounts.validators import validate_citizen_id, validate_phone

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
TYPES = {"string", "integer", "number", "boolean"}
STRING_FORMATS = {"date", "email", "phone", "textarea", "citizen_id"}
KEYWORDS = {
    "type",
    "title",
    "description",
    "format",
    "enum",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "pattern",
}
MAX_FIELDS = 80
DEFAULT_MAX_LENGTH = {"textarea": 5000}
STRING_MAX_LENGTH = 500


class SchemaError(ValueError):
    """The schema itself is wrong; the message says where, in Vietnamese."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


ORDER = "order"


def with_order(schema: Any) -> Any:
    """The schema with its "order" list: kept when it names exactly the properties, else
    rebuilt from the order of "properties" as written (the existing order first)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return schema
    names = list(schema["properties"])
    current = schema.get(ORDER)
    if isinstance(current, list) and sorted(current) == sorted(names):
        return schema
    kept = [n for n in current if n in schema["properties"]] if isinstance(current, list) else []
    return {**schema, ORDER: kept + [n for n in names if n not in kept]}


TOP_KEYS = ("type", "title", "description", "required", "properties")
FIELD_KEYS = ("type", "title", "description", "format", "enum", "minLength", "maxLength",
              "minimum", "maximum", "pattern")  # fmt: skip


def _canonical(mapping: dict, keys: tuple[str, ...]) -> dict:
    """Keys in a fixed order (jsonb returns them in its own), unknown ones after, as they come."""
    return {
        **{key: mapping[key] for key in keys if key in mapping},
        **{key: value for key, value in mapping.items() if key not in keys},
    }


def for_editing(schema: Any) -> Any:
    """The schema as a person edits it: the same text on every database — properties in form
    order, keys in a fixed order, without the "order" list."""
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return schema
    edited = _canonical({key: value for key, value in schema.items() if key != ORDER}, TOP_KEYS)
    edited["properties"] = {
        name: _canonical(spec, FIELD_KEYS) if isinstance(spec, dict) else spec
        for name, spec, _r in fields_of(schema)
    }
    return edited


def check_schema(schema: Any) -> None:
    """Raise SchemaError unless `schema` is a form schema this module can render."""
    if schema in (None, {}):
        return
    if not isinstance(schema, dict):
        raise SchemaError(_("Biểu mẫu phải là một đối tượng JSON."))
    if schema.get("type", "object") != "object":
        raise SchemaError(_('Biểu mẫu phải có "type": "object".'))
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        raise SchemaError(_('Biểu mẫu cần có ít nhất một trường trong "properties".'))
    if len(properties) > MAX_FIELDS:
        raise SchemaError(_("Biểu mẫu có tối đa %(n)s trường.") % {"n": MAX_FIELDS})
    for name, spec in properties.items():
        where = _("Trường “%(name)s”") % {"name": name}
        if not NAME_RE.match(name):
            raise SchemaError(
                _("%(where)s: tên trường chỉ gồm chữ thường không dấu, số và dấu gạch dưới.")
                % {"where": where}
            )
        if not isinstance(spec, dict):
            raise SchemaError(_("%(where)s phải là một đối tượng JSON.") % {"where": where})
        unknown = set(spec) - KEYWORDS
        if unknown:
            raise SchemaError(
                _("%(where)s: không hỗ trợ khóa %(keys)s.")
                % {"where": where, "keys": ", ".join(sorted(unknown))}
            )
        kind = spec.get("type")
        if kind not in TYPES:
            raise SchemaError(
                _("%(where)s: kiểu phải là string, integer, number hoặc boolean.")
                % {"where": where}
            )
        if not isinstance(spec.get("title", ""), str) or not spec.get("title"):
            raise SchemaError(_('%(where)s cần có nhãn "title".') % {"where": where})
        fmt = spec.get("format")
        if fmt is not None and (kind != "string" or fmt not in STRING_FORMATS):
            raise SchemaError(
                _("%(where)s: định dạng “%(format)s” không được hỗ trợ.")
                % {"where": where, "format": fmt}
            )
        if "enum" in spec:
            enum = spec["enum"]
            if (
                not isinstance(enum, list)
                or not enum
                or not all(isinstance(v, str) and v for v in enum)
                or len(set(enum)) != len(enum)
            ):
                raise SchemaError(
                    _('%(where)s: "enum" phải là danh sách các lựa chọn khác nhau.')
                    % {"where": where}
                )
        for key in ("minLength", "maxLength"):
            if key in spec and (not isinstance(spec[key], int) or spec[key] < 0):
                raise SchemaError(
                    _('%(where)s: "%(key)s" phải là số nguyên không âm.')
                    % {"where": where, "key": key}
                )
        for key in ("minimum", "maximum"):
            if key in spec and (kind not in {"integer", "number"} or not _is_number(spec[key])):
                raise SchemaError(
                    _('%(where)s: "%(key)s" chỉ dùng cho trường số.') % {"where": where, "key": key}
                )
        if "pattern" in spec:
            try:
                re.compile(spec["pattern"])
            except (re.error, TypeError):
                raise SchemaError(
                    _('%(where)s: biểu thức "pattern" không hợp lệ.') % {"where": where}
                ) from None
    required = schema.get("required", [])
    if not isinstance(required, list) or any(name not in properties for name in required):
        raise SchemaError(_('"required" chỉ được liệt kê các trường có trong "properties".'))
    order = schema.get(ORDER)
    if order is not None and (not isinstance(order, list) or sorted(order) != sorted(properties)):
        raise SchemaError(_('"order" phải liệt kê đúng mỗi trường của "properties" một lần.'))
    unknown_top = set(schema) - {"type", "title", "description", "properties", "required", ORDER}
    if unknown_top:
        raise SchemaError(
            _("Biểu mẫu không hỗ trợ khóa %(keys)s.") % {"keys": ", ".join(sorted(unknown_top))}
        )


def fields_of(schema: dict) -> list[tuple[str, dict, bool]]:
    """(name, spec, required) in form order."""
    if not schema:
        return []
    required = set(schema.get("required", []))
    properties = schema["properties"]
    order = schema.get(ORDER)
    if not isinstance(order, list) or sorted(order) != sorted(properties):
        order = list(properties)
    return [(name, properties[name], name in required) for name in order]


def _form_field(spec: dict, required: bool) -> forms.Field:
    kind, fmt = spec["type"], spec.get("format")
    common: dict[str, Any] = {
        "label": spec["title"],
        "help_text": spec.get("description", ""),
        "required": required,
    }
    if kind == "boolean":
        field: forms.Field = forms.BooleanField(**common)
        if required:
            field.error_messages["required"] = _("Vui lòng đánh dấu ô “%(label)s”.") % {
                "label": spec["title"]
            }
        return field
    if "enum" in spec:
        choices = [("", _("— Chọn —")), *[(v, v) for v in spec["enum"]]]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "integer":
        return forms.IntegerField(
            min_value=spec.get("minimum"), max_value=spec.get("maximum"), **common
        )
    if kind == "number":
        return forms.DecimalField(
            min_value=spec.get("minimum"),
            max_value=spec.get("maximum"),
            max_digits=18,
            decimal_places=4,
            localize=True,
            **common,
        )
    if fmt == "date":
        # A text box, not <input type=date>: the browser's date box shows the phone's locale
        # (mm/dd/yyyy on many), while forms here are read and written as dd/mm/yyyy.
        common["help_text"] = common["help_text"] or _("Ngày/tháng/năm, ví dụ 20/11/2026")
        return forms.DateField(
            input_formats=["%d/%m/%Y", "%Y-%m-%d"],
            widget=forms.DateInput(
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": 10},
                format="%d/%m/%Y",
            ),
            **common,
        )
    if fmt == "email":
        return forms.EmailField(max_length=spec.get("maxLength", 254), **common)
    validators = []
    if fmt == "phone":
        validators.append(validate_phone)
    if fmt == "citizen_id":
        validators.append(validate_citizen_id)
    if "pattern" in spec:
        validators.append(
            RegexValidator(
                f"^(?:{spec['pattern']})$",
                _("“%(label)s” không đúng định dạng yêu cầu.") % {"label": spec["title"]},
            )
        )
    max_length = spec.get("maxLength", DEFAULT_MAX_LENGTH.get(fmt or "", STRING_MAX_LENGTH))
    widget = forms.Textarea(attrs={"rows": 4}) if fmt == "textarea" else forms.TextInput()
    if fmt == "phone":
        widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    if fmt == "citizen_id":
        widget = forms.TextInput(attrs={"inputmode": "numeric"})
    return forms.CharField(
        min_length=spec.get("minLength"),
        max_length=max_length,
        validators=validators,
        widget=widget,
        **common,
    )


class DossierDataForm(forms.Form):
    """The online application form of one procedure; built by `dossier_form()`."""

    prefix = "f"
    required_css_class = "required"


def dossier_form(schema: dict, data: dict | None = None, *, initial: dict | None = None):
    form = DossierDataForm(data=data, initial=initial)
    for name, spec, required in fields_of(schema):
        form.fields[name] = _form_field(spec, required)
    return form


def to_json(value: Any) -> Any:
    """A cleaned form value as stored in the dossier."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def cleaned_json(form) -> dict:
    return {name: to_json(value) for name, value in form.cleaned_data.items()}


def raw_values(schema: dict, data) -> dict:
    """What was typed, as strings, for a draft: kept even when it is not valid yet."""
    values: dict[str, Any] = {}
    for name, spec, _required in fields_of(schema):
        key = f"{DossierDataForm.prefix}-{name}"
        if spec["type"] == "boolean":
            values[name] = key in data and data.get(key) not in ("", "false", "0", "off")
        elif key in data:
            values[name] = str(data.get(key, ""))[:10000]
    return values


def as_form_data(schema: dict, values: dict) -> dict:
    """Stored values (typed JSON or raw strings) back into POST-like data for the form."""
    data: dict[str, Any] = {}
    for name, spec, _required in fields_of(schema):
        if name not in values:
            continue
        value = values[name]
        key = f"{DossierDataForm.prefix}-{name}"
        if spec["type"] == "boolean":
            if value in (True, "on", "true", "1"):
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


def _as_vietnamese_date(value: str) -> str:
    """'2026-11-20' (as stored, or as the API sends it) → '20/11/2026'; anything else as typed."""
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def as_initial(schema: dict, values: dict) -> dict:
    """Stored values as the initial values of an unbound form (no errors shown yet)."""
    initial: dict[str, Any] = {}
    for name, spec, _required in fields_of(schema):
        if name in values:
            value = values[name]
            if spec["type"] == "boolean":
                value = value in (True, "on", "true", "1")
            elif spec.get("format") == "date" and isinstance(value, str):
                value = _as_vietnamese_date(value)
            initial[name] = value
    return initial


def display_rows(schema: dict, values: dict) -> list[tuple[str, str]]:
    """(label, value as a person reads it) for the dossier page and the receipt."""
    rows = []
    for name, spec, _required in fields_of(schema):
        value = values.get(name)
        if spec["type"] == "boolean":
            text = _("Có") if value in (True, "on") else _("Không")
        elif value in (None, ""):
            text = "—"
        elif spec.get("format") == "date":
            try:
                text = date.fromisoformat(str(value)).strftime("%d/%m/%Y")
            except ValueError:
                text = str(value)
        elif spec["type"] in {"integer", "number"} and _is_number(value):
            text = number_format(value, force_grouping=True)
        else:
            text = str(value)
        rows.append((spec["title"], text))
    return rows
