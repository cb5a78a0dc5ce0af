"""Reads of dossiers for the citizen pages, the public lookup and the desk queue."""

from __future__ import annotations

import hmac

from django.db.models import Prefetch, QuerySet

from congso.dossiers import permissions
from congso.dossiers.models import Dossier, DossierEvent, DossierFile


def my_dossiers(*, user) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(applicant=user)
        .select_related("procedure", "agency")
        .order_by("-updated_at", "-id")
    )


def drafts_for(*, user, procedure) -> QuerySet[Dossier]:
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return Dossier.objects.filter(
        applicant=user, procedure=procedure, status=Dossier.Status.DRAFT
    ).order_by("-updated_at")


def dossier_page(dossier: Dossier) -> Dossier:
    """The dossier with what its page shows, in a fixed number of queries."""
    return (
        Dossier.objects.select_related("procedure", "procedure__field", "case", "agency")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=DossierFile.objects.filter(removed_at__isnull=True).select_related(
                    "paper"
                ),
            ),
            Prefetch("events", queryset=DossierEvent.objects.order_by("at", "id")),
            "supplements",
        )
        .get(pk=dossier.pk)
    )


def lookup(*, code: str, secret: str) -> Dossier | None:
    """The dossier whose code and secret both match; None otherwise (same answer either way)."""
    dossier = (
        Dossier.objects.select_related("procedure", "agency")
        .prefetch_related(Prefetch("events", queryset=DossierEvent.objects.order_by("at", "id")))
        .filter(code=code)
        .first()
    )
    if dossier is None or not hmac.compare_digest(dossier.lookup_secret, secret):
        return None
    return dossier


def desk_queue(*, user) -> QuerySet[Dossier]:
    """Online submissions waiting at the desks where `user` works, oldest first."""
    return (
        Dossier.objects.filter(
            agency__in=permissions.desk_agencies(user), status=Dossier.Status.SUBMITTED
        )
        .select_related("procedure", "agency")
        .order_by("submitted_at", "id")
    )


def log_book(*, user, start, end) -> QuerySet[Dossier]:
    """Dossiers received at the user's desks between two local dates (inclusive)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return (
        Dossier.objects.filter(
            agency__in=permissions.desk_agencies(user),
            received_at__gte=since,
            received_at__lt=until,
        )
        .select_related("procedure", "agency")
        .order_by("received_at", "id")
    )
