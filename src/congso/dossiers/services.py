"""Every write on dossiers: one function per transition, each in a transaction with its row locked,
a `DossierEvent` the citizen reads and an audit row; mail leaves after commit.

State machine (TRANSITIONS; codes of the national portal in brackets):
  draft → submitted [1] → received [2] → in_process [4] → result_ready [9] → returned [10]
  submitted → supplement [5] (before reception: the clock has not started) → submitted
  received/in_process → supplement [5] (the clock pauses) → in_process (due date moved on)
  submitted/received → refused [3];  submitted/supplement (before reception) → withdrawn [7]
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.accounts.validators import validate_phone
from congso.core.audit import audit_log
from congso.core.exceptions import Conflict, InvalidTransition, NotPermitted, ValidationFailed
from congso.core.workdays import add_working_time, working_time_between
from congso.dossiers import permissions, processing, signing
from congso.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierSequence,
    SupplementRequest,
)
from congso.procedures import schema as form_schema
from congso.procedures.models import Procedure, ProcedureCase, RequiredPaper

S = Dossier.Status

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "withdraw": (frozenset({S.SUBMITTED, S.SUPPLEMENT}), S.WITHDRAWN),
    "receive": (frozenset({S.SUBMITTED}), S.RECEIVED),
    "start_processing": (frozenset({S.RECEIVED}), S.IN_PROCESS),
    "request_supplement": (frozenset({S.SUBMITTED, S.RECEIVED, S.IN_PROCESS}), S.SUPPLEMENT),
    "answer_supplement": (frozenset({S.SUPPLEMENT}), S.IN_PROCESS),  # or SUBMITTED, see below
    "refuse": (frozenset({S.SUBMITTED, S.RECEIVED}), S.REFUSED),
    "issue_result": (frozenset({S.RECEIVED, S.IN_PROCESS}), S.RESULT_READY),
    "return_result": (frozenset({S.RESULT_READY}), S.RETURNED),
}

ACTION_LABELS = {
    "claim": gettext_lazy("nhận xử lý"),
    "forward": gettext_lazy("chuyển bước tiếp theo"),
    "return": gettext_lazy("trả lại bước trước"),
    "approve": gettext_lazy("phê duyệt"),
    "reject": gettext_lazy("không phê duyệt"),
    "start": gettext_lazy("tạo hồ sơ"),
    "submit": gettext_lazy("nộp hồ sơ"),
    "withdraw": gettext_lazy("rút hồ sơ"),
    "receive": gettext_lazy("tiếp nhận hồ sơ"),
    "start_processing": gettext_lazy("chuyển xử lý"),
    "request_supplement": gettext_lazy("yêu cầu bổ sung hồ sơ"),
    "answer_supplement": gettext_lazy("bổ sung hồ sơ"),
    "refuse": gettext_lazy("từ chối tiếp nhận"),
    "issue_result": gettext_lazy("trả kết quả điện tử"),
    "return_result": gettext_lazy("trả kết quả"),
    "rate": gettext_lazy("đánh giá mức độ hài lòng"),
    "apologize": gettext_lazy("hẹn lại ngày trả kết quả"),
    "send_child": gettext_lazy("gửi hồ sơ liên thông"),
    "child_returned": gettext_lazy("nhận kết quả liên thông"),
}

APPLICANT_FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "organization_name",
    "tax_code",
    "address",
    "phone",
    "email",
    "result_delivery",
)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _check_transition(dossier: Dossier, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if dossier.status not in sources:
        raise InvalidTransition(
            _("Không thể %(action)s khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": action_label(action), "status": dossier.get_status_display()},
            extra={"status": dossier.status, "action": action},
        )
    return target


def _locked(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "case", "agency")
        .get(pk=dossier.pk)
    )


def _record(
    dossier: Dossier,
    *,
    actor: Any,
    action: str,
    from_status: str = "",
    note: str = "",
    changes: dict | None = None,
) -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    DossierEvent.objects.create(
        dossier=dossier,
        actor=user,
        actor_name=(user.full_name or user.email) if user else str(actor or ""),
        action=action,
        from_status=from_status,
        to_status=dossier.status if from_status != dossier.status else "",
        note=note,
    )
    if from_status and from_status != dossier.status:
        changes = {"status": [from_status, dossier.status], **(changes or {})}
    audit_log(
        actor=actor, action=f"dossier.{action}", obj=dossier, changes=changes or {}, reason=note
    )


_mail_off: ContextVar[bool] = ContextVar("congso_dossier_mail_off", default=False)


@contextmanager
def mail_suppressed():
    """No mail for what happens inside (the demo's made-up applicants have no real inboxes)."""
    token = _mail_off.set(True)
    try:
        yield
    finally:
        _mail_off.reset(token)


def _enqueue_mail(dossier_id: int, kind: str) -> None:
    from congso.dossiers.tasks import send_dossier_mail

    if _mail_off.get():
        return
    if Dossier.objects.filter(pk=dossier_id, parent__isnull=False).exists():
        return  # an inter-agency child: the applicant hears from the parent dossier
    transaction.on_commit(lambda: send_dossier_mail.enqueue(dossier_id=dossier_id, kind=kind))


# --- codes -------------------------------------------------------------------------------------


def next_dossier_code(*, agency, day: date) -> str:
    """`{agency code}-{yymmdd}-{NNNN}`: the next number of `agency`'s sequence for `day`.

    One statement increments the day's counter and returns it (an upsert), so concurrent
    submissions queue on the row lock and each gets its own number; it runs inside the caller's
    transaction, so a submission that fails gives its number back and none is skipped.
    """
    table = DossierSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [agency.pk, day],
        )
        number = cursor.fetchone()[0]
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"


