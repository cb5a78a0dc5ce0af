"""Who may organise what: an exam organiser works on the banks, exams and contests of the agency
where they hold the role and of the agencies below it; administrators see everything."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from congso.accounts.models import OrgUnit, Role, RoleAssignment
from congso.accounts.permissions import is_administrator
from congso.core.exceptions import NotAuthenticated, NotFound, NotPermitted
from congso.exams.models import Contest, Exam, Question, QuestionBank


def organiser_units(user) -> QuerySet[OrgUnit]:
    """The agencies whose exams `user` may organise (their own and those below)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    if is_administrator(user):
        return OrgUnit.objects.all()
    paths = list(
        RoleAssignment.objects.filter(user=user, role=Role.EXAM_ORGANISER).values_list(
            "org_unit__path", flat=True
        )
    )
    if not paths:
        return OrgUnit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


def is_organiser(user) -> bool:
    return organiser_units(user).exists()


def check_organiser(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated()
    if not is_organiser(user):
        raise NotPermitted(_("Trang này dành cho cán bộ tổ chức thi."))


def check_unit(user, org_unit: OrgUnit) -> None:
    if not organiser_units(user).filter(pk=org_unit.pk).exists():
        raise NotPermitted(_("Bạn không tổ chức thi cho cơ quan này."))


def banks_for(user) -> QuerySet[QuestionBank]:
    return QuestionBank.objects.filter(org_unit__in=organiser_units(user)).select_related(
        "org_unit"
    )


def exams_for(user) -> QuerySet[Exam]:
    return Exam.objects.filter(org_unit__in=organiser_units(user)).select_related(
        "org_unit", "contest", "bank"
    )


def contests_for(user) -> QuerySet[Contest]:
    return Contest.objects.filter(org_unit__in=organiser_units(user)).select_related("org_unit")


def access_bank(*, user, bank_id: int) -> QuestionBank:
    check_organiser(user)
    bank = banks_for(user).filter(pk=bank_id).first()
    if bank is None:
        raise NotFound(_("Không tìm thấy ngân hàng câu hỏi."))
    return bank


def access_question(*, user, question_id: int) -> Question:
    check_organiser(user)
    question = (
        Question.objects.filter(pk=question_id, bank__in=banks_for(user))
        .select_related("bank", "category", "current_version")
        .first()
    )
    if question is None:
        raise NotFound(_("Không tìm thấy câu hỏi."))
    return question


def access_exam(*, user, exam_id: int) -> Exam:
    check_organiser(user)
    exam = exams_for(user).filter(pk=exam_id).first()
    if exam is None:
        raise NotFound(_("Không tìm thấy bài thi."))
    return exam


def access_contest(*, user, contest_id: int) -> Contest:
    check_organiser(user)
    contest = contests_for(user).filter(pk=contest_id).first()
    if contest is None:
        raise NotFound(_("Không tìm thấy cuộc thi."))
    return contest
