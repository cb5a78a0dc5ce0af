"""Exams in the admin: read-only for provincial administrators. Banks, questions, contests and
exams are changed on the organisers' screens (/to-chuc-thi/) through the services, which keep
question versions and paper pools consistent and write the audit rows."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congso.core.admin_mixins import AdministratorOnlyAdmin
from congso.exams.models import (
    Attempt,
    Candidate,
    Contest,
    Exam,
    PaperRule,
    Prize,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
    Result,
)


class ReadOnlyAdmin(AdministratorOnlyAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CategoryInline(ReadOnlyInline):
    model = QuestionCategory
    fields = readonly_fields = ("name", "parent", "position")


@admin.register(QuestionBank)
class QuestionBankAdmin(ReadOnlyAdmin):
    list_display = ["name", "org_unit", "created_at"]
    list_filter = [("org_unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["org_unit"]
    inlines = [CategoryInline]


class VersionInline(ReadOnlyInline):
    model = QuestionVersion
    fields = readonly_fields = (
        "number",
        "name",
        "difficulty",
        "default_mark",
        "created_at",
        "created_by",
    )


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "bank", "qtype", "difficulty", "is_archived", "updated_at"]
    list_filter = ["qtype", "difficulty", "is_archived"]
    search_fields = ["current_version__text", "current_version__name"]
    list_select_related = ["bank", "current_version"]
    inlines = [VersionInline]


class RoundInline(ReadOnlyInline):
    model = Exam
    fields = readonly_fields = ("round_number", "title", "status", "opens_at", "closes_at")
    verbose_name = _("vòng thi")
    verbose_name_plural = _("các vòng thi")


@admin.register(Contest)
class ContestAdmin(ReadOnlyAdmin):
    list_display = ["title", "org_unit", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    list_select_related = ["org_unit"]
    inlines = [RoundInline]


class RuleInline(ReadOnlyInline):
    model = PaperRule
    fields = readonly_fields = ("category", "include_subcategories", "difficulty", "count", "mark")


class PrizeInline(ReadOnlyInline):
    model = Prize
    fields = readonly_fields = ("name", "count", "value")


@admin.register(Exam)
class ExamAdmin(ReadOnlyAdmin):
    list_display = ["title", "org_unit", "contest", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    date_hierarchy = "opens_at"
    list_select_related = ["org_unit", "contest"]
    inlines = [RuleInline, PrizeInline]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "email", "phone", "workplace", "verified_at"]
    search_fields = ["full_name", "email", "phone"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "exam", "number", "status", "started_at", "deadline", "score"]
    list_filter = ["status", "finished_by"]
    search_fields = ["candidate__full_name", "candidate__email", "candidate__phone"]
    list_select_related = ["candidate", "exam"]
    exclude = ["slots", "answers"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["exam", "rank", "candidate", "score", "prize", "certificate_code"]
    search_fields = ["candidate__full_name", "certificate_code"]
    list_select_related = ["exam", "candidate"]
