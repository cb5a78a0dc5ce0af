"""Mail to the asker, sent after the transaction that changed the question commits.

Safe to run twice: each kind of mail is sent once and its time recorded on the question.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from congso.portal.qa.models import Question

logger = logging.getLogger(__name__)

MAILS = {
    # kind: (template stem, field recording that it was sent)
    "received": ("portal_qa/email/received", "confirmation_sent_at"),
    "published": ("portal_qa/email/published", "published_notice_sent_at"),
}


def portal_title(site) -> str:
    from congso.portal.models import PortalSettings

    row = PortalSettings.objects.select_related("org_unit").filter(site=site).first()
    return row.display_title if row else site.site_name


def absolute_url(site, path: str) -> str:
    return site.root_url.rstrip("/") + path


@task(queue_name="mail")
def send_question_mail(*, question_id: int, kind: str) -> bool:
    stem, sent_field = MAILS[kind]
    question = Question.objects.select_related("site").filter(pk=question_id).first()
    if question is None or getattr(question, sent_field) is not None:
        return False
    site = question.site
    language = question.language if question.language in dict(settings.LANGUAGES) else "vi"
    with translation.override(language):
        context = {
            "question": question,
            "portal_title": portal_title(site),
            "detail_url": absolute_url(site, reverse("portal_qa:detail", args=[question.pk])),
            "lookup_url": absolute_url(site, reverse("portal_qa:lookup")),
        }
        subject = " ".join(render_to_string(f"{stem}_subject.txt", context).split())
        body = render_to_string(f"{stem}.txt", context)
    try:
        send_mail(subject, body, None, [question.asker_email])
    except OSError:
        logger.exception("Could not send %s mail for question %s", kind, question_id)
        raise
    Question.objects.filter(pk=question.pk).update(**{sent_field: timezone.now()})
    return True
