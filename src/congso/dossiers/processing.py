"""The dossier's way through its procedure's process, one `DossierStep` row per passage.

On reception the desk's own step (the procedure's first, done by the one-stop clerk) is recorded
as done and the next step opens at its unit, for its role, with its share of the working time.
Whoever holds that role at that unit (or above it) sees the step in their inbox, takes it
(`step_claim`), and sends it on (`step_forward`), back (`step_return`), or — at a leader's
step — approves or rejects it. The last step, back at the desk, ends when the result is issued
(`services.dossier_issue_result`). Each move locks the dossier row, so two people acting at once
cannot both succeed; each leaves an event, an audit row and the hand-off itself.

TRANSITIONS below is the table of moves by the role of the open step; docs/dossier-workflow.md
shows the same table (a test reads both).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.accounts.models import Role, RoleAssignment
from congso.accounts.permissions import is_administrator
from congso.core.audit import audit_log
from congso.core.exceptions import InvalidTransition, NotPermitted, ValidationFailed
from congso.core.workdays import add_working_time
from congso.dossiers.models import Dossier, DossierEvent, DossierFile, DossierStep
from congso.procedures.models import ProcessStep

S = Dossier.Status
OUT = DossierStep.Outcome
RETURN_STEP_DAYS = Decimal("0.5")  # the desk's own step after the last one of the template

# step action -> (dossier states it may happen in, who may do it, outcome it records)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "claim": (frozenset({S.RECEIVED, S.IN_PROCESS}), "the step's role at its unit", ""),
    "forward": (frozenset({S.IN_PROCESS}), "the step's handler", OUT.FORWARDED),
    "return": (frozenset({S.IN_PROCESS}), "the step's handler", OUT.RETURNED),
    "approve": (frozenset({S.IN_PROCESS}), "the step's handler, at a leader's step", OUT.APPROVED),
    "reject": (frozenset({S.IN_PROCESS}), "the step's handler, at a leader's step", OUT.REJECTED),
}

ACTION_LABELS = {
    "claim": gettext_lazy("nhận xử lý"),
    "forward": gettext_lazy("chuyển bước tiếp theo"),
    "return": gettext_lazy("trả lại bước trước"),
    "approve": gettext_lazy("phê duyệt"),
    "reject": gettext_lazy("không phê duyệt"),
}


def _templates(dossier: Dossier) -> list[ProcessStep]:
    return list(ProcessStep.objects.filter(procedure_id=dossier.procedure_id).order_by("order"))


def _open(
    dossier: Dossier,
    template: ProcessStep | None,
    *,
    sent_by,
    now: datetime,
    order: int | None = None,
    name: str = "",
    role: str = "",
    days: Decimal | None = None,
) -> DossierStep:
    if template is not None:
        order, name, role, days = template.order, template.name, template.role, template.days
        unit = template.org_unit or dossier.agency
    else:
        unit = dossier.agency
    return DossierStep.objects.create(
        dossier=dossier,
        template=template,
        order=order or 1,
        name=name,
        org_unit=unit,
        role=role,
        days=days if days is not None else Decimal("1"),
        sent_by=sent_by if getattr(sent_by, "is_authenticated", False) else None,
        started_at=now,
        due_at=add_working_time(now, days=float(days if days is not None else 1)),
    )


def open_step(dossier: Dossier) -> DossierStep | None:
    return dossier.steps.filter(finished_at__isnull=True).order_by("-started_at", "-id").first()


def process_start(*, dossier: Dossier, clerk, now: datetime) -> DossierStep:
    """At reception: the desk's step is done; the next one opens (called inside the transaction)."""
    templates = _templates(dossier)
    if not templates:  # a procedure without a process template: one step for the agency
        return _open(
            dossier, None, sent_by=clerk, now=now, order=1, name=str(_("Xử lý hồ sơ")),
            role=Role.HANDLER, days=dossier.processing_days or Decimal("1"),
        )  # fmt: skip
    first = templates[0]
    if first.role == Role.ONE_STOP_CLERK and len(templates) > 1:
        done = _open(dossier, first, sent_by=clerk, now=now)
        done.handler, done.claimed_at, done.finished_at = clerk, now, now
        done.outcome = OUT.FORWARDED
        done.save(update_fields=["handler", "claimed_at", "finished_at", "outcome"])
        return _open(dossier, templates[1], sent_by=clerk, now=now)
    return _open(dossier, first, sent_by=clerk, now=now)


# --- who --------------------------------------------------------------------------------------


