from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """One row per state change: who, what, when, from where, and why."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("người thực hiện (lúc ghi)"), max_length=255, blank=True)
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại đối tượng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký thao tác")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_repr or '—'} {self.action} {self.object_repr}"


class CalendarDay(models.Model):
    """A province's exception to the national calendar: an extra day off or a worked day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ bổ sung")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên gọi"), max_length=200)
    note = models.TextField(_("ghi chú / căn cứ"), blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù của tỉnh")
        verbose_name_plural = _("lịch nghỉ và làm bù của tỉnh")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name} ({self.get_kind_display()})"
