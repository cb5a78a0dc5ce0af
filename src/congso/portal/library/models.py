"""Legal and administrative documents a portal publishes (Decree 42/2022 Art. 4).

Status: an editor may set it by hand (`status_override`, needed for "partly expired", which no
date can express); otherwise it follows the dates — not yet in force before `effective_from`,
expired from `expires_on` on, in force in between. `LegalDocument.objects.with_status()` computes
the same in SQL so that lists can filter on it.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from congso.core.models import BaseModel
from congso.core.text import fold
from congso.portal.library.validators import validate_document_file


class DocumentField(BaseModel):
    """A field (lĩnh vực) documents are filed under; shared by every portal of the province."""

    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=150, unique=True, blank=True)

    class Meta:
        verbose_name = _("lĩnh vực văn bản")
        verbose_name_plural = _("lĩnh vực văn bản")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    PARTLY_EXPIRED = "partly_expired", _("Hết hiệu lực một phần")
    EXPIRED = "expired", _("Hết hiệu lực")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Chưa có hiệu lực")


class LegalDocumentQuerySet(models.QuerySet):
    def with_status(self, today: dt.date | None = None) -> LegalDocumentQuerySet:
        """Annotate `current_status` (see the module docstring)."""
        today = today or timezone.localdate()
        return self.annotate(
            current_status=Case(
                When(~Q(status_override=""), then=F("status_override")),
                When(expires_on__isnull=False, expires_on__lte=today,
                     then=Value(DocumentStatus.EXPIRED)),
                When(effective_from__isnull=False, effective_from__gt=today,
                     then=Value(DocumentStatus.NOT_YET_IN_FORCE)),
                default=Value(DocumentStatus.IN_FORCE),
                output_field=models.CharField(),
            )
        )  # fmt: skip


class LegalDocument(BaseModel):
    class DocType(models.TextChoices):
        NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
        QUYET_DINH = "quyet_dinh", _("Quyết định")
        CHI_THI = "chi_thi", _("Chỉ thị")
        THONG_TU = "thong_tu", _("Thông tư")
        NGHI_DINH = "nghi_dinh", _("Nghị định")
        CONG_VAN = "cong_van", _("Công văn")
        KE_HOACH = "ke_hoach", _("Kế hoạch")
        THONG_BAO = "thong_bao", _("Thông báo")
        BAO_CAO = "bao_cao", _("Báo cáo")
        HUONG_DAN = "huong_dan", _("Hướng dẫn")
        KHAC = "khac", _("Văn bản khác")

    Status = DocumentStatus

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("cổng thông tin"),
        on_delete=models.CASCADE,
        related_name="legal_documents",
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices)
    number_symbol = models.CharField(
        _("số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 12/2025/QĐ-UBND")
    )
    issuing_body = models.CharField(
        _("cơ quan ban hành"), max_length=255, help_text=_("Ví dụ: UBND tỉnh Thái Bình")
    )
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    effective_from = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    expires_on = models.DateField(
        _("ngày hết hiệu lực"),
        null=True,
        blank=True,
        help_text=_("Từ ngày này văn bản không còn hiệu lực. Để trống nếu chưa xác định."),
    )
    status_override = models.CharField(
        _("trạng thái hiệu lực (đặt tay)"),
        max_length=20,
        choices=DocumentStatus.choices,
        blank=True,
        help_text=_(
            "Để trống để hệ thống tự xác định theo ngày có hiệu lực và ngày hết hiệu lực. "
            "Chọn “Hết hiệu lực một phần” khi chỉ một số điều khoản bị bãi bỏ."
        ),
    )
    abstract = models.TextField(_("trích yếu"))
    field = models.ForeignKey(
        DocumentField,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản chỉ đạo, điều hành")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "number_symbol", "issuing_body"],
                name="portal_library_unique_number_per_issuer",
                violation_error_message=_(
                    "Cổng này đã có văn bản cùng số, ký hiệu và cơ quan ban hành. "
                    "Vui lòng kiểm tra lại số, ký hiệu hoặc sửa văn bản đã có."
                ),
            )
        ]
        indexes = [models.Index(fields=["site", "-issued_on"], name="library_site_issued_idx")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number_symbol}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.number_symbol = " ".join((self.number_symbol or "").split())
        self.issuing_body = " ".join((self.issuing_body or "").split())
        errors = {}
        if self.issued_on and self.effective_from and self.effective_from < self.issued_on:
            errors["effective_from"] = _("Ngày có hiệu lực không được trước ngày ban hành.")
        start = self.effective_from or self.issued_on
        if start and self.expires_on and self.expires_on <= start:
            errors["expires_on"] = _(
                "Ngày hết hiệu lực phải sau ngày ban hành và ngày có hiệu lực."
            )
        if errors:
            raise ValidationError(errors)

    def build_search_text(self) -> str:
        """The folded text the public search matches (Vietnamese labels whatever the language)."""
        with translation.override("vi"):
            parts = [
                str(self.get_doc_type_display()),
                self.number_symbol,
                self.issuing_body,
                self.signer,
                self.abstract,
                self.field.name if self.field_id else "",
            ]
        return fold(" ".join(p for p in parts if p))

    @property
    def status(self) -> str:
        annotated = getattr(self, "current_status", None)
        if annotated:
            return annotated
        if self.status_override:
            return self.status_override
        today = timezone.localdate()
        if self.expires_on and self.expires_on <= today:
            return DocumentStatus.EXPIRED
        if self.effective_from and self.effective_from > today:
            return DocumentStatus.NOT_YET_IN_FORCE
        return DocumentStatus.IN_FORCE

    @property
    def status_label(self) -> str:
        return str(DocumentStatus(self.status).label)


class LegalDocumentFile(BaseModel):
    """An attachment (the signed PDF, an editable DOCX) of a document."""

    document = models.ForeignKey(
        LegalDocument, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("tệp"), upload_to="van-ban/%Y/", max_length=255, validators=[validate_document_file]
    )
    title = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    file_type = models.CharField(_("định dạng"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("tệp đính kèm văn bản")
        verbose_name_plural = _("tệp đính kèm văn bản")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title
