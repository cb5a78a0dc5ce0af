"""Online exams and contests: what is public (contests, rounds, published rankings, certificate
checks) and, for organisers signed in on the site, the full results of their exams."""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from congso.api.auth import OPTIONAL_API_KEY, OPTIONAL_API_KEY_OPENAPI, session_auth
from congso.api.errors import ErrorOut
from congso.core.exceptions import NotFound
from congso.exams import permissions
from congso.exams.models import Contest, Exam, Result

router = Router(tags=["Thi trực tuyến"])


class RoundOut(Schema):
    slug: str
    round_number: int
    title: str
    opens_at: datetime = Field(description="Giờ Việt Nam (Asia/Ho_Chi_Minh), ISO 8601.")
    closes_at: datetime
    time_limit_minutes: int
    attempts_allowed: int
    status: str = Field(description="published, closed hoặc ranked.")
    ranking_published: bool

    @staticmethod
    def resolve_ranking_published(obj: Exam) -> bool:
        return obj.ranking_published_at is not None


class ContestOut(Schema):
    slug: str
    title: str
    summary: str
    organiser: str
    organiser_code: str
    status: str
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    registrations: int

    @staticmethod
    def resolve_organiser(obj: Contest) -> str:
        return obj.org_unit.name

    @staticmethod
    def resolve_organiser_code(obj: Contest) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_registrations(obj: Contest) -> int:
        return getattr(obj, "n_registrations", None) or obj.registrations.count()


class ContestDetailOut(ContestOut):
    rules: str
    prizes: str
    rounds: list[RoundOut]

    @staticmethod
    def resolve_rounds(obj: Contest) -> list[Exam]:
        return list(obj.rounds.exclude(status="draft").order_by("round_number", "opens_at"))


class LeaderboardRowOut(Schema):
    rank: int
    full_name: str
    workplace: str = Field(description="Nơi công tác, học tập hoặc cơ quan (không có liên lạc).")
    score: Decimal
    max_score: Decimal
    time_taken_seconds: int
    prize: str

    @staticmethod
    def resolve_full_name(obj: Result) -> str:
        return obj.candidate.full_name

    @staticmethod
    def resolve_workplace(obj: Result) -> str:
        candidate = obj.candidate
        return candidate.workplace or (candidate.org_unit.name if candidate.org_unit else "")


class ResultOut(LeaderboardRowOut):
    email: str | None
    phone: str | None
    prediction: Decimal | None
    prediction_gap: Decimal | None
    submitted_at: datetime
    certificate_code: str

    @staticmethod
    def resolve_email(obj: Result) -> str | None:
        return obj.candidate.email

    @staticmethod
    def resolve_phone(obj: Result) -> str | None:
        return obj.candidate.phone


class CertificateOut(Schema):
    code: str
    valid: bool
    full_name: str
    exam: str
    contest: str | None
    organiser: str
    rank: int
    score: Decimal
    max_score: Decimal
    prize: str


def _public_contests():
    return Contest.objects.filter(status__in=["published", "finished"]).select_related("org_unit")


@router.get(
    "/exams/contests",
    response=list[ContestOut],
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Các cuộc thi đã công bố",
)
@paginate(PageNumberPagination, page_size=50)
def list_contests(request: HttpRequest):
    return _public_contests().order_by("-created_at")


@router.get(
    "/exams/contests/{slug}",
    response={200: ContestDetailOut, 404: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Thông tin một cuộc thi và các vòng thi",
)
def get_contest(request: HttpRequest, slug: str):
    contest = _public_contests().filter(slug=slug).first()
    if contest is None:
        raise NotFound(_("Không tìm thấy cuộc thi."))
    return contest


@router.get(
    "/exams/{slug}/leaderboard",
    response={200: list[LeaderboardRowOut], 404: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Bảng xếp hạng đã công bố của một bài thi (vòng thi)",
    description="Chỉ có khi ban tổ chức đã công bố kết quả; không có thông tin liên lạc.",
)
@paginate(PageNumberPagination, page_size=100)
def leaderboard(request: HttpRequest, slug: str):
    exam = Exam.objects.filter(slug=slug, ranking_published_at__isnull=False).first()
    if exam is None:
        raise NotFound(_("Bài thi chưa công bố kết quả hoặc không tồn tại."))
    return Result.objects.filter(exam=exam).select_related("candidate__org_unit").order_by("rank")


@router.get(
    "/exams/certificates/{code}",
    response={200: CertificateOut, 404: ErrorOut},
    auth=OPTIONAL_API_KEY,
    openapi_extra=OPTIONAL_API_KEY_OPENAPI,
    summary="Kiểm tra giấy chứng nhận theo mã in trên giấy",
)
def verify_certificate(request: HttpRequest, code: str):
    result = (
        Result.objects.filter(
            certificate_code=code.strip().upper()[:16], exam__ranking_published_at__isnull=False
        )
        .select_related("candidate", "exam__contest", "exam__org_unit")
        .first()
    )
    if result is None:
        raise NotFound(_("Không tìm thấy giấy chứng nhận với mã này."))
    return {
        "code": result.certificate_code,
        "valid": True,
        "full_name": result.candidate.full_name,
        "exam": result.exam.title,
        "contest": result.exam.contest.title if result.exam.contest else None,
        "organiser": result.exam.org_unit.name,
        "rank": result.rank,
        "score": result.score,
        "max_score": result.max_score,
        "prize": result.prize,
    }


@router.get(
    "/exams/{exam_id}/results",
    response={200: list[ResultOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=session_auth,
    summary="Kết quả xếp hạng đầy đủ (cán bộ tổ chức thi)",
    description="Cho cán bộ tổ chức thi của cơ quan tổ chức (hoặc cấp trên) đã đăng nhập.",
)
@paginate(PageNumberPagination, page_size=200)
def exam_results(request: HttpRequest, exam_id: int):
    exam = permissions.access_exam(user=request.auth, exam_id=exam_id)
    return Result.objects.filter(exam=exam).select_related("candidate__org_unit").order_by("rank")
