"""Throttling of failed sign-ins, per account and per IP address.

After CONGSO_LOGIN_FAILURE_LIMIT failures for one email (or CONGSO_LOGIN_FAILURE_LIMIT_PER_IP
from one address) within CONGSO_LOGIN_LOCKOUT_MINUTES, further attempts are refused until
the oldest counted failure leaves the window. A successful sign-in clears the account's count.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import ngettext

from congso.accounts.models import LoginAttempt
from congso.core.exceptions import RateLimited


def _normalize(email: str) -> str:
    return (email or "").strip().lower()[:254]


def _retry_at(qs, limit: int, now: datetime) -> datetime | None:
    window_start = now - settings.LOGIN_LOCKOUT
    failures = qs.filter(created_at__gte=window_start, succeeded=False)
    count = failures.count()
    if count < limit:
        return None
    # The attempt that must expire before one more is allowed.
    nth = failures.order_by("-created_at").values_list("created_at", flat=True)[limit - 1]
    return nth + settings.LOGIN_LOCKOUT


def check_allowed(*, email: str, ip_address: str | None) -> None:
    """Raise RateLimited (with the time to retry, translated) when sign-in is throttled."""
    now = timezone.now()
    email = _normalize(email)
    last_success = LoginAttempt.objects.filter(email=email, succeeded=True).aggregate(
        at=Max("created_at")
    )["at"]
    by_account = LoginAttempt.objects.filter(email=email)
    if last_success:
        by_account = by_account.filter(created_at__gt=last_success)
    retry = _retry_at(by_account, settings.LOGIN_FAILURE_LIMIT, now)
    if retry is None and ip_address:
        retry = _retry_at(
            LoginAttempt.objects.filter(ip_address=ip_address),
            settings.LOGIN_FAILURE_LIMIT_PER_IP,
            now,
        )
    if retry is not None:
        local = timezone.localtime(retry)
        minutes = max(1, int((retry - now).total_seconds() // 60) + 1)
        raise RateLimited(
            ngettext(
                "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút "
                "(từ %(time)s ngày %(date)s).",
                "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút "
                "(từ %(time)s ngày %(date)s).",
                minutes,
            )
            % {"minutes": minutes, "time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"},
            extra={"retry_at": retry.isoformat()},
        )


def record(*, email: str, ip_address: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(email=_normalize(email), ip_address=ip_address, succeeded=succeeded)


def purge_older_than(days: int = 90) -> int:
    cutoff = timezone.now() - timezone.timedelta(days=days)
    deleted, _by_model = LoginAttempt.objects.filter(Q(created_at__lt=cutoff)).delete()
    return deleted


__all__ = ["check_allowed", "purge_older_than", "record"]
