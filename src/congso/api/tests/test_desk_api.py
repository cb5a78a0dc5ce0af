from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.crypto import get_random_string

from congso.accounts.models import Role
from congso.accounts.tests.factories import make_official
from congso.api.services import api_key_create
from congso.dossiers import processing, services
from congso.dossiers.models import Dossier, DossierEvent, DossierFile, DossierStep
from congso.dossiers.tests import conftest as dossier_fixtures
from congso.dossiers.tests.conftest import fill_ready, pdf_upload, process_to_desk
from congso.procedures.models import ProcessStep, RequiredPaper

pytestmark = pytest.mark.django_db

# A commune's birth registration, its applicant, the commune's one-stop clerk and handler.
agency = dossier_fixtures.agency
procedure = dossier_fixtures.procedure
citizen = dossier_fixtures.citizen
clerk = dossier_fixtures.clerk
handler = dossier_fixtures.handler

URL = "/api/v1/desk"
NOT_FOUND = {"message": "Không tìm thấy hồ sơ.", "code": "not_found", "extra": {}}
STEP_NOT_FOUND = {"message": "Không tìm thấy bước xử lý.", "code": "not_found", "extra": {}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(user) -> Client:
    """A browser session of `user` that sends the CSRF token, as the site's JavaScript does."""
    token = get_random_string(32)
    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=token)
    client.cookies["csrftoken"] = token
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict | None = None):
    return client.post(url, data or {}, content_type="application/json")


def submit(citizen, procedure) -> Dossier:
    dossier = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    dossier, _first = services.dossier_submit(actor=citizen, dossier=dossier)
    return dossier


@pytest.fixture
def submitted(citizen, procedure) -> Dossier:
    return submit(citizen, procedure)


@pytest.fixture
def received(submitted, clerk) -> Dossier:
    return services.dossier_receive(actor=clerk, dossier=submitted)


@pytest.fixture
def other_clerk(province):
    return make_official(
        email="motcua-syt@example.vn",
        full_name="Vũ Thị Khác",
        unit=province.soyte,
        role=Role.ONE_STOP_CLERK,
    )


@pytest.fixture
def other_handler(province):
    return make_official(
        email="xuly-syt@example.vn",
        full_name="Hà Văn Ngoài",
        unit=province.soyte,
        role=Role.HANDLER,
    )


@pytest.fixture
def leader(agency):
    return make_official(
        email="chutich@example.vn",
        full_name="Ngô Văn Lãnh",
        unit=agency,
        role=Role.LEADER,
        title="Chủ tịch UBND xã",
    )


@pytest.fixture
def with_leader_step(procedure, agency):
    """Reception at the desk, appraisal by a handler, approval by the leader."""
    for order, name, role, days in (
        (1, "Tiếp nhận hồ sơ", Role.ONE_STOP_CLERK, "0.5"),
        (2, "Thẩm định hồ sơ", Role.HANDLER, "0.5"),
        (3, "Phê duyệt", Role.LEADER, "0.5"),
    ):
        ProcessStep.objects.create(
            procedure=procedure, order=order, name=name, role=role, days=Decimal(days)
        )
    return procedure


def _local_iso(value: str) -> bool:
    return value.endswith("+07:00")


# --- the whole flow --------------------------------------------------------------------------


