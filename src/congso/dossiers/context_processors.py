from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def desk(request) -> dict:
    """`is_desk_clerk`: asked only when a signed-in person's menu is drawn (one query then)."""

    def check() -> bool:
        from congso.dossiers.permissions import desk_agencies

        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and desk_agencies(user).exists())

    def handles() -> bool:
        from congso.accounts.models import Role, RoleAssignment

        user = getattr(request, "user", None)
        return bool(
            user is not None
            and user.is_authenticated
            and RoleAssignment.objects.filter(
                user=user, role__in=[Role.HANDLER, Role.LEADER]
            ).exists()
        )

    def sees_stats() -> bool:
        from congso.accounts.models import Role, RoleAssignment

        user = getattr(request, "user", None)
        return bool(
            user is not None
            and user.is_authenticated
            and RoleAssignment.objects.filter(
                user=user, role__in=[Role.LEADER, Role.ONE_STOP_CLERK, Role.ADMINISTRATOR]
            ).exists()
        )

    return {
        "is_desk_clerk": SimpleLazyObject(check),
        "is_handler": SimpleLazyObject(handles),
        "sees_stats": SimpleLazyObject(sees_stats),
    }
