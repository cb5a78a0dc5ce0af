"""The person signed in on the site."""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.

from django.http import HttpRequest
from ninja import Router, Schema

from congso.accounts.models import User
from congso.accounts.selectors import user_roles
from congso.api.auth import session_auth
from congso.api.errors import ErrorOut

router = Router(tags=["Người dùng"])


class RoleOut(Schema):
    role: str
    role_label: str
    org_unit_code: str
    org_unit_name: str
    title: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    kind: str
    kind_label: str
    phone: str
    roles: list[RoleOut]


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    auth=session_auth,
    summary="Người dùng đang đăng nhập",
)
def me(request: HttpRequest):
    """Tài khoản đang đăng nhập trên trang (phiên làm việc) và các vai trò tại cơ quan, đơn vị.

    Khoá API đại diện cho một hệ thống, không phải một người: chỉ có khoá API thì nhận lỗi 401.
    """
    user: User = request.auth  # type: ignore[attr-defined]
    roles = [
        RoleOut(
            role=assignment.role,
            role_label=str(assignment.get_role_display()),
            org_unit_code=assignment.org_unit.code,
            org_unit_name=assignment.org_unit.name,
            title=assignment.title,
        )
        for assignment in user_roles(user)
    ]
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        kind=user.kind,
        kind_label=str(user.get_kind_display()),
        phone=user.phone,
        roles=roles,
    )
