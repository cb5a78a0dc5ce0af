from __future__ import annotations

import segno
from django import template
from django.utils.translation import gettext as _

from congso.procedures.schema import fields_of

register = template.Library()


@register.filter
def supplement_items(request, dossier) -> list[dict[str, str]]:
    """A supplement request's items as the citizen reads them: what, and why."""
    if request is None:
        return []
    papers = {p.pk: p.name for p in dossier.required_papers()}
    labels = {name: spec["title"] for name, spec, _req in fields_of(dossier.procedure.form_schema)}
    rows = []
    for item in request.items:
        if item.get("paper"):
            subject = papers.get(item["paper"], _("Giấy tờ"))
        elif item.get("field"):
            subject = _("Tờ khai, mục “%(label)s”") % {"label": labels.get(item["field"], "")}
        else:
            subject = _("Hồ sơ")
        rows.append({"subject": subject, "reason": item.get("reason", ""), **item})
    return rows


@register.simple_tag
def qr_data_uri(text: str, scale: int = 4) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=scale)


@register.filter
def days(value) -> str:
    """7 → "7", 0.5 → "0,5" (Vietnamese decimal comma)."""
    if value is None:
        return ""
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value}"
    return text.replace(".", ",")
