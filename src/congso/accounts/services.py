"""Every write on agencies and people. Each records an audit row."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congso.accounts.hooks import roles_changed
from congso.accounts.models import OrgUnit, Role, RoleAssignment, User
from congso.accounts.permissions import check_administrator
from congso.core.audit import audit_log, diff, snapshot
from congso.core.exceptions import InvalidTransition, ValidationFailed

ORG_UNIT_FIELDS = (
    "name", "short_name", "name_en", "code", "kind", "slug", "address", "phone", "email",
    "website", "effective_from", "effective_until",
)  # fmt: skip
PROFILE_FIELDS = ("full_name", "phone", "citizen_id", "organization_name", "tax_code")


def _validate(instance, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None


def _clear_site_agency_cache() -> None:
    from django.core.cache import cache

    from congso.core.context_processors import SITE_AGENCY_CACHE_KEY

    transaction.on_commit(lambda: cache.delete(SITE_AGENCY_CACHE_KEY))


@transaction.atomic
def org_unit_create(
    *, actor: Any, parent: OrgUnit | None = None, reason: str = "", **fields
) -> OrgUnit:
    """Create an agency under `parent` (or as the root). `actor` is a user or a system name."""
    if isinstance(actor, User):
        check_administrator(actor)
    unit = OrgUnit(**{k: v for k, v in fields.items() if k in ORG_UNIT_FIELDS})
    _validate(unit, exclude=["path", "depth", "numchild"])
    unit = (
        parent.add_child(instance=unit) if parent is not None else OrgUnit.add_root(instance=unit)
    )
    audit_log(
        actor=actor,
        action="org_unit.create",
        obj=unit,
        changes=snapshot(unit, ORG_UNIT_FIELDS),
        reason=reason,
    )
    _clear_site_agency_cache()
    return unit


@transaction.atomic
def org_unit_update(*, actor: Any, unit: OrgUnit, reason: str = "", **fields) -> OrgUnit:
    if isinstance(actor, User):
        check_administrator(actor)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, ORG_UNIT_FIELDS)
    for name, value in fields.items():
        if name not in ORG_UNIT_FIELDS:
            raise ValidationFailed(_("Không sửa được trường %(field)s.") % {"field": name})
        setattr(unit, name, value)
    _validate(unit, exclude=["path", "depth", "numchild"])
    changes = diff(before, snapshot(unit, ORG_UNIT_FIELDS))
    if changes:
        unit.save()
        audit_log(actor=actor, action="org_unit.update", obj=unit, changes=changes, reason=reason)
        _clear_site_agency_cache()
    return unit


@transaction.atomic
def org_unit_set_active(
    *,
    actor: Any,
    unit: OrgUnit,
    active: bool,
    reason: str,
    successor: OrgUnit | None = None,
    on: date | None = None,
) -> OrgUnit:
    """Deactivate (e.g. a district dissolved on 1 July 2025) or reactivate an agency.

    Agencies are never deleted: their dossiers, documents and audit rows keep pointing at them.
    """
    if isinstance(actor, User):
        check_administrator(actor)
    if not reason.strip():
        raise ValidationFailed(
            _("Cần ghi rõ lý do khi ngừng hoặc khôi phục hoạt động của cơ quan.")
        )
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active == active:
        raise InvalidTransition(
            _("Cơ quan này đang hoạt động.") if active else _("Cơ quan này đã ngừng hoạt động.")
        )
    before = snapshot(unit, ["is_active", "effective_until", "successor_id"])
    unit.is_active = active
    if not active:
        unit.effective_until = on or unit.effective_until
        unit.successor = successor
    else:
        unit.effective_until = None
    unit.save()
    audit_log(
        actor=actor,
        action="org_unit.deactivate" if not active else "org_unit.reactivate",
        obj=unit,
        changes=diff(before, snapshot(unit, ["is_active", "effective_until", "successor_id"])),
        reason=reason,
    )
    _clear_site_agency_cache()
    return unit


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    full_name: str,
    phone: str = "",
    citizen_id: str | None = None,
    kind: str = User.Kind.CITIZEN,
    organization_name: str = "",
    tax_code: str = "",
) -> User:
    """A citizen or business signs up."""
    if kind not in (User.Kind.CITIZEN, User.Kind.BUSINESS):
        raise ValidationFailed(_("Chỉ công dân và doanh nghiệp được tự đăng ký tài khoản."))
    user = User(
        email=email, full_name=full_name.strip(), phone=phone, citizen_id=citizen_id or None,
        kind=kind, organization_name=organization_name, tax_code=tax_code,
    )  # fmt: skip
    user.set_password(password)
    _validate(user)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationFailed(_("Thư điện tử hoặc số căn cước này đã được đăng ký.")) from None
    audit_log(
        actor=user,
        action="user.register",
        obj=user,
        changes=snapshot(user, ("email", "full_name", "kind")),
    )
    return user


@transaction.atomic
def user_update_profile(*, actor: User, user: User, reason: str = "", **fields) -> User:
    if actor.pk != user.pk:
        check_administrator(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, PROFILE_FIELDS)
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise ValidationFailed(_("Không sửa được trường %(field)s.") % {"field": name})
        setattr(user, name, value)
    if not user.citizen_id:
        user.citizen_id = None
    _validate(user, exclude=["password"])
    changes = diff(before, snapshot(user, PROFILE_FIELDS))
    if changes:
        user.save()
        audit_log(
            actor=actor, action="user.update_profile", obj=user, changes=changes, reason=reason
        )
    return user


@transaction.atomic
def official_create(
    *,
    actor: Any,
    email: str,
    full_name: str,
    password: str | None = None,
    phone: str = "",
    reason: str = "",
) -> User:
    """An administrator creates an official's account (kind=official)."""
    if isinstance(actor, User):
        check_administrator(actor)
    user = User(email=email, full_name=full_name, phone=phone, kind=User.Kind.OFFICIAL)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _validate(user, exclude=["password"])
    if User.objects.filter(email__iexact=user.email).exists():
        raise ValidationFailed(_("Thư điện tử này đã được dùng cho một tài khoản khác."))
    user.save()
    audit_log(
        actor=actor,
        action="user.create_official",
        obj=user,
        changes=snapshot(user, ("email", "full_name", "phone")),
        reason=reason,
    )
    return user


