from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congso.accounts.models import RoleAssignment
from congso.accounts.tests.factories import make_official
from congso.api.services import api_key_create, api_key_revoke
from congso.dossiers import processing, services
from congso.dossiers.models import Dossier, DossierEvent, DossierFile
from congso.dossiers.tests import conftest as dossier_fixtures
from congso.dossiers.tests.conftest import VALID_VALUES, fill_ready, pdf_upload, process_to_desk
from congso.procedures.models import Fee, ProcedureCase

pytestmark = pytest.mark.django_db

agency = dossier_fixtures.agency
procedure = dossier_fixtures.procedure
citizen = dossier_fixtures.citizen
clerk = dossier_fixtures.clerk
handler = dossier_fixtures.handler

URL = "/api/v1/dvcqg/dossiers"
STAMP = re.compile(r"^\d{14}$")
UTC = dt.UTC
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FIELDS = ("NgayNop", "NgayTiepNhan", "NgayHenTra", "NgayHenTraMoi", "NgayCoKetQua", "NgayTra")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(province):
    return make_official(
        email="qt@example.vn", full_name="Quản Trị", unit=province.root, role="administrator"
    )


@pytest.fixture
def key(admin) -> str:
    _key, raw = api_key_create(actor=admin, name="Bộ đồng bộ DVCQG", scopes=["dvcqg:read"])
    return raw


@pytest.fixture
def sync(client, key):
    """A client of the sync adapter: every request carries the key."""
    client.defaults["HTTP_X_API_KEY"] = key
    return client


def vn(value: dt.datetime) -> str:
    return value.astimezone(VN).strftime("%Y%m%d%H%M%S")


def submit(citizen, procedure) -> Dossier:
    dossier = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    dossier, _first = services.dossier_submit(actor=citizen, dossier=dossier)
    return dossier


@pytest.fixture
def submitted(citizen, procedure) -> Dossier:
    return submit(citizen, procedure)


@pytest.fixture
def finished(submitted, clerk, handler) -> Dossier:
    """Received, processed by the handler, result issued and returned."""
    services.dossier_receive(actor=clerk, dossier=submitted)
    process_to_desk(submitted, handler)
    services.dossier_issue_result(
        actor=clerk, dossier=submitted, file=pdf_upload("giay-khai-sinh.pdf")
    )
    services.dossier_return_result(actor=clerk, dossier=submitted)
    submitted.refresh_from_db()
    return submitted


# --- the dossier push ---------------------------------------------------------------------------


def test_the_dossier_push(sync, procedure, agency, finished):
    Fee.objects.create(procedure=procedure, name="Lệ phí đăng ký khai sinh", amount=8000)
    other_case = ProcedureCase.objects.create(procedure=procedure, name="Có yếu tố nước ngoài")
    Fee.objects.create(procedure=procedure, case=other_case, name="Phí riêng", amount=50000)

    response = sync.get(f"{URL}/{finished.code}")

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    papers = body.pop("ThanhPhanHoSo")
    results = body.pop("KetQua")
    assert body == {
        "MaHoSo": finished.code,
        "MaTTHC": "1.001193",
        "TenTTHC": "Đăng ký khai sinh",
        "MaDonVi": agency.code,
        "TenDonVi": "Xã Đông Hợp",
        "ChuHoSo": "Trần Văn Dân",
        "SoCCCD": "",
        "DiaChi": "",
        "SoDienThoai": "0912345678",
        "Email": "dan@example.vn",
        "KenhNop": 2,
        "NgayNop": vn(finished.submitted_at),
        "NgayTiepNhan": vn(finished.received_at),
        "NgayHenTra": vn(finished.due_at),
        "NgayHenTraMoi": None,
        "NgayCoKetQua": vn(finished.finished_at),
        "NgayTra": vn(finished.returned_at),
        "TrangThaiHoSo": 10,
        "PhiLePhi": [{"TenPhiLePhi": "Lệ phí đăng ký khai sinh", "SoTien": 8000, "GhiChu": ""}],
        "NgayCapNhat": body["NgayCapNhat"],
    }
    assert STAMP.match(body["NgayCapNhat"])
    assert [(p["TenThanhPhan"], p["TenTep"]) for p in papers] == [
        ("Tờ khai đăng ký khai sinh", "giay-chung-sinh.pdf"),
        ("Giấy chứng sinh", "giay-chung-sinh.pdf"),
    ]
    assert [r["TenTep"] for r in results] == ["giay-khai-sinh.pdf"]
    result_file = DossierFile.objects.get(dossier=finished, kind="result")
    assert results[0]["DuongDan"] == (
        f"http://testserver/api/v1/dvcqg/dossiers/{finished.code}/files/{result_file.pk}"
    )


