"""Demo dossiers of the demo citizen, at the departments the demo one-stop clerk serves: one in
each of the states people meet first (draft, waiting at the desk, received, asked to supplement,
result ready), written through the same services as real ones. Seeded once: a citizen who already
has dossiers gets none."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from congso.accounts.models import Role, RoleAssignment, User
from congso.demo.accounts import SO_TTTT
from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.procedures.models import Procedure
from congso.procedures.schema import fields_of

CITIZEN = "congdan@demo.congso.vn"
CLERK = "motcua@demo.congso.vn"
SCAN = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# The state each demo dossier is brought to, one procedure each.
PLAN = ("draft", "submitted", "received", "supplement", "result_ready")


def _sample_value(spec: dict):
    """A plausible value that the field accepts (checked by the form field itself)."""
    from django import forms

    from congso.procedures.schema import _form_field

    fmt = spec.get("format")
    if spec["type"] == "boolean":
        return True
    if "enum" in spec:
        return spec["enum"][0]
    if spec["type"] in {"integer", "number"}:
        return spec.get("minimum", 1)
    preferred = {
        "date": date(2026, 11, 2).isoformat(),
        "phone": "0912345678",
        "citizen_id": "034190001234",
        "email": CITIZEN,
        "textarea": "Nội dung trình bày mẫu của hồ sơ trình diễn.",
    }.get(fmt or "", spec["title"][:40] + " (mẫu)")
    field = _form_field(spec, required=True)
    for candidate in (preferred, "0123456789", "034190001234", "TB-2026", "Mẫu", "1"):
        try:
            field.clean(candidate)
        except forms.ValidationError:
            continue
        return candidate
    return preferred


def _ready_draft(citizen: User, procedure: Procedure) -> Dossier:
    dossier = services.dossier_start(
        applicant=citizen,
        procedure=procedure,
        agency=services.agencies_for(procedure).first(),
        case=procedure.cases.order_by("order", "id").first(),
        client_token=f"demo-{procedure.code}",
    )
    values = {name: _sample_value(spec) for name, spec, _req in fields_of(procedure.form_schema)}
    services.dossier_save_draft(
        actor=citizen,
        dossier=dossier,
        values=values,
        applicant={"address": "Số 12 Lý Thường Kiệt, TP Thái Bình"},
    )
    for paper in dossier.required_papers().filter(is_required=True):
        services.dossier_attach_file(
            actor=citizen,
            dossier=dossier,
            paper_id=paper.pk,
            upload=SimpleUploadedFile("ban-chup.pdf", SCAN),
        )
    return dossier


def _official_for(step) -> User | None:
    """A demo official who holds the step's role at its unit or above."""
    for assignment in RoleAssignment.objects.filter(role=step.role).select_related(
        "user", "org_unit"
    ):
        if step.org_unit.path.startswith(assignment.org_unit.path):
            return assignment.user
    return None


def _walk_to_the_desk(dossier: Dossier) -> bool:
    """Have the demo officials take the dossier through its steps back to the desk."""
    from congso.dossiers import processing

    for _hop in range(10):
        step = processing.open_step(dossier)
        if step is None or step.role == Role.ONE_STOP_CLERK:
            return True
        official = _official_for(step)
        if official is None:
            return False
        if step.role == Role.LEADER:
            processing.step_approve(actor=official, step=step, note="Đồng ý.")
        else:
            processing.step_claim(actor=official, step=step)
            processing.step_forward(actor=official, step=step, note="Hồ sơ đủ điều kiện.")
        dossier.refresh_from_db()
    return False


def seed_dossiers() -> int:
    """Dossiers created (0 when the demo citizen already has some)."""
    citizen = User.objects.filter(email=CITIZEN).first()
    clerk = User.objects.filter(email=CLERK).first()
    if citizen is None or clerk is None or Dossier.objects.filter(applicant=citizen).exists():
        return 0
    from congso.dossiers.permissions import desk_agencies

    desks = desk_agencies(clerk)
    candidates = list(
        Procedure.objects.filter(is_active=True, agencies__in=desks)
        .exclude(online_level=Procedure.OnlineLevel.OFFLINE)
        .exclude(form_schema={})
        .distinct()
        .order_by("code")
    )
    # The demo handler and leader work at the Department of Information and Communications:
    # its procedures take the states where they have something to do.
    at_home = [p for p in candidates if p.agencies.filter(code=SO_TTTT).exists()]
    elsewhere = [p for p in candidates if p not in at_home]
    procedures = (elsewhere[:2] + at_home[:3] + elsewhere[2:] + at_home[3:])[: len(PLAN)]
    if not RoleAssignment.objects.filter(user=clerk, role=Role.ONE_STOP_CLERK).exists():
        return 0
    # The demo's mails would go to made-up addresses.
    with services.mail_suppressed(), transaction.atomic():
        for state, procedure in zip(PLAN, procedures, strict=False):
            dossier = _ready_draft(citizen, procedure)
            if state == "draft":
                continue
            dossier, _first = services.dossier_submit(actor=citizen, dossier=dossier)
            if state == "submitted":
                continue
            if state == "supplement":
                paper = dossier.required_papers().order_by("order").first()
                services.dossier_request_supplement(
                    actor=clerk,
                    dossier=dossier,
                    items=[{"paper": paper.pk if paper else None, "reason": "Bản chụp bị mờ."}],
                    message="Đề nghị chụp lại rõ nét và tải lên.",
                )
                continue
            dossier = services.dossier_receive(actor=clerk, dossier=dossier)
            if state == "result_ready" and _walk_to_the_desk(dossier):
                services.dossier_issue_result(
                    actor=clerk,
                    dossier=dossier,
                    file=SimpleUploadedFile("ket-qua.pdf", SCAN),
                )
    return min(len(PLAN), len(procedures))
