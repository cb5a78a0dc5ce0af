"""Sending candidates their one-time codes: by mail, or by SMS through the province's gateway.

The SMS gateway is an HTTP endpoint (CONGSO_SMS_GATEWAY_URL) taking JSON {"to", "message"}
with an optional bearer token (CONGSO_SMS_GATEWAY_TOKEN). Without one, the code is written to the
log (development), and in DEBUG the registration page shows it.
"""

from __future__ import annotations

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


def _message(code: str) -> str:
    return _(
        "Mã xác thực dự thi trực tuyến của bạn là %(code)s (có hiệu lực 10 phút). "
        "Không chia sẻ mã này với người khác."
    ) % {"code": code}


def sms_configured() -> bool:
    return bool(settings.SMS_GATEWAY_URL)


@task()
def send_code(*, contact_kind: str, contact: str, code: str) -> None:
    text = _message(code)
    if contact_kind == "email":
        send_mail(
            subject=_("Mã xác thực dự thi: %(code)s") % {"code": code},
            message=text,
            from_email=None,
            recipient_list=[contact],
        )
        return
    if not sms_configured():
        logger.warning("No SMS gateway configured; one-time code for %s: %s", contact, code)
        return
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration
        settings.SMS_GATEWAY_URL,
        data=json.dumps({"to": contact, "message": text}).encode(),
        headers={"Content-Type": "application/json"}
        | (
            {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"}
            if settings.SMS_GATEWAY_TOKEN
            else {}
        ),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
        if response.status >= 300:
            raise RuntimeError(f"SMS gateway answered {response.status}")