def _role_conditions(user, *, field: str = "org_unit") -> list[tuple[str, Q]]:
    """(role, condition on the step's unit) for each role the user holds: the unit of the
    assignment and its divisions, not the agencies below it."""
    from congso.dossiers.permissions import own_units_condition

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    assignments = RoleAssignment.objects.filter(user=user).select_related("org_unit")
    return [(a.role, own_units_condition(a.org_unit, field=field)) for a in assignments]


def can_act_on(user, step: DossierStep) -> bool:
    """Holds the step's role at the step's unit, or at the agency the unit is a division of."""
    for role, condition in _role_conditions(user):
        if role == step.role and DossierStep.objects.filter(condition, pk=step.pk).exists():
            return True
    return False


def inbox(*, user) -> QuerySet[DossierStep]:
    """Open steps the user may take or holds, by due time: the overdue ones come first."""
    condition = Q(pk__in=[])
    for role, unit_condition in _role_conditions(user):
        condition |= Q(role=role) & unit_condition
    return (
        DossierStep.objects.filter(condition, finished_at__isnull=True)
        .filter(dossier__status__in=[S.RECEIVED, S.IN_PROCESS])
        .select_related("dossier", "dossier__procedure", "dossier__agency", "org_unit", "handler")
        .order_by("due_at", "id")
    )


def can_see(user, dossier: Dossier) -> bool:
    """Officials see a dossier their units have, had or will have a step of; the desk its own."""
    from congso.dossiers.permissions import can_work_at_desk

    if is_administrator(user) or can_work_at_desk(user, dossier.agency):
        return True
    condition = Q(pk__in=[])
    for _role, unit_condition in _role_conditions(user):
        condition |= unit_condition
    return dossier.steps.filter(condition).exists()


# --- moves ------------------------------------------------------------------------------------


def _locked(step: DossierStep) -> tuple[Dossier, DossierStep]:
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency")
        .get(pk=step.dossier_id)
    )
    step = DossierStep.objects.select_related("org_unit").get(pk=step.pk)
    if step.finished_at is not None:
        raise InvalidTransition(
            _("Bước “%(name)s” đã được chuyển đi; vui lòng tải lại trang.") % {"name": step.name}
        )
    return dossier, step


def _check(action: str, dossier: Dossier, step: DossierStep, actor) -> None:
    states, _who, _outcome = TRANSITIONS[action]
    if not can_act_on(actor, step):
        raise NotPermitted(_("Bước này không thuộc vai trò của bạn tại đơn vị xử lý."))
    if dossier.status not in states:
        raise InvalidTransition(
            _("Không thể %(action)s khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": ACTION_LABELS[action], "status": dossier.get_status_display()}
        )
    if action != "claim" and step.handler_id not in (None, actor.pk):
        raise NotPermitted(_("Bước này do %(name)s đang xử lý.") % {"name": step.handler.full_name})
    if action in {"approve", "reject"} and step.role != Role.LEADER:
        raise InvalidTransition(_("Chỉ bước của lãnh đạo mới phê duyệt hoặc không phê duyệt."))
    if action in {"forward", "return"} and step.role == Role.LEADER:
        raise InvalidTransition(_("Ở bước của lãnh đạo, hãy phê duyệt hoặc không phê duyệt."))


def _event(dossier: Dossier, actor, action: str, note: str = "", before: str = "") -> None:
    DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        actor_name=actor.full_name or actor.email,
        action=action,
        from_status=before,
        to_status=dossier.status if before and before != dossier.status else "",
        note=note,
    )


def _finish(step: DossierStep, actor, outcome: str, note: str, now: datetime) -> None:
    if step.handler_id is None:
        step.handler, step.claimed_at = actor, now
    step.finished_at, step.outcome, step.note = now, outcome, note
    step.save(update_fields=["handler", "claimed_at", "finished_at", "outcome", "note"])


def _next_after(dossier: Dossier, step: DossierStep, direction: int, *, actor, now):
    """Open the step before or after `step`; after the last one the dossier goes back to the
    desk of the receiving agency to return the result."""
    templates = _templates(dossier)
    if direction < 0:
        target = next((t for t in reversed(templates) if t.order < step.order), None)
        if target is None:
            raise InvalidTransition(_("Không có bước trước để trả lại."))
        return _open(dossier, target, sent_by=actor, now=now)
    target = next((t for t in templates if t.order > step.order), None)
    if target is not None:
        return _open(dossier, target, sent_by=actor, now=now)
    if step.role == Role.ONE_STOP_CLERK:
        raise InvalidTransition(_("Đây là bước trả kết quả: hãy trả kết quả cho người nộp."))
    return _open(
        dossier, None, sent_by=actor, now=now, order=step.order + 1,
        name=str(_("Trả kết quả")), role=Role.ONE_STOP_CLERK, days=RETURN_STEP_DAYS,
    )  # fmt: skip


