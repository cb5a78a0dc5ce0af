from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleRating(models.Model):
    """A reader's 1–5 star rating of an article ("Đánh giá bài viết"); one per reader per article."""

    article = models.ForeignKey(
        "portal.ArticlePage", on_delete=models.CASCADE, related_name="ratings"
    )
    reader_key = models.CharField(max_length=64, help_text="user:<id> or anon:<signed cookie id>")
    stars = models.PositiveSmallIntegerField(_("số sao"))
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("đánh giá bài viết")
        verbose_name_plural = _("đánh giá bài viết")
        constraints = [
            models.UniqueConstraint(fields=["article", "reader_key"], name="one_rating_per_reader"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="stars_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.stars}★"
