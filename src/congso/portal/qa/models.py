"""Questions citizens send to a portal and the agency's published answers (hỏi đáp)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congso.core.models import BaseModel
from congso.core.text import fold

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
LOOKUP_LENGTH = 8


def new_lookup_code() -> str:
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _i in range(LOOKUP_LENGTH))


class Question(BaseModel):
    class Status(models.TextChoices):
        NEW = "new", _("Mới tiếp nhận")
        ASSIGNED = "assigned", _("Đã giao trả lời")
        ANSWERED = "answered", _("Đã có trả lời, chờ duyệt")
        PUBLISHED = "published", _("Đã công khai")
        REJECTED = "rejected", _("Không tiếp nhận")

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("cổng thông tin"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    asker_name = models.CharField(_("họ và tên người hỏi"), max_length=150)
    asker_email = models.EmailField(_("thư điện tử người hỏi"))
    asker_phone = models.CharField(_("số điện thoại người hỏi"), max_length=20, blank=True)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người hỏi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung câu hỏi"))
    field = models.CharField(_("lĩnh vực"), max_length=150, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    rejected_reason = models.TextField(_("lý do không tiếp nhận"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được giao trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="qa_assigned",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("thời điểm giao"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    lookup_code = models.CharField(
        _("mã tra cứu"), max_length=16, unique=True, default=new_lookup_code, editable=False
    )
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "câu hỏi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["site", "status", "-published_at"]),
            models.Index(fields=["ip_address", "created_at"]),
            models.Index(fields=["asker_email", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(
            " ".join(filter(None, [self.title, self.body, self.field, self.answer]))
        )
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
