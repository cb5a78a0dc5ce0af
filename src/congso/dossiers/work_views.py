"""Officials' processing screens: the inbox of open steps and a dossier's processing page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congso.accounts.models import Role
from congso.core.exceptions import ApplicationError, NotFound, NotPermitted, ValidationFailed
from congso.dossiers import processing, selectors
from congso.dossiers.models import Dossier, DossierFile
from congso.dossiers.reminders import warn_threshold
from congso.procedures import schema as form_schema

PER_PAGE = 30
ACTIONS = {
    "claim": processing.step_claim,
    "forward": processing.step_forward,
    "return": processing.step_return,
    "approve": processing.step_approve,
    "reject": processing.step_reject,
}


@login_required
@require_GET
def work_inbox(request: HttpRequest) -> HttpResponse:
    steps = processing.inbox(user=request.user)
    mine = request.GET.get("loc") == "cua-toi"
    if mine:
        steps = steps.filter(handler=request.user)
    page = Paginator(steps, PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "dossiers/work/inbox.html",
        {"page": page, "now": timezone.now(), "soon": warn_threshold(), "mine": mine},
    )


def _visible_dossier(user, pk: int) -> Dossier:
    dossier = Dossier.objects.select_related("agency").filter(pk=pk).exclude(status="draft").first()
    if dossier is None or not processing.can_see(user, dossier):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return selectors.dossier_page(dossier)


def _child_procedures(dossier: Dossier):
    from congso.procedures.models import Procedure

    return (
        Procedure.objects.filter(is_active=True).exclude(pk=dossier.procedure_id).order_by("name")
    )


def _child_agencies():
    from congso.accounts.models import OrgUnit

    return (
        OrgUnit.objects.filter(is_active=True)
        .exclude(kind__in=[OrgUnit.Kind.DIVISION, OrgUnit.Kind.OTHER])
        .order_by("path")
    )


def _context(request, dossier: Dossier, **extra) -> dict:
    step = processing.open_step(dossier)
    can_act = step is not None and processing.can_act_on(request.user, step)
    return {
        "dossier": dossier,
        "step": step,
        "can_act": can_act,
        "is_leader_step": step is not None and step.role == Role.LEADER,
        "steps": dossier.steps.select_related("org_unit", "handler", "sent_by").order_by(
            "started_at", "id"
        ),
        "rows": form_schema.display_rows(dossier.procedure.form_schema, dossier.form_data),
        "files": [f for f in dossier.files.all() if f.kind != DossierFile.Kind.RESULT],
        "now": timezone.now(),
        "children": dossier.children.select_related("agency", "procedure").order_by("id"),
        "child_procedures": _child_procedures(dossier) if can_act else [],
        "child_agencies": _child_agencies() if can_act else [],
        "errors": [],
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def work_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _visible_dossier(request.user, pk)
    if request.method == "GET":
        return render(request, "dossiers/work/detail.html", _context(request, dossier))
    action = request.POST.get("action", "")
    step = processing.open_step(dossier)
    try:
        if step is None or str(step.pk) != request.POST.get("step"):
            raise ApplicationError(_("Hồ sơ đã được chuyển sang bước khác; vui lòng xem lại."))
        if action == "send_child":
            from congso.accounts.models import OrgUnit
            from congso.procedures.models import Procedure

            procedure = Procedure.objects.filter(
                pk=request.POST.get("procedure") or 0, is_active=True
            ).first()
            agency = OrgUnit.objects.filter(
                pk=request.POST.get("agency") or 0, is_active=True
            ).first()
            if procedure is None or agency is None:
                raise ValidationFailed(_("Vui lòng chọn thủ tục và cơ quan nhận liên thông."))
            child = processing.step_send_child(
                actor=request.user, step=step, procedure=procedure, agency=agency,
                note=request.POST.get("note", ""),
            )  # fmt: skip
            messages.success(
                request,
                _("Đã gửi hồ sơ liên thông %(code)s đến %(agency)s.")
                % {"code": child.code, "agency": agency.name},
            )
        elif action == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                raise ApplicationError(_("Vui lòng chọn tệp dự thảo."))
            processing.attach_draft(actor=request.user, step=step, upload=upload)
            messages.success(request, _("Đã đính kèm dự thảo."))
        elif action in ACTIONS:
            if action == "claim":
                processing.step_claim(actor=request.user, step=step)
                messages.success(request, _("Bạn đã nhận xử lý bước này."))
            else:
                opened = ACTIONS[action](
                    actor=request.user, step=step, note=request.POST.get("note", "")
                )
                messages.success(
                    request,
                    _("Đã chuyển hồ sơ đến bước “%(name)s” (%(unit)s).")
                    % {"name": opened.name, "unit": opened.org_unit.name},
                )
                if not processing.can_see(request.user, dossier):
                    return redirect("dossiers:work-inbox")
        else:
            raise ApplicationError(_("Thao tác không hợp lệ."))
    except NotPermitted:
        raise
    except ApplicationError as error:
        dossier = selectors.dossier_page(dossier)
        context = _context(request, dossier, errors=[error.message])
        return render(request, "dossiers/work/detail.html", context, status=error.status)
    return redirect("dossiers:work-dossier", pk=dossier.pk)
