"""Formats of the public catalogue: working days, money in đồng, form fields, filter links."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def days_number(value) -> str:
    """Decimal('7.0') -> '7', Decimal('0.5') -> '0,5' (the active language's decimal mark)."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return number_format(int(number))
    return number_format(number, decimal_pos=1)


@register.filter
def working_days(value) -> str:
    """'7 ngày làm việc', '0,5 ngày làm việc'."""
    if value in (None, ""):
        return ""
    return _("%(days)s ngày làm việc") % {"days": days_number(value)}


@register.filter
def dong(amount) -> str:
    """'50.000 đồng'; 'Miễn phí' for zero."""
    if amount in (None, ""):
        return ""
    amount = int(amount)
    if amount == 0:
        return _("Miễn phí")
    return _("%(amount)s đồng") % {"amount": number_format(amount, force_grouping=True)}


@register.filter
def form_field_kind(spec: dict) -> str:
    """What a person types or picks for a field of the online form (its schema `spec`)."""
    kind, fmt = spec.get("type"), spec.get("format")
    if kind == "boolean":
        return _("Đánh dấu xác nhận")
    if "enum" in spec:
        return _("Chọn một trong: %(choices)s") % {"choices": ", ".join(spec["enum"])}
    if kind in {"integer", "number"}:
        low, high = spec.get("minimum"), spec.get("maximum")
        label = _("Số nguyên") if kind == "integer" else _("Số")
        if low is not None and high is not None:
            return _("%(label)s, từ %(low)s đến %(high)s") % {
                "label": label,
                "low": number_format(low),
                "high": number_format(high),
            }
        return label
    return {
        "date": _("Ngày, dạng dd/mm/yyyy"),
        "email": _("Địa chỉ thư điện tử"),
        "phone": _("Số điện thoại"),
        "citizen_id": _("Số định danh cá nhân (số căn cước)"),
        "textarea": _("Nhập đoạn văn"),
    }.get(fmt or "", _("Nhập nội dung ngắn"))


@register.simple_tag(takes_context=True)
def catalogue_query(context, key: str, value=None) -> str:
    """The current list's query string with `key` set to `value` (None drops it).

    Any change other than the page number goes back to page 1. Returns '?...' (or '?').
    """
    request = context.get("request")
    query: QueryDict = request.GET.copy() if request is not None else QueryDict(mutable=True)
    if key != "page":
        query.pop("page", None)
    if value is None:
        query.pop(key, None)
    else:
        query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
