from __future__ import annotations

from django.db.models import QuerySet

from congso.accounts.models import OrgUnit, RoleAssignment, User
from congso.core.text import fold


def org_unit_directory(*, query: str = "", include_inactive: bool = False) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.all().order_by("path")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if query:
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
    return qs


def org_unit_list(
    *,
    kind: str | None = None,
    parent_code: str | None = None,
    query: str = "",
    active: bool | None = True,
) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.all().order_by("path")
    if active is not None:
        qs = qs.filter(is_active=active)
    if kind:
        qs = qs.filter(kind=kind)
    if parent_code:
        parent = OrgUnit.objects.filter(code=parent_code).first()
        if parent is None:
            return qs.none()
        qs = qs.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if query:
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
    return qs


def user_roles(user: User) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("org_unit")
        .order_by("org_unit__path", "role")
    )
