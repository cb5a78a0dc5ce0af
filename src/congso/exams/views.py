"""Candidates' pages: contests and exams open to take."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from congso.exams.models import Contest, Exam


@require_GET
def exam_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    contests = Contest.objects.filter(status__in=["published", "finished"]).select_related(
        "org_unit"
    )
    exams = (
        Exam.objects.filter(status__in=["published", "closed", "ranked"], contest__isnull=True)
        .filter(Q(closes_at__gte=now - timezone.timedelta(days=30)))
        .select_related("org_unit")
    )
    return render(request, "exams/list.html", {"contests": contests, "exams": exams, "now": now})
