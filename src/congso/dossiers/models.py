"""Dossiers (hồ sơ): what a citizen or business submits for a procedure, from the online draft to
the returned result. The same model serves the online service (citizen side) and the one-stop
desk (officials). States follow the national portal's status codes (DOMAIN.md); every change
goes through `services` and leaves a `DossierEvent` and an audit row.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congso.accounts.models import OrgUnit
from congso.core.models import BaseModel
from congso.procedures.models import Procedure, ProcedureCase, RequiredPaper

# Without 0/O, 1/I/L: read aloud over the phone and typed from paper without mistakes.
SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # noqa: S105 - an alphabet
SECRET_LENGTH = 6


def new_lookup_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


class Dossier(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Mới nộp, chờ tiếp nhận")
        RECEIVED = "received", _("Đã tiếp nhận")
        REFUSED = "refused", _("Từ chối tiếp nhận")
        IN_PROCESS = "in_process", _("Đang xử lý")
        SUPPLEMENT = "supplement", _("Yêu cầu bổ sung")
        PAYMENT = "payment", _("Chờ nộp phí, lệ phí")
        WITHDRAWN = "withdrawn", _("Đã rút")
        CANCELLED = "cancelled", _("Đã hủy")
        RESULT_READY = "result_ready", _("Đã có kết quả")
        RETURNED = "returned", _("Đã trả kết quả")

    # The national public service portal's status codes (DVCQG), see DOMAIN.md.
    NATIONAL_CODES = {
        "submitted": 1,
        "received": 2,
        "refused": 3,
        "in_process": 4,
        "supplement": 5,
        "payment": 6,
        "withdrawn": 7,
        "cancelled": 8,
        "result_ready": 9,
        "returned": 10,
    }

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        COUNTER = "counter", _("Trực tiếp tại bộ phận một cửa")
        POST = "post", _("Bưu chính công ích")

    class Rating(models.IntegerChoices):
        VERY_SATISFIED = 4, _("Rất hài lòng")
        SATISFIED = 3, _("Hài lòng")
        ACCEPTABLE = 2, _("Chấp nhận được")
        DISSATISFIED = 1, _("Không hài lòng")

    code = models.CharField(
        _("mã hồ sơ"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hồ sơ gốc (liên thông)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Hồ sơ liên thông được gửi từ một bước xử lý của hồ sơ này."),
    )
    parent_step = models.ForeignKey(
        "DossierStep",
        verbose_name=_("bước gửi liên thông"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    lookup_secret = models.CharField(
        _("mã tra cứu"), max_length=12, default=new_lookup_secret, editable=False
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    agency = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    channel = models.CharField(
        _("kênh nộp"), max_length=20, choices=Channel.choices, default=Channel.ONLINE
    )
    # The applicant as written on the dossier (may differ from the account: a business, a relative).
    applicant_name = models.CharField(_("người nộp hồ sơ"), max_length=255)
    applicant_id_number = models.CharField(_("số định danh / CCCD"), max_length=20, blank=True)
    organization_name = models.CharField(_("tên tổ chức, doanh nghiệp"), max_length=255, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=20,
        choices=[
            ("counter", _("Nhận trực tiếp tại bộ phận một cửa")),
            ("post", _("Nhận qua bưu chính công ích")),
            ("online", _("Nhận bản điện tử trên Cổng dịch vụ công")),
        ],
        default="counter",
    )
    form_data = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    client_token = models.CharField(max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    due_at = models.DateTimeField(_("ngày hẹn trả kết quả"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    processing_days = models.DecimalField(
        _("thời hạn giải quyết (ngày làm việc)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    rating = models.PositiveSmallIntegerField(
        _("mức độ hài lòng"), choices=Rating.choices, null=True, blank=True
    )
    rating_comment = models.TextField(_("góp ý"), blank=True)
    rated_at = models.DateTimeField(_("thời điểm đánh giá"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    extended_days = models.DecimalField(
        _("số ngày gia hạn"), max_digits=5, decimal_places=1, default=0
    )
    apology_due_at = models.DateTimeField(_("ngày hẹn lại (phiếu xin lỗi)"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "client_token"],
                condition=~models.Q(client_token=""),
                name="dossier_unique_client_token",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["agency", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.code or _("Hồ sơ nháp #%(id)s") % {"id": self.pk}

    @property
    def national_status(self) -> int | None:
        return self.NATIONAL_CODES.get(self.status)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def required_papers(self):
        """Papers the dossier must carry: the procedure's, plus its case's."""
        qs = RequiredPaper.objects.filter(procedure_id=self.procedure_id)
        if self.case_id:
            return qs.filter(models.Q(case__isnull=True) | models.Q(case_id=self.case_id))
        return qs.filter(case__isnull=True)


class DossierFile(BaseModel):
    """An uploaded file: a page or a paper of the dossier, a supplement, or the result."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Giấy tờ trong hồ sơ")
        RESULT = "result", _("Kết quả giải quyết")
        INTERNAL = "internal", _("Tài liệu xử lý nội bộ")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="files"
    )
    paper = models.ForeignKey(
        RequiredPaper,
        verbose_name=_("thành phần hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.PAPER)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    original_size = models.PositiveBigIntegerField(_("dung lượng gốc (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("thời điểm gỡ bỏ"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "tệp hồ sơ")
        ordering = ["paper__order", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DossierEvent(models.Model):
    """One line of the dossier's history as the citizen and the officials read it."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    action = models.CharField(_("thao tác"), max_length=50)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "lịch sử hồ sơ")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action}"

    @property
    def action_label(self) -> str:
        from congso.dossiers.services import action_label

        return action_label(self.action)

    @property
    def to_status_label(self) -> str:
        return Dossier.Status(self.to_status).label if self.to_status else ""


class SupplementRequest(BaseModel):
    """A request to supplement (Mẫu 02): every missing or wrong paper and field, each with why."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="supplements"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("nội dung yêu cầu"), blank=True)
    # [{"paper": <RequiredPaper id or null>, "field": <form field name or "">, "reason": "..."}]
    items = models.JSONField(_("các nội dung cần bổ sung"), default=list)
    answered_at = models.DateTimeField(_("thời điểm bổ sung"), null=True, blank=True)
    answer_note = models.TextField(_("ghi chú của người nộp"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "yêu cầu bổ sung hồ sơ")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.created_at:%d/%m/%Y}"


class DossierSequence(models.Model):
    """The last number given to a dossier of `agency` on `day`; see services.next_dossier_code."""

    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(9999)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_sequence_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%y%m%d} {self.last}"


class DossierStep(models.Model):
    """One passage of the dossier through a step of its procedure's process: who sent it here and
    when, which unit and role must act, by when, who took it, when it left and how.

    Rows are never rewritten: a dossier returned to an earlier step gets a new row for it. The
    rows are the hand-offs of the process control sheet (Mẫu 05).
    """

    class Outcome(models.TextChoices):
        FORWARDED = "forwarded", _("Chuyển bước tiếp theo")
        RETURNED = "returned", _("Trả lại bước trước")
        APPROVED = "approved", _("Phê duyệt")
        REJECTED = "rejected", _("Không phê duyệt")
        SUPPLEMENT = "supplement", _("Yêu cầu bổ sung")
        FINISHED = "finished", _("Hoàn thành")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="steps"
    )
    template = models.ForeignKey(
        "procedures.ProcessStep",
        verbose_name=_("bước của quy trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự bước"))
    name = models.CharField(_("tên bước"), max_length=255)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò xử lý"), max_length=30)
    days = models.DecimalField(_("thời gian (ngày làm việc)"), max_digits=5, decimal_places=1)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chuyển"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("thời điểm nhận"), db_index=True)
    due_at = models.DateTimeField(_("hạn xử lý bước"), db_index=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("thời điểm nhận xử lý"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm chuyển đi"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả bước"), max_length=20, choices=Outcome.choices, blank=True
    )
    note = models.TextField(_("ý kiến xử lý"), blank=True)
    warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = pgettext_lazy("plural", "bước xử lý hồ sơ")
        ordering = ["dossier", "started_at", "id"]
        indexes = [
            models.Index(
                fields=["org_unit", "role", "due_at"],
                condition=models.Q(finished_at__isnull=True),
                name="dossier_step_open_inbox",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.order}. {self.name}"

    @property
    def is_open(self) -> bool:
        return self.finished_at is None

    @property
    def role_label(self) -> str:
        from congso.accounts.models import Role

        return str(Role(self.role).label) if self.role in Role.values else self.role

    @property
    def timing(self) -> str:
        """'early', 'on_time' or 'late' once finished (early: left before the due day)."""
        if self.finished_at is None:
            return ""
        if self.finished_at > self.due_at:
            return "late"
        from django.utils import timezone

        if timezone.localdate(self.finished_at) < timezone.localdate(self.due_at):
            return "early"
        return "on_time"


class AgencySigningKey(BaseModel):
    """An agency's digital signature certificate (chứng thư số) with its private key, as the
    PKCS#12 bundle (.p12/.pfx) the certification authority issued. Result documents in PDF are
    signed with it (PAdES, see `signing`). The bundle's passphrase is kept encrypted (Fernet);
    the certificate's subject, issuer, serial number and validity are read from the bundle.
    """

    org_unit = models.OneToOneField(
        OrgUnit, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="signing_key"
    )
    label = models.CharField(
        _("tên gọi"),
        max_length=200,
        help_text=_("Ví dụ: Chứng thư số của UBND xã, cấp năm 2026."),
    )
    pkcs12 = models.BinaryField(_("tệp chứng thư số (PKCS#12)"), editable=False)
    passphrase_encrypted = models.TextField(_("mật khẩu (đã mã hóa)"), editable=False)
    subject = models.CharField(_("chủ thể"), max_length=500, editable=False, blank=True)
    issuer = models.CharField(_("tổ chức cấp"), max_length=500, editable=False, blank=True)
    serial = models.CharField(_("số hiệu chứng thư"), max_length=80, editable=False, blank=True)
    not_before = models.DateTimeField(_("hiệu lực từ"), null=True, editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"), null=True, editable=False)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("chứng thư số của cơ quan")
        verbose_name_plural = pgettext_lazy("plural", "chứng thư số của cơ quan")
        ordering = ["org_unit__path"]

    def __str__(self) -> str:
        return self.label or str(self.org_unit)

    def set_bundle(self, data: bytes, passphrase: str) -> None:
        """Take a new PKCS#12 bundle; the certificate details are read again on save."""
        from congso.dossiers import signing

        self.pkcs12 = bytes(data)
        self.passphrase_encrypted = signing.encrypt_passphrase(passphrase)
        self._bundle_changed = True

    @property
    def passphrase(self) -> str:
        from congso.dossiers import signing

        return signing.decrypt_passphrase(self.passphrase_encrypted)

    def is_valid_at(self, when) -> bool:
        return bool(self.not_before and self.not_after and self.not_before <= when < self.not_after)

    def save(self, *args, **kwargs):
        # Derived fields: what the certificate says, never typed in by hand.
        if self.pkcs12 and (self._state.adding or getattr(self, "_bundle_changed", False)):
            from congso.dossiers import signing

            details = signing.read_bundle(bytes(self.pkcs12), self.passphrase).details
            for name, value in details.items():
                setattr(self, name, value)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "pkcs12",
                    "passphrase_encrypted",
                    *details,
                }
            self._bundle_changed = False
        super().save(*args, **kwargs)