def test_every_date_is_yyyymmddhhmmss_in_vietnam_time_whatever_the_server_zone(
    settings, sync, finished
):
    settings.TIME_ZONE = "UTC"
    Dossier.objects.filter(pk=finished.pk).update(
        received_at=dt.datetime(2026, 11, 27, 1, 30, 5, tzinfo=UTC),  # 08:30:05 in Hà Nội
        due_at=dt.datetime(2026, 11, 27, 17, 0, 0, tzinfo=UTC),  # past midnight there
        apology_due_at=dt.datetime(2026, 12, 4, 9, 0, 0, tzinfo=UTC),
    )

    body = sync.get(f"{URL}/{finished.code}").json()
    progress = sync.get(f"{URL}/{finished.code}/progress").json()

    assert body["NgayTiepNhan"] == "20261127083005"
    assert body["NgayHenTra"] == "20261128000000"
    assert body["NgayHenTraMoi"] == "20261204160000"
    for name in DATE_FIELDS:
        assert STAMP.match(body[name]), name
    for entry in progress["QuaTrinhXuLy"]:
        assert STAMP.match(entry["ThoiDiemXuLy"])
        assert entry["HanXuLy"] is None or STAMP.match(entry["HanXuLy"])
    first = DossierEvent.objects.filter(dossier=finished, action="submit").get()
    assert progress["QuaTrinhXuLy"][0]["ThoiDiemXuLy"] == vn(first.at)


def test_status_codes_and_channels(sync, citizen, clerk, procedure, agency, submitted):
    def status_of(dossier) -> tuple[int, int, str | None]:
        body = sync.get(f"{URL}/{dossier.code}").json()
        return body["TrangThaiHoSo"], body["KenhNop"], body["NgayCoKetQua"]

    assert status_of(submitted) == (1, 2, None)
    services.dossier_receive(actor=clerk, dossier=submitted)
    assert status_of(submitted)[0] == 2
    services.dossier_request_supplement(
        actor=clerk, dossier=submitted, items=[{"paper": None, "field": "", "reason": "x"}]
    )
    assert status_of(submitted)[0] == 5

    refused = submit(citizen, procedure)
    services.dossier_refuse(actor=clerk, dossier=refused, reason="Không thuộc thẩm quyền.")
    assert status_of(refused) == (3, 2, None)  # refused: no result date

    withdrawn = submit(citizen, procedure)
    services.dossier_withdraw(actor=citizen, dossier=withdrawn, reason="Nộp nhầm.")
    assert status_of(withdrawn)[0] == 7

    at_counter = services.dossier_register_at_counter(
        clerk=clerk,
        procedure=procedure,
        agency=agency,
        applicant={"applicant_name": "Lê Văn Quầy", "phone": "0987654321"},
        values=VALID_VALUES,
        uploads=[(paper.pk, pdf_upload()) for paper in procedure.papers.filter(is_required=True)],
    )
    assert status_of(at_counter) == (2, 1, None)
    Dossier.objects.filter(pk=at_counter.pk).update(channel=Dossier.Channel.POST)
    assert status_of(at_counter)[1] == 3