@transaction.atomic
def step_claim(*, actor, step: DossierStep) -> DossierStep:
    """Take the step: it is yours until you send it on; the dossier is now being processed."""
    dossier, step = _locked(step)
    _check("claim", dossier, step, actor)
    if step.handler_id == actor.pk:
        return step
    if step.handler_id is not None:
        raise InvalidTransition(
            _("Bước này đã có %(name)s nhận xử lý.") % {"name": step.handler.full_name}
        )
    now = timezone.now()
    step.handler, step.claimed_at = actor, now
    step.save(update_fields=["handler", "claimed_at"])
    before = dossier.status
    if dossier.status == S.RECEIVED:
        dossier.status = S.IN_PROCESS
        dossier.save(update_fields=["status", "updated_at"])
    _event(dossier, actor, "claim", step.name, before)
    audit_log(actor=actor, action="dossier.step_claim", obj=dossier, changes={"step": step.pk})
    return step


def _move(action: str, *, actor, step: DossierStep, note: str, direction: int) -> DossierStep:
    dossier, step = _locked(step)
    before = dossier.status
    if step.handler_id is None and dossier.status == S.RECEIVED and can_act_on(actor, step):
        dossier.status = S.IN_PROCESS  # acting without claiming first claims the step
    _check(action, dossier, step, actor)
    note = (note or "").strip()
    waiting = open_children(dossier).filter(parent_step=step).first()
    if direction > 0 and waiting is not None:
        raise InvalidTransition(
            _("Bước này đang chờ hồ sơ liên thông %(code)s (%(agency)s) trả về.")
            % {"code": waiting.code, "agency": waiting.agency.name}
        )
    if direction < 0 and not note:
        raise ValidationFailed(_("Vui lòng ghi rõ lý do trả lại để bước trước biết cần sửa gì."))
    now = timezone.now()
    opened = _next_after(dossier, step, direction, actor=actor, now=now)
    _finish(step, actor, TRANSITIONS[action][2], note, now)
    dossier.save(update_fields=["status", "updated_at"])  # a sync by updated_at sees the move
    _event(dossier, actor, action, note or opened.name, before)
    audit_log(
        actor=actor,
        action=f"dossier.step_{action}",
        obj=dossier,
        changes={"from_step": step.pk, "to_step": opened.pk, "to_unit": opened.org_unit_id},
        reason=note,
    )
    return opened


@transaction.atomic
def step_forward(*, actor, step: DossierStep, note: str = "") -> DossierStep:
    return _move("forward", actor=actor, step=step, note=note, direction=+1)


@transaction.atomic
def step_return(*, actor, step: DossierStep, note: str) -> DossierStep:
    return _move("return", actor=actor, step=step, note=note, direction=-1)


@transaction.atomic
def step_approve(*, actor, step: DossierStep, note: str = "") -> DossierStep:
    return _move("approve", actor=actor, step=step, note=note, direction=+1)


@transaction.atomic
def step_reject(*, actor, step: DossierStep, note: str) -> DossierStep:
    return _move("reject", actor=actor, step=step, note=note, direction=-1)


def check_at_desk_step(dossier: Dossier) -> None:
    """The result is issued at the desk's step, once the processing steps are done."""
    step = open_step(dossier)
    if step is not None and step.role != Role.ONE_STOP_CLERK:
        raise InvalidTransition(
            _("Hồ sơ đang ở bước “%(name)s” tại %(unit)s, chưa đến bước trả kết quả.")
            % {"name": step.name, "unit": step.org_unit.name}
        )


def close_open_step(*, dossier: Dossier, actor, outcome: str, note: str = "") -> None:
    """Inside a service that ends the processing (result issued, refused, withdrawn)."""
    step = open_step(dossier)
    if step is not None:
        _finish(step, actor, outcome, note, timezone.now())


def shift_open_step(*, dossier: Dossier, hours: float) -> None:
    """A supplement paused the clock: the open step's due time moves by the time waited."""
    step = open_step(dossier)
    if step is not None and hours > 0:
        step.due_at = add_working_time(step.due_at, hours=hours)
        step.save(update_fields=["due_at"])


