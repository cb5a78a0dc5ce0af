from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def organiser(request) -> dict:
    """`is_exam_organiser`: asked only when a signed-in person's menu is drawn (one query then)."""

    def check() -> bool:
        from congso.accounts.models import Role, RoleAssignment

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        return RoleAssignment.objects.filter(
            user=user, role__in=[Role.EXAM_ORGANISER, Role.ADMINISTRATOR]
        ).exists()

    return {"is_exam_organiser": SimpleLazyObject(check)}