def test_in_process_and_result_ready(sync, clerk, handler, submitted):
    services.dossier_receive(actor=clerk, dossier=submitted)
    processing.step_claim(actor=handler, step=processing.open_step(submitted))
    assert sync.get(f"{URL}/{submitted.code}").json()["TrangThaiHoSo"] == 4

    process_to_desk(submitted, handler)
    services.dossier_issue_result(actor=clerk, dossier=submitted, file=pdf_upload())
    body = sync.get(f"{URL}/{submitted.code}").json()
    assert body["TrangThaiHoSo"] == 9
    assert STAMP.match(body["NgayCoKetQua"])
    assert body["NgayTra"] is None


def test_a_draft_or_unknown_code_is_404(sync, citizen, procedure):
    draft = services.dossier_start(applicant=citizen, procedure=procedure)

    unknown = sync.get(f"{URL}/000.01.27.H56-261127-9999")
    progress = sync.get(f"{URL}/000.01.27.H56-261127-9999/progress")

    assert unknown.status_code == progress.status_code == 404
    assert unknown.json() == {"message": "Không tìm thấy hồ sơ.", "code": "not_found", "extra": {}}
    assert sync.get(URL).json() == {"items": [], "count": 0}  # drafts are never listed
    assert draft.code is None


# --- files --------------------------------------------------------------------------------------


def test_files_download_with_the_key_and_never_internal_ones(client, sync, key, handler, finished):
    paper = DossierFile.objects.filter(dossier=finished, kind="paper").first()
    internal = DossierFile.objects.create(
        dossier=finished, kind="internal", file="dossiers/du-thao.pdf", original_name="du-thao.pdf",
        content_type="application/pdf", size=1, original_size=1,
    )  # fmt: skip
    url = sync.get(f"{URL}/{finished.code}").json()["ThanhPhanHoSo"][0]["DuongDan"]
    path = url.removeprefix("http://testserver")

    downloaded = sync.get(path)
    hidden = sync.get(f"{URL}/{finished.code}/files/{internal.pk}")
    other_dossier = sync.get(f"{URL}/000.01.27.H56-261127-9999/files/{paper.pk}")
    anonymous = Client().get(path)

    assert path == f"/api/v1/dvcqg/dossiers/{finished.code}/files/{paper.pk}"
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"] == "application/pdf"
    assert downloaded["Cache-Control"] == "private, no-store"
    assert downloaded["Content-Disposition"] == 'attachment; filename="giay-chung-sinh.pdf"'
    assert b"".join(downloaded.streaming_content).startswith(b"%PDF")
    assert hidden.status_code == other_dossier.status_code == 404
    assert anonymous.status_code == 401


# --- the progress push --------------------------------------------------------------------------


def test_the_progress_push(sync, agency, clerk, handler, finished):
    RoleAssignment.objects.filter(user=handler).update(title="Công chức Tư pháp - Hộ tịch")

    response = sync.get(f"{URL}/{finished.code}/progress")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["MaHoSo"] == finished.code
    assert body["TrangThaiHoSo"] == 10
    entries = body["QuaTrinhXuLy"]
    assert [e["STT"] for e in entries] == list(range(1, 7))
    assert [
        (e["NguoiXuLy"], e["DonViXuLy"], e["NoiDungXuLy"], e["TrangThai"]) for e in entries
    ] == [
        ("Trần Văn Dân", None, "Nộp hồ sơ", 1),
        ("Phạm Thu Một", "Xã Đông Hợp", "Tiếp nhận hồ sơ", 2),
        ("Đỗ Văn Xử", "Xã Đông Hợp", "Nhận xử lý: Xử lý hồ sơ", 4),
        ("Đỗ Văn Xử", "Xã Đông Hợp", "Chuyển bước tiếp theo: Đủ điều kiện.", 4),
        ("Phạm Thu Một", "Xã Đông Hợp", "Trả kết quả điện tử", 9),
        ("Phạm Thu Một", "Xã Đông Hợp", "Trả kết quả", 10),
    ]
    assert [e["ChucDanh"] for e in entries] == [
        None, None, "Công chức Tư pháp - Hộ tịch", "Công chức Tư pháp - Hộ tịch", None, None,
    ]  # fmt: skip
    assert entries[1]["MaDonViXuLy"] == agency.code
    work_step = finished.steps.order_by("started_at").first()
    assert entries[1]["HanXuLy"] == vn(finished.due_at)  # the appointment fixed at reception
    assert entries[2]["HanXuLy"] == entries[3]["HanXuLy"] == vn(work_step.due_at)
    assert entries[0]["HanXuLy"] is None
    for entry in entries:
        assert STAMP.match(entry["ThoiDiemXuLy"])


