from __future__ import annotations

import threading
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.utils import timezone

from congso.accounts.models import Role
from congso.accounts.tests.factories import make_official
from congso.core.exceptions import InvalidTransition, NotPermitted, ValidationFailed
from congso.dossiers import processing, services
from congso.dossiers.models import Dossier, DossierStep
from congso.dossiers.tests.conftest import fill_ready, pdf_upload
from congso.procedures.models import ProcessStep

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def steps(procedure, province):
    """Reception at the commune's desk, appraisal at the commune, a check at the district,
    the leader's approval, the result back at the desk: 0.5 + 1 + 1 + 0.5 + 0 ... = 3.5 days."""
    procedure.processing_days = Decimal("3.5")
    procedure.save()
    for order, name, unit, role, days in [
        (1, "Tiếp nhận hồ sơ", None, Role.ONE_STOP_CLERK, "0.5"),
        (2, "Thẩm định hồ sơ", None, Role.HANDLER, "1"),
        (3, "Kiểm tra tại huyện", province.donghung, Role.HANDLER, "1"),
        (4, "Lãnh đạo phê duyệt", None, Role.LEADER, "0.5"),
        (5, "Trả kết quả", None, Role.ONE_STOP_CLERK, "0.5"),
    ]:
        ProcessStep.objects.create(
            procedure=procedure, order=order, name=name, org_unit=unit, role=role,
            days=Decimal(days),
        )  # fmt: skip
    return procedure


@pytest.fixture
def leader(agency):
    return make_official(
        email="chutich@example.vn", full_name="Chủ tịch Xã", unit=agency, role=Role.LEADER
    )


@pytest.fixture
def district_handler(province):
    return make_official(
        email="huyen@example.vn", full_name="Chuyên viên Huyện", unit=province.donghung,
        role=Role.HANDLER,
    )  # fmt: skip


@pytest.fixture
def received(citizen, clerk, steps, django_capture_on_commit_callbacks, monkeypatch):
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: monday)
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=steps), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
        dossier = services.dossier_receive(actor=clerk, dossier=dossier)
    monkeypatch.undo()
    return dossier


def test_reception_records_the_desk_step_and_opens_the_next(received, clerk, agency):
    rows = list(received.steps.order_by("started_at", "id"))

    assert [(r.order, r.outcome, r.handler) for r in rows] == [
        (1, "forwarded", clerk),
        (2, "", None),
    ]
    second = rows[1]
    assert second.org_unit == agency
    assert second.role == Role.HANDLER
    # Monday 08:00 + 1 working day
    assert timezone.localtime(second.due_at) == datetime(2026, 12, 1, 8, 0, tzinfo=VN)


def test_the_whole_way_through_the_steps(received, handler, district_handler, leader, clerk):
    step = processing.open_step(received)
    assert list(processing.inbox(user=handler)) == [step]
    assert list(processing.inbox(user=district_handler)) == []

    processing.step_claim(actor=handler, step=step)
    received.refresh_from_db()
    assert received.status == Dossier.Status.IN_PROCESS
    at_district = processing.step_forward(actor=handler, step=step, note="Đủ điều kiện")
    assert at_district.org_unit.name == "Huyện Đông Hưng"
    assert list(processing.inbox(user=district_handler)) == [at_district]
    assert processing.can_see(district_handler, received)

    at_leader = processing.step_forward(actor=district_handler, step=at_district)
    with pytest.raises(InvalidTransition):  # a leader approves or rejects
        processing.step_forward(actor=leader, step=at_leader)
    back = processing.step_reject(actor=leader, step=at_leader, note="Bổ sung ý kiến của huyện")
    assert back.order == 3
    assert back.org_unit.name == "Huyện Đông Hưng"
    at_leader = processing.step_forward(actor=district_handler, step=back, note="Đã bổ sung")
    at_desk = processing.step_approve(actor=leader, step=at_leader)
    assert (at_desk.order, at_desk.role) == (5, Role.ONE_STOP_CLERK)

    dossier = services.dossier_issue_result(
        actor=clerk, dossier=received, file=pdf_upload("kq.pdf")
    )

    assert dossier.status == Dossier.Status.RESULT_READY
    rows = list(dossier.steps.order_by("id"))
    assert [(r.order, r.outcome) for r in rows] == [
        (1, "forwarded"), (2, "forwarded"), (3, "forwarded"), (4, "rejected"),
        (3, "forwarded"), (4, "approved"), (5, "finished"),
    ]  # fmt: skip
    assert all(r.finished_at is not None for r in rows)
    assert rows[3].note == "Bổ sung ý kiến của huyện"


