"""The leaders' weekly work calendar (lịch công tác tuần) of a portal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from congso.core.models import BaseModel
from congso.portal.calendar.weeks import VN_TZ


class CalendarEntry(BaseModel):
    """One item of a portal's weekly work calendar; `leaders` (text) is the source of truth."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("cổng thông tin"),
        on_delete=models.CASCADE,
        related_name="calendar_entries",
    )
    starts_at = models.DateTimeField(_("thời gian bắt đầu"))
    ends_at = models.DateTimeField(_("thời gian kết thúc"), null=True, blank=True)
    content = models.TextField(_("nội dung"))
    leaders = models.CharField(
        _("lãnh đạo chủ trì"),
        max_length=500,
        help_text=_("Ví dụ: Đồng chí Nguyễn Văn A - Giám đốc Sở."),
    )
    leader_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản lãnh đạo"),
        blank=True,
        related_name="calendar_entries",
        help_text=_("Không bắt buộc; nội dung hiển thị lấy theo ô “lãnh đạo chủ trì”."),
    )
    location = models.CharField(_("địa điểm"), max_length=255)
    participants = models.TextField(_("thành phần"), blank=True)
    preparing_unit = models.CharField(_("đơn vị chuẩn bị"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    is_published = models.BooleanField(_("đã công bố"), default=False)

    class Meta:
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("lịch công tác")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["site", "is_published", "starts_at"])]

    def __str__(self) -> str:
        local = self.local_starts_at
        when = f"{local:%H:%M %d/%m/%Y}" if local else ""
        text = " ".join((self.content or "").split())
        return f"{when} {text[:80]}".strip()

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(VN_TZ) if self.starts_at else None

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(VN_TZ) if self.ends_at else None

    def clean(self) -> None:
        super().clean()
        for name in ("content", "leaders", "location", "participants", "preparing_unit", "note"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, value.strip())
        errors = {}
        if not self.content:
            errors["content"] = _("Vui lòng nhập nội dung công tác.")
        if not self.leaders:
            errors["leaders"] = _("Vui lòng nhập lãnh đạo chủ trì.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
        if errors:
            raise ValidationError(errors)