def test_a_move_without_claiming_counts_as_in_process(sync, clerk, handler, submitted):
    services.dossier_receive(actor=clerk, dossier=submitted)
    processing.step_forward(actor=handler, step=processing.open_step(submitted), note="Xong.")

    entries = sync.get(f"{URL}/{submitted.code}/progress").json()["QuaTrinhXuLy"]

    assert [(e["NoiDungXuLy"], e["TrangThai"]) for e in entries[-2:]] == [
        ("Tiếp nhận hồ sơ", 2),
        ("Chuyển bước tiếp theo: Xong.", 4),
    ]


# --- incremental sync ---------------------------------------------------------------------------


def _age(dossier: Dossier, when: dt.datetime) -> None:
    """Pretend every change of `dossier` happened at `when`."""
    Dossier.objects.filter(pk=dossier.pk).update(updated_at=when)
    DossierEvent.objects.filter(dossier=dossier).update(at=when)


def test_updated_since_gives_what_changed(sync, citizen, clerk, handler, procedure):
    old, recent = submit(citizen, procedure), submit(citizen, procedure)
    services.dossier_receive(actor=clerk, dossier=old)
    long_ago = timezone.now() - dt.timedelta(days=3)
    yesterday = timezone.now() - dt.timedelta(days=1)
    _age(old, long_ago)
    _age(recent, yesterday)
    since = vn(yesterday - dt.timedelta(hours=1))

    everything = sync.get(URL).json()
    changed = sync.get(URL, {"updated_since": since}).json()
    exactly = sync.get(URL, {"updated_since": vn(yesterday)}).json()
    iso = sync.get(URL, {"updated_since": (yesterday - dt.timedelta(hours=1)).isoformat()}).json()

    assert [d["MaHoSo"] for d in everything["items"]] == [old.code, recent.code]
    assert everything["count"] == 2
    assert [d["MaHoSo"] for d in changed["items"]] == [recent.code]
    assert changed["items"][0]["NgayCapNhat"] == vn(yesterday)
    assert [d["MaHoSo"] for d in exactly["items"]] == [recent.code]  # the bound is included
    assert iso == changed

    # A step move writes an event but not the dossier row: the dossier still shows up.
    processing.step_claim(actor=handler, step=processing.open_step(old))
    Dossier.objects.filter(pk=old.pk).update(updated_at=long_ago)
    again = sync.get(URL, {"updated_since": since}).json()
    assert [d["MaHoSo"] for d in again["items"]] == [recent.code, old.code]
    assert again["items"][1]["TrangThaiHoSo"] == 4
    assert again["items"][1]["NgayCapNhat"] > vn(yesterday)


def test_the_sync_list_is_paginated(sync, citizen, procedure):
    codes = [submit(citizen, procedure).code for _ in range(3)]

    first = sync.get(URL, {"page_size": 2}).json()
    second = sync.get(URL, {"page_size": 2, "page": 2}).json()
    capped = sync.get(URL, {"page_size": 100000}).json()

    assert first["count"] == second["count"] == 3
    assert [d["MaHoSo"] for d in first["items"] + second["items"]] == codes
    assert len(capped["items"]) == 3


