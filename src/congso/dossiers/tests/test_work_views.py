from __future__ import annotations

import pytest
from django.urls import reverse

from congso.accounts.models import Role
from congso.accounts.tests.factories import make_official
from congso.dossiers import processing, services
from congso.dossiers.models import Dossier, DossierFile
from congso.dossiers.tests.conftest import fill_ready, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(citizen, procedure, clerk, django_capture_on_commit_callbacks):
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
        return services.dossier_receive(actor=clerk, dossier=dossier)


def test_the_inbox_lists_the_open_step_for_the_agencys_handlers_only(
    client, received, handler, province
):
    client.force_login(handler)
    page = client.get(reverse("dossiers:work-inbox"))
    assert page.status_code == 200
    assert received.code in page.content.decode()

    stranger = make_official(
        email="soyte@example.vn", full_name="Chuyên viên Sở Y tế", unit=province.soyte,
        role=Role.HANDLER,
    )  # fmt: skip
    client.force_login(stranger)
    assert received.code not in client.get(reverse("dossiers:work-inbox")).content.decode()
    url = reverse("dossiers:work-dossier", args=[received.pk])
    assert client.get(url).status_code == 404
    step = processing.open_step(received)
    assert client.post(url, {"action": "claim", "step": step.pk}).status_code == 404
    step.refresh_from_db()
    assert step.handler is None


def test_claim_then_forward_from_the_page(client, received, handler, clerk, mailoutbox):
    client.force_login(handler)
    url = reverse("dossiers:work-dossier", args=[received.pk])
    step = processing.open_step(received)

    claimed = client.post(url, {"action": "claim", "step": step.pk})
    stale = client.post(url, {"action": "forward", "step": step.pk + 999})
    forwarded = client.post(url, {"action": "forward", "step": step.pk, "note": "Đủ điều kiện"})

    assert claimed.status_code == 302
    assert stale.status_code == 400
    assert "chuyển sang bước khác" in stale.content.decode()
    assert forwarded.status_code == 302
    at_desk = processing.open_step(received)
    assert at_desk.role == Role.ONE_STOP_CLERK
    received.refresh_from_db()
    assert received.status == Dossier.Status.IN_PROCESS


def test_a_return_without_a_reason_is_refused_on_the_page(client, received, handler):
    client.force_login(handler)
    url = reverse("dossiers:work-dossier", args=[received.pk])
    step = processing.open_step(received)

    response = client.post(url, {"action": "return", "step": step.pk, "note": ""})

    assert response.status_code == 422
    assert "lý do trả lại" in response.content.decode()
    assert processing.open_step(received).pk == step.pk


def test_drafts_are_for_the_agencies_not_the_applicant(client, received, handler, citizen):
    step = processing.open_step(received)
    processing.step_claim(actor=handler, step=step)
    client.force_login(handler)
    response = client.post(
        reverse("dossiers:work-dossier", args=[received.pk]),
        {"action": "attach", "step": step.pk, "file": pdf_upload("du-thao-quyet-dinh.pdf")},
    )
    assert response.status_code == 302
    draft = received.files.get(kind=DossierFile.Kind.INTERNAL)
    url = reverse("dossiers:file", args=[received.pk, draft.pk])

    assert client.get(url).status_code == 200
    client.force_login(citizen)
    assert client.get(url).status_code == 404
    assert (
        "du-thao-quyet-dinh.pdf"
        not in client.get(reverse("dossiers:detail", args=[received.pk])).content.decode()
    )


def test_the_desk_issues_and_returns_the_result(
    client, received, handler, clerk, django_capture_on_commit_callbacks, mailoutbox
):
    desk = reverse("dossiers:desk-dossier", args=[received.pk])
    client.force_login(clerk)
    too_early = client.post(desk, {"action": "issue_result", "file": pdf_upload("kq.pdf")})
    assert too_early.status_code == 409
    assert "chưa đến bước trả kết quả" in too_early.content.decode()

    step = processing.open_step(received)
    processing.step_forward(actor=handler, step=step, note="Đủ điều kiện")
    no_file = client.post(desk, {"action": "issue_result"})
    with django_capture_on_commit_callbacks(execute=True):
        issued = client.post(desk, {"action": "issue_result", "file": pdf_upload("kq.pdf")})
    returned = client.post(desk, {"action": "return_result", "note": "Trả tại quầy"})

    assert no_file.status_code == 422
    assert issued.status_code == returned.status_code == 302
    received.refresh_from_db()
    assert received.status == Dossier.Status.RETURNED
    assert "đã có kết quả" in mailoutbox[-1].subject
    assert received.steps.filter(finished_at__isnull=True).count() == 0
