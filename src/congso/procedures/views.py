"""Public catalogue of administrative procedures: the searchable list and a procedure's page.

Query parameters of the list (Vietnamese, as they appear in shared links): `q` (name or code,
accents optional), `co-quan` (agency code; the agency and its units), `linh-vuc` (field slug),
`cap` (level), `muc-do` (online level), `page`. On a component portal an absent `co-quan`
means the portal's agency; `co-quan=` (empty) means the whole province.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.models import Site

from congso.core.exceptions import NotFound
from congso.procedures import selectors
from congso.procedures.models import Procedure
from congso.procedures.schema import SchemaError, check_schema, fields_of

PAGE_SIZE = 20
# A field's list is shown whole, so that any procedure is three clicks from a portal's home:
# "Thủ tục hành chính" → a field in "Tìm theo lĩnh vực" → the procedure.
FIELD_PAGE_SIZE = 500
AGENCY = "co-quan"
GROUP_LABELS = {
    selectors.DEPARTMENTS: gettext_lazy("Sở, ban, ngành"),
    selectors.DISTRICTS: gettext_lazy("Huyện, thị xã, thành phố"),
    selectors.COMMUNES: gettext_lazy("Xã, phường, thị trấn"),
}
PAGE_SLUG = re.compile(r"^[\w-]+$")


class ProcedureFilterForm(forms.Form):
    """GET filters of the list; field names are the URL's parameter names."""

    def __init__(self, *args, agencies, fields, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"] = forms.CharField(
            label=_("Tên hoặc mã thủ tục"), required=False, max_length=100,
            help_text=_("Gõ có dấu hoặc không dấu, ví dụ: dang ky khai sinh, 1.001193."),
            widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        )  # fmt: skip
        self.fields[AGENCY] = forms.ChoiceField(
            label=_("Cơ quan thực hiện"),
            required=False,
            choices=[("", _("Tất cả cơ quan trong tỉnh")), *grouped_agency_choices(agencies)],
        )
        self.fields["linh-vuc"] = forms.ChoiceField(
            label=_("Lĩnh vực"),
            required=False,
            choices=[("", _("Tất cả lĩnh vực")), *[(f.slug, f.name) for f in fields]],
        )
        self.fields["cap"] = forms.ChoiceField(
            label=_("Cấp thực hiện"),
            required=False,
            choices=[("", _("Tất cả các cấp")), *Procedure.Level.choices],
        )
        self.fields["muc-do"] = forms.ChoiceField(
            label=_("Mức độ dịch vụ công trực tuyến"),
            required=False,
            choices=[("", _("Tất cả")), *Procedure.OnlineLevel.choices],
        )


def grouped_agency_choices(agencies) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for agency in agencies:
        groups.setdefault(agency.group, []).append((agency.code, agency.label))
    return [(str(GROUP_LABELS[key]), groups[key]) for key in GROUP_LABELS if key in groups]


def browse_groups(agencies) -> list[dict]:
    groups = []
    for key, label in GROUP_LABELS.items():
        members = [agency for agency in agencies if agency.group == key]
        if members:
            groups.append({"key": key, "label": label, "agencies": members})
    return groups


@require_safe
def procedure_list(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    home = selectors.portal_agency(site=site)
    agencies = selectors.agency_options(include=home)
    data = request.GET.copy()
    if home is not None and AGENCY not in data:
        data[AGENCY] = home.code
    chosen = next((a for a in agencies if a.code == data.get(AGENCY)), None)
    fields = selectors.field_options(agency_path=chosen.path if chosen else "")
    form = ProcedureFilterForm(data, agencies=agencies, fields=fields)
    status = 200
    if form.is_valid():
        procedures = selectors.procedure_list(
            query=form.cleaned_data["q"],
            agency_path=chosen.path if chosen else "",
            field_slug=form.cleaned_data["linh-vuc"],
            level=form.cleaned_data["cap"],
            online_level=form.cleaned_data["muc-do"],
        )
    else:
        status = 400
        procedures = Procedure.objects.none()
    try:
        size = FIELD_PAGE_SIZE if form.is_valid() and form.cleaned_data["linh-vuc"] else PAGE_SIZE
        page = Paginator(procedures, size).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise NotFound(_("Trang kết quả này không tồn tại.")) from None

    in_home_scope = bool(home and chosen and chosen.code == home.code)
    shown_agencies = agencies
    if home is not None and in_home_scope:
        shown_agencies = [a for a in agencies if a.path.startswith(home.path)]
    context = {
        "form": form,
        "page": page,
        "home_agency": home,
        "chosen_agency": chosen,
        "in_home_scope": in_home_scope,
        "field_browse": [f for f in fields if f.count],
        "agency_groups": browse_groups(shown_agencies),
        "scope_query": urlencode({AGENCY: data[AGENCY]}) if AGENCY in request.GET else "",
        "is_filtered": any(request.GET.get(k) for k in ("q", "linh-vuc", "cap", "muc-do"))
        or (AGENCY in request.GET and not in_home_scope),
        "section": selectors.portal_section(site=site, mount=reverse("procedures:list")),
    }
    return render(request, "procedures/procedure_list.html", context, status=status)


@require_safe
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    site = Site.find_for_request(request)
    home = selectors.portal_agency(site=site)
    try:
        detail = selectors.procedure_get(code=code, agency_path=home.path if home else "")
    except NotFound:
        if site is not None and PAGE_SLUG.match(code):
            # The standard section's slug is this catalogue's path, which hides the section's
            # child pages: let Wagtail serve /thu-tuc-hanh-chinh/<slug>/ when it is a page.
            return _serve_page(request)
        raise
    context = {
        "detail": detail,
        "procedure": detail.procedure,
        "form_fields": _form_fields(detail.procedure.form_schema),
        "home_agency": home,
    }
    return render(request, "procedures/procedure_detail.html", context)


def _serve_page(request: HttpRequest) -> HttpResponse:
    from wagtail.views import serve

    try:
        return serve(request, request.path.lstrip("/"))
    except Http404:
        raise NotFound(selectors.PROCEDURE_NOT_FOUND) from None


def _form_fields(schema) -> list[tuple[str, dict, bool]]:
    try:
        check_schema(schema)
        return fields_of(schema or {})
    except (SchemaError, TypeError, KeyError, AttributeError):
        return []
