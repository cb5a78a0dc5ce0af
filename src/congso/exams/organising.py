"""Organising exams and contests: every write of the organisers' screens, with its audit row.

Contests: create, update, publish, finish. Exams (a test or one round of a contest): create,
update, paper rules, prize tiers, publish (papers drawn into the pool), close (open attempts
finalised), the supervisor's start, and extra time for one candidate's open attempt.

Editing what papers are drawn from (the bank, the rules, the shuffles, the prediction question)
of a published exam throws away the papers nobody has taken and draws a fresh pool, so that
attempts already started keep their paper and new starts get the new one.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_log, diff, snapshot
from congso.core.exceptions import Conflict, InvalidTransition, ValidationFailed
from congso.core.text import slugify_vi
from congso.exams import papers
from congso.exams.models import (
    Attempt,
    Contest,
    Difficulty,
    Exam,
    PaperRule,
    Prize,
    QuestionBank,
    QuestionCategory,
    QuestionImage,
    QuestionType,
)

# Papers drawn ahead when an exam is published; a contest round expects a crowd at the start.
PAPER_POOL_SIZE = 200
CONTEST_PAPER_POOL_SIZE = 1000

MAX_RULE_COUNT = 500
MAX_PRIZE_COUNT = 10_000
MAX_EXTRA_MINUTES = 120
MAX_IMAGE_BYTES = 5 * 1024 * 1024

CONTEST_FIELDS = (
    "org_unit",
    "title",
    "slug",
    "summary",
    "rules",
    "prizes",
    "registration_opens_at",
    "registration_closes_at",
    "require_citizen_id",
)
EXAM_FIELDS = (
    "org_unit",
    "round_number",
    "title",
    "slug",
    "description",
    "bank",
    "opens_at",
    "closes_at",
    "time_limit_minutes",
    "grace_seconds",
    "attempts_allowed",
    "grading",
    "layout",
    "shuffle_questions",
    "shuffle_choices",
    "review_show_responses",
    "review_show_correct",
    "review_correct_after_close",
    "prediction_question",
    "ranking_order",
    "access",
    "allowed_contacts",
    "allowed_networks",
    "supervised_start",
)
# Changing one of these on a published exam redraws the pool of untaken papers.
DRAW_FIELDS = ("bank_id", "shuffle_questions", "shuffle_choices", "prediction_question_id")
FINISHED_EXAM = (Exam.Status.CLOSED, Exam.Status.RANKED)


# --- validation shared with the forms ------------------------------------------------------


def parse_networks(text: str) -> list[str]:
    """IP networks, one a line ("10.20.0.0/16", "2001:db8::/32", a single address); raises
    ValidationFailed naming the first line that is not one."""
    networks = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            network = ipaddress.ip_network(line, strict=False)
        except ValueError:
            raise ValidationFailed(
                _(
                    "Dòng %(n)s: “%(value)s” không phải là dải địa chỉ IP hợp lệ "
                    "(ví dụ 10.20.0.0/16 hoặc 203.162.4.10)."
                )
                % {"n": number, "value": line[:60]}
            ) from None
        if str(network) not in networks:
            networks.append(str(network))
    return networks


def parse_contacts(text: str) -> list[str]:
    """Emails (lower-cased) and phone numbers (as 0xxxxxxxxx), one a line (or separated by
    commas), as candidates sign in with them; raises ValidationFailed naming a bad line."""
    from congso.exams.candidates import parse_contact

    contacts: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        for part in line.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                value = parse_contact(part).value
            except ValidationFailed:
                raise ValidationFailed(
                    _("Dòng %(n)s: “%(value)s” không phải là thư điện tử hay số điện thoại hợp lệ.")
                    % {"n": number, "value": part[:80]}
                ) from None
            if value not in contacts:
                contacts.append(value)
    return contacts


def check_ranking_order(order: Sequence[str]) -> list[str]:
    keys = [str(k) for k in order or []]
    if any(k not in Exam.RANKING_KEYS for k in keys):
        raise ValidationFailed(_("Tiêu chí xếp hạng không hợp lệ."))
    if len(set(keys)) != len(keys):
        raise ValidationFailed(_("Mỗi tiêu chí xếp hạng chỉ được chọn một lần."))
    return keys


def _check_window(opens_at, closes_at, *, what: str) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationFailed(
            _("%(what)s: thời điểm đóng phải sau thời điểm mở.") % {"what": what}
        )


def _unique_slug(model, base: str, *, exclude_pk: int | None = None) -> str:
    base = slugify_vi(base, max_length=70) or "thi"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(obj, allowed: Sequence[str], fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationFailed(
            _("Không sửa được các mục: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        setattr(obj, name, value)


def _full_clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- contests ------------------------------------------------------------------------------


def _prepare_contest(contest: Contest) -> None:
    contest.title = " ".join((contest.title or "").split())
    if not contest.title:
        raise ValidationFailed(_("Hãy đặt tên cho cuộc thi."))
    if not contest.slug:
        contest.slug = _unique_slug(Contest, contest.title, exclude_pk=contest.pk)
    _check_window(
        contest.registration_opens_at, contest.registration_closes_at, what=_("Đăng ký dự thi")
    )
    _full_clean(contest)


@transaction.atomic
def contest_create(*, actor, fields: Mapping[str, Any]) -> Contest:
    contest = Contest(created_by=_user(actor))
    _apply(contest, CONTEST_FIELDS, fields)
    _prepare_contest(contest)
    contest.save()
    audit_log(
        actor=actor,
        action="exams.contest_create",
        obj=contest,
        changes=snapshot(contest, ["title", "slug", "org_unit_id"]),
    )
    return contest


@transaction.atomic
def contest_update(*, actor, contest: Contest, fields: Mapping[str, Any]) -> Contest:
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.status == Contest.Status.FINISHED:
        raise InvalidTransition(_("Cuộc thi đã kết thúc, không sửa được nữa."))
    before = snapshot(contest)
    _apply(contest, CONTEST_FIELDS, fields)
    _prepare_contest(contest)
    contest.save()
    changes = diff(before, snapshot(contest))
    changes.pop("updated_at", None)
    if changes:
        audit_log(actor=actor, action="exams.contest_update", obj=contest, changes=changes)
    return contest


@transaction.atomic
def contest_publish(*, actor, contest: Contest) -> Contest:
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.status != Contest.Status.DRAFT:
        raise InvalidTransition(_("Chỉ công bố được cuộc thi đang chuẩn bị."))
    contest.status = Contest.Status.PUBLISHED
    contest.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="exams.contest_publish",
        obj=contest,
        changes={"status": [Contest.Status.DRAFT, contest.status]},
    )
    return contest


@transaction.atomic
def contest_finish(*, actor, contest: Contest) -> Contest:
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.status != Contest.Status.PUBLISHED:
        raise InvalidTransition(_("Chỉ kết thúc được cuộc thi đã công bố."))
    still_open = contest.rounds.filter(status=Exam.Status.PUBLISHED).order_by("round_number")
    if still_open.exists():
        raise InvalidTransition(
            _("Còn vòng thi chưa kết thúc: %(titles)s.")
            % {"titles": ", ".join(e.title for e in still_open[:5])}
        )
    contest.status = Contest.Status.FINISHED
    contest.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="exams.contest_finish",
        obj=contest,
        changes={"status": [Contest.Status.PUBLISHED, contest.status]},
    )
    return contest


# --- exams ---------------------------------------------------------------------------------


def pool_size(exam: Exam) -> int:
    return CONTEST_PAPER_POOL_SIZE if exam.contest_id else PAPER_POOL_SIZE


def _prepare_exam(exam: Exam) -> None:
    exam.title = " ".join((exam.title or "").split())
    if not exam.title:
        raise ValidationFailed(_("Hãy đặt tên cho bài thi."))
    contest = exam.contest
    if contest is not None:
        exam.org_unit_id = contest.org_unit_id
    from congso.exams.urls import RESERVED_SLUGS

    if exam.slug in RESERVED_SLUGS:
        raise ValidationFailed(
            _("Đường dẫn “%(slug)s” đã dành cho trang khác, hãy chọn đường dẫn khác.")
            % {"slug": exam.slug}
        )
    if not exam.slug:
        base = exam.title
        if contest is not None:
            base = f"{contest.slug} vong {exam.round_number}"
        if slugify_vi(base) in RESERVED_SLUGS:
            base = f"{base} bai thi"
        exam.slug = _unique_slug(Exam, base, exclude_pk=exam.pk)
    _check_window(exam.opens_at, exam.closes_at, what=_("Thời gian thi"))
    if not 1 <= (exam.attempts_allowed or 0) <= 3:
        raise ValidationFailed(_("Số lần làm bài phải từ 1 đến 3."))
    exam.ranking_order = check_ranking_order(exam.ranking_order)
    exam.allowed_networks = "\n".join(parse_networks(exam.allowed_networks))
    contacts = parse_contacts(exam.allowed_contacts)
    exam.allowed_contacts = "\n".join(contacts)
    if exam.access == Exam.Access.LIST and not contacts:
        raise ValidationFailed(
            _("Bài thi chỉ dành cho thí sinh trong danh sách: hãy nhập danh sách thí sinh.")
        )
    prediction = exam.prediction_question
    if prediction is not None and (
        prediction.bank_id != exam.bank_id
        or prediction.qtype != QuestionType.PREDICTION
        or prediction.is_archived
    ):
        raise ValidationFailed(
            _("Câu hỏi dự đoán phải là câu hỏi loại dự đoán, còn dùng, của ngân hàng đã chọn.")
        )
    _full_clean(exam)


def _redraw(exam: Exam) -> int:
    """Replace the untaken papers of a published exam; refuse (roll back) when undrawable."""
    papers.papers_discard_unused(exam=exam)
    problems = papers.check_drawable(exam)
    if problems:
        raise ValidationFailed(
            _("Không rút được đề theo thay đổi này: %(problems)s")
            % {"problems": " ".join(problems)},
            extra={"problems": problems},
        )
    return papers.papers_prepare(exam=exam, count=pool_size(exam))


@transaction.atomic
def exam_create(*, actor, fields: Mapping[str, Any], contest: Contest | None = None) -> Exam:
    exam = Exam(created_by=_user(actor), contest=contest)
    _apply(exam, EXAM_FIELDS, fields)
    _prepare_exam(exam)
    exam.save()
    audit_log(
        actor=actor,
        action="exams.exam_create",
        obj=exam,
        changes=snapshot(exam, ["title", "slug", "org_unit_id", "contest_id", "bank_id"]),
    )
    return exam


@transaction.atomic
def exam_update(*, actor, exam: Exam, fields: Mapping[str, Any]) -> Exam:
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status in FINISHED_EXAM:
        raise InvalidTransition(_("Bài thi đã kết thúc, không sửa được nữa."))
    before = snapshot(exam)
    _apply(exam, EXAM_FIELDS, fields)
    if (
        exam.bank_id != before["bank_id"]
        and exam.rules.exclude(category__bank_id=exam.bank_id).exists()
    ):
        raise ValidationFailed(
            _(
                "Các quy tắc rút câu hỏi đang theo chủ đề của ngân hàng cũ: hãy xoá các quy tắc "
                "trước khi đổi ngân hàng câu hỏi."
            )
        )
    _prepare_exam(exam)
    exam.save()
    changes = diff(before, snapshot(exam))
    changes.pop("updated_at", None)
    redrawn = 0
    if exam.status == Exam.Status.PUBLISHED and any(f in changes for f in DRAW_FIELDS):
        redrawn = _redraw(exam)
    if changes:
        audit_log(
            actor=actor,
            action="exams.exam_update",
            obj=exam,
            changes={**changes, **({"papers_redrawn": redrawn} if redrawn else {})},
        )
    return exam


def _decimal(value: Any, *, where: str) -> Decimal:
    try:
        number = Decimal(str(value if value not in (None, "") else 1).replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed(_("%(where)s: điểm phải là số.") % {"where": where}) from None
    if not number.is_finite() or not Decimal(0) < number <= Decimal(100):
        raise ValidationFailed(
            _("%(where)s: điểm mỗi câu phải lớn hơn 0 và không quá 100.") % {"where": where}
        )
    return number.quantize(Decimal("0.01"))


def _count(value: Any, *, where: str, maximum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("%(where)s: số lượng phải là số nguyên.") % {"where": where}
        ) from None
    if not 1 <= number <= maximum:
        raise ValidationFailed(
            _("%(where)s: số lượng phải từ 1 đến %(max)s.") % {"where": where, "max": maximum}
        )
    return number


@transaction.atomic
def exam_rules_set(*, actor, exam: Exam, rules: Sequence[Mapping[str, Any]]) -> list[PaperRule]:
    """Replace the exam's paper rules: each {category, include_subcategories, difficulty, count,
    mark}. A published exam gets a fresh pool of papers (refused when it cannot be drawn)."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status in FINISHED_EXAM:
        raise InvalidTransition(_("Bài thi đã kết thúc, không sửa được quy tắc rút câu hỏi."))
    new_rules = []
    for position, raw in enumerate(rules, start=1):
        where = _("Quy tắc %(n)s") % {"n": position}
        category = raw.get("category")
        if not isinstance(category, QuestionCategory) or category.bank_id != exam.bank_id:
            raise ValidationFailed(
                _("%(where)s: chủ đề không thuộc ngân hàng câu hỏi của bài thi.") % {"where": where}
            )
        difficulty = raw.get("difficulty") or ""
        if difficulty and difficulty not in Difficulty.values:
            raise ValidationFailed(_("%(where)s: độ khó không hợp lệ.") % {"where": where})
        rule = PaperRule(
            exam=exam,
            category=category,
            include_subcategories=bool(raw.get("include_subcategories", True)),
            difficulty=difficulty,
            count=_count(raw.get("count"), where=where, maximum=MAX_RULE_COUNT),
            mark=_decimal(raw.get("mark"), where=where),
            position=position,
        )
        _full_clean(rule)
        new_rules.append(rule)
    old = [_rule_summary(r) for r in exam.rules.select_related("category")]
    exam.rules.all().delete()
    PaperRule.objects.bulk_create(new_rules)
    redrawn = _redraw(exam) if exam.status == Exam.Status.PUBLISHED else 0
    audit_log(
        actor=actor,
        action="exams.exam_rules_set",
        obj=exam,
        changes={
            "rules": [old, [_rule_summary(r) for r in new_rules]],
            **({"papers_redrawn": redrawn} if redrawn else {}),
        },
    )
    return list(exam.rules.select_related("category"))


