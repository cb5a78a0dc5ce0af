from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """What makes a Wagtail Site a Congso portal: its agency, look and contact block."""

    org_unit = models.OneToOneField(
        "accounts.OrgUnit",
        verbose_name=_("cơ quan chủ quản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_settings",
    )
    is_main = models.BooleanField(
        _("cổng chính của tỉnh"),
        default=False,
        help_text=_("Cổng chính tổng hợp tin bài được đánh dấu từ các cổng thành phần."),
    )
    title = models.CharField(_("tên cổng"), max_length=255, blank=True)
    tagline = models.CharField(_("dòng giới thiệu"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("biểu trưng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh băng rôn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_block = RichTextField(
        _("khối liên hệ"), blank=True, features=["bold", "italic", "link"]
    )
    footer_text = RichTextField(_("chân trang"), blank=True, features=["bold", "italic", "link"])
    editors_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("nhóm biên tập viên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewers_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("nhóm duyệt bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("banner")],
            heading=_("Nhận diện"),
        ),
        FieldPanel("contact_block"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("thiết lập cổng thông tin")
        verbose_name_plural = _("thiết lập cổng thông tin")

    def __str__(self) -> str:
        return self.title or str(self.site)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return self.org_unit.name if self.org_unit_id else self.site.site_name