def test_the_official_flow_through_the_api(
    citizen, clerk, handler, procedure, agency, submitted, django_capture_on_commit_callbacks
):
    desk, worker = signed_in(clerk), signed_in(handler)

    # The submission waits in the desk's queue.
    queue = desk.get(f"{URL}/queue")
    assert queue.status_code == 200, queue.content
    assert queue["Cache-Control"] == "private, no-store"
    assert queue.json()["count"] == 1
    item = queue.json()["items"][0]
    assert item["id"] == submitted.pk
    assert item["code"] == submitted.code
    assert item["status"] == "submitted"
    assert item["national_status"] == 1
    assert item["channel"] == "online"
    assert item["procedure_code"] == "1.001193"
    assert item["agency_code"] == agency.code
    assert item["applicant_name"] == "Trần Văn Dân"
    assert _local_iso(item["submitted_at"])

    # The desk reads it and receives it: the appointment is fixed, the first step opens.
    detail = desk.get(f"{URL}/dossiers/{submitted.pk}")
    assert detail.status_code == 200
    assert detail.json()["at_my_desk"] is True
    assert detail.json()["steps"] == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        received = post(desk, f"{URL}/dossiers/{submitted.pk}/receive", {"note": "Đủ giấy tờ."})
    assert received.status_code == 200, received.content
    assert len(callbacks) == 1  # the receipt mail, after commit
    body = received.json()
    assert body["status"] == "received"
    assert body["national_status"] == 2
    assert _local_iso(body["received_at"])
    assert _local_iso(body["due_at"])
    assert body["events"][-1]["action"] == "receive"
    assert body["events"][-1]["actor_name"] == "Phạm Thu Một"
    assert body["events"][-1]["note"] == "Đủ giấy tờ."
    step = body["open_step"]
    assert step["name"] == "Xử lý hồ sơ"
    assert step["role"] == "handler"
    assert step["unit_code"] == agency.code
    assert step["handler_id"] is None
    assert body["can_act_on_open_step"] is False  # the clerk is not a handler
    assert desk.get(f"{URL}/queue").json()["count"] == 0

    # The handler finds it in the inbox and claims it.
    inbox = worker.get(f"{URL}/inbox")
    assert inbox.status_code == 200
    assert inbox.json()["count"] == 1
    entry = inbox.json()["items"][0]
    assert entry == {
        "step_id": step["id"],
        "dossier_id": submitted.pk,
        "dossier_code": submitted.code,
        "dossier_status": "received",
        "dossier_due_at": body["due_at"],
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "order": 1,
        "name": "Xử lý hồ sơ",
        "unit_code": agency.code,
        "unit_name": "Xã Đông Hợp",
        "role": "handler",
        "role_label": "Chuyên viên xử lý",
        "started_at": step["started_at"],
        "due_at": step["due_at"],
        "handler_id": None,
        "handler": None,
        "overdue": False,
        "due_soon": entry["due_soon"],
    }
    assert _local_iso(entry["due_at"])
    claimed = post(worker, f"{URL}/steps/{step['id']}/claim")
    assert claimed.status_code == 200, claimed.content
    assert claimed.json()["dossier_status"] == "in_process"
    assert claimed.json()["step"]["handler"] == "Đỗ Văn Xử"
    assert claimed.json()["next_step"] is None
    assert worker.get(f"{URL}/inbox", {"mine": True}).json()["count"] == 1

    # Forwarded: after the last step the dossier goes back to the desk to return the result.
    forwarded = post(worker, f"{URL}/steps/{step['id']}/forward", {"note": "Đủ điều kiện."})
    assert forwarded.status_code == 200, forwarded.content
    moved = forwarded.json()
    assert moved["step"]["outcome"] == "forwarded"
    assert moved["step"]["note"] == "Đủ điều kiện."
    assert _local_iso(moved["step"]["finished_at"])
    assert moved["next_step"]["name"] == "Trả kết quả"
    assert moved["next_step"]["role"] == "one_stop_clerk"
    assert moved["next_step"]["sent_by"] == "Đỗ Văn Xử"
    assert worker.get(f"{URL}/inbox").json()["count"] == 0
    assert desk.get(f"{URL}/inbox").json()["items"][0]["name"] == "Trả kết quả"

    # The desk attaches the result, then hands it over.
    result = desk.post(
        f"{URL}/dossiers/{submitted.pk}/result",
        {"file": pdf_upload("giay-khai-sinh.pdf"), "note": "Đã ký."},
    )
    assert result.status_code == 200, result.content
    assert result.json()["status"] == "result_ready"
    assert result.json()["national_status"] == 9
    assert result.json()["open_step"] is None
    files = [f for f in result.json()["files"] if f["kind"] == "result"]
    assert [f["name"] for f in files] == ["giay-khai-sinh.pdf"]
    assert files[0]["url"] == f"/dich-vu-cong/ho-so/{submitted.pk}/tep/{files[0]['id']}/"
    returned = post(desk, f"{URL}/dossiers/{submitted.pk}/return", {"note": "Trả tại quầy."})
    assert returned.status_code == 200, returned.content
    final = returned.json()
    assert final["status"] == "returned"
    assert final["national_status"] == 10
    assert _local_iso(final["returned_at"])
    assert [e["action"] for e in final["events"]] == [
        "start", "submit", "receive", "claim", "forward", "issue_result", "return_result",
    ]  # fmt: skip
    assert [(s["name"], s["outcome"]) for s in final["steps"]] == [
        ("Xử lý hồ sơ", "forwarded"),
        ("Trả kết quả", "finished"),
    ]
    assert all(_local_iso(e["at"]) for e in final["events"])