def _rule_summary(rule: PaperRule) -> str:
    return (
        f"{rule.count}×{rule.category_id}{'+' if rule.include_subcategories else ''}"
        f"/{rule.difficulty or '*'}@{rule.mark}"
    )


@transaction.atomic
def exam_prizes_set(*, actor, exam: Exam, prizes: Sequence[Mapping[str, Any]]) -> list[Prize]:
    """Replace the exam's prize tiers: each {name, count, value}, in order (first prize first)."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status == Exam.Status.RANKED:
        raise InvalidTransition(_("Bài thi đã xếp hạng, không sửa được cơ cấu giải."))
    tiers = []
    for position, raw in enumerate(prizes, start=1):
        where = _("Giải %(n)s") % {"n": position}
        name = " ".join(str(raw.get("name") or "").split())
        if not name:
            raise ValidationFailed(_("%(where)s: hãy nhập tên giải.") % {"where": where})
        tier = Prize(
            exam=exam,
            name=name[:100],
            count=_count(raw.get("count"), where=where, maximum=MAX_PRIZE_COUNT),
            value=" ".join(str(raw.get("value") or "").split())[:100],
            position=position,
        )
        _full_clean(tier)
        tiers.append(tier)
    old = [f"{p.name}×{p.count}" for p in exam.prize_tiers.all()]
    exam.prize_tiers.all().delete()
    Prize.objects.bulk_create(tiers)
    audit_log(
        actor=actor,
        action="exams.exam_prizes_set",
        obj=exam,
        changes={"prizes": [old, [f"{p.name}×{p.count}" for p in tiers]]},
    )
    return list(exam.prize_tiers.all())


@transaction.atomic
def exam_publish(*, actor, exam: Exam) -> Exam:
    """Draft → published: refused with the reasons when papers cannot be drawn; then the pool."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != Exam.Status.DRAFT:
        raise InvalidTransition(_("Chỉ công bố được bài thi đang soạn."))
    if exam.closes_at <= timezone.now():
        raise ValidationFailed(_("Thời điểm đóng bài thi đã qua: hãy sửa thời gian thi."))
    problems = papers.check_drawable(exam)
    if problems:
        raise ValidationFailed(
            _("Chưa công bố được bài thi: %(problems)s") % {"problems": " ".join(problems)},
            extra={"problems": problems},
        )
    exam.status = Exam.Status.PUBLISHED
    exam.save(update_fields=["status", "updated_at"])
    drawn = papers.papers_prepare(exam=exam, count=pool_size(exam))
    audit_log(
        actor=actor,
        action="exams.exam_publish",
        obj=exam,
        changes={"status": [Exam.Status.DRAFT, exam.status], "papers": drawn},
    )
    return exam


