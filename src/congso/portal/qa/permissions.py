"""Who may see and act on a portal's questions.

Editors and reviewers of a portal (roles held at exactly the portal's agency, or administrators)
manage its questions; the official a question is assigned to may see and answer it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from congso.accounts.models import RoleAssignment, User
from congso.core.exceptions import NotFound, NotPermitted
from congso.portal.models import PortalSettings
from congso.portal.permissions import can_edit_site, portal_sites
from congso.portal.qa.models import Question


def is_system(actor) -> bool:
    """A system name (e.g. "congso demo") acting from a command, not a person."""
    return isinstance(actor, str)


def can_manage(user, question: Question) -> bool:
    return is_system(user) or can_edit_site(user, question.site)


def can_answer(user, question: Question) -> bool:
    if is_system(user):
        return True
    if getattr(user, "is_authenticated", False) and question.assigned_to_id == user.pk:
        return bool(user.is_active)
    return can_manage(user, question)


def check_manage(user, question: Question) -> None:
    if not can_manage(user, question):
        raise NotPermitted()


def check_answer(user, question: Question) -> None:
    if not can_answer(user, question):
        raise NotPermitted()


def visible_questions(user) -> QuerySet[Question]:
    """Questions of the user's portals and those assigned to the user (for the CMS)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Question.objects.none()
    return Question.objects.filter(Q(site__in=portal_sites(user)) | Q(assigned_to=user)).distinct()


def access_question(*, user, question_id: int) -> Question:
    """The question if the user may see it in the CMS; NotFound otherwise."""
    question = visible_questions(user).select_related("site").filter(pk=question_id).first()
    if question is None:
        raise NotFound()
    return question


def eligible_officials(site) -> QuerySet[User]:
    """Officials who may be assigned a question: a role at exactly the portal's agency."""
    unit_id = PortalSettings.objects.filter(site=site).values_list("org_unit_id", flat=True).first()
    if unit_id is None:
        return User.objects.none()
    users = RoleAssignment.objects.filter(org_unit_id=unit_id).values("user")
    return User.objects.filter(pk__in=users, is_active=True).order_by("full_name", "email")