@transaction.atomic
def role_grant(
    *, actor: Any, user: User, org_unit: OrgUnit, role: str, title: str = "", reason: str = ""
) -> RoleAssignment:
    if isinstance(actor, User):
        check_administrator(actor)
    if role not in Role.values:
        raise ValidationFailed(_("Vai trò không hợp lệ."))
    if not org_unit.is_active:
        raise InvalidTransition(_("Không thể giao vai trò ở cơ quan đã ngừng hoạt động."))
    if user.kind != User.Kind.OFFICIAL:
        raise InvalidTransition(
            _(
                "Chỉ tài khoản cán bộ, công chức mới được giao vai trò; tài khoản công dân thì "
                "không."
            )
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, org_unit=org_unit, role=role,
        defaults={"title": title, "granted_by": actor if isinstance(actor, User) else None},
    )  # fmt: skip
    if not created:
        raise InvalidTransition(_("Cán bộ đã có vai trò này ở cơ quan này."))
    if role == Role.ADMINISTRATOR and not user.is_staff:
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.is_staff = True
    roles_changed(user)
    audit_log(
        actor=actor, action="role.grant", obj=user,
        changes={"role": role, "org_unit": org_unit.code, "title": title}, reason=reason,
    )  # fmt: skip
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment, reason: str = "") -> None:
    if isinstance(actor, User):
        check_administrator(actor)
        if (
            assignment.user_id == actor.pk
            and assignment.role == Role.ADMINISTRATOR
            and not actor.is_superuser
            and not RoleAssignment.objects.filter(user=actor, role=Role.ADMINISTRATOR)
            .exclude(pk=assignment.pk)
            .exists()
        ):
            raise InvalidTransition(
                _("Bạn không thể tự thu hồi quyền quản trị cuối cùng của mình.")
            )
    user = assignment.user
    changes = {"role": assignment.role, "org_unit": assignment.org_unit.code}
    assignment.delete()
    if (
        changes["role"] == Role.ADMINISTRATOR
        and not user.is_superuser
        and not RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()
    ):
        User.objects.filter(pk=user.pk).update(is_staff=False)
    roles_changed(user)
    audit_log(actor=actor, action="role.revoke", obj=user, changes=changes, reason=reason)


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, reason: str) -> User:
    check_administrator(actor)
    if not reason.strip():
        raise ValidationFailed(_("Cần ghi rõ lý do khi khoá hoặc mở khoá tài khoản."))
    if user.pk == actor.pk and not active:
        raise InvalidTransition(_("Bạn không thể tự khoá tài khoản của mình."))
    before = user.is_active
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    audit_log(actor=actor, action="user.lock" if not active else "user.unlock", obj=user,
              changes={"is_active": [before, active]}, reason=reason)  # fmt: skip
    return user
