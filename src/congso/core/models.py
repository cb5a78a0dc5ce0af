from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class BaseModel(models.Model):
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """One row per state change: who, what, when, from where, and why."""

    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField("người thực hiện (lúc ghi)", max_length=255, blank=True)
    action = models.CharField("hành động", max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="loại đối tượng", null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("đối tượng", max_length=255, blank=True)
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    reason = models.TextField("lý do", blank=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField("trình duyệt", max_length=255, blank=True)

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_repr or '—'} {self.action} {self.object_repr}"


class CalendarDay(models.Model):
    """A province's exception to the national calendar: an extra day off or a worked day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ bổ sung"
        WORKING_DAY = "working_day", "Ngày làm việc bù"

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    name = models.CharField("tên gọi", max_length=200)
    note = models.TextField("ghi chú / căn cứ", blank=True)
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    class Meta:
        verbose_name = "ngày nghỉ / làm bù của tỉnh"
        verbose_name_plural = "lịch nghỉ và làm bù của tỉnh"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name} ({self.get_kind_display()})"