# --- citizen side ------------------------------------------------------------------------------


def agencies_for(procedure: Procedure):
    return procedure.agencies.filter(is_active=True).order_by("path")


@transaction.atomic
def dossier_start(
    *,
    applicant,
    procedure: Procedure,
    agency=None,
    case: ProcedureCase | None = None,
    client_token: str = "",
) -> Dossier:
    """A new draft for `procedure` at `agency`, filled with the applicant's profile.

    The same `client_token` (the start form's hidden token) returns the draft it created before,
    so a double click, two tabs or a retry never make two dossiers.
    """
    if not getattr(applicant, "is_authenticated", False):
        raise NotPermitted(_("Vui lòng đăng nhập để nộp hồ sơ trực tuyến."))
    client_token = (client_token or "").strip()[:64]
    if client_token:
        existing = Dossier.objects.filter(applicant=applicant, client_token=client_token).first()
        if existing is not None:
            if existing.procedure_id != procedure.pk:
                raise Conflict(_("Mã phiên tạo hồ sơ này đã dùng cho một thủ tục khác."))
            return existing
    if not procedure.is_online:
        raise ValidationFailed(
            _("Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp.")
        )
    agency = _checked_agency_and_case(procedure, agency, case)
    dossier = Dossier(
        procedure=procedure,
        case=case,
        agency=agency,
        applicant=applicant,
        applicant_name=applicant.full_name or "",
        applicant_id_number=applicant.citizen_id or "",
        organization_name=applicant.organization_name or "",
        tax_code=applicant.tax_code or "",
        phone=applicant.phone or "",
        email=applicant.email or "",
        client_token=client_token,
    )
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:  # the same token raced in from another tab
        if not client_token:
            raise
        return Dossier.objects.get(applicant=applicant, client_token=client_token)
    _record(dossier, actor=applicant, action="start", changes={"procedure": procedure.code})
    return dossier