def test_receive_and_return_need_no_body(clerk, handler, submitted):
    desk = signed_in(clerk)

    received = desk.post(f"{URL}/dossiers/{submitted.pk}/receive", content_type="application/json")
    process_to_desk(submitted, handler)
    services.dossier_issue_result(actor=clerk, dossier=submitted, file=pdf_upload())
    returned = desk.generic("POST", f"{URL}/dossiers/{submitted.pk}/return")  # as `curl -X POST`

    assert received.status_code == 200, received.content
    assert received.json()["status"] == "received"
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"


def test_the_official_view_has_everything(clerk, received, procedure):
    papers = RequiredPaper.objects.filter(procedure=procedure).order_by("order")

    body = signed_in(clerk).get(f"{URL}/dossiers/{received.pk}").json()

    assert body["code"] == received.code
    assert body["applicant"]["applicant_name"] == "Trần Văn Dân"
    assert body["applicant"]["phone"] == "0912345678"
    assert body["form_data"]["ten_tre"] == "Nguyễn Thị Hoa"
    assert {"label": "Ngày sinh", "value": "20/11/2026"} in body["form_rows"]
    assert [p["name"] for p in body["papers"]] == [p.name for p in papers]
    assert {f["paper_name"] for f in body["files"]} == {
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    }
    assert body["processing_days"] == 1.0
    assert body["overdue"] is False
    assert body["supplements"] == []
    assert len(body["steps"]) == 1
    assert body["steps"][0]["role_label"] == "Chuyên viên xử lý"
    assert body["steps"][0]["sent_by"] == "Phạm Thu Một"
    assert _local_iso(body["created_at"])


# --- desk transitions ---------------------------------------------------------------------------