@transaction.atomic
def attach_draft(*, actor, step: DossierStep, upload) -> DossierFile:
    """A working file of the open step (a draft decision, an appraisal note): internal only."""
    from congso.dossiers.services import store_file

    dossier, step = _locked(step)
    if not can_act_on(actor, step) or step.handler_id not in (None, actor.pk):
        raise NotPermitted(_("Chỉ người đang xử lý bước này mới đính kèm được dự thảo."))
    item = store_file(
        dossier=dossier, upload=upload, kind=DossierFile.Kind.INTERNAL, actor=actor,
        name=getattr(upload, "name", "") or "du-thao",
    )  # fmt: skip
    name = item.original_name
    audit_log(
        actor=actor,
        action="dossier.attach_draft",
        obj=dossier,
        changes={"file": item.pk, "step": step.pk, "name": name},
    )
    return item


# --- inter-agency (liên thông) ------------------------------------------------------------------

CHILD_DONE = frozenset({S.RESULT_READY, S.RETURNED, S.REFUSED, S.CANCELLED, S.WITHDRAWN})


def open_children(dossier: Dossier) -> QuerySet[Dossier]:
    return dossier.children.exclude(status__in=CHILD_DONE)


@transaction.atomic
def step_send_child(*, actor, step: DossierStep, procedure, agency, note: str = "") -> Dossier:
    """Send a linked child dossier to another agency (liên thông): it is received there at once,
    goes through that agency's own steps and inbox, and comes back to this step when its result
    is issued. The parent's step waits for it; statistics count each dossier once (the child
    belongs to its own agency and is never the applicant's)."""
    from congso.dossiers.services import _record, agencies_for, next_dossier_code

    dossier, step = _locked(step)
    if dossier.status == S.RECEIVED and can_act_on(actor, step):
        dossier.status = S.IN_PROCESS
        dossier.save(update_fields=["status", "updated_at"])
    _check("forward", dossier, step, actor)
    if not agencies_for(procedure).filter(pk=agency.pk).exists():
        raise ValidationFailed(_("Cơ quan này không thực hiện thủ tục đã chọn."))
    if agency.pk == dossier.agency_id and procedure.pk == dossier.procedure_id:
        raise ValidationFailed(_("Hồ sơ liên thông phải là thủ tục khác hoặc cơ quan khác."))
    now = timezone.now()
    if step.handler_id is None:
        step.handler, step.claimed_at = actor, now
        step.save(update_fields=["handler", "claimed_at"])
    child = Dossier.objects.create(
        parent=dossier,
        parent_step=step,
        procedure=procedure,
        agency=agency,
        applicant=None,
        status=S.RECEIVED,
        channel=dossier.channel,
        applicant_name=dossier.applicant_name,
        applicant_id_number=dossier.applicant_id_number,
        organization_name=dossier.organization_name,
        tax_code=dossier.tax_code,
        address=dossier.address,
        phone=dossier.phone,
        email="",  # the applicant hears from the parent dossier only
        result_delivery=dossier.result_delivery,
        form_data={},
        code=next_dossier_code(agency=agency, day=timezone.localdate(now)),
        submitted_at=now,
        received_at=now,
        processing_days=procedure.processing_days,
        due_at=add_working_time(now, days=float(procedure.processing_days)),
    )
    for item in dossier.files.filter(removed_at__isnull=True).exclude(kind="internal"):
        DossierFile.objects.create(
            dossier=child, kind=DossierFile.Kind.PAPER, file=item.file.name,
            original_name=item.original_name, content_type=item.content_type, size=item.size,
            original_size=item.original_size, uploaded_by=item.uploaded_by,
        )  # fmt: skip
    process_start(dossier=child, clerk=actor, now=now)
    _record(
        child,
        actor=actor,
        action="receive",
        from_status=S.DRAFT,
        note=_("Liên thông từ hồ sơ %(code)s") % {"code": dossier.code},
        changes={"parent": dossier.code},
    )
    _event(dossier, actor, "send_child", note or f"{child.code} → {agency.name}")
    audit_log(
        actor=actor,
        action="dossier.send_child",
        obj=dossier,
        changes={"child": child.code, "agency": agency.code, "procedure": procedure.code},
        reason=note,
    )
    return child


def child_finished(*, child: Dossier, actor) -> None:
    """Inside the child's result service: the parent is told; its step can go on."""
    parent = Dossier.objects.select_for_update(of=("self",)).get(pk=child.parent_id)
    _event(
        parent,
        actor,
        "child_returned",
        _("Hồ sơ liên thông %(code)s đã có kết quả (%(agency)s).")
        % {"code": child.code, "agency": child.agency.name},
    )