@transaction.atomic
def exam_close(*, actor, exam: Exam, reason: str = "") -> Exam:
    """Published → closed, now: open attempts are submitted as they stand."""
    from congso.exams.attempts import attempts_finalize_open

    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != Exam.Status.PUBLISHED:
        raise InvalidTransition(_("Chỉ kết thúc được bài thi đang công bố."))
    now = timezone.now()
    before = {"status": exam.status, "closes_at": exam.closes_at}
    closes_before = exam.closes_at
    exam.status = Exam.Status.CLOSED
    exam.closes_at = min(exam.closes_at, now)
    exam.save(update_fields=["status", "closes_at", "updated_at"])
    # At its closing time the server closes it; before, an organiser ended it early.
    by = "server" if now >= closes_before else "organiser"
    finalized = attempts_finalize_open(exam=exam, by=by, now=now)
    papers.papers_discard_unused(exam=exam)
    audit_log(
        actor=actor,
        action="exams.exam_close",
        obj=exam,
        changes={
            "status": [before["status"], exam.status],
            "closes_at": [before["closes_at"], exam.closes_at],
            "attempts_finalized": finalized if isinstance(finalized, int) else None,
        },
        reason=reason,
    )
    from congso.exams.tasks import rank_exam

    exam_id = exam.pk
    transaction.on_commit(lambda: rank_exam.enqueue(exam_id))
    return exam


