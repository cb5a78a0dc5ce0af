"""Mail to the applicant, sent after the transaction that changed the dossier commits.

Safe to run twice for the confirmation (its time is recorded on the dossier); the other notices
follow events that happen once. The reception, supplement and refusal notices carry their printed
slip as a PDF (Mẫu 01, 02, 03); a slip that cannot be made never stops the notice itself.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from congso.dossiers.models import Dossier

logger = logging.getLogger(__name__)

KINDS = {"submitted", "received", "supplement", "refused", "result", "apology"}
# mail kind -> the slip attached to it (slips.KINDS)
SLIPS = {
    "received": "tiep-nhan",
    "supplement": "bo-sung",
    "refused": "tu-choi",
    "apology": "xin-loi",
}


def lookup_url(dossier: Dossier) -> str:
    """The public lookup, pre-filled: what the receipt's QR code opens."""
    from urllib.parse import urlencode

    query = urlencode({"ma": dossier.code or "", "bi-mat": dossier.lookup_secret})
    return f"{settings.BASE_URL}{reverse('dossiers:lookup')}?{query}"


def _slip(dossier: Dossier, kind: str):
    """The slip that goes with the notice, or None (none for this kind, or it failed: logged)."""
    from congso.core.exceptions import ApplicationError
    from congso.dossiers import slips

    if kind not in SLIPS:
        return None
    try:
        return slips.slip(dossier, SLIPS[kind])
    except ApplicationError:  # the dossier moved on since: no such slip
        return None
    except Exception:
        logger.exception("Could not make the %s slip for dossier %s", kind, dossier.pk)
        return None


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
    message = EmailMessage(subject, body, None, [dossier.email])
    attachment = _slip(dossier, kind)
    if attachment is not None:
        message.attach(attachment.filename, attachment.content, "application/pdf")
    try:
        message.send()
    except OSError:
        logger.exception("Could not send %s mail for dossier %s", kind, dossier_id)
        raise
    if kind == "submitted":
        Dossier.objects.filter(pk=dossier.pk).update(confirmation_sent_at=timezone.now())
    return True
