from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node

from congso.accounts.validators import validate_citizen_id, validate_org_code, validate_phone
from congso.core.models import BaseModel
from congso.core.text import fold


class OrgUnit(MP_Node, BaseModel):
    """An agency: the province People's Committee, a department, a district, a commune, ...

    The tree holds both the three-level structure (province → district → commune) used
    before 1 July 2025 and the two-level one (province → commune) in force since; units
    are deactivated, never deleted, so past dossiers keep their agency.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("UBND tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        CITY = "city", _("Thành phố thuộc tỉnh")
        DISTRICT = "district", _("Huyện")
        TOWN = "town", _("Thị xã")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        TOWNSHIP = "township", _("Thị trấn")
        CENTER = "center", _("Trung tâm phục vụ hành chính công")
        DIVISION = "division", _("Phòng, ban chuyên môn")
        OTHER = "other", _("Đơn vị khác")

    LOCAL_GOVERNMENT_KINDS = frozenset(
        {"province", "city", "district", "town", "commune", "ward", "township"}
    )

    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=20,
        unique=True,
        validators=[validate_org_code],
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg, ví dụ 000.00.31.H56."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("tên miền con"), max_length=60, blank=True, help_text=_("Ví dụ: sotttt")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(
        _("điện thoại"), max_length=30, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    effective_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    effective_until = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Đơn vị tiếp nhận chức năng khi sáp nhập, giải thể."),
    )
    search_text = models.TextField(editable=False, blank=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "cơ quan, đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join(filter(None, [self.name, self.short_name, self.code])))
        super().save(*args, **kwargs)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("kind", User.Kind.OFFICIAL)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Doanh nghiệp, tổ chức")
        OFFICIAL = "official", _("Cán bộ, công chức")

    email = models.EmailField(_("thư điện tử"), unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(
        _("số điện thoại"), max_length=20, blank=True, validators=[validate_phone]
    )
    citizen_id = models.CharField(
        _("số căn cước công dân"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_citizen_id],
    )
    kind = models.CharField(
        _("loại tài khoản"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN
    )
    organization_name = models.CharField(_("tên tổ chức, doanh nghiệp"), max_length=255, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(
        _("vào trang quản trị"), default=False, help_text=_("Được vào trang quản trị hệ thống.")
    )
    date_joined = models.DateTimeField(_("ngày tạo"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = pgettext_lazy("plural", "người dùng")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.citizen_id == "":
            self.citizen_id = None


class Role(models.TextChoices):
    ONE_STOP_CLERK = "one_stop_clerk", _("Cán bộ một cửa")
    HANDLER = "handler", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    PORTAL_EDITOR = "portal_editor", _("Biên tập viên cổng thông tin")
    PORTAL_REVIEWER = "portal_reviewer", _("Người duyệt bài cổng thông tin")
    EXAM_ORGANISER = "exam_organiser", _("Cán bộ tổ chức thi")
    INCIDENT_RESPONDER = "incident_responder", _("Cán bộ ứng cứu sự cố")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class RoleAssignment(BaseModel):
    """An official holds a role in an org unit (and, for most purposes, its subtree)."""

    user = models.ForeignKey(
        User, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    title = models.CharField(
        _("chức danh"), max_length=150, blank=True, help_text=_("Ví dụ: Phó Giám đốc Sở")
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò của cán bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "org_unit", "role"], name="unique_role_per_unit"
            )
        ]
        ordering = ["org_unit__path", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.org_unit}"


class LoginAttempt(models.Model):
    """Sign-in attempts, for throttling per account and per IP and for the audit trail."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("lần đăng nhập")
        verbose_name_plural = _("lịch sử đăng nhập")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%d/%m/%Y %H:%M}"
