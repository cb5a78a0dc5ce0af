"""Who may see and touch a dossier."""

from __future__ import annotations

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


def desk_agencies(user):
    """The agencies whose one-stop desk `user` works at (their units and the units below)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    if is_administrator(user):
        return OrgUnit.objects.all()
    paths = RoleAssignment.objects.filter(user=user, role=Role.ONE_STOP_CLERK).values_list(
        "org_unit__path", flat=True
    )
    units = OrgUnit.objects.none()
    for path in paths:
        units = units | OrgUnit.objects.filter(path__startswith=path)
    return units


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