def _checked_agency_and_case(procedure: Procedure, agency, case: ProcedureCase | None):
    """The receiving agency (the only one, when the procedure has one) once it and the case fit
    the procedure; a ValidationFailed naming the field otherwise."""
    agencies = list(agencies_for(procedure))
    if agency is None and len(agencies) == 1:
        agency = agencies[0]
    if agency is None or agency.pk not in {a.pk for a in agencies}:
        message = _("Vui lòng chọn cơ quan tiếp nhận hồ sơ.")
        raise ValidationFailed(message, extra={"errors": {"agency": [message]}})
    if case is not None and case.procedure_id != procedure.pk:
        raise ValidationFailed(_("Trường hợp không thuộc thủ tục này."))
    if case is None and procedure.cases.exists():
        message = _("Vui lòng chọn trường hợp phù hợp với hồ sơ của bạn.")
        raise ValidationFailed(message, extra={"errors": {"case": [message]}})
    return agency


def store_file(
    *, dossier: Dossier, upload, kind: str, actor, paper_id: int | None = None, name: str = ""
) -> DossierFile:
    """Check an upload (type from its bytes, photos compressed) and keep it on the dossier."""
    from congso.core.uploads import prepare_upload

    name = (name or getattr(upload, "name", "") or "tep").strip()[:200]
    try:
        prepared = prepare_upload(upload, original_name=name)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), extra={"code": error.code}) from None
    item = DossierFile(
        dossier=dossier,
        paper_id=paper_id,
        kind=kind,
        original_name=name,
        content_type=prepared.content_type,
        size=prepared.size,
        original_size=prepared.original_size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    item.file.save(prepared.name, prepared.content, save=False)
    item.save()
    return item


def _check_owner(actor, dossier: Dossier) -> None:
    if not permissions.is_applicant(actor, dossier):
        raise NotPermitted(_("Bạn không có quyền thao tác trên hồ sơ này."))


def _check_draft(dossier: Dossier) -> None:
    if dossier.status != S.DRAFT:
        raise InvalidTransition(
            _("Hồ sơ đã nộp, không sửa được nữa (trạng thái: “%(status)s”).")
            % {"status": dossier.get_status_display()},
            extra={"status": dossier.status},
        )


@transaction.atomic
def dossier_save_draft(
    *,
    actor,
    dossier: Dossier,
    values: dict[str, Any] | None = None,
    applicant: dict[str, str] | None = None,
) -> Dossier:
    """Keep what was typed, valid or not yet: nothing typed is ever lost (autosave, retries)."""
    dossier = _locked(dossier)
    _check_owner(actor, dossier)
    _check_draft(dossier)
    changed: list[str] = []
    if values is not None:
        known = {name for name, _spec, _req in form_schema.fields_of(dossier.procedure.form_schema)}
        merged = {**dossier.form_data, **{k: v for k, v in values.items() if k in known}}
        if merged != dossier.form_data:
            dossier.form_data = merged
            changed.append("form_data")
    deliveries = {value for value, _label in Dossier._meta.get_field("result_delivery").choices}
    for name, value in (applicant or {}).items():
        if name == "result_delivery" and value not in deliveries:
            continue  # a value the form never offers: keep the current choice
        if name in APPLICANT_FIELDS and value is not None:
            value = str(value).strip()[: Dossier._meta.get_field(name).max_length]
            if getattr(dossier, name) != value:
                setattr(dossier, name, value)
                changed.append(name)
    if changed:
        dossier.save(update_fields=[*changed, "updated_at"])
    return dossier


def _paper_for(dossier: Dossier, paper_id: int | None) -> RequiredPaper | None:
    if paper_id is None:
        return None
    paper = dossier.required_papers().filter(pk=paper_id).first()
    if paper is None:
        raise ValidationFailed(_("Thành phần hồ sơ không thuộc thủ tục này."))
    return paper


def _open_supplement(dossier: Dossier) -> SupplementRequest | None:
    return dossier.supplements.filter(answered_at__isnull=True).first()


@transaction.atomic
def dossier_attach_file(
    *, actor, dossier: Dossier, paper_id: int | None, upload, original_name: str = ""
) -> DossierFile:
    """Check and store one uploaded paper (photos compressed to about 1 MB a page)."""
    dossier = _locked(dossier)
    _check_owner(actor, dossier)
    if dossier.status not in {S.DRAFT, S.SUPPLEMENT}:
        _check_draft(dossier)
    paper = _paper_for(dossier, paper_id)
    item = store_file(
        dossier=dossier,
        upload=upload,
        kind=DossierFile.Kind.PAPER,
        actor=actor,
        paper_id=paper.pk if paper else None,
        name=original_name,
    )
    name = item.original_name
    audit_log(
        actor=actor,
        action="dossier.attach_file",
        obj=dossier,
        changes={"file": item.pk, "paper": paper.pk if paper else None, "name": name},
    )
    return item


@transaction.atomic
def dossier_remove_file(*, actor, dossier: Dossier, file_id: int) -> None:
    """Take a paper off the draft (kept on disk and in the audit trail, no longer counted)."""
    dossier = _locked(dossier)
    _check_owner(actor, dossier)
    item = dossier.files.filter(pk=file_id, removed_at__isnull=True, kind="paper").first()
    if item is None:
        raise ValidationFailed(_("Không tìm thấy tệp cần gỡ."))
    if dossier.status == S.SUPPLEMENT:
        request = _open_supplement(dossier)
        if request is None or item.created_at < request.created_at:
            raise InvalidTransition(_("Chỉ gỡ được tệp vừa bổ sung."))
    else:
        _check_draft(dossier)
    item.removed_at = timezone.now()
    item.save(update_fields=["removed_at", "updated_at"])
    audit_log(actor=actor, action="dossier.remove_file", obj=dossier, changes={"file": item.pk})


def current_files(dossier: Dossier):
    return dossier.files.filter(removed_at__isnull=True, kind=DossierFile.Kind.PAPER)


def submission_problems(dossier: Dossier) -> dict[str, list[str]]:
    """Everything that stops the submission, by field: shown all at once, never one by one."""
    errors: dict[str, list[str]] = {}
    schema = dossier.procedure.form_schema
    if schema:
        form = form_schema.dossier_form(schema, form_schema.as_form_data(schema, dossier.form_data))
        if not form.is_valid():
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else name
                errors[f"f-{name}"] = [f"{label}: {m}" for m in messages]
    if not dossier.applicant_name.strip():
        errors["applicant_name"] = [_("Vui lòng nhập họ và tên người nộp hồ sơ.")]
    if not (dossier.phone.strip() or dossier.email.strip()):
        errors["phone"] = [_("Vui lòng nhập số điện thoại hoặc thư điện tử để nhận thông báo.")]
    for name, validator in (("email", validate_email), ("phone", validate_phone)):
        value = getattr(dossier, name).strip()
        if value:
            try:
                validator(value)
            except ValidationError as error:
                label = Dossier._meta.get_field(name).verbose_name
                errors[name] = [f"{str(label).capitalize()}: {m}" for m in error.messages]
    uploaded = set(current_files(dossier).values_list("paper_id", flat=True))
    for paper in dossier.required_papers().filter(is_required=True):
        if paper.pk not in uploaded:
            errors[f"paper-{paper.pk}"] = [_("Chưa tải lên “%(paper)s”.") % {"paper": paper.name}]
    return errors


def _validated_values(dossier: Dossier) -> dict:
    schema = dossier.procedure.form_schema
    if not schema:
        return {}
    form = form_schema.dossier_form(schema, form_schema.as_form_data(schema, dossier.form_data))
    form.is_valid()
    return form_schema.cleaned_json(form)


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier) -> tuple[Dossier, bool]:
    """Submit the draft: (dossier, True) the first time; (dossier, False) for a repeated submit.

    A second click, another tab or a retry after a dropped connection finds the dossier already
    submitted and returns it unchanged: one dossier, one code, one email.
    """
    dossier = _locked(dossier)
    _check_owner(actor, dossier)
    if dossier.status != S.DRAFT and dossier.code:
        return dossier, False
    _check_transition(dossier, "submit")
    errors = submission_problems(dossier)
    if errors:
        raise ValidationFailed(
            _("Hồ sơ còn %(n)s nội dung cần hoàn thiện trước khi nộp.") % {"n": len(errors)},
            extra={"errors": errors},
        )
    dossier.form_data = _validated_values(dossier)
    now = timezone.now()
    dossier.code = next_dossier_code(agency=dossier.agency, day=timezone.localdate(now))
    dossier.status = S.SUBMITTED
    dossier.submitted_at = now
    dossier.processing_days = (
        dossier.case.effective_days if dossier.case else dossier.procedure.processing_days
    )
    dossier.save()
    _record(
        dossier,
        actor=actor,
        action="submit",
        from_status=S.DRAFT,
        changes={"code": dossier.code},
    )
    _enqueue_mail(dossier.pk, "submitted")
    return dossier, True


