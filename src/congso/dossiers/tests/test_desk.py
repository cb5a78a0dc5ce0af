from __future__ import annotations

import pytest
from django.urls import reverse

from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.conftest import fill_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(citizen, procedure, django_capture_on_commit_callbacks):
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
    return dossier


def test_the_submission_appears_in_the_agency_queue(client, clerk, submitted, citizen, procedure):
    services.dossier_start(applicant=citizen, procedure=procedure)  # a draft stays invisible
    client.force_login(clerk)

    response = client.get(reverse("dossiers:desk-queue"))

    assert response.status_code == 200
    assert [d.pk for d in response.context["page"].object_list] == [submitted.pk]
    assert submitted.code in response.content.decode()


def test_the_queue_is_for_desk_officials_only(client, citizen, province, submitted):
    from congso.accounts.models import Role
    from congso.accounts.tests.factories import make_official

    client.force_login(citizen)
    assert client.get(reverse("dossiers:desk-queue")).status_code == 403
    elsewhere = make_official(
        email="motcua@soyte.vn", full_name="Cán bộ Sở Y tế", unit=province.soyte,
        role=Role.ONE_STOP_CLERK,
    )  # fmt: skip
    client.force_login(elsewhere)
    assert list(client.get(reverse("dossiers:desk-queue")).context["page"].object_list) == []
    assert client.get(reverse("dossiers:desk-dossier", args=[submitted.pk])).status_code == 404
    response = client.post(
        reverse("dossiers:desk-dossier", args=[submitted.pk]), {"action": "receive"}
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.SUBMITTED


def test_receive_from_the_desk(
    client, clerk, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(clerk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dossiers:desk-dossier", args=[submitted.pk]), {"action": "receive"}
        )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.RECEIVED
    assert submitted.due_at is not None
    assert "đã được tiếp nhận" in mailoutbox[-1].subject


def test_a_supplement_request_needs_a_reason_per_item(client, clerk, submitted):
    client.force_login(clerk)
    paper = submitted.required_papers().first()
    url = reverse("dossiers:desk-dossier", args=[submitted.pk])

    nothing = client.post(url, {"action": "supplement"})
    no_reason = client.post(url, {"action": "supplement", f"paper-{paper.pk}": "1"})
    ok = client.post(
        url,
        {
            "action": "supplement",
            f"paper-{paper.pk}": "1",
            f"paper-{paper.pk}-reason": "Thiếu chữ ký",
            "field-ngay_sinh": "1",
            "field-ngay_sinh-reason": "Sai ngày",
        },
    )

    assert nothing.status_code == 400
    assert no_reason.status_code == 400
    assert "Ghi lý do cho" in no_reason.content.decode()
    assert ok.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.SUPPLEMENT
    assert submitted.supplements.get().items == [
        {"paper": paper.pk, "field": "", "reason": "Thiếu chữ ký"},
        {"paper": None, "field": "ngay_sinh", "reason": "Sai ngày"},
    ]


def test_refuse_needs_a_reason(client, clerk, submitted):
    client.force_login(clerk)
    url = reverse("dossiers:desk-dossier", args=[submitted.pk])

    empty = client.post(url, {"action": "refuse", "note": ""})
    done = client.post(url, {"action": "refuse", "note": "Không thuộc thẩm quyền"})

    assert empty.status_code == 422
    assert "lý do từ chối" in empty.content.decode()
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.REFUSED
