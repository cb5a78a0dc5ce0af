"""Reads of questions: the public list and search, a published question, status look-up."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from congso.core.exceptions import NotFound
from congso.core.models import AuditLog
from congso.core.text import fold
from congso.portal.qa.models import Question


def published_questions(*, site, query: str = "") -> QuerySet[Question]:
    """A portal's published questions, newest first; `query` matches without accents."""
    qs = Question.objects.filter(site=site, status=Question.Status.PUBLISHED)
    for word in fold(query).split()[:10]:
        qs = qs.filter(search_text__contains=word)
    return qs.select_related("answered_by").order_by("-published_at", "-id")


def published_question(*, site, question_id: int) -> Question:
    question = published_questions(site=site).filter(pk=question_id).first()
    if question is None:
        raise NotFound(_("Không tìm thấy câu hỏi này hoặc câu hỏi chưa được công khai."))
    return question


def lookup_question(*, site, code: str, email: str) -> Question | None:
    """The question with this lookup code and asker email on this portal, if any."""
    code = "".join(code.split()).upper()
    email = email.strip()
    if not code or not email:
        return None
    return (
        Question.objects.filter(site=site, lookup_code=code, asker_email__iexact=email)
        .select_related("answered_by")
        .first()
    )


def admin_questions(base: QuerySet[Question], *, status: str = "", query: str = ""):
    qs = base
    if status in Question.Status.values:
        qs = qs.filter(status=status)
    for word in fold(query).split()[:10]:
        qs = qs.filter(search_text__contains=word)
    return qs.select_related("site", "assigned_to").order_by("-created_at", "-id")


def question_history(question: Question) -> QuerySet[AuditLog]:
    return AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Question), object_id=str(question.pk)
    ).order_by("created_at", "id")
