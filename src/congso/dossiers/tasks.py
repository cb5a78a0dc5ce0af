"""Mail to the applicant, sent after the transaction that changed the dossier commits.

Safe to run twice for the confirmation (its time is recorded on the dossier); the other notices
follow events that happen once.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from congso.dossiers.models import Dossier

logger = logging.getLogger(__name__)

KINDS = {"submitted", "received", "supplement", "refused", "result"}


def lookup_url(dossier: Dossier) -> str:
    """The public lookup, pre-filled: what the receipt's QR code opens."""
    from urllib.parse import urlencode

    query = urlencode({"ma": dossier.code or "", "bi-mat": dossier.lookup_secret})
    return f"{settings.BASE_URL}{reverse('dossiers:lookup')}?{query}"


@task(queue_name="mail")
def send_dossier_mail(*, dossier_id: int, kind: str) -> bool:
    if kind not in KINDS:
        raise ValueError(kind)
    dossier = (
        Dossier.objects.select_related("procedure", "agency", "case").filter(pk=dossier_id).first()
    )
    if dossier is None or not dossier.email:
        return False
    if kind == "submitted" and dossier.confirmation_sent_at is not None:
        return False
    with translation.override("vi"):
        context = {
            "dossier": dossier,
            "detail_url": f"{settings.BASE_URL}{reverse('dossiers:detail', args=[dossier.pk])}",
            "lookup_url": lookup_url(dossier),
            "supplement": dossier.supplements.first() if kind == "supplement" else None,
        }
        stem = f"dossiers/email/{kind}"
        subject = " ".join(render_to_string(f"{stem}_subject.txt", context).split())
        body = render_to_string(f"{stem}.txt", context)
    try:
        send_mail(subject, body, None, [dossier.email])
    except OSError:
        logger.exception("Could not send %s mail for dossier %s", kind, dossier_id)
        raise
    if kind == "submitted":
        Dossier.objects.filter(pk=dossier.pk).update(confirmation_sent_at=timezone.now())
    return True
