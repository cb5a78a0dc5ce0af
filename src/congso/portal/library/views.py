"""Public pages of a portal's documents library: the filtered list and a document."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from congso.core.exceptions import NotFound
from congso.portal.library import selectors
from congso.portal.library.forms import DocumentFilterForm
from congso.portal.permissions import current_site

PAGE_SIZE = 20
TEMPLATE = "portal_library/document_list.html"


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    site = current_site(request)
    form = DocumentFilterForm(request.GET or None, choices=selectors.filter_choices(site=site))
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        documents = selectors.legal_document_list(site=site).none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        documents = selectors.legal_document_list(
            site=site,
            query=data.get("q", ""),
            doc_type=data.get("doc_type", ""),
            field_slug=data.get("field", ""),
            issuing_body=data.get("issuing_body", ""),
            year=data.get("year"),
            status=data.get("status", ""),
        )
    try:
        page = Paginator(documents, PAGE_SIZE).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise NotFound(_("Trang kết quả này không tồn tại.")) from None
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filter_query": query.urlencode()}
    htmx = getattr(request, "htmx", None)
    template = TEMPLATE
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        template = f"{TEMPLATE}#results"
    return render(request, template, context, status=status)


@require_safe
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = current_site(request)
    document = selectors.legal_document_get(site=site, pk=pk)
    return render(request, "portal_library/document_detail.html", {"document": document})
