"""Reader ratings of articles: 1–5 stars, one per reader per article, throttled per IP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.context import client_ip
from congso.core.exceptions import Conflict, RateLimited, ValidationFailed
from congso.portal.models import ArticlePage, ArticleRating

READER_COOKIE = "congso_reader"
READER_SALT = "congso.portal.reader"
RATINGS_PER_IP_PER_HOUR = 30


@dataclass(frozen=True)
class RatingSummary:
    average: float
    count: int
    mine: int | None

    @property
    def average_display(self) -> str:
        return f"{self.average:.1f}".replace(".", ",")


def reader_key(request: HttpRequest) -> tuple[str, str | None]:
    """(key, new cookie value or None). Signed-in readers by account, others by a signed cookie."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}", None
    raw = request.COOKIES.get(READER_COOKIE)
    if raw:
        try:
            return f"anon:{signing.loads(raw, salt=READER_SALT)}", None
        except signing.BadSignature:
            pass
    reader = uuid.uuid4().hex
    return f"anon:{reader}", signing.dumps(reader, salt=READER_SALT)


def totals_key(article_id: int) -> str:
    return f"congso:portal:rating:{article_id}"


def rating_summary(
    *, article: ArticlePage, request: HttpRequest | None = None, found: dict | None = None
) -> RatingSummary:
    """`found`: cache entries the caller already read (with `totals_key`), if any."""
    # The article's average and count are kept in the cache until its next rating.
    key = totals_key(article.pk)
    agg = found.get(key) if found is not None else cache.get(key)
    if agg is None:
        agg = ArticleRating.objects.filter(article=article).aggregate(
            avg=Avg("stars"), n=Count("pk")
        )
        cache.set(key, agg, 3600)
    mine = None
    if request is not None:
        key, new_cookie = reader_key(request)
        if new_cookie is None:
            mine = (
                ArticleRating.objects.filter(article=article, reader_key=key)
                .values_list("stars", flat=True)
                .first()
            )
    return RatingSummary(average=float(agg["avg"] or 0), count=agg["n"], mine=mine)


@transaction.atomic
def article_rate(
    *, article: ArticlePage, key: str, stars: int, ip_address: str | None
) -> ArticleRating:
    if stars not in range(1, 6):
        raise ValidationFailed(_("Hãy chọn từ 1 đến 5 sao."))
    if ip_address:
        since = timezone.now() - timedelta(hours=1)
        recent = ArticleRating.objects.filter(ip_address=ip_address, created_at__gte=since).count()
        if recent >= RATINGS_PER_IP_PER_HOUR:
            raise RateLimited(
                _(
                    "Có quá nhiều lượt đánh giá từ địa chỉ mạng của bạn. Vui lòng thử lại sau một giờ."
                )
            )
    try:
        with transaction.atomic():
            rating = ArticleRating.objects.create(
                article=article, reader_key=key, stars=stars, ip_address=ip_address
            )
        transaction.on_commit(lambda: cache.delete(totals_key(article.pk)))
        return rating
    except IntegrityError:
        raise Conflict(_("Bạn đã đánh giá bài viết này rồi. Cảm ơn bạn!")) from None


def rate_from_request(*, request: HttpRequest, article: ArticlePage, stars: int):
    key, cookie = reader_key(request)
    rating = article_rate(article=article, key=key, stars=stars, ip_address=client_ip(request))
    return rating, cookie
