"""Online exams and public contests (thi trắc nghiệm trực tuyến).

Question banks belong to an organising agency and hold a category tree. A question's content
lives in immutable versions: editing makes a new version, and attempts point at the version
they were drawn with, so a past attempt never changes.

An exam (a test, or one round of a contest) draws each candidate's paper from its bank by rules
(N questions per category and difficulty). Papers are drawn ahead of the start into a pool, so
starting an attempt is one row taken from the pool. The answer key stays on the server: the
paper a candidate sees holds only version ids and the order of the choices.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congso.accounts.models import OrgUnit
from congso.core.models import BaseModel

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class QuestionBank(BaseModel):
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan tổ chức"),
        on_delete=models.PROTECT,
        related_name="question_banks",
    )
    name = models.CharField(_("tên ngân hàng câu hỏi"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ngân hàng câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "ngân hàng câu hỏi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "name"], name="exams_bank_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class QuestionCategory(BaseModel):
    """A node of a bank's category tree (e.g. "Luật Giao thông / Biển báo")."""

    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("ngân hàng"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc chủ đề"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    name = models.CharField(_("tên chủ đề"), max_length=200)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chủ đề câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "chủ đề câu hỏi")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def path_names(self) -> list[str]:
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return list(reversed(names))

    @property
    def full_name(self) -> str:
        return " / ".join(self.path_names())


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Trắc nghiệm một đáp án")
    MULTI = "multi", _("Trắc nghiệm nhiều đáp án")
    TRUE_FALSE = "truefalse", _("Đúng / Sai")
    SHORT_ANSWER = "shortanswer", _("Trả lời ngắn")
    NUMERIC = "numeric", _("Trả lời bằng số")
    PREDICTION = "prediction", _("Câu hỏi dự đoán")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Dễ")
    MEDIUM = "medium", _("Trung bình")
    HARD = "hard", _("Khó")


class Question(BaseModel):
    """A question's identity in its bank; what it says lives in `QuestionVersion`."""

    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("ngân hàng"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("chủ đề"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    current_version = models.ForeignKey(
        "QuestionVersion",
        verbose_name=_("phiên bản hiện hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copied from the current version so that drawing papers filters without a join.
    qtype = models.CharField(_("loại câu hỏi"), max_length=20, choices=QuestionType.choices)
    difficulty = models.CharField(
        _("độ khó"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    is_archived = models.BooleanField(_("đã ẩn"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "câu hỏi")
        ordering = ["category_id", "id"]
        indexes = [models.Index(fields=["bank", "category", "difficulty", "qtype"])]

    def __str__(self) -> str:
        version = self.current_version
        return version.title if version else f"#{self.pk}"


class QuestionVersion(models.Model):
    """One immutable version of a question.

    `data` by type (fractions are of the question's mark, -1..1):
    - single / multi: {"choices": [{"id": "c1", "text": html, "fraction": 1.0, "feedback": ""}]}
    - truefalse: {"correct": true}
    - shortanswer: {"answers": [{"text": "Hà Nội", "fraction": 1.0}], "case_sensitive": false,
      "accent_sensitive": true}  (`*` in an accepted text matches any characters)
    - numeric: {"answers": [{"value": 3.14, "tolerance": 0.01, "fraction": 1.0}]}
    - prediction: {}  (the true value is set on the exam after it closes)
    """

    question = models.ForeignKey(
        Question, verbose_name=_("câu hỏi"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    qtype = models.CharField(_("loại câu hỏi"), max_length=20, choices=QuestionType.choices)
    name = models.CharField(_("tên ngắn"), max_length=255, blank=True)
    text = models.TextField(_("nội dung câu hỏi"))
    data = models.JSONField(_("đáp án và lựa chọn"), default=dict)
    default_mark = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, default=1)
    difficulty = models.CharField(
        _("độ khó"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    tags = models.JSONField(_("thẻ"), default=list, blank=True)
    general_feedback = models.TextField(_("giải thích đáp án"), blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên bản câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "phiên bản câu hỏi")
        ordering = ["question_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="exams_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def title(self) -> str:
        if self.name:
            return self.name
        from django.utils.html import strip_tags

        plain = " ".join(strip_tags(self.text).split())
        return plain[:80] + ("…" if len(plain) > 80 else "")


class QuestionImage(models.Model):
    """An image shown in a question's text (uploaded, or decoded from a Moodle XML file)."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("ảnh"), upload_to="exams/images/%Y/%m/")
    name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh trong câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "ảnh trong câu hỏi")

    def __str__(self) -> str:
        return self.name or self.image.name


class Contest(BaseModel):
    """A public contest: registration, rules and prizes pages, and one exam per round."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        PUBLISHED = "published", _("Đã công bố")
        FINISHED = "finished", _("Đã kết thúc")

    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan tổ chức"),
        on_delete=models.PROTECT,
        related_name="contests",
    )
    title = models.CharField(_("tên cuộc thi"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    summary = models.TextField(_("giới thiệu ngắn"), blank=True)
    rules = models.TextField(_("thể lệ"), blank=True)
    prizes = models.TextField(_("cơ cấu giải thưởng"), blank=True)
    registration_opens_at = models.DateTimeField(_("mở đăng ký"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("đóng đăng ký"), null=True, blank=True)
    require_citizen_id = models.BooleanField(_("bắt buộc số CCCD"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = pgettext_lazy("plural", "cuộc thi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Exam(BaseModel):
    """A test, or one round of a contest: what is drawn, when, for how long, and how it is graded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        PUBLISHED = "published", _("Đã công bố")
        CLOSED = "closed", _("Đã kết thúc")
        RANKED = "ranked", _("Đã xếp hạng")

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Lần làm bài điểm cao nhất")
        LAST = "last", _("Lần làm bài cuối cùng")

    class Layout(models.TextChoices):
        ALL = "all", _("Tất cả câu hỏi trên một trang")
        ONE = "one", _("Mỗi trang một câu hỏi")

    class Access(models.TextChoices):
        OPEN = "open", _("Mọi thí sinh đã xác thực")
        LIST = "list", _("Chỉ thí sinh trong danh sách")

    RANKING_KEYS = ("score", "prediction", "time", "submitted")

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT, related_name="exams"
    )
    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    round_number = models.PositiveSmallIntegerField(_("vòng thi"), default=1)
    title = models.CharField(_("tên bài thi"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("hướng dẫn"), blank=True)
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("ngân hàng câu hỏi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("thời gian làm bài (phút)"), default=20, validators=[MinValueValidator(1)]
    )
    grace_seconds = models.PositiveSmallIntegerField(
        _("thời gian gia hạn mạng (giây)"),
        default=30,
        help_text=_("Câu trả lời gửi trong khoảng này sau khi hết giờ vẫn được nhận."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("số lần làm bài"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    grading = models.CharField(
        _("tính điểm theo"), max_length=10, choices=Grading.choices, default=Grading.HIGHEST
    )
    layout = models.CharField(
        _("cách trình bày"), max_length=10, choices=Layout.choices, default=Layout.ALL
    )
    shuffle_questions = models.BooleanField(_("đảo thứ tự câu hỏi"), default=True)
    shuffle_choices = models.BooleanField(_("đảo thứ tự đáp án"), default=True)
    review_show_responses = models.BooleanField(_("cho xem lại bài làm sau khi nộp"), default=True)
    review_show_correct = models.BooleanField(_("cho xem đáp án đúng sau khi nộp"), default=False)
    review_correct_after_close = models.BooleanField(
        _("cho xem đáp án đúng sau khi kết thúc"), default=True
    )
    prediction_question = models.ForeignKey(
        Question,
        verbose_name=_("câu hỏi dự đoán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"qtype": QuestionType.PREDICTION},
    )
    prediction_truth = models.DecimalField(
        _("đáp án câu dự đoán"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Con số thực tế, nhập sau khi kết thúc (ví dụ số người dự thi)."),
    )
    ranking_order = models.JSONField(_("thứ tự tiêu chí xếp hạng"), default=list, blank=True)
    access = models.CharField(
        _("đối tượng dự thi"), max_length=10, choices=Access.choices, default=Access.OPEN
    )
    allowed_contacts = models.TextField(
        _("danh sách thí sinh"),
        blank=True,
        help_text=_(
            "Mỗi dòng một thư điện tử hoặc số điện thoại (khi chỉ thí sinh trong danh sách)."
        ),
    )
    allowed_networks = models.TextField(
        _("dải địa chỉ IP được phép"),
        blank=True,
        help_text=_("Mỗi dòng một dải, ví dụ 10.20.0.0/16. Để trống: mọi địa chỉ."),
    )
    supervised_start = models.BooleanField(
        _("giám thị cho phép bắt đầu"),
        default=False,
        help_text=_("Thí sinh chỉ bắt đầu được sau khi cán bộ coi thi bấm “Bắt đầu ca thi”."),
    )
    supervisor_started_at = models.DateTimeField(
        _("giám thị cho bắt đầu lúc"), null=True, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    ranked_at = models.DateTimeField(_("xếp hạng lúc"), null=True, blank=True)
    ranking_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bài thi")
        verbose_name_plural = pgettext_lazy("plural", "bài thi")
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def effective_ranking_order(self) -> list[str]:
        order = [k for k in (self.ranking_order or []) if k in self.RANKING_KEYS]
        return order or ["score", "prediction", "time", "submitted"]


class PaperRule(models.Model):
    """Draw `count` questions from a category (and its subcategories) of one difficulty."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="rules")
    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("chủ đề"), on_delete=models.PROTECT, related_name="+"
    )
    include_subcategories = models.BooleanField(_("gồm cả chủ đề con"), default=True)
    difficulty = models.CharField(
        _("độ khó"),
        max_length=10,
        choices=Difficulty.choices,
        blank=True,
        help_text=_("Để trống: mọi độ khó."),
    )
    count = models.PositiveSmallIntegerField(_("số câu"), validators=[MinValueValidator(1)])
    mark = models.DecimalField(_("điểm mỗi câu"), max_digits=6, decimal_places=2, default=1)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("quy tắc rút câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "quy tắc rút câu hỏi")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.count} × {self.category}"


class Prize(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="prize_tiers")
    name = models.CharField(_("tên giải"), max_length=100)
    count = models.PositiveSmallIntegerField(_("số giải"), validators=[MinValueValidator(1)])
    value = models.CharField(_("trị giá"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = pgettext_lazy("plural", "giải thưởng")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.count})"


class Candidate(BaseModel):
    """A person who takes exams: one account per person, found by a verified email or phone."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, null=True, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workplace = models.CharField(_("nơi công tác, học tập"), max_length=255, blank=True)
    verified_at = models.DateTimeField(_("xác thực lúc"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exam_candidate",
    )

    class Meta:
        verbose_name = _("thí sinh")
        verbose_name_plural = pgettext_lazy("plural", "thí sinh")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["email"], name="exams_candidate_email_unique"),
            models.UniqueConstraint(fields=["phone"], name="exams_candidate_phone_unique"),
            models.UniqueConstraint(fields=["citizen_id"], name="exams_candidate_cid_unique"),
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="exams_candidate_has_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def contact(self) -> str:
        return self.email or self.phone or ""


class Registration(BaseModel):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="registrations")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="registrations")
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký dự thi")
        verbose_name_plural = pgettext_lazy("plural", "đăng ký dự thi")
        constraints = [
            models.UniqueConstraint(fields=["contest", "candidate"], name="exams_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.contest}"


class OneTimeCode(models.Model):
    """A six-digit code sent to an email or phone to prove the candidate holds it."""

    contact = models.CharField(max_length=254, db_index=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    failed_tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("mã xác thực")
        verbose_name_plural = pgettext_lazy("plural", "mã xác thực")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.contact} {self.created_at:%d/%m/%Y %H:%M}"


class Paper(models.Model):
    """A paper drawn ahead of the start; an attempt takes one from the pool.

    `slots`: [{"v": version id, "t": question type, "mark": "1.00", "order": [choice ids] | null}]
    """

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="papers")
    slots = models.JSONField(default=list)
    taken = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["exam", "id"], condition=Q(taken=False), name="exams_paper_free")
        ]

    def __str__(self) -> str:
        return f"Paper {self.pk} of {self.exam_id}"


class Attempt(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Đang làm bài")
        SUBMITTED = "submitted", _("Đã nộp bài")

    class FinishedBy(models.TextChoices):
        CANDIDATE = "candidate", _("Thí sinh nộp bài")
        SERVER = "server", _("Hệ thống tự nộp khi hết giờ")
        ORGANISER = "organiser", _("Cán bộ tổ chức thi kết thúc")

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="attempts")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("lần thứ"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    slots = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    deadline = models.DateTimeField(_("hết giờ lúc"))
    extra_seconds = models.PositiveIntegerField(_("thời gian cộng thêm (giây)"), default=0)
    saved_at = models.DateTimeField(_("lưu lần cuối"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp bài lúc"), null=True, blank=True)
    finished_by = models.CharField(
        _("kết thúc bởi"), max_length=12, choices=FinishedBy.choices, blank=True
    )
    score = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2, default=0)
    marks = models.JSONField(_("điểm từng câu"), default=list, blank=True)
    time_taken_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"), null=True)
    prediction = models.DecimalField(
        _("dự đoán"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt làm bài")
        verbose_name_plural = pgettext_lazy("plural", "lượt làm bài")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "candidate", "number"], name="exams_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["exam", "candidate"],
                condition=Q(status="open"),
                name="exams_one_open_attempt",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="exams_attempt_due")]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.exam} ({self.number})"


class Result(models.Model):
    """A candidate's place in an exam's ranking, computed after close."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="results")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="results")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(_("xếp hạng"))
    score = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
    prediction = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    prediction_gap = models.DecimalField(
        _("chênh lệch dự đoán"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    time_taken_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"))
    submitted_at = models.DateTimeField(_("nộp bài lúc"))
    prize = models.CharField(_("giải"), max_length=100, blank=True)
    certificate_code = models.CharField(
        _("mã chứng nhận"), max_length=16, unique=True, default=new_certificate_code
    )

    class Meta:
        verbose_name = _("kết quả xếp hạng")
        verbose_name_plural = pgettext_lazy("plural", "kết quả xếp hạng")
        ordering = ["exam_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "candidate"], name="exams_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.candidate} — {self.exam}"
