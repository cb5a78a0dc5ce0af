from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """12:05 → "12 phút 05 giây"; under a minute → "45 giây"."""
    if seconds in (None, ""):
        return ""
    seconds = int(seconds)
    minutes, rest = divmod(seconds, 60)
    if minutes:
        return _("%(m)s phút %(s)02d giây") % {"m": minutes, "s": rest}
    return _("%(s)s giây") % {"s": rest}
