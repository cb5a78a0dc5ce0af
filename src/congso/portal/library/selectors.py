"""Reads of the documents library: the public list with its filters, a document, choices."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from wagtail.models import Site

from congso.core.exceptions import NotFound
from congso.core.text import fold
from congso.portal.library.models import DocumentField, LegalDocument, LegalDocumentFile


def legal_document_list(
    *,
    site: Site,
    query: str = "",
    doc_type: str = "",
    field_slug: str = "",
    issuing_body: str = "",
    year: int | None = None,
    status: str = "",
) -> QuerySet[LegalDocument]:
    """A portal's documents, newest first; every word of `query` must match (accents ignored)."""
    qs = (
        LegalDocument.objects.filter(site=site)
        .with_status()
        .select_related("field")
        .prefetch_related(
            Prefetch("files", queryset=LegalDocumentFile.objects.order_by("created_at", "id"))
        )
        .order_by("-issued_on", "-id")
    )
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if field_slug:
        qs = qs.filter(field__slug=field_slug)
    if issuing_body:
        qs = qs.filter(issuing_body=issuing_body)
    if year:
        qs = qs.filter(issued_on__year=year)
    if status:
        qs = qs.filter(current_status=status)
    return qs


def legal_document_get(*, site: Site, pk: int) -> LegalDocument:
    """One document of this portal; NotFound (404) for another portal's document."""
    document = (
        LegalDocument.objects.filter(site=site, pk=pk)
        .with_status()
        .select_related("field")
        .prefetch_related(
            Prefetch("files", queryset=LegalDocumentFile.objects.order_by("created_at", "id"))
        )
        .first()
    )
    if document is None:
        raise NotFound()
    return document


def filter_choices(*, site: Site) -> dict[str, list]:
    """Values the portal's filters offer: only those that its documents use (3 queries)."""
    documents = LegalDocument.objects.filter(site=site)
    return {
        "fields": list(
            DocumentField.objects.filter(documents__site=site)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        ),
        "issuing_bodies": list(
            documents.order_by("issuing_body").values_list("issuing_body", flat=True).distinct()
        ),
        "years": [d.year for d in documents.dates("issued_on", "year", order="DESC")],
    }
