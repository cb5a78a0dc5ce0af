"""Who may do what with agencies and people."""

from __future__ import annotations

from django.utils.translation import gettext as _

from congso.accounts.models import OrgUnit, Role, RoleAssignment, User
from congso.core.exceptions import NotAuthenticated, NotPermitted


def is_administrator(user) -> bool:
    """A provincial administrator: a superuser or anyone holding the administrator role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()


def requires_two_factor(user) -> bool:
    """Administrators and anyone who can open the admin site must sign in with a TOTP code."""
    return bool(user.is_staff or user.is_superuser or is_administrator(user))


def has_role(user, role: str, org_unit: OrgUnit | None = None) -> bool:
    """True when the user holds `role` in `org_unit` or in one of its ancestors."""
    if not getattr(user, "is_authenticated", False):
        return False
    qs = RoleAssignment.objects.filter(user=user, role=role)
    if org_unit is not None:
        qs = qs.filter(org_unit__in=[org_unit, *org_unit.get_ancestors()])
    return qs.exists()


def check_administrator(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated()
    if not is_administrator(user):
        raise NotPermitted(_("Chỉ quản trị hệ thống mới được quản lý cơ quan, cán bộ và vai trò."))


def access_user(*, actor: User, user_id: int) -> User:
    """A user record: yourself, or anyone for an administrator."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated()
    if actor.pk != user_id:
        check_administrator(actor)
    from congso.core.exceptions import NotFound

    try:
        return User.objects.get(pk=user_id)
    except User.DoesNotExist:
        raise NotFound(_("Không tìm thấy người dùng.")) from None