def test_no_result_before_the_steps_are_done(received, clerk):
    with pytest.raises(InvalidTransition) as error:
        services.dossier_issue_result(actor=clerk, dossier=received, file=pdf_upload())

    assert "chưa đến bước trả kết quả" in error.value.message
    received.refresh_from_db()
    assert received.status == Dossier.Status.RECEIVED


def test_a_return_needs_a_reason_and_goes_to_the_previous_step(received, handler, clerk):
    step = processing.open_step(received)
    processing.step_claim(actor=handler, step=step)

    with pytest.raises(ValidationFailed):
        processing.step_return(actor=handler, step=step, note=" ")
    back = processing.step_return(actor=handler, step=step, note="Thiếu chữ ký của người nộp")

    assert (back.order, back.role, back.sent_by) == (1, Role.ONE_STOP_CLERK, handler)
    with pytest.raises(InvalidTransition):  # nothing before the desk's own step
        processing.step_return(actor=clerk, step=back, note="x")
    assert processing.open_step(received).pk == back.pk


def test_another_agency_cannot_see_or_touch_the_step(received, province, handler):
    stranger = make_official(
        email="soyte@example.vn", full_name="Chuyên viên Sở Y tế", unit=province.soyte,
        role=Role.HANDLER,
    )  # fmt: skip
    step = processing.open_step(received)

    assert list(processing.inbox(user=stranger)) == []
    assert not processing.can_see(stranger, received)
    with pytest.raises(NotPermitted):
        processing.step_claim(actor=stranger, step=step)
    with pytest.raises(NotPermitted):
        processing.step_forward(actor=stranger, step=step)
    step.refresh_from_db()
    assert (step.handler, step.finished_at) == (None, None)
    assert processing.can_see(handler, received)


def test_a_claimed_step_belongs_to_its_handler(received, handler, agency):
    colleague = make_official(
        email="dongnghiep@example.vn", full_name="Đồng Nghiệp", unit=agency, role=Role.HANDLER
    )
    step = processing.open_step(received)
    processing.step_claim(actor=handler, step=step)

    with pytest.raises(InvalidTransition):
        processing.step_claim(actor=colleague, step=step)
    with pytest.raises(NotPermitted):
        processing.step_forward(actor=colleague, step=step)
    assert processing.open_step(received).pk == step.pk


def test_a_moved_step_cannot_be_moved_again(received, handler):
    step = processing.open_step(received)
    processing.step_forward(actor=handler, step=step)

    with pytest.raises(InvalidTransition) as error:
        processing.step_forward(actor=handler, step=step)
    assert "tải lại trang" in error.value.message
    assert DossierStep.objects.filter(dossier=received, finished_at__isnull=True).count() == 1


def test_a_supplement_during_processing_moves_the_open_step_too(
    received, citizen, clerk, handler, django_capture_on_commit_callbacks, monkeypatch
):
    step = processing.open_step(received)
    processing.step_claim(actor=handler, step=step)
    step_due = processing.open_step(received).due_at
    clock = {"now": datetime(2026, 11, 30, 14, 0, tzinfo=VN)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_request_supplement(
            actor=clerk, dossier=received, items=[{"paper": None, "reason": "Thiếu ảnh"}]
        )
    clock["now"] = datetime(2026, 12, 1, 8, 30, tzinfo=VN)  # 4 working hours later
    services.dossier_attach_file(
        actor=citizen, dossier=received, paper_id=None, upload=pdf_upload("anh.pdf")
    )
    services.dossier_answer_supplement(actor=citizen, dossier=received)

    moved = processing.open_step(received)
    assert moved.pk == step.pk
    # Tuesday 08:00 + 4 working hours: 3 h 30 to lunch (11:30), then 13:30 + 30 min = 14:00
    assert timezone.localtime(step_due) == datetime(2026, 12, 1, 8, 0, tzinfo=VN)
    assert timezone.localtime(moved.due_at) == datetime(2026, 12, 1, 14, 0, tzinfo=VN)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL"
)
def test_two_handlers_forwarding_at_once_cannot_both_succeed(received, handler, agency):
    colleague = make_official(
        email="dongnghiep@example.vn", full_name="Đồng Nghiệp", unit=agency, role=Role.HANDLER
    )
    step = processing.open_step(received)
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def act(i: int, user) -> None:
        try:
            barrier.wait()
            results[i] = processing.step_forward(actor=user, step=step)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(i, u)) for i, u in enumerate([handler, colleague])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    moved = [r for r in results if isinstance(r, DossierStep)]
    refused = [r for r in results if isinstance(r, InvalidTransition | NotPermitted)]
    assert len(moved) == 1, results
    assert len(refused) == 1, results
    assert DossierStep.objects.filter(dossier=received, finished_at__isnull=True).count() == 1
