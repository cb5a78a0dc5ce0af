"""Warnings before a step's due time: each open step that is due within WARN_HOURS working
hours (or already late) is mailed once to its handler — or, while nobody has taken it, to everyone
who may take it. Run by `congso warn_due_dossiers` from a timer (deploy/systemd); the inbox shows
the same "sắp đến hạn" / "quá hạn" flags."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from congso.accounts.models import RoleAssignment, User
from congso.core.workdays import add_working_time
from congso.dossiers.models import Dossier, DossierStep
from congso.dossiers.permissions import own_units_condition

WARN_HOURS = 4  # working hours before the due time


def warn_threshold(now: datetime | None = None) -> datetime:
    return add_working_time(now or timezone.now(), hours=WARN_HOURS)


def _people_for(step: DossierStep) -> list[User]:
    if step.handler_id:
        return [step.handler] if step.handler.is_active and step.handler.email else []
    people = []
    for assignment in RoleAssignment.objects.filter(role=step.role).select_related(
        "user", "org_unit"
    ):
        inside = DossierStep.objects.filter(
            own_units_condition(assignment.org_unit, field="org_unit"), pk=step.pk
        ).exists()
        if inside and assignment.user.is_active and assignment.user.email:
            people.append(assignment.user)
    return people


def warn_due(now: datetime | None = None) -> int:
    """Mail the warnings that are due; returns how many mails were sent."""
    now = now or timezone.now()
    steps = (
        DossierStep.objects.filter(
            finished_at__isnull=True, warned_at__isnull=True, due_at__lte=warn_threshold(now)
        )
        .filter(dossier__status__in=[Dossier.Status.RECEIVED, Dossier.Status.IN_PROCESS])
        .select_related("dossier", "dossier__procedure", "org_unit", "handler")
        .order_by("due_at")
    )
    by_person: dict[User, list[DossierStep]] = defaultdict(list)
    for step in steps:
        for person in _people_for(step):
            by_person[person].append(step)
    sent = 0
    with translation.override("vi"):
        for person, items in by_person.items():
            context = {
                "person": person,
                "steps": items,
                "now": now,
                "inbox_url": f"{settings.BASE_URL}{reverse('dossiers:work-inbox')}",
            }
            subject = " ".join(render_to_string("dossiers/email/due_subject.txt", context).split())
            send_mail(
                subject, render_to_string("dossiers/email/due.txt", context), None, [person.email]
            )
            sent += 1
    with transaction.atomic():
        DossierStep.objects.filter(pk__in=[s.pk for s in steps]).update(warned_at=now)
    return sent
