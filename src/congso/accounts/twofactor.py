"""TOTP two-factor sign-in (django-otp) with enrolment by QR code."""

from __future__ import annotations

import segno
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from congso.accounts.models import User
from congso.core.audit import audit_log
from congso.core.exceptions import ValidationFailed

DEVICE_NAME = "Ứng dụng xác thực"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled; created on first call, reused on reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def verify(device: TOTPDevice, token: str) -> bool:
    token = "".join(ch for ch in (token or "") if ch.isdigit())
    if len(token) != 6:
        return False
    return bool(device.verify_token(token))


def enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    if not verify(device, token):
        raise ValidationFailed(
            _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 số đang hiện.")
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
    audit_log(actor=user, action="user.2fa_enrol", obj=user, changes={"device": device.name})
    return device


def reset(*, actor: User, user: User, reason: str) -> None:
    """An administrator removes a user's devices (lost phone); the user enrols again."""
    from congso.accounts.permissions import check_administrator

    check_administrator(actor)
    if not reason.strip():
        raise ValidationFailed(_("Cần ghi rõ lý do khi đặt lại xác thực hai lớp."))
    count, _by_model = TOTPDevice.objects.filter(user=user).delete()
    audit_log(
        actor=actor,
        action="user.2fa_reset",
        obj=user,
        changes={"devices_removed": count},
        reason=reason,
    )