def test_supplement_lists_items_with_reasons(clerk, submitted, procedure):
    paper = RequiredPaper.objects.get(procedure=procedure, order=2)
    desk = signed_in(clerk)

    response = post(
        desk,
        f"{URL}/dossiers/{submitted.pk}/supplement",
        {
            "items": [
                {"paper_id": paper.pk, "reason": "Bản chụp mờ."},
                {"field": "ten_tre", "reason": "Sai chính tả."},
            ],
            "message": "Vui lòng bổ sung.",
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "supplement"
    assert body["national_status"] == 5
    assert body["supplements"][0]["message"] == "Vui lòng bổ sung."
    assert body["supplements"][0]["items"] == [
        {"paper_id": paper.pk, "field": None, "reason": "Bản chụp mờ."},
        {"paper_id": None, "field": "ten_tre", "reason": "Sai chính tả."},
    ]
    assert body["supplements"][0]["answered_at"] is None


def test_supplement_errors_come_from_the_service(clerk, submitted):
    desk = signed_in(clerk)

    no_reason = post(
        desk, f"{URL}/dossiers/{submitted.pk}/supplement", {"items": [{"reason": " "}]}
    )
    nothing = post(desk, f"{URL}/dossiers/{submitted.pk}/supplement", {"items": []})
    foreign_paper = post(
        desk,
        f"{URL}/dossiers/{submitted.pk}/supplement",
        {"items": [{"paper_id": 999999, "reason": "x"}]},
    )
    missing = post(desk, f"{URL}/dossiers/{submitted.pk}/supplement", {})

    assert no_reason.status_code == 422
    assert no_reason.json()["message"] == "Mỗi nội dung cần bổ sung phải có lý do."
    assert nothing.status_code == 422
    assert nothing.json()["message"] == "Vui lòng liệt kê ít nhất một nội dung cần bổ sung."
    assert foreign_paper.status_code == 422
    assert foreign_paper.json()["message"] == "Thành phần hồ sơ không thuộc thủ tục này."
    assert missing.status_code == 422
    assert missing.json()["extra"]["errors"][0]["loc"] == ["body", "payload", "items"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert not submitted.supplements.exists()


def test_refuse_needs_a_reason(clerk, submitted):
    desk = signed_in(clerk)

    blank = post(desk, f"{URL}/dossiers/{submitted.pk}/refuse", {"reason": "  "})
    assert blank.status_code == 422
    assert blank.json()["message"] == "Vui lòng ghi rõ lý do từ chối."
    assert Dossier.objects.get(pk=submitted.pk).status == "submitted"

    refused = post(
        desk, f"{URL}/dossiers/{submitted.pk}/refuse", {"reason": "Không thuộc thẩm quyền."}
    )
    assert refused.status_code == 200
    assert refused.json()["status"] == "refused"
    assert refused.json()["national_status"] == 3
    assert refused.json()["events"][-1]["note"] == "Không thuộc thẩm quyền."


def test_a_transition_the_status_does_not_allow_is_409(clerk, received):
    desk = signed_in(clerk)

    again = post(desk, f"{URL}/dossiers/{received.pk}/receive")
    early_return = post(desk, f"{URL}/dossiers/{received.pk}/return")
    early_result = desk.post(f"{URL}/dossiers/{received.pk}/result", {"file": pdf_upload()})

    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    assert again.json()["message"] == (
        "Không thể tiếp nhận hồ sơ khi hồ sơ đang ở trạng thái “Đã tiếp nhận”."
    )
    assert early_return.status_code == 409
    assert early_result.status_code == 409
    assert early_result.json()["message"] == (
        "Hồ sơ đang ở bước “Xử lý hồ sơ” tại Xã Đông Hợp, chưa đến bước trả kết quả."
    )
    received.refresh_from_db()
    assert received.status == "received"
    assert not DossierFile.objects.filter(dossier=received, kind="result").exists()


def test_result_needs_a_file(clerk, handler, received):
    process_to_desk(received, handler)

    response = signed_in(clerk).post(f"{URL}/dossiers/{received.pk}/result", {"note": "x"})

    assert response.status_code == 422
    assert response.json()["extra"]["errors"][0]["loc"] == ["file", "file"]


def test_reschedule_takes_an_iso_time_read_as_vietnam_time(clerk, received):
    desk = signed_in(clerk)
    later = timezone.localtime(received.due_at) + dt.timedelta(days=3)
    naive = later.replace(tzinfo=None, microsecond=0).isoformat()

    response = post(
        desk,
        f"{URL}/dossiers/{received.pk}/reschedule",
        {"new_due": naive, "reason": "Chờ xác minh."},
    )

    assert response.status_code == 200, response.content
    assert response.json()["apology_due_at"] == later.replace(microsecond=0).isoformat()
    assert response.json()["apology_due_at"].endswith("+07:00")
    received.refresh_from_db()
    assert received.apology_due_at == later.replace(microsecond=0)
    assert received.events.last().action == "apologize"


def test_reschedule_errors(clerk, received):
    desk = signed_in(clerk)
    url = f"{URL}/dossiers/{received.pk}/reschedule"

    past = post(desk, url, {"new_due": "2020-01-01T08:00:00+07:00", "reason": "x"})
    no_reason = post(desk, url, {"new_due": "2099-01-01T08:00:00+07:00", "reason": ""})
    not_a_time = post(desk, url, {"new_due": "27/11/2026 08:00", "reason": "x"})

    assert past.status_code == 422
    assert past.json()["message"] == "Ngày hẹn lại phải sau ngày hẹn hiện tại và sau thời điểm này."
    assert no_reason.status_code == 422
    assert no_reason.json()["message"] == "Vui lòng ghi rõ lý do chậm trả kết quả."
    assert not_a_time.status_code == 422
    assert not_a_time.json()["extra"]["errors"] == [
        {
            "loc": ["body", "payload", "new_due"],
            "type": "datetime_parsing",
            "msg": "Thời điểm không đúng định dạng ISO 8601, ví dụ 2026-12-04T16:00:00+07:00.",
        }
    ]
    received.refresh_from_db()
    assert received.apology_due_at is None


# --- steps --------------------------------------------------------------------------------------


def test_leader_approves_or_rejects(clerk, handler, leader, with_leader_step, submitted):
    services.dossier_receive(actor=clerk, dossier=submitted)
    worker, boss = signed_in(handler), signed_in(leader)
    step = processing.open_step(submitted)
    assert step.name == "Thẩm định hồ sơ"

    to_leader = post(worker, f"{URL}/steps/{step.pk}/forward").json()["next_step"]
    assert to_leader["name"] == "Phê duyệt"
    assert boss.get(f"{URL}/inbox").json()["items"][0]["step_id"] == to_leader["id"]

    not_a_forward = post(boss, f"{URL}/steps/{to_leader['id']}/forward")
    reject_without_reason = post(boss, f"{URL}/steps/{to_leader['id']}/reject", {"note": ""})
    assert not_a_forward.status_code == 409
    assert not_a_forward.json()["message"] == (
        "Ở bước của lãnh đạo, hãy phê duyệt hoặc không phê duyệt."
    )
    assert reject_without_reason.status_code == 422
    assert DossierStep.objects.get(pk=to_leader["id"]).finished_at is None

    rejected = post(boss, f"{URL}/steps/{to_leader['id']}/reject", {"note": "Thiếu xác minh."})
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["step"]["outcome"] == "rejected"
    back = rejected.json()["next_step"]
    assert back["name"] == "Thẩm định hồ sơ"

    again = post(worker, f"{URL}/steps/{back['id']}/forward", {"note": "Đã xác minh."})
    approved = post(boss, f"{URL}/steps/{again.json()['next_step']['id']}/approve")
    assert approved.status_code == 200, approved.content
    assert approved.json()["step"]["outcome"] == "approved"
    assert approved.json()["next_step"]["name"] == "Trả kết quả"


def test_returning_a_step_needs_a_reason(clerk, handler, with_leader_step, submitted):
    services.dossier_receive(actor=clerk, dossier=submitted)
    worker = signed_in(handler)
    step = processing.open_step(submitted)

    blank = post(worker, f"{URL}/steps/{step.pk}/return", {"note": ""})
    returned = post(worker, f"{URL}/steps/{step.pk}/return", {"note": "Sai tên trẻ."})

    assert blank.status_code == 422
    assert blank.json()["message"] == (
        "Vui lòng ghi rõ lý do trả lại để bước trước biết cần sửa gì."
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["next_step"]["name"] == "Tiếp nhận hồ sơ"
    assert returned.json()["next_step"]["role"] == "one_stop_clerk"


def test_a_step_taken_by_someone_else_is_409_and_a_moved_step_too(agency, handler, received):
    second = make_official(
        email="chuyenvien2@example.vn", full_name="Lý Thị Hai", unit=agency, role=Role.HANDLER
    )
    step = processing.open_step(received)
    assert post(signed_in(handler), f"{URL}/steps/{step.pk}/claim").status_code == 200

    taken = post(signed_in(second), f"{URL}/steps/{step.pk}/claim")
    forward_by_other = post(signed_in(second), f"{URL}/steps/{step.pk}/forward")
    assert taken.status_code == 409
    assert taken.json()["message"] == "Bước này đã có Đỗ Văn Xử nhận xử lý."
    assert forward_by_other.status_code == 403
    assert forward_by_other.json()["message"] == "Bước này do Đỗ Văn Xử đang xử lý."

    post(signed_in(handler), f"{URL}/steps/{step.pk}/forward")
    stale = post(signed_in(handler), f"{URL}/steps/{step.pk}/forward")
    assert stale.status_code == 409
    assert stale.json()["message"] == (
        "Bước “Xử lý hồ sơ” đã được chuyển đi; vui lòng tải lại trang."
    )
    assert DossierStep.objects.filter(dossier=received).count() == 2


def test_inbox_puts_overdue_steps_first(citizen, clerk, handler, procedure):
    first = services.dossier_receive(actor=clerk, dossier=submit(citizen, procedure))
    late = services.dossier_receive(actor=clerk, dossier=submit(citizen, procedure))
    late_step = processing.open_step(late)
    DossierStep.objects.filter(pk=late_step.pk).update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )

    items = signed_in(handler).get(f"{URL}/inbox").json()["items"]

    assert [i["dossier_id"] for i in items] == [late.pk, first.pk]
    assert [i["overdue"] for i in items] == [True, False]
    assert items[0]["due_soon"] is False


def test_queue_and_inbox_are_paginated_with_fixed_queries(citizen, clerk, handler, procedure):
    desk, worker = signed_in(clerk), signed_in(handler)
    for _ in range(3):
        submit(citizen, procedure)
    for _ in range(2):
        services.dossier_receive(actor=clerk, dossier=submit(citizen, procedure))

    page = desk.get(f"{URL}/queue", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 3
    assert len(page["items"]) == 1

    def count(client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    queue_few, inbox_few = count(desk, f"{URL}/queue"), count(worker, f"{URL}/inbox")
    for _ in range(3):
        services.dossier_receive(actor=clerk, dossier=submit(citizen, procedure))
        submit(citizen, procedure)
    assert count(desk, f"{URL}/queue") == queue_few
    assert count(worker, f"{URL}/inbox") == inbox_few


# --- who may do what ----------------------------------------------------------------------------


def test_another_agencys_officials_get_404(other_clerk, other_handler, received):
    step = processing.open_step(received)

    for official in (other_clerk, other_handler):
        api = signed_in(official)
        attempts = [
            api.get(f"{URL}/dossiers/{received.pk}"),
            post(api, f"{URL}/dossiers/{received.pk}/refuse", {"reason": "x"}),
            post(api, f"{URL}/dossiers/{received.pk}/return"),
            post(api, f"{URL}/dossiers/{received.pk}/supplement", {"items": [{"reason": "x"}]}),
            api.get(f"{URL}/dossiers/999999"),
        ]
        for response in attempts:
            assert response.status_code == 404, response.content
            assert response.json() == NOT_FOUND
        for action in ("claim", "forward", "return", "approve", "reject"):
            response = post(api, f"{URL}/steps/{step.pk}/{action}", {"note": "x"})
            assert response.status_code == 404, response.content
            assert response.json() == STEP_NOT_FOUND
        assert api.get(f"{URL}/inbox").json() == {"items": [], "count": 0}
    assert signed_in(other_clerk).get(f"{URL}/queue").json() == {"items": [], "count": 0}
    received.refresh_from_db()
    assert received.status == "received"
    step.refresh_from_db()
    assert step.handler_id is None


def test_a_submission_is_hidden_from_the_agencys_handler_until_received(handler, submitted):
    response = signed_in(handler).get(f"{URL}/dossiers/{submitted.pk}")

    assert response.status_code == 404


def test_the_agencys_handler_sees_but_may_not_use_the_desk(clerk, handler, received):
    worker = signed_in(handler)

    seen = worker.get(f"{URL}/dossiers/{received.pk}")
    refuse = post(worker, f"{URL}/dossiers/{received.pk}/refuse", {"reason": "x"})
    queue = worker.get(f"{URL}/queue")
    clerk_claims = post(signed_in(clerk), f"{URL}/steps/{processing.open_step(received).pk}/claim")

    assert seen.status_code == 200
    assert seen.json()["at_my_desk"] is False
    assert seen.json()["can_act_on_open_step"] is True
    assert refuse.status_code == 403
    assert refuse.json()["message"] == (
        "Chỉ cán bộ bộ phận một cửa của cơ quan tiếp nhận được thao tác."
    )
    assert queue.status_code == 403
    assert queue.json()["message"] == "Trang này dành cho cán bộ bộ phận một cửa."
    assert clerk_claims.status_code == 403
    assert clerk_claims.json()["message"] == (
        "Bước này không thuộc vai trò của bạn tại đơn vị xử lý."
    )
    assert Dossier.objects.get(pk=received.pk).status == "received"


def test_a_citizen_gets_403_or_404(citizen, received):
    api = signed_in(citizen)  # the applicant of the dossier, even
    step = processing.open_step(received)

    assert api.get(f"{URL}/queue").status_code == 403
    inbox = api.get(f"{URL}/inbox")
    assert inbox.status_code == 403
    assert inbox.json()["message"] == "Chức năng này dành cho cán bộ, công chức."
    assert api.get(f"{URL}/stats").status_code == 403
    assert api.get(f"{URL}/dossiers/{received.pk}").json() == NOT_FOUND
    assert post(api, f"{URL}/dossiers/{received.pk}/return").status_code == 404
    assert post(api, f"{URL}/steps/{step.pk}/claim").status_code == 404
    assert Dossier.objects.get(pk=received.pk).status == "received"


def test_a_draft_is_not_found(clerk, citizen, procedure):
    draft = services.dossier_start(applicant=citizen, procedure=procedure)

    assert signed_in(clerk).get(f"{URL}/dossiers/{draft.pk}").json() == NOT_FOUND


def test_anonymous_and_api_keys_are_401(client, clerk, province, received):
    admin = make_official(
        email="qt@example.vn", full_name="Quản Trị", unit=province.root, role="administrator"
    )
    _key, raw = api_key_create(actor=admin, name="Hệ thống", scopes=["dvcqg:read"])
    step = processing.open_step(received)

    for headers in ({}, {"X-API-Key": raw}):
        responses = [
            client.get(f"{URL}/queue", headers=headers),
            client.get(f"{URL}/inbox", headers=headers),
            client.get(f"{URL}/stats", headers=headers),
            client.get(f"{URL}/dossiers/{received.pk}", headers=headers),
            client.post(f"{URL}/dossiers/{received.pk}/return", headers=headers),
            client.post(f"{URL}/steps/{step.pk}/claim", headers=headers),
        ]
        for response in responses:
            assert response.status_code == 401
            assert response.json()["code"] == "not_authenticated"
    assert Dossier.objects.get(pk=received.pk).status == "received"


def test_unsafe_methods_need_the_csrf_token(clerk, submitted):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)

    response = browser.post(f"{URL}/dossiers/{submitted.pk}/receive")

    assert response.status_code == 403
    assert Dossier.objects.get(pk=submitted.pk).status == "submitted"
    assert browser.get(f"{URL}/dossiers/{submitted.pk}").status_code == 200


# --- statistics ---------------------------------------------------------------------------------


def test_stats_for_the_desk(clerk, handler, province, citizen, procedure, received):
    process_to_desk(received, handler)
    services.dossier_issue_result(actor=clerk, dossier=received, file=pdf_upload())
    services.dossier_receive(actor=clerk, dossier=submit(citizen, procedure))
    today = timezone.localdate().isoformat()

    response = signed_in(clerk).get(f"{URL}/stats", {"start": today, "end": today})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["start"] == body["end"] == today
    assert body["agency_code"] is None
    assert body["totals"]["received"] == 2
    assert body["totals"]["resolved"] == 1
    assert body["totals"]["in_progress"] == 1
    assert body["totals"]["online"] == 2
    assert body["totals"]["on_time_rate"] == 1.0
    assert [(p["code"], p["received"]) for p in body["procedures"]] == [("1.001193", 2)]
    assert [(a["code"], a["received"]) for a in body["agencies"]] == [(received.agency.code, 2)]

    chosen = signed_in(clerk).get(f"{URL}/stats", {"agency_code": received.agency.code})
    foreign = signed_in(clerk).get(f"{URL}/stats", {"agency_code": province.soyte.code})
    backwards = signed_in(clerk).get(f"{URL}/stats", {"start": today, "end": "2020-01-01"})
    assert chosen.status_code == 200
    assert chosen.json()["totals"]["received"] == 2
    assert foreign.status_code == 403
    assert backwards.status_code == 422
    assert backwards.json()["message"] == "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc."


# --- schema -------------------------------------------------------------------------------------


def test_openapi_documents_the_desk(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in (
        "/api/v1/desk/queue",
        "/api/v1/desk/inbox",
        "/api/v1/desk/stats",
        "/api/v1/desk/dossiers/{dossier_id}",
    ):
        assert paths[path]["get"]["tags"] == ["Một cửa, xử lý hồ sơ"]
    for action in ("receive", "supplement", "refuse", "result", "return", "reschedule"):
        assert "post" in paths[f"/api/v1/desk/dossiers/{{dossier_id}}/{action}"]
    for action in ("claim", "forward", "return", "approve", "reject"):
        assert "post" in paths[f"/api/v1/desk/steps/{{step_id}}/{action}"]
    upload = paths["/api/v1/desk/dossiers/{dossier_id}/result"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]


def test_events_are_not_duplicated_by_a_repeated_claim(handler, received):
    worker = signed_in(handler)
    step = processing.open_step(received)

    first = post(worker, f"{URL}/steps/{step.pk}/claim")
    second = post(worker, f"{URL}/steps/{step.pk}/claim")

    assert first.status_code == second.status_code == 200
    assert DossierEvent.objects.filter(dossier=received, action="claim").count() == 1
