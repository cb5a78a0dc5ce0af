"""The catalogue of administrative procedures (thủ tục hành chính, TTHC).

A procedure is what a citizen reads before going to the desk (papers, time, fees, result,
legal basis) and what the one-stop desk follows once a dossier arrives (the process
template: ordered steps, each with its unit or role and its share of the working time).
Cases (trường hợp) may change the papers, the processing time and the fees.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congso.accounts.models import OrgUnit, Role
from congso.core.models import BaseModel
from congso.core.text import fold, slugify_vi

HALF_DAY = Decimal("0.5")


def validate_half_days(value: Decimal | None) -> None:
    """Working time is counted in half days (a morning or an afternoon)."""
    if value is not None and (value * 2) % 1 != 0:
        raise ValidationError(
            _("Thời gian tính theo ngày làm việc, chính xác đến nửa ngày (ví dụ 0,5; 3; 7,5)."),
            code="half_days",
        )


class Field(BaseModel):
    """Lĩnh vực: the subject area a procedure belongs to (Hộ tịch, Đất đai, Xuất bản, ...)."""

    code = models.CharField(_("mã lĩnh vực"), max_length=30, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, blank=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = pgettext_lazy("plural", "lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=100) or self.code.lower()
        super().save(*args, **kwargs)


class Procedure(BaseModel):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DEPARTMENT = "department", _("Cấp sở, ngành")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Toàn trình")
        PARTIAL = "partial", _("Một phần")
        OFFLINE = "offline", _("Trực tiếp")

    class Applicant(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Tổ chức, doanh nghiệp")
        BOTH = "both", _("Công dân, tổ chức, doanh nghiệp")

    code = models.CharField(
        _("mã thủ tục"),
        max_length=30,
        unique=True,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001612."),
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField(_("cấp thực hiện"), max_length=20, choices=Level.choices)
    agencies = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("cơ quan thực hiện"),
        related_name="procedures",
        help_text=_("Các cơ quan tiếp nhận và giải quyết thủ tục này."),
    )
    applicant_kind = models.CharField(
        _("đối tượng thực hiện"), max_length=20, choices=Applicant.choices, default=Applicant.BOTH
    )
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=20,
        choices=OnlineLevel.choices,
        default=OnlineLevel.PARTIAL,
    )
    processing_days = models.DecimalField(
        _("thời hạn giải quyết (ngày làm việc)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(HALF_DAY), validate_half_days],
    )
    processing_note = models.CharField(
        _("ghi chú thời hạn"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: kể từ ngày nhận đủ hồ sơ hợp lệ."),
    )
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    channels_text = models.TextField(_("cách thức thực hiện"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    fee_note = models.TextField(_("ghi chú phí, lệ phí"), blank=True)
    form_schema = models.JSONField(
        _("biểu mẫu điện tử"),
        default=dict,
        blank=True,
        help_text=_(
            "Lược đồ JSON của tờ khai trực tuyến: các trường, kiểu, bắt buộc. "
            "Xem hướng dẫn trong tài liệu quản trị."
        ),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = pgettext_lazy("plural", "thủ tục hành chính")
        ordering = ["field__name", "name"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        from congso.procedures.schema import with_order

        self.search_text = fold(f"{self.code} {self.name}")
        self.form_schema = with_order(self.form_schema)  # jsonb forgets the order of keys
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.form_schema:
            from congso.procedures.schema import SchemaError, check_schema

            try:
                check_schema(self.form_schema)
            except SchemaError as error:
                raise ValidationError({"form_schema": str(error)}) from None

    @property
    def is_online(self) -> bool:
        return self.is_active and self.online_level != self.OnlineLevel.OFFLINE


class ProcedureCase(models.Model):
    """A case (trường hợp) that changes the papers, the processing time or the fees."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="cases"
    )
    name = models.CharField(_("tên trường hợp"), max_length=500)
    processing_days = models.DecimalField(
        _("thời hạn riêng (ngày làm việc)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(HALF_DAY), validate_half_days],
        help_text=_("Để trống khi bằng thời hạn chung của thủ tục."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = pgettext_lazy("plural", "trường hợp")
        ordering = ["procedure", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "name"], name="procedure_case_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_days(self) -> Decimal:
        return self.processing_days or self.procedure.processing_days


class RequiredPaper(models.Model):
    """A paper of the dossier (thành phần hồ sơ); for every case unless `case` is set."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="papers"
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("chỉ áp dụng cho trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="papers",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=1)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    template = models.FileField(
        _("mẫu đơn, tờ khai"), upload_to="procedures/templates/%Y/", blank=True
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "thành phần hồ sơ")
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.case_id and self.case.procedure_id != self.procedure_id:
            raise ValidationError({"case": _("Trường hợp không thuộc thủ tục này.")})


class Fee(models.Model):
    """A fee or charge (phí, lệ phí) in đồng; for every case unless `case` is set."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="fees"
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("chỉ áp dụng cho trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="fees",
    )
    name = models.CharField(_("tên phí, lệ phí"), max_length=255)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = pgettext_lazy("plural", "phí, lệ phí")
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} đồng".replace(",", ".")

    def clean(self):
        super().clean()
        if self.case_id and self.case.procedure_id != self.procedure_id:
            raise ValidationError({"case": _("Trường hợp không thuộc thủ tục này.")})


class ProcessStep(models.Model):
    """One step of the internal process template, with its share of the working time."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=255)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống khi bước do cơ quan tiếp nhận hồ sơ thực hiện."),
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=30, choices=Role.choices)
    days = models.DecimalField(
        _("thời gian (ngày làm việc)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(HALF_DAY), validate_half_days],
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = pgettext_lazy("plural", "bước xử lý")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="process_step_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