@transaction.atomic
def dossier_withdraw(*, actor, dossier: Dossier, reason: str) -> Dossier:
    """The applicant takes the dossier back before the desk receives it."""
    dossier = _locked(dossier)
    _check_owner(actor, dossier)
    if dossier.status == S.SUPPLEMENT and dossier.received_at is not None:
        raise InvalidTransition(_("Hồ sơ đã được tiếp nhận, không rút trực tuyến được nữa."))
    target = _check_transition(dossier, "withdraw")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Vui lòng cho biết lý do rút hồ sơ."),
            extra={"errors": {"reason": [_("Vui lòng cho biết lý do rút hồ sơ.")]}},
        )
    before = dossier.status
    dossier.status = target
    dossier.save(update_fields=["status", "updated_at"])
    _record(dossier, actor=actor, action="withdraw", from_status=before, note=reason)
    return dossier


@transaction.atomic
def dossier_answer_supplement(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    """The applicant has uploaded what was asked: the dossier goes back to the desk or handler.

    Before reception it returns to the queue (the clock never started); after reception the
    working time spent waiting is added to the appointment date.
    """
    dossier = _locked(dossier)
    _check_owner(actor, dossier)
    _check_transition(dossier, "answer_supplement")
    request = _open_supplement(dossier)
    if request is None:
        raise InvalidTransition(_("Hồ sơ không có yêu cầu bổ sung nào đang chờ."))
    new_files = current_files(dossier).filter(created_at__gte=request.created_at)
    if not new_files.exists() and not note.strip():
        raise ValidationFailed(
            _("Vui lòng tải lên giấy tờ cần bổ sung hoặc ghi chú giải trình trước khi gửi lại.")
        )
    now = timezone.now()
    before = dossier.status
    changes: dict[str, Any] = {}
    if dossier.received_at is None:
        dossier.status = S.SUBMITTED
    else:
        dossier.status = S.IN_PROCESS
        if dossier.due_at:
            paused = working_time_between(request.created_at, now)
            hours = paused / timedelta(hours=1)
            new_due = add_working_time(dossier.due_at, hours=hours)
            changes["due_at"] = [dossier.due_at.isoformat(), new_due.isoformat()]
            dossier.due_at = new_due
            processing.shift_open_step(dossier=dossier, hours=hours)
    dossier.save()
    request.answered_at = now
    request.answer_note = note.strip()
    request.save(update_fields=["answered_at", "answer_note", "updated_at"])
    _record(
        dossier,
        actor=actor,
        action="answer_supplement",
        from_status=before,
        note=note.strip(),
        changes=changes,
    )
    return dossier


@transaction.atomic
def dossier_rate(*, actor, dossier: Dossier, rating: int, comment: str = "") -> Dossier:
    """Mức độ hài lòng: once, after the result is out."""
    dossier = _locked(dossier)
    _check_owner(actor, dossier)
    if dossier.status not in {S.RESULT_READY, S.RETURNED}:
        raise InvalidTransition(_("Chỉ đánh giá được sau khi hồ sơ có kết quả."))
    if dossier.rated_at is not None:
        raise InvalidTransition(_("Bạn đã đánh giá hồ sơ này rồi. Cảm ơn bạn."))
    if rating not in Dossier.Rating.values:
        raise ValidationFailed(_("Vui lòng chọn một mức độ hài lòng."))
    dossier.rating = rating
    dossier.rating_comment = (comment or "").strip()[:2000]
    dossier.rated_at = timezone.now()
    dossier.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    _record(
        dossier,
        actor=actor,
        action="rate",
        note=dossier.rating_comment,
        changes={"rating": rating},
    )
    return dossier


# --- one-stop desk (officials) ------------------------------------------------------------------


def _check_desk(actor, dossier: Dossier) -> None:
    if not permissions.can_work_at_desk(actor, dossier.agency):
        raise NotPermitted(_("Chỉ cán bộ bộ phận một cửa của cơ quan tiếp nhận được thao tác."))


@transaction.atomic
def dossier_receive(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    """Accept the dossier: the clock starts and the appointment date is fixed in working days."""
    dossier = _locked(dossier)
    _check_desk(actor, dossier)
    target = _check_transition(dossier, "receive")
    now = timezone.now()
    days = dossier.processing_days or dossier.procedure.processing_days
    dossier.status = target
    dossier.received_at = now
    dossier.due_at = add_working_time(now, days=float(Decimal(days)))
    dossier.save()
    processing.process_start(dossier=dossier, clerk=actor, now=now)
    _record(
        dossier,
        actor=actor,
        action="receive",
        from_status=S.SUBMITTED,
        note=note,
        changes={"due_at": dossier.due_at.isoformat()},
    )
    _enqueue_mail(dossier.pk, "received")
    return dossier


@transaction.atomic
def dossier_request_supplement(
    *, actor, dossier: Dossier, items: list[dict[str, Any]], message: str = ""
) -> SupplementRequest:
    """Ask for everything missing or wrong at once, each item with its reason (Mẫu 02)."""
    dossier = _locked(dossier)
    _check_desk(actor, dossier)
    target = _check_transition(dossier, "request_supplement")
    fields = {name for name, _spec, _req in form_schema.fields_of(dossier.procedure.form_schema)}
    papers = set(dossier.required_papers().values_list("pk", flat=True))
    clean_items = []
    for item in items:
        reason = str(item.get("reason", "")).strip()
        paper, field = item.get("paper"), str(item.get("field") or "")
        if not reason:
            raise ValidationFailed(_("Mỗi nội dung cần bổ sung phải có lý do."))
        if paper is not None and paper not in papers:
            raise ValidationFailed(_("Thành phần hồ sơ không thuộc thủ tục này."))
        if field and field not in fields:
            raise ValidationFailed(_("Trường tờ khai không có trong biểu mẫu của thủ tục."))
        clean_items.append({"paper": paper, "field": field, "reason": reason})
    if not clean_items:
        raise ValidationFailed(_("Vui lòng liệt kê ít nhất một nội dung cần bổ sung."))
    before = dossier.status
    dossier.status = target
    dossier.save(update_fields=["status", "updated_at"])
    request = SupplementRequest.objects.create(
        dossier=dossier, requested_by=actor, message=message.strip(), items=clean_items
    )
    _record(
        dossier,
        actor=actor,
        action="request_supplement",
        from_status=before,
        note=message.strip(),
        changes={"items": clean_items},
    )
    _enqueue_mail(dossier.pk, "supplement")
    return request


@transaction.atomic
def dossier_refuse(*, actor, dossier: Dossier, reason: str) -> Dossier:
    dossier = _locked(dossier)
    _check_desk(actor, dossier)
    target = _check_transition(dossier, "refuse")
    if not (reason or "").strip():
        raise ValidationFailed(_("Vui lòng ghi rõ lý do từ chối."))
    before = dossier.status
    dossier.status = target
    dossier.finished_at = timezone.now()
    dossier.save(update_fields=["status", "finished_at", "updated_at"])
    processing.close_open_step(dossier=dossier, actor=actor, outcome="finished", note=reason)
    _record(dossier, actor=actor, action="refuse", from_status=before, note=reason.strip())
    _enqueue_mail(dossier.pk, "refused")
    return dossier


@transaction.atomic
def dossier_start_processing(*, actor, dossier: Dossier) -> Dossier:
    dossier = _locked(dossier)
    _check_desk(actor, dossier)
    target = _check_transition(dossier, "start_processing")
    dossier.status = target
    dossier.save(update_fields=["status", "updated_at"])
    _record(dossier, actor=actor, action="start_processing", from_status=S.RECEIVED)
    return dossier


@transaction.atomic
def dossier_issue_result(
    *, actor, dossier: Dossier, file, original_name: str = "", note: str = ""
) -> Dossier:
    """Attach the result document; the applicant can download it from the dossier page."""
    dossier = _locked(dossier)
    _check_desk(actor, dossier)
    target = _check_transition(dossier, "issue_result")
    processing.check_at_desk_step(dossier)
    item = store_file(
        dossier=dossier,
        upload=file,
        kind=DossierFile.Kind.RESULT,
        actor=actor,
        name=original_name or getattr(file, "name", "") or "ket-qua",
    )
    before = dossier.status
    dossier.status = target
    dossier.finished_at = timezone.now()
    dossier.save(update_fields=["status", "finished_at", "updated_at"])
    processing.close_open_step(dossier=dossier, actor=actor, outcome="finished", note=note)
    _record(dossier, actor=actor, action="issue_result", from_status=before, note=note)
    if dossier.parent_id:
        processing.child_finished(child=dossier, actor=actor)
    signing.sign_result_if_possible(dossier=dossier, item=item, actor=actor)
    _enqueue_mail(dossier.pk, "result")
    return dossier


@transaction.atomic
def dossier_return_result(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    dossier = _locked(dossier)
    _check_desk(actor, dossier)
    target = _check_transition(dossier, "return_result")
    dossier.status = target
    dossier.returned_at = timezone.now()
    dossier.save(update_fields=["status", "returned_at", "updated_at"])
    _record(dossier, actor=actor, action="return_result", from_status=S.RESULT_READY, note=note)
    return dossier


@transaction.atomic
def dossier_register_at_counter(
    *,
    clerk,
    procedure: Procedure,
    agency,
    case: ProcedureCase | None = None,
    applicant: dict[str, str],
    values: dict[str, Any],
    uploads: list[tuple[int | None, Any]],
    note: str = "",
) -> Dossier:
    """A dossier brought to the desk in person: recorded, scanned papers stored, received at once.

    Nothing is saved unless everything is valid: the form, the applicant, every required paper
    scanned, and every file accepted — the clerk fixes it while the citizen is still there.
    """
    if not permissions.can_work_at_desk(clerk, agency):
        raise NotPermitted(_("Chỉ cán bộ bộ phận một cửa của cơ quan tiếp nhận được thao tác."))
    if not agencies_for(procedure).filter(pk=agency.pk).exists():
        raise ValidationFailed(_("Cơ quan này không thực hiện thủ tục đã chọn."))
    agency = _checked_agency_and_case(procedure, agency, case)
    dossier = Dossier(
        procedure=procedure,
        case=case,
        agency=agency,
        channel=Dossier.Channel.COUNTER,
        applicant_name="",
    )
    for name in APPLICANT_FIELDS:
        if name in applicant and applicant[name] is not None:
            limit = Dossier._meta.get_field(name).max_length
            setattr(dossier, name, str(applicant[name]).strip()[:limit])
    known = {name for name, _spec, _req in form_schema.fields_of(procedure.form_schema)}
    dossier.form_data = {k: v for k, v in values.items() if k in known}
    dossier.save()
    errors: dict[str, list[str]] = {}
    papers = {p.pk for p in dossier.required_papers()}
    for paper_id, upload in uploads:
        if paper_id is not None and paper_id not in papers:
            errors.setdefault(f"paper-{paper_id}", []).append(
                _("Thành phần hồ sơ không thuộc thủ tục này.")
            )
            continue
        try:
            store_file(
                dossier=dossier, upload=upload, kind=DossierFile.Kind.PAPER, actor=clerk,
                paper_id=paper_id, name=getattr(upload, "name", "") or "ban-chup",
            )  # fmt: skip
        except ValidationFailed as error:
            errors.setdefault(f"paper-{paper_id}", []).append(error.message)
    problems = submission_problems(dossier)
    problems.update(errors)
    if problems:
        transaction.set_rollback(True)
        raise ValidationFailed(
            _("Hồ sơ còn %(n)s nội dung cần hoàn thiện trước khi tiếp nhận.")
            % {"n": len(problems)},
            extra={"errors": problems},
        )
    now = timezone.now()
    dossier.form_data = _validated_values(dossier)
    dossier.code = next_dossier_code(agency=agency, day=timezone.localdate(now))
    dossier.processing_days = case.effective_days if case else procedure.processing_days
    dossier.status = S.RECEIVED
    dossier.submitted_at = dossier.received_at = now
    dossier.due_at = add_working_time(now, days=float(Decimal(dossier.processing_days)))
    dossier.save()
    processing.process_start(dossier=dossier, clerk=clerk, now=now)
    _record(
        dossier,
        actor=clerk,
        action="receive",
        from_status=S.DRAFT,
        note=note or str(_("Tiếp nhận trực tiếp tại bộ phận một cửa")),
        changes={"code": dossier.code, "channel": "counter", "due_at": dossier.due_at.isoformat()},
    )
    if dossier.email:
        _enqueue_mail(dossier.pk, "received")
    return dossier


def _check_desk_or_leader(actor, dossier: Dossier) -> None:
    from congso.accounts.models import Role
    from congso.accounts.permissions import has_role

    if permissions.can_work_at_desk(actor, dossier.agency) or has_role(
        actor, Role.LEADER, dossier.agency
    ):
        return
    raise NotPermitted(_("Chỉ bộ phận một cửa hoặc lãnh đạo cơ quan tiếp nhận được hẹn lại."))


@transaction.atomic
def dossier_reschedule(*, actor, dossier: Dossier, new_due, reason: str) -> Dossier:
    """A late (or soon late) dossier: a new appointment with the reason, and the apology slip
    (Mẫu 04) mailed to the applicant. The original due date stays for the statistics."""
    dossier = _locked(dossier)
    _check_desk_or_leader(actor, dossier)
    if dossier.status not in {S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT}:
        raise InvalidTransition(_("Chỉ hẹn lại được hồ sơ đang giải quyết."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Vui lòng ghi rõ lý do chậm trả kết quả."),
            extra={"errors": {"reason": [_("Vui lòng ghi rõ lý do chậm trả kết quả.")]}},
        )
    if new_due <= max(timezone.now(), dossier.due_at):
        raise ValidationFailed(
            _("Ngày hẹn lại phải sau ngày hẹn hiện tại và sau thời điểm này."),
            extra={"errors": {"new_due": [_("Ngày hẹn lại phải sau ngày hẹn hiện tại.")]}},
        )
    before = dossier.apology_due_at
    dossier.apology_due_at = new_due
    dossier.save(update_fields=["apology_due_at", "updated_at"])
    _record(
        dossier,
        actor=actor,
        action="apologize",
        note=reason,
        changes={"apology_due_at": [before.isoformat() if before else None, new_due.isoformat()]},
    )
    _enqueue_mail(dossier.pk, "apology")
    return dossier
