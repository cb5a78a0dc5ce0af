"""Who may see and touch a dossier."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from congso.accounts.models import OrgUnit, Role, RoleAssignment
from congso.accounts.permissions import is_administrator
from congso.core.exceptions import NotAuthenticated, NotFound
from congso.dossiers.models import Dossier


def is_applicant(user, dossier: Dossier) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and dossier.applicant_id == user.pk
    )


# Units that are part of the agency above them (its divisions), not agencies of their own.
SUB_UNIT_KINDS = frozenset({OrgUnit.Kind.DIVISION, OrgUnit.Kind.OTHER})


def own_units_condition(unit: OrgUnit, *, field: str = "") -> Q:
    """The unit and the divisions under it — not the agencies below it (a district's communes,
    a province's departments have their own desks and staff)."""
    prefix = f"{field}__" if field else ""
    governing_below = OrgUnit.objects.filter(
        path__startswith=unit.path, depth__gt=unit.depth
    ).exclude(kind__in=SUB_UNIT_KINDS)
    condition = Q(**{f"{prefix}path__startswith": unit.path})
    for path in governing_below.values_list("path", flat=True):
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


def desk_agencies(user):
    """The agencies whose one-stop desk `user` works at (their units and the units below)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    if is_administrator(user):
        return OrgUnit.objects.all()
    assignments = RoleAssignment.objects.filter(user=user, role=Role.ONE_STOP_CLERK).select_related(
        "org_unit"
    )
    condition = Q(pk__in=[])
    for assignment in assignments:
        unit = assignment.org_unit
        condition |= own_units_condition(unit)
        if unit.kind == OrgUnit.Kind.CENTER and unit.depth > 1:
            # A Public Administration Service Centre receives for the departments of its level.
            parent_path = unit.path[: -OrgUnit.steplen]
            condition |= Q(path__startswith=parent_path, kind=OrgUnit.Kind.DEPARTMENT)
    return OrgUnit.objects.filter(condition)


def can_work_at_desk(user, agency: OrgUnit) -> bool:
    return desk_agencies(user).filter(pk=agency.pk).exists()


def access_own_dossier(*, user, dossier_id: int) -> Dossier:
    """The applicant's own dossier; anyone else gets "not found" (no probing of ids)."""
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(_("Vui lòng đăng nhập để xem hồ sơ của bạn."))
    dossier = (
        Dossier.objects.select_related("procedure", "procedure__field", "case", "agency")
        .filter(pk=dossier_id, applicant=user)
        .first()
    )
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier
