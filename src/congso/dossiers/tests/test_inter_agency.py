"""Liên thông: a step sends a linked child dossier to another agency and waits for it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from congso.accounts.models import Role
from congso.accounts.tests.factories import make_official
from congso.core.exceptions import InvalidTransition, ValidationFailed
from congso.dossiers import processing, services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.conftest import fill_ready, pdf_upload
from congso.procedures.models import Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def insurance(procedure, province):
    """Cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi, done by the Department of Health."""
    other = Procedure.objects.create(
        code="1.002999", name="Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        field=procedure.field, level="department", online_level="partial",
        processing_days=Decimal("2"), result="Thẻ BHYT", legal_basis="Luật BHYT",
    )  # fmt: skip
    other.agencies.add(province.soyte)
    return other


@pytest.fixture
def health_staff(province):
    return {
        "clerk": make_official(
            email="motcua@soyte.vn", full_name="Một cửa Sở Y tế", unit=province.soyte,
            role=Role.ONE_STOP_CLERK,
        ),
        "handler": make_official(
            email="xuly@soyte.vn", full_name="Chuyên viên Sở Y tế", unit=province.soyte,
            role=Role.HANDLER,
        ),
    }  # fmt: skip


@pytest.fixture
def received(citizen, procedure, clerk, django_capture_on_commit_callbacks):
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
        return services.dossier_receive(actor=clerk, dossier=dossier)


def test_a_child_goes_to_the_other_agency_and_the_parent_waits_for_it(
    received, handler, clerk, insurance, health_staff, province, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    step = processing.open_step(received)
    mails_before = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        child = processing.step_send_child(
            actor=handler, step=step, procedure=insurance, agency=province.soyte,
            note="Đề nghị cấp thẻ BHYT",
        )  # fmt: skip

    assert child.parent == received
    assert child.code.startswith(f"{province.soyte.code}-")
    assert child.status == Dossier.Status.RECEIVED
    assert child.applicant is None
    assert child.files.count() == received.files.count()
    child_step = processing.open_step(child)
    assert list(processing.inbox(user=health_staff["handler"])) == [child_step]
    assert list(processing.inbox(user=handler)) == [step]  # the parent's step stays open
    with pytest.raises(InvalidTransition) as error:  # it waits for the child
        processing.step_forward(actor=handler, step=step)
    assert child.code in error.value.message

    processing.step_forward(actor=health_staff["handler"], step=child_step)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_issue_result(
            actor=health_staff["clerk"], dossier=child, file=pdf_upload("the-bhyt.pdf")
        )
    assert len(mailoutbox) == mails_before  # the applicant hears from the parent only
    received.refresh_from_db()
    assert received.events.filter(action="child_returned").exists()

    at_desk = processing.step_forward(actor=handler, step=step, note="Đã có thẻ BHYT")
    assert at_desk.role == Role.ONE_STOP_CLERK
    # each dossier once: the child is not the applicant's, and belongs to its own agency
    assert Dossier.objects.filter(applicant=received.applicant).count() == 1
    assert Dossier.objects.filter(parent__isnull=True).count() == 1


def test_a_child_needs_an_agency_that_does_the_procedure(received, handler, insurance, province):
    step = processing.open_step(received)

    with pytest.raises(ValidationFailed):
        processing.step_send_child(
            actor=handler, step=step, procedure=insurance, agency=province.sotttt
        )
    assert not Dossier.objects.filter(parent=received).exists()


def test_only_the_steps_handler_sends_a_child(received, insurance, province, health_staff):
    from congso.core.exceptions import NotPermitted

    step = processing.open_step(received)
    with pytest.raises(NotPermitted):
        processing.step_send_child(
            actor=health_staff["handler"], step=step, procedure=insurance, agency=province.soyte
        )
    assert not Dossier.objects.filter(parent=received).exists()


def test_send_a_child_from_the_processing_page(client, received, handler, insurance, province):
    from django.urls import reverse

    client.force_login(handler)
    url = reverse("dossiers:work-dossier", args=[received.pk])
    step = processing.open_step(received)
    page = client.get(url).content.decode()
    assert "Gửi liên thông" in page

    missing = client.post(url, {"action": "send_child", "step": step.pk})
    sent = client.post(
        url,
        {"action": "send_child", "step": step.pk, "procedure": insurance.pk,
         "agency": province.soyte.pk, "note": "Cấp thẻ BHYT"},
    )  # fmt: skip

    assert missing.status_code == 422
    assert sent.status_code == 302
    child = received.children.get()
    assert child.code in client.get(url).content.decode()
