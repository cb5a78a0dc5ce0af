"""API keys that other systems use to call the data-exchange API."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from congso.core.models import BaseModel

KEY_PREFIX = "cs_"
PREFIX_LENGTH = 8


class ApiScope(models.TextChoices):
    """What a key may do. Public reads need no key; scopes matter for future protected data."""

    ORG_UNITS_READ = "org_units:read", "Đọc danh mục cơ quan, đơn vị"
    DVCQG_READ = "dvcqg:read", "Đọc hồ sơ để đồng bộ với Cổng Dịch vụ công quốc gia"


class ApiKey(BaseModel):
    """A key issued to a connected system. Only the SHA-256 of the key is stored."""

    name = models.CharField(
        "tên hệ thống kết nối",
        max_length=200,
        help_text="Ví dụ: Hệ thống quản lý văn bản của Sở Y tế.",
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name="cơ quan sở hữu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="Cơ quan, đơn vị quản lý hệ thống kết nối.",
    )
    prefix = models.CharField(
        "tiền tố khoá",
        max_length=PREFIX_LENGTH,
        db_index=True,
        editable=False,
        help_text="8 ký tự đầu của khoá, dùng để nhận biết khoá.",
    )
    key_hash = models.CharField("mã băm của khoá", max_length=64, unique=True, editable=False)
    scopes = models.JSONField(
        "phạm vi truy cập",
        default=list,
        blank=True,
        help_text='Danh sách quyền, ví dụ ["org_units:read"].',
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField("lần dùng gần nhất", null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(
        "hết hạn lúc", null=True, blank=True, help_text="Để trống nếu khoá không có hạn."
    )
    is_active = models.BooleanField("đang hiệu lực", default=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "khoá API"
        verbose_name_plural = "khoá API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        super().clean()
        valid = set(ApiScope.values)
        if not isinstance(self.scopes, list) or not all(
            isinstance(scope, str) and scope in valid for scope in self.scopes
        ):
            raise ValidationError(
                {"scopes": "Phạm vi truy cập phải là danh sách các quyền hợp lệ."}
            )

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.is_active and not self.is_expired

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])