def test_a_bad_updated_since_is_422(sync):
    response = sync.get(URL, {"updated_since": "hôm qua"})

    assert response.status_code == 422
    assert response.json()["extra"]["errors"] == [
        {
            "loc": ["query", "updated_since"],
            "type": "invalid",
            "msg": "Thời điểm phải theo dạng yyyyMMddHHmmss hoặc ISO 8601.",
        }
    ]


# --- who may read -------------------------------------------------------------------------------


def test_without_a_key_401_without_the_scope_403(client, admin, submitted, citizen, clerk):
    _other, no_scope = api_key_create(actor=admin, name="Văn bản", scopes=["org_units:read"])
    revoked_key, revoked = api_key_create(actor=admin, name="Cũ", scopes=["dvcqg:read"])
    api_key_revoke(actor=admin, key=revoked_key, reason="Thay khoá.")
    paths = [URL, f"{URL}/{submitted.code}", f"{URL}/{submitted.code}/progress"]

    for path in paths:
        anonymous = client.get(path)
        assert anonymous.status_code == 401
        assert anonymous.json()["code"] == "not_authenticated"
        assert client.get(path, headers={"X-API-Key": revoked}).status_code == 401
        unscoped = client.get(path, headers={"Authorization": f"Bearer {no_scope}"})
        assert unscoped.status_code == 403
        assert unscoped.json() == {
            "message": "Khoá API này không có quyền dvcqg:read.",
            "code": "not_permitted",
            "extra": {},
        }
        for person in (citizen, clerk):  # a session is a person, not the sync adapter
            browser = Client()
            browser.force_login(person)
            assert browser.get(path).status_code == 401


def test_the_scope_can_be_granted_in_the_admin_list(admin):
    from congso.api.models import ApiScope

    assert ("dvcqg:read", "Đọc hồ sơ để đồng bộ với Cổng Dịch vụ công quốc gia") in (
        ApiScope.choices
    )


def test_openapi_documents_the_sync(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in (
        "/api/v1/dvcqg/dossiers",
        "/api/v1/dvcqg/dossiers/{code}",
        "/api/v1/dvcqg/dossiers/{code}/progress",
        "/api/v1/dvcqg/dossiers/{code}/files/{file_id}",
    ):
        operation = paths[path]["get"]
        assert operation["tags"] == ["Đồng bộ Cổng DVC quốc gia"]
        assert {} not in operation["security"]
        assert "401" in operation["responses"]
        assert "403" in operation["responses"]


def test_query_count_does_not_grow_with_the_page(sync, citizen, procedure):
    submit(citizen, procedure)
    sync.get(URL)  # the key's first use records its time: not counted

    with CaptureQueriesContext(connection) as one:
        sync.get(URL)
    for _ in range(4):
        submit(citizen, procedure)
    with CaptureQueriesContext(connection) as five:
        assert len(sync.get(URL).json()["items"]) == 5

    assert len(five) == len(one)


def test_fees_of_the_case(sync, citizen, procedure):
    case = ProcedureCase.objects.create(procedure=procedure, name="Đăng ký lại")
    Fee.objects.create(procedure=procedure, name="Lệ phí chung", amount=Decimal("5000"), order=1)
    Fee.objects.create(procedure=procedure, case=case, name="Phí đăng ký lại", amount=3000, order=2)
    dossier = fill_ready(
        services.dossier_start(applicant=citizen, procedure=procedure, case=case), citizen
    )
    dossier, _first = services.dossier_submit(actor=citizen, dossier=dossier)

    fees = sync.get(f"{URL}/{dossier.code}").json()["PhiLePhi"]

    assert [(f["TenPhiLePhi"], f["SoTien"]) for f in fees] == [
        ("Lệ phí chung", 5000),
        ("Phí đăng ký lại", 3000),
    ]