@transaction.atomic
def exam_supervisor_start(*, actor, exam: Exam) -> Exam:
    """The supervisor lets the candidates of a supervised exam start."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if exam.status != Exam.Status.PUBLISHED:
        raise InvalidTransition(_("Chỉ bắt đầu ca thi của bài thi đang công bố."))
    if not exam.supervised_start:
        raise InvalidTransition(_("Bài thi này không cần giám thị cho phép bắt đầu."))
    if exam.supervisor_started_at is not None:
        raise Conflict(
            _("Ca thi đã được bắt đầu lúc %(at)s.")
            % {"at": f"{timezone.localtime(exam.supervisor_started_at):%H:%M %d/%m/%Y}"}
        )
    exam.supervisor_started_at = timezone.now()
    exam.save(update_fields=["supervisor_started_at", "updated_at"])
    audit_log(
        actor=actor,
        action="exams.exam_supervisor_start",
        obj=exam,
        changes={"supervisor_started_at": exam.supervisor_started_at},
    )
    return exam


@transaction.atomic
def attempt_extend(*, actor, attempt: Attempt, minutes: int, reason: str) -> Attempt:
    """Give one candidate's open attempt extra minutes (1–120), with the reason recorded."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(_("Hãy ghi lý do cho thêm thời gian."))
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationFailed(_("Số phút cho thêm phải là số nguyên."))
    if not 1 <= minutes <= MAX_EXTRA_MINUTES:
        raise ValidationFailed(
            _("Số phút cho thêm phải từ 1 đến %(max)s.") % {"max": MAX_EXTRA_MINUTES}
        )
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.status != Attempt.Status.OPEN:
        raise InvalidTransition(_("Chỉ cho thêm thời gian với lượt đang làm bài."))
    old_deadline = attempt.deadline
    attempt.extra_seconds += minutes * 60
    attempt.deadline = old_deadline + timedelta(minutes=minutes)
    attempt.save(update_fields=["extra_seconds", "deadline"])
    audit_log(
        actor=actor,
        action="exams.attempt_extend",
        obj=attempt,
        changes={"minutes": minutes, "deadline": [old_deadline, attempt.deadline]},
        reason=reason,
    )
    return attempt


# --- images in question texts --------------------------------------------------------------


IMAGE_NAME_RE = re.compile(r"[^\w.\-]+")


@transaction.atomic
def question_image_add(*, actor, bank: QuestionBank, file, name: str = "") -> QuestionImage:
    """Store an image (JPEG or PNG, recognised from its bytes) for the bank's question texts."""
    from congso.core.uploads import JPEG, PNG, sniff

    size = getattr(file, "size", None) or 0
    if size > MAX_IMAGE_BYTES:
        raise ValidationFailed(_("Ảnh quá lớn: tối đa 5 MB."))
    if sniff(file) not in {JPEG, PNG}:
        raise ValidationFailed(_("Chỉ nhận ảnh JPEG hoặc PNG."))
    original = (name or getattr(file, "name", "") or "anh")[-255:]
    image = QuestionImage(bank=bank, name=original)
    image.image.save(IMAGE_NAME_RE.sub("-", original)[-80:] or "anh.png", file, save=False)
    image.save()
    audit_log(actor=actor, action="exams.question_image_add", obj=bank, changes={"image": image.pk})
    return image
