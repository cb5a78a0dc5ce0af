from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from congso.accounts.models import Role
from congso.accounts.tests.factories import make_official
from congso.core.exceptions import NotPermitted, ValidationFailed
from congso.dossiers import processing, services
from congso.dossiers.models import DossierStep
from congso.dossiers.reminders import warn_due
from congso.dossiers.tests.conftest import fill_ready

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def received(citizen, procedure, clerk, django_capture_on_commit_callbacks):
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
        return services.dossier_receive(actor=clerk, dossier=dossier)


def test_everyone_who_may_take_an_unclaimed_step_is_warned_once(
    received, handler, agency, province, mailoutbox
):
    colleague = make_official(
        email="dongnghiep@example.vn", full_name="Đồng Nghiệp", unit=agency, role=Role.HANDLER
    )
    make_official(  # a district handler: the commune's steps are not theirs
        email="huyen@example.vn", full_name="Huyện", unit=province.donghung, role=Role.HANDLER
    )
    step = processing.open_step(received)
    later = step.due_at - timedelta(hours=1)
    mailoutbox.clear()

    assert warn_due(now=step.started_at) == 0  # a whole day ahead: nothing yet
    assert warn_due(now=later) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([colleague.email, handler.email])
    assert received.code in mailoutbox[0].body
    assert warn_due(now=later) == 0  # once per step
    step.refresh_from_db()
    assert step.warned_at == later


def test_a_claimed_step_warns_its_handler_only_and_the_command_runs(
    received, handler, agency, mailoutbox
):
    make_official(
        email="dongnghiep@example.vn", full_name="Đồng Nghiệp", unit=agency, role=Role.HANDLER
    )
    step = processing.open_step(received)
    processing.step_claim(actor=handler, step=step)
    DossierStep.objects.filter(pk=step.pk).update(due_at=timezone.now() - timedelta(hours=1))
    mailoutbox.clear()
    out = StringIO()

    call_command("warn_due_dossiers", stdout=out)

    assert [m.to for m in mailoutbox] == [[handler.email]]
    assert "ĐÃ QUÁ HẠN" in mailoutbox[0].body
    assert "Đã gửi 1 thư nhắc hạn." in out.getvalue()


def test_reschedule_needs_a_reason_and_a_later_date_and_mails_the_apology(
    received, clerk, citizen, django_capture_on_commit_callbacks, mailoutbox
):
    new_due = received.due_at + timedelta(days=3)
    with pytest.raises(ValidationFailed):
        services.dossier_reschedule(actor=clerk, dossier=received, new_due=new_due, reason="")
    with pytest.raises(ValidationFailed):
        services.dossier_reschedule(
            actor=clerk, dossier=received, new_due=received.due_at, reason="Chờ xác minh"
        )
    with pytest.raises(NotPermitted):
        services.dossier_reschedule(
            actor=citizen, dossier=received, new_due=new_due, reason="Chờ xác minh"
        )

    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.dossier_reschedule(
            actor=clerk, dossier=received, new_due=new_due, reason="Chờ kết quả xác minh của huyện"
        )

    assert dossier.apology_due_at == new_due
    assert dossier.due_at == received.due_at  # the original appointment stays for statistics
    mail = mailoutbox[-1]
    assert "Hẹn lại ngày trả kết quả" in mail.subject
    assert "Chờ kết quả xác minh của huyện" in mail.body
    assert [a[0] for a in mail.attachments] == [f"phieu-xin-loi-{dossier.code}.pdf"]


def test_reschedule_from_the_desk_page(client, received, clerk):
    client.force_login(clerk)
    url = reverse("dossiers:desk-dossier", args=[received.pk])
    later = timezone.localtime(received.due_at) + timedelta(days=7)

    bad = client.post(url, {"action": "reschedule", "new_due": "mai", "note": "x"})
    good = client.post(
        url,
        {"action": "reschedule", "new_due": f"{later:%d/%m/%Y}", "note": "Chờ xác minh"},
    )

    assert bad.status_code == 422
    assert good.status_code == 302
    received.refresh_from_db()
    assert timezone.localtime(received.apology_due_at) == datetime(
        later.year, later.month, later.day, 17, 0, tzinfo=VN
    )
    assert (
        client.get(reverse("dossiers:desk-slip", args=[received.pk, "xin-loi"])).status_code == 200
    )
