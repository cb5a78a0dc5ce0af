"""Every write on questions. Each change is one transaction with one audit row.

Workflow (TRANSITIONS): new → assigned → answered → published, or rejected (with a reason) from
any state before publication. An editor may answer without assigning and may reassign.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congso.core.audit import audit_log
from congso.core.exceptions import InvalidTransition, RateLimited, ValidationFailed
from congso.portal.qa import permissions
from congso.portal.qa.models import Question, new_lookup_code

S = Question.Status

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({S.NEW, S.ASSIGNED}), S.ASSIGNED),
    "answer": (frozenset({S.NEW, S.ASSIGNED, S.ANSWERED}), S.ANSWERED),
    "publish": (frozenset({S.ANSWERED}), S.PUBLISHED),
    "reject": (frozenset({S.NEW, S.ASSIGNED, S.ANSWERED}), S.REJECTED),
}

# Submission limits: (how many, within how long)
LIMIT_PER_IP = (5, timedelta(hours=1))
LIMIT_PER_EMAIL = (3, timedelta(days=1))


def _check_transition(question: Question, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if question.status not in sources:
        raise InvalidTransition(
            _("Không thể %(action)s câu hỏi đang ở trạng thái “%(status)s”.")
            % {"action": action_label(action), "status": question.get_status_display()},
            extra={"status": question.status, "action": action},
        )
    return target


def action_label(action: str) -> str:
    return {
        "assign": _("giao trả lời"),
        "answer": _("trả lời"),
        "publish": _("công khai"),
        "reject": _("từ chối"),
    }[action]


def _validate(question: Question) -> None:
    try:
        question.full_clean(exclude=["site", "asker", "assigned_to", "assigned_by", "answered_by"])
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None


def _retry_at(qs, limit: int, window: timedelta, now: datetime) -> datetime | None:
    recent = qs.filter(created_at__gte=now - window)
    if recent.count() < limit:
        return None
    nth = recent.order_by("-created_at").values_list("created_at", flat=True)[limit - 1]
    return nth + window


def check_submit_allowed(*, email: str, ip_address: str | None) -> None:
    """RateLimited (with when to retry) after too many questions from one IP or one email."""
    now = timezone.now()
    retry = None
    if ip_address:
        retry = _retry_at(Question.objects.filter(ip_address=ip_address), *LIMIT_PER_IP, now)
    if retry is None:
        retry = _retry_at(
            Question.objects.filter(asker_email__iexact=email.strip()), *LIMIT_PER_EMAIL, now
        )
    if retry is None:
        return
    local = timezone.localtime(retry)
    minutes = max(1, int((retry - now).total_seconds() // 60) + 1)
    raise RateLimited(
        ngettext(
            "Bạn đã gửi quá nhiều câu hỏi. Vui lòng thử lại sau %(minutes)s phút "
            "(từ %(time)s ngày %(date)s).",
            "Bạn đã gửi quá nhiều câu hỏi. Vui lòng thử lại sau %(minutes)s phút "
            "(từ %(time)s ngày %(date)s).",
            minutes,
        )
        % {"minutes": minutes, "time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"},
        extra={"retry_at": retry.isoformat(), "retry_after": int((retry - now).total_seconds())},
    )


def _enqueue_mail(question_id: int, kind: str) -> None:
    from congso.portal.qa.tasks import send_question_mail

    transaction.on_commit(lambda: send_question_mail.enqueue(question_id=question_id, kind=kind))


@transaction.atomic
def question_submit(
    *,
    site,
    asker_name: str,
    asker_email: str,
    title: str,
    body: str,
    asker_phone: str = "",
    field: str = "",
    asker=None,
    ip_address: str | None = None,
) -> Question:
    """Record a citizen's question and mail them a confirmation with the lookup code."""
    asker_email = asker_email.strip().lower()
    check_submit_allowed(email=asker_email, ip_address=ip_address)
    question = Question(
        site=site,
        asker_name=asker_name.strip(),
        asker_email=asker_email,
        asker_phone=asker_phone.strip(),
        asker=asker if getattr(asker, "is_authenticated", False) else None,
        title=title.strip(),
        body=body.strip(),
        field=field.strip(),
        language=translation.get_language() or "vi",
        ip_address=ip_address,
    )
    _validate(question)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                question.save()
            break
        except IntegrityError:
            question.pk = None
            question.lookup_code = new_lookup_code()
    else:  # pragma: no cover - 32^8 codes
        raise ValidationFailed()
    audit_log(
        actor=question.asker or f"{question.asker_name} <{question.asker_email}>",
        action="question.submit",
        obj=question,
        changes={"site": site.pk, "title": question.title, "status": question.status},
    )
    _enqueue_mail(question.pk, "received")
    return question


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("site").get(pk=question.pk)


def _actor_user(actor: Any):
    return None if permissions.is_system(actor) else actor


@transaction.atomic
def question_assign(*, actor: Any, question: Question, official, note: str = "") -> Question:
    """Give the question to an official of the portal's agency to answer."""
    question = _locked(question)
    permissions.check_manage(actor, question)
    target = _check_transition(question, "assign")
    if not permissions.eligible_officials(question.site).filter(pk=official.pk).exists():
        raise ValidationFailed(
            _("Chỉ giao được cho cán bộ của cơ quan quản lý cổng thông tin này.")
        )
    before = {"status": question.status, "assigned_to": question.assigned_to_id}
    question.status = target
    question.assigned_to = official
    question.assigned_by = _actor_user(actor)
    question.assigned_at = timezone.now()
    question.save()
    audit_log(
        actor=actor,
        action="question.assign",
        obj=question,
        changes={
            "status": [before["status"], target],
            "assigned_to": [before["assigned_to"], official.pk],
        },
        reason=note.strip(),
    )
    return question


@transaction.atomic
def question_answer(*, actor: Any, question: Question, answer: str) -> Question:
    """Write (or rewrite, before publication) the answer; it waits for an editor to publish."""
    question = _locked(question)
    permissions.check_answer(actor, question)
    target = _check_transition(question, "answer")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed(_("Vui lòng nhập nội dung trả lời."))
    before = question.status
    question.status = target
    question.answer = answer
    question.answered_by = _actor_user(actor)
    question.answered_at = timezone.now()
    _validate(question)
    question.save()
    audit_log(
        actor=actor,
        action="question.answer",
        obj=question,
        changes={"status": [before, target], "answer": answer},
    )
    return question


@transaction.atomic
def question_publish(*, actor: Any, question: Question) -> Question:
    """Make the answer public on the portal and tell the asker where to read it."""
    question = _locked(question)
    permissions.check_manage(actor, question)
    target = _check_transition(question, "publish")
    before = question.status
    question.status = target
    question.published_at = timezone.now()
    question.save()
    audit_log(
        actor=actor, action="question.publish", obj=question, changes={"status": [before, target]}
    )
    _enqueue_mail(question.pk, "published")
    return question


@transaction.atomic
def question_reject(*, actor: Any, question: Question, reason: str) -> Question:
    """Decline a question (spam, off-topic, not this agency's business) with a reason."""
    question = _locked(question)
    permissions.check_manage(actor, question)
    target = _check_transition(question, "reject")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Vui lòng nêu lý do không tiếp nhận câu hỏi."))
    before = question.status
    question.status = target
    question.rejected_reason = reason
    question.save()
    audit_log(
        actor=actor,
        action="question.reject",
        obj=question,
        changes={"status": [before, target]},
        reason=reason,
    )
    return question
