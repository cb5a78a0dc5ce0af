from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.crypto import get_random_string

from congso.accounts.tests.factories import PASSWORD
from congso.dossiers import services
from congso.dossiers.models import Dossier, DossierEvent, DossierFile, DossierSequence
from congso.dossiers.tests import conftest as dossier_fixtures
from congso.dossiers.tests.conftest import fill_ready, pdf_upload
from congso.dossiers.views import LOOKUPS_PER_IP
from congso.procedures.models import Procedure, ProcedureCase, RequiredPaper

pytestmark = pytest.mark.django_db

# The online-service fixtures: a commune's birth registration with its form and papers, the
# applicant (with a phone number), another citizen and the commune's one-stop clerk.
agency = dossier_fixtures.agency
procedure = dossier_fixtures.procedure
citizen = dossier_fixtures.citizen
other_citizen = dossier_fixtures.other_citizen
clerk = dossier_fixtures.clerk
handler = dossier_fixtures.handler

URL = "/api/v1/dossiers"
LOOKUP_URL = "/api/v1/dossier-lookup"
ERROR_KEYS = {"message", "code", "extra"}
TYPED_VALUES = {
    "ten_tre": "Nguyễn Thị Hoa",
    "ngay_sinh": "2026-11-20",
    "gioi_tinh": "Nữ",
    "so_ban_sao": 2,
    "cam_doan": True,
}
NOT_FOUND = {"message": "Không tìm thấy hồ sơ.", "code": "not_found", "extra": {}}
LOOKUP_NOT_FOUND = (
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Vui lòng kiểm tra lại (mã tra cứu gồm "
    "chữ in hoa và số, không có chữ O, I, L và số 0, 1)."
)


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


@pytest.fixture
def api(citizen):
    return signed_in(citizen)


@pytest.fixture
def papers(procedure) -> list[RequiredPaper]:
    return list(RequiredPaper.objects.filter(procedure=procedure).order_by("order"))


@pytest.fixture
def draft(citizen, procedure) -> Dossier:
    return services.dossier_start(applicant=citizen, procedure=procedure)


@pytest.fixture
def submitted(citizen, procedure) -> Dossier:
    dossier = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    dossier, _first = services.dossier_submit(actor=citizen, dossier=dossier)
    return dossier


def upload(api, dossier_id: int, paper_id, file=None):
    data = {"file": file or pdf_upload()}
    if paper_id is not None:
        data["paper_id"] = str(paper_id)
    return api.post(f"{URL}/{dossier_id}/files", data)


def text_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "giay-chung-sinh.pdf", b"khong phai pdf", content_type="application/pdf"
    )


def locs(response) -> list[list[str]]:
    return [error["loc"] for error in response.json()["extra"]["errors"]]


# --- the whole life ---------------------------------------------------------------------------


def test_the_whole_life_through_the_api(api, client, citizen, clerk, procedure, papers, agency):
    # Create a draft; a retry with the same token gets the same dossier.
    created = api.post(
        URL,
        {"procedure_code": "1.001193", "client_token": "tab-1"},
        content_type="application/json",
    )
    again = api.post(
        URL,
        {"procedure_code": "1.001193", "client_token": "tab-1"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert again.status_code == 200
    dossier_id = created.json()["id"]
    assert again.json()["id"] == dossier_id
    assert Dossier.objects.count() == 1
    body = created.json()
    assert body["status"] == "draft"
    assert body["status_label"] == "Đang soạn"
    assert body["code"] is None
    assert body["national_status"] is None
    assert body["is_editable"] is True
    assert body["agency_code"] == agency.code
    assert body["applicant"]["applicant_name"] == "Trần Văn Dân"
    assert body["applicant"]["phone"] == "0912345678"
    assert [p["name"] for p in body["papers"]] == [p.name for p in papers]

    # Fill the form with typed JSON values and the applicant block.
    patched = api.patch(
        f"{URL}/{dossier_id}",
        {
            "form_data": TYPED_VALUES,
            "applicant": {"address": "Thôn 3, xã Đông Hợp", "result_delivery": "post"},
        },
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["form_data"] == {**TYPED_VALUES, "so_ban_sao": "2"}  # kept as typed
    assert patched.json()["applicant"]["address"] == "Thôn 3, xã Đông Hợp"
    assert patched.json()["applicant"]["result_delivery"] == "post"

    # Upload the two required papers.
    for paper in papers[:2]:
        response = upload(api, dossier_id, paper.pk)
        assert response.status_code == 201, response.content
        item = response.json()
        assert item["paper_id"] == paper.pk
        assert item["name"] == "giay-chung-sinh.pdf"
        assert item["content_type"] == "application/pdf"
        assert item["kind"] == "paper"
        assert item["size"] > 0
        assert item["url"] == f"/dich-vu-cong/ho-so/{dossier_id}/tep/{item['id']}/"

    # Submit.
    submitted = api.post(f"{URL}/{dossier_id}/submit")
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert re.fullmatch(rf"{re.escape(agency.code)}-\d{{6}}-0001", body["code"])
    assert body["status"] == "submitted"
    assert body["status_label"] == "Mới nộp, chờ tiếp nhận"
    assert body["national_status"] == 1
    assert body["is_editable"] is False
    assert body["submitted_at"].endswith("+07:00")
    assert body["form_data"] == {**TYPED_VALUES, "so_ban_sao": 2}  # validated and typed
    assert len(body["lookup_secret"]) == 6
    assert body["lookup_url"].endswith(f"?ma={body['code']}&bi-mat={body['lookup_secret']}")
    assert [e["action"] for e in body["events"]] == ["start", "submit"]
    assert body["events"][1]["from_status"] == "draft"
    assert body["events"][1]["to_status"] == "submitted"
    assert body["events"][1]["at"].endswith("+07:00")

    # It shows in "my dossiers"; personal data is never kept by caches.
    listed = api.get(URL)
    assert listed["Cache-Control"] == "private, no-store"
    assert api.get(f"{URL}/{dossier_id}")["Cache-Control"] == "private, no-store"
    mine = listed.json()
    assert mine["count"] == 1
    assert mine["items"][0]["code"] == body["code"]
    assert mine["items"][0]["status"] == "submitted"

    # The desk receives it; anyone with the code and the secret follows it.
    services.dossier_receive(actor=clerk, dossier=Dossier.objects.get(pk=dossier_id))
    found = client.get(LOOKUP_URL, {"code": body["code"], "secret": body["lookup_secret"]})
    assert found.status_code == 200
    public = found.json()
    assert public["code"] == body["code"]
    assert public["status"] == "received"
    assert public["status_label"] == "Đã tiếp nhận"
    assert public["national_status"] == 2
    assert public["procedure_code"] == "1.001193"
    assert public["procedure_name"] == "Đăng ký khai sinh"
    assert public["agency_code"] == agency.code
    assert public["due_at"].endswith("+07:00")
    assert public["received_at"].endswith("+07:00")
    assert [e["action"] for e in public["events"]] == ["start", "submit", "receive"]
    assert public["events"][2]["to_status_label"] == "Đã tiếp nhận"
    assert api.get(f"{URL}/{dossier_id}").json()["due_at"] == public["due_at"]


# --- create -----------------------------------------------------------------------------------


def test_create_for_an_unknown_or_withdrawn_procedure_is_404(api, procedure):
    Procedure.objects.filter(pk=procedure.pk).update(is_active=False)

    for code in ("1.001193", "9.999999"):
        response = api.post(URL, {"procedure_code": code}, content_type="application/json")
        assert response.status_code == 404
        assert response.json()["message"] == "Không tìm thấy thủ tục hành chính."
    assert Dossier.objects.count() == 0


def test_create_for_an_offline_procedure_is_422(api, procedure):
    Procedure.objects.filter(pk=procedure.pk).update(online_level=Procedure.OnlineLevel.OFFLINE)

    response = api.post(URL, {"procedure_code": "1.001193"}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["message"] == (
        "Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp."
    )
    assert Dossier.objects.count() == 0


def test_create_checks_agency_and_case(api, procedure, province):
    procedure.agencies.add(province.soyte)
    case = ProcedureCase.objects.create(procedure=procedure, name="Khai sinh có yếu tố nước ngoài")
    foreign_case = ProcedureCase.objects.create(
        procedure=Procedure.objects.create(
            code="1.000002",
            name="Thủ tục khác",
            field=procedure.field,
            level="commune",
            processing_days=Decimal("1"),
            result="x",
            legal_basis="x",
        ),
        name="Trường hợp khác",
    )

    def create(**data):
        return api.post(
            URL, {"procedure_code": "1.001193", **data}, content_type="application/json"
        )

    no_choice = create()
    wrong_agency = create(agency_code=province.sotttt.code, case_id=case.pk)
    wrong_case = create(agency_code=province.xa.code, case_id=foreign_case.pk)
    no_case = create(agency_code=province.xa.code)
    good = create(agency_code=province.soyte.code, case_id=case.pk)

    assert no_choice.status_code == 422
    assert locs(no_choice) == [["body", "payload", "agency_code"]]
    assert no_choice.json()["message"] == "Vui lòng chọn cơ quan tiếp nhận hồ sơ."
    assert wrong_agency.status_code == 422
    assert locs(wrong_agency) == [["body", "payload", "agency_code"]]
    assert wrong_agency.json()["message"] == "Cơ quan này không tiếp nhận hồ sơ của thủ tục."
    assert wrong_case.status_code == 422
    assert locs(wrong_case) == [["body", "payload", "case_id"]]
    assert no_case.status_code == 422
    assert locs(no_case) == [["body", "payload", "case_id"]]
    assert no_case.json()["extra"]["errors"][0]["msg"] == (
        "Vui lòng chọn trường hợp phù hợp với hồ sơ của bạn."
    )
    assert good.status_code == 201
    assert good.json()["agency_code"] == province.soyte.code
    assert good.json()["case_id"] == case.pk
    assert good.json()["case_name"] == "Khai sinh có yếu tố nước ngoài"
    assert Dossier.objects.count() == 1


def test_create_with_missing_or_bad_fields_lists_them_all(api, procedure):
    response = api.post(
        URL,
        {"agency_code": 5, "case_id": "x", "client_token": "t" * 65},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert sorted(locs(response)) == [
        ["body", "payload", "agency_code"],
        ["body", "payload", "case_id"],
        ["body", "payload", "client_token"],
        ["body", "payload", "procedure_code"],
    ]
    assert Dossier.objects.count() == 0


def test_a_token_reused_for_another_procedure_is_409(api, citizen, procedure, draft):
    Dossier.objects.filter(pk=draft.pk).update(client_token="tab-1")
    other = Procedure.objects.create(
        code="1.000002",
        name="Thủ tục khác",
        field=procedure.field,
        level="commune",
        processing_days=Decimal("1"),
        result="x",
        legal_basis="x",
    )
    other.agencies.set(procedure.agencies.all())

    response = api.post(
        URL,
        {"procedure_code": "1.000002", "client_token": "tab-1"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Dossier.objects.count() == 1


# --- draft ------------------------------------------------------------------------------------


def test_patch_keeps_incomplete_values_and_only_what_is_sent(api, draft):
    first = api.patch(
        f"{URL}/{draft.pk}",
        {"form_data": {"ten_tre": "Hoa", "so_ban_sao": 2.5}},
        content_type="application/json",
    )
    second = api.patch(
        f"{URL}/{draft.pk}",
        {
            "form_data": {"ngay_sinh": "20/11", "ten_tre": None, "cam_doan": None},
            "applicant": {"email": None, "address": "Thôn 3", "result_delivery": None},
        },
        content_type="application/json",
    )

    assert first.status_code == second.status_code == 200
    draft.refresh_from_db()
    assert draft.form_data == {
        "ten_tre": "",
        "so_ban_sao": "2.5",
        "ngay_sinh": "20/11",
        "cam_doan": False,
    }
    assert draft.email == ""  # null clears
    assert draft.address == "Thôn 3"
    assert draft.result_delivery == "counter"
    assert draft.phone == "0912345678"  # not sent: untouched
    assert draft.applicant_name == "Trần Văn Dân"


def test_patch_refuses_every_wrong_value_at_once_and_saves_nothing(api, draft):
    response = api.patch(
        f"{URL}/{draft.pk}",
        {
            "form_data": {
                "ten_tre": True,
                "cam_doan": "có",
                "khong_co": "x",
                "so_ban_sao": [1, 2],
                "gioi_tinh": "Nữ",
            },
            "applicant": {"applicant_name": "Người Khác"},
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["extra"]["errors"] == [
        {
            "loc": ["body", "payload", "form_data", "ten_tre"],
            "type": "type",
            "msg": "Giá trị phải là chuỗi hoặc số (theo kiểu của trường).",
        },
        {
            "loc": ["body", "payload", "form_data", "cam_doan"],
            "type": "bool_type",
            "msg": "Giá trị phải là true hoặc false.",
        },
        {
            "loc": ["body", "payload", "form_data", "khong_co"],
            "type": "unknown",
            "msg": "Tờ khai của thủ tục này không có trường này.",
        },
        {
            "loc": ["body", "payload", "form_data", "so_ban_sao"],
            "type": "type",
            "msg": "Giá trị phải là chuỗi hoặc số (theo kiểu của trường).",
        },
    ]
    draft.refresh_from_db()
    assert draft.form_data == {}
    assert draft.applicant_name == "Trần Văn Dân"


def test_patch_refuses_a_bad_applicant_block(api, draft):
    response = api.patch(
        f"{URL}/{draft.pk}",
        {"applicant": {"result_delivery": "drone", "tax_code": "1" * 15}},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert sorted(locs(response)) == [
        ["body", "payload", "applicant", "result_delivery"],
        ["body", "payload", "applicant", "tax_code"],
    ]
    draft.refresh_from_db()
    assert draft.result_delivery == "counter"


def test_a_submitted_dossier_cannot_be_edited(api, submitted):
    before = dict(submitted.form_data)

    response = api.patch(
        f"{URL}/{submitted.pk}", {"form_data": {"ten_tre": "Khác"}}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert "không sửa được nữa" in response.json()["message"]
    submitted.refresh_from_db()
    assert submitted.form_data == before


# --- files ------------------------------------------------------------------------------------


def test_a_text_file_named_pdf_is_refused_in_vietnamese(api, draft, papers):
    response = upload(api, draft.pk, papers[0].pk, text_pdf())

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["message"].startswith("Tệp “giay-chung-sinh.pdf” không thuộc loại được nhận.")
    assert "theo nội dung, không theo đuôi tên tệp" in body["message"]
    assert body["extra"] == {"code": "invalid_type"}
    assert DossierFile.objects.count() == 0


def test_a_photo_is_compressed_to_jpeg(api, draft, papers):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, "PNG")
    photo = SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")

    response = upload(api, draft.pk, papers[1].pk, photo)

    assert response.status_code == 201
    assert response.json()["content_type"] == "image/jpeg"
    assert response.json()["name"] == "anh.png"


def test_upload_needs_a_file_and_a_paper_of_the_procedure(api, draft, procedure):
    foreign = RequiredPaper.objects.create(
        procedure=Procedure.objects.create(
            code="1.000002",
            name="Thủ tục khác",
            field=procedure.field,
            level="commune",
            processing_days=Decimal("1"),
            result="x",
            legal_basis="x",
        ),
        name="Giấy tờ khác",
    )

    no_file = api.post(f"{URL}/{draft.pk}/files", {"paper_id": "1"})
    bad_paper_id = upload(api, draft.pk, "abc")
    wrong_paper = upload(api, draft.pk, foreign.pk)

    assert no_file.status_code == 422
    assert locs(no_file) == [["file", "file"]]
    assert bad_paper_id.status_code == 422
    assert locs(bad_paper_id) == [["form", "paper_id"]]
    assert wrong_paper.status_code == 422
    assert wrong_paper.json()["message"] == "Thành phần hồ sơ không thuộc thủ tục này."
    assert DossierFile.objects.count() == 0


def test_remove_a_file(api, draft, papers):
    item = upload(api, draft.pk, papers[0].pk).json()

    removed = api.delete(f"{URL}/{draft.pk}/files/{item['id']}")
    again = api.delete(f"{URL}/{draft.pk}/files/{item['id']}")

    assert removed.status_code == 204
    assert removed.content == b""
    assert again.status_code == 404
    assert again.json()["message"] == "Không tìm thấy tệp."
    assert api.get(f"{URL}/{draft.pk}").json()["files"] == []
    assert DossierFile.objects.get().removed_at is not None  # kept for the audit trail


def test_files_of_a_submitted_dossier_cannot_be_removed(api, submitted):
    item = submitted.files.first()

    response = api.delete(f"{URL}/{submitted.pk}/files/{item.pk}")

    assert response.status_code == 409
    item.refresh_from_db()
    assert item.removed_at is None


def test_internal_files_are_never_shown_to_the_applicant(api, submitted, clerk):
    DossierFile.objects.create(
        dossier=submitted,
        kind=DossierFile.Kind.INTERNAL,
        file="dossiers/noi-bo.pdf",
        original_name="to-trinh-noi-bo.pdf",
        content_type="application/pdf",
        size=10,
        original_size=10,
        uploaded_by=clerk,
    )

    files = api.get(f"{URL}/{submitted.pk}").json()["files"]

    assert [f["kind"] for f in files] == ["paper", "paper"]


# --- submit -----------------------------------------------------------------------------------


def test_submitting_an_incomplete_dossier_lists_every_problem(api, citizen, draft, papers):
    api.patch(
        f"{URL}/{draft.pk}",
        {"form_data": {"ten_tre": "Hoa", "ngay_sinh": "30/02/2026"}, "applicant": {"phone": ""}},
        content_type="application/json",
    )
    draft.refresh_from_db()
    draft.email = ""
    draft.save(update_fields=["email"])

    response = api.post(f"{URL}/{draft.pk}/submit")

    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "validation_failed"
    assert body["message"] == "Hồ sơ còn 6 nội dung cần hoàn thiện trước khi nộp."
    assert locs(response) == [
        ["body", "payload", "form_data", "ngay_sinh"],
        ["body", "payload", "form_data", "gioi_tinh"],
        ["body", "payload", "form_data", "cam_doan"],
        ["body", "payload", "applicant", "phone"],
        ["papers", str(papers[0].pk)],
        ["papers", str(papers[1].pk)],
    ]
    messages = [error["msg"] for error in body["extra"]["errors"]]
    assert messages[0].startswith("Ngày sinh: ")
    assert messages[2] == (
        "Tôi cam đoan nội dung trên là đúng sự thật: "
        "Vui lòng đánh dấu ô “Tôi cam đoan nội dung trên là đúng sự thật”."
    )
    assert messages[3] == "Vui lòng nhập số điện thoại hoặc thư điện tử để nhận thông báo."
    assert messages[4] == "Chưa tải lên “Tờ khai đăng ký khai sinh”."
    assert {error["type"] for error in body["extra"]["errors"]} == {"incomplete"}
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert draft.code is None


def test_a_repeated_submit_returns_the_same_dossier(api, citizen, draft):
    fill_ready(draft, citizen)

    first = api.post(f"{URL}/{draft.pk}/submit")
    second = api.post(f"{URL}/{draft.pk}/submit")

    assert first.status_code == second.status_code == 200
    assert first.json()["code"] == second.json()["code"]
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.filter(action="submit").count() == 1
    assert DossierSequence.objects.get().last == 1


# --- withdraw, supplement, rating -------------------------------------------------------------


def test_withdraw(api, submitted):
    empty = api.post(
        f"{URL}/{submitted.pk}/withdraw", {"reason": ""}, content_type="application/json"
    )
    blank = api.post(
        f"{URL}/{submitted.pk}/withdraw", {"reason": "  "}, content_type="application/json"
    )
    done = api.post(
        f"{URL}/{submitted.pk}/withdraw",
        {"reason": "Nộp nhầm thủ tục"},
        content_type="application/json",
    )
    again = api.post(
        f"{URL}/{submitted.pk}/withdraw",
        {"reason": "Nộp nhầm thủ tục"},
        content_type="application/json",
    )

    assert empty.status_code == 422
    assert locs(empty) == [["body", "payload", "reason"]]
    assert blank.status_code == 422
    assert blank.json()["extra"]["errors"] == [
        {
            "loc": ["body", "payload", "reason"],
            "type": "incomplete",
            "msg": "Vui lòng cho biết lý do rút hồ sơ.",
        }
    ]
    assert done.status_code == 200
    assert done.json()["status"] == "withdrawn"
    assert done.json()["national_status"] == 7
    assert done.json()["events"][-1]["note"] == "Nộp nhầm thủ tục"
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_answer_a_supplement_request(api, citizen, clerk, submitted, papers):
    services.dossier_request_supplement(
        actor=clerk,
        dossier=submitted,
        items=[
            {"paper": papers[1].pk, "reason": "Ảnh chụp bị mờ"},
            {"field": "ten_tre", "reason": "Tên chưa có dấu"},
        ],
        message="Vui lòng bổ sung trong 5 ngày.",
    )

    detail = api.get(f"{URL}/{submitted.pk}").json()
    nothing = api.post(f"{URL}/{submitted.pk}/supplement", {}, content_type="application/json")
    uploaded = upload(api, submitted.pk, papers[1].pk)
    answered = api.post(
        f"{URL}/{submitted.pk}/supplement", {"note": "Đã chụp lại"}, content_type="application/json"
    )

    assert detail["status"] == "supplement"
    assert detail["national_status"] == 5
    request = detail["supplement_request"]
    assert request["message"] == "Vui lòng bổ sung trong 5 ngày."
    assert request["requested_at"].endswith("+07:00")
    assert request["items"] == [
        {
            "paper_id": papers[1].pk,
            "paper_name": "Giấy chứng sinh",
            "field": None,
            "field_label": None,
            "reason": "Ảnh chụp bị mờ",
        },
        {
            "paper_id": None,
            "paper_name": None,
            "field": "ten_tre",
            "field_label": "Họ và tên trẻ",
            "reason": "Tên chưa có dấu",
        },
    ]
    assert nothing.status_code == 422
    assert "Vui lòng tải lên giấy tờ cần bổ sung" in nothing.json()["message"]
    assert uploaded.status_code == 201
    assert answered.status_code == 200
    assert answered.json()["status"] == "submitted"  # not received yet: back to the queue
    assert answered.json()["supplement_request"] is None


def test_rating_once_after_the_result(api, citizen, clerk, handler, submitted):
    early = api.post(f"{URL}/{submitted.pk}/rating", {"rating": 4}, content_type="application/json")
    services.dossier_receive(actor=clerk, dossier=submitted)
    dossier_fixtures.process_to_desk(submitted, handler)
    services.dossier_issue_result(actor=clerk, dossier=submitted, file=pdf_upload("ket-qua.pdf"))
    out_of_range = api.post(
        f"{URL}/{submitted.pk}/rating", {"rating": 5}, content_type="application/json"
    )
    rated = api.post(
        f"{URL}/{submitted.pk}/rating",
        {"rating": 4, "comment": "Nhanh"},
        content_type="application/json",
    )
    twice = api.post(f"{URL}/{submitted.pk}/rating", {"rating": 1}, content_type="application/json")

    assert early.status_code == 409
    assert early.json()["message"] == "Chỉ đánh giá được sau khi hồ sơ có kết quả."
    assert out_of_range.status_code == 422
    assert locs(out_of_range) == [["body", "payload", "rating"]]
    assert rated.status_code == 200
    body = rated.json()
    assert body["rating"] == 4
    assert body["rating_comment"] == "Nhanh"
    assert body["status"] == "result_ready"
    assert body["national_status"] == 9
    assert [f["kind"] for f in body["files"]] == ["paper", "paper", "result"]
    assert twice.status_code == 409
    submitted.refresh_from_db()
    assert submitted.rating == 4


# --- who may see what -------------------------------------------------------------------------


def test_another_persons_dossier_is_404_for_every_endpoint(other_citizen, submitted, draft):
    intruder = signed_in(other_citizen)
    item = draft.files.create(
        file="dossiers/x.pdf", original_name="x.pdf", content_type="application/pdf", size=1,
        original_size=1, paper=draft.required_papers().first(),
    )  # fmt: skip
    attempts = [
        intruder.get(f"{URL}/{draft.pk}"),
        intruder.patch(
            f"{URL}/{draft.pk}", {"form_data": {"ten_tre": "X"}}, content_type="application/json"
        ),
        upload(intruder, draft.pk, None),
        intruder.delete(f"{URL}/{draft.pk}/files/{item.pk}"),
        intruder.post(f"{URL}/{draft.pk}/submit"),
        intruder.post(
            f"{URL}/{submitted.pk}/withdraw", {"reason": "x"}, content_type="application/json"
        ),
        intruder.post(f"{URL}/{submitted.pk}/supplement", {}, content_type="application/json"),
        intruder.post(
            f"{URL}/{submitted.pk}/rating", {"rating": 1}, content_type="application/json"
        ),
        intruder.get(f"{URL}/999999"),  # and one that does not exist: the same answer
        intruder.get(f"{URL}/{2**70}"),
    ]

    for response in attempts:
        assert response.status_code == 404, response.content
        assert response.json() == NOT_FOUND
    assert intruder.get(URL).json() == {"items": [], "count": 0}
    draft.refresh_from_db()
    assert draft.form_data == {}
    assert draft.status == "draft"
    assert Dossier.objects.get(pk=submitted.pk).status == "submitted"
    assert DossierFile.objects.filter(dossier=draft).count() == 1
    assert item.__class__.objects.get(pk=item.pk).removed_at is None


def test_anonymous_is_401(client, draft):
    responses = [
        client.get(URL),
        client.get(f"{URL}/{draft.pk}"),
        client.post(URL, {"procedure_code": "1.001193"}, content_type="application/json"),
        client.patch(f"{URL}/{draft.pk}", {}, content_type="application/json"),
        client.post(f"{URL}/{draft.pk}/submit"),
        client.delete(f"{URL}/{draft.pk}/files/1"),
    ]

    for response in responses:
        assert response.status_code == 401
        assert response.json() == {
            "message": "Cần đăng nhập hoặc khoá API hợp lệ.",
            "code": "not_authenticated",
            "extra": {},
        }
    assert Dossier.objects.count() == 1


def test_an_api_key_is_not_a_citizen(client, draft):
    from congso.accounts.tests.factories import make_official
    from congso.api.services import api_key_create

    admin = make_official(
        email="qt@example.vn", full_name="Quản Trị", unit=draft.agency, role="administrator"
    )
    _key, raw = api_key_create(actor=admin, name="Hệ thống")

    assert client.get(URL, headers={"X-API-Key": raw}).status_code == 401
    assert client.get(f"{URL}/{draft.pk}", headers={"X-API-Key": raw}).status_code == 401


def test_unsafe_methods_need_the_csrf_token(citizen, draft, papers):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)

    attempts = [
        browser.post(URL, {"procedure_code": "1.001193"}, content_type="application/json"),
        browser.patch(
            f"{URL}/{draft.pk}", {"form_data": {"ten_tre": "X"}}, content_type="application/json"
        ),
        browser.post(f"{URL}/{draft.pk}/files", {"paper_id": papers[0].pk, "file": pdf_upload()}),
        browser.post(f"{URL}/{draft.pk}/submit"),
    ]

    for response in attempts:
        assert response.status_code == 403
        assert response.json()["code"] == "not_permitted"
    assert Dossier.objects.count() == 1
    draft.refresh_from_db()
    assert draft.form_data == {}
    assert DossierFile.objects.count() == 0
    assert browser.get(f"{URL}/{draft.pk}").status_code == 200  # reading needs no token


def test_the_documented_sign_in_flow(citizen, procedure):
    """As the curl example in docs/user-guide/api.md: the sign-in page gives the CSRF cookie,
    signing in gives the session (and a new CSRF cookie), the API takes both."""
    browser = Client(enforce_csrf_checks=True)
    login = reverse("accounts:login")
    browser.get(login)
    signed = browser.post(
        login,
        {
            "email": citizen.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
    )
    assert signed.status_code == 302

    response = browser.post(
        URL,
        {"procedure_code": "1.001193"},
        content_type="application/json",
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )

    assert response.status_code == 201
    assert Dossier.objects.get().applicant == citizen


# --- list -------------------------------------------------------------------------------------


def test_list_is_paginated_and_filtered_by_status(
    api, citizen, other_citizen, procedure, submitted
):
    for _ in range(3):
        services.dossier_start(applicant=citizen, procedure=procedure)
    services.dossier_start(applicant=other_citizen, procedure=procedure)

    everything = api.get(URL).json()
    page = api.get(URL, {"page_size": 2, "page": 2}).json()
    only_submitted = api.get(URL, {"status": "submitted"}).json()
    bad = api.get(URL, {"status": "lost"})

    assert everything["count"] == 4
    assert page["count"] == 4
    assert len(page["items"]) == 2
    assert [d["code"] for d in only_submitted["items"]] == [submitted.code]
    item = only_submitted["items"][0]
    assert set(item) == {
        "id", "code", "status", "status_label", "national_status", "procedure_code",
        "procedure_name", "agency_code", "agency_name", "created_at", "updated_at",
        "submitted_at", "due_at",
    }  # fmt: skip
    assert item["agency_name"] == "Xã Đông Hợp"
    assert bad.status_code == 422
    assert locs(bad) == [["query", "status"]]


def _count(api, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200
    return len(captured)


def test_query_counts_do_not_grow(api, citizen, procedure, submitted, django_assert_num_queries):
    list_few, detail_few = _count(api, URL), _count(api, f"{URL}/{submitted.pk}")
    for _ in range(5):
        services.dossier_start(applicant=citizen, procedure=procedure)
        DossierEvent.objects.create(dossier=submitted, action="receive")
        submitted.files.create(
            file="dossiers/x.pdf", original_name="x.pdf", content_type="application/pdf", size=1,
            original_size=1, paper=submitted.required_papers().first(),
        )  # fmt: skip

    assert _count(api, URL) == list_few
    assert _count(api, f"{URL}/{submitted.pk}") == detail_few
    # user (the session is read from the cache), then: count + page.
    with django_assert_num_queries(3):
        api.get(URL)
    # user, the dossier, then with its files, events, supplements, required papers.
    with django_assert_num_queries(7):
        api.get(f"{URL}/{submitted.pk}")


# --- public lookup ----------------------------------------------------------------------------


def test_lookup_without_signing_in_and_without_personal_data(client, submitted):
    response = client.get(
        LOOKUP_URL,
        {
            "code": submitted.code.lower(),
            "secret": f" {submitted.lookup_secret[:3]} {submitted.lookup_secret[3:]}",
        },
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    assert body["code"] == submitted.code
    assert body["status"] == "submitted"
    assert body["submitted_at"].endswith("+07:00")
    assert body["received_at"] is None
    assert body["due_at"] is None
    assert set(body["events"][0]) == {
        "at",
        "action",
        "action_label",
        "to_status",
        "to_status_label",
    }
    text = response.content.decode()
    for personal in ("Trần Văn Dân", "0912345678", "dan@example.vn", "Nguyễn Thị Hoa"):
        assert personal not in text
    assert "lookup_secret" not in body


def test_a_wrong_pair_is_404_with_one_message(client, submitted, draft):
    wrong_secret = client.get(LOOKUP_URL, {"code": submitted.code, "secret": "AAAAAA"})
    wrong_code = client.get(
        LOOKUP_URL, {"code": "000.00.00.H56-000101-0001", "secret": submitted.lookup_secret}
    )
    # A draft has no code yet: it cannot be looked up.
    a_draft = client.get(LOOKUP_URL, {"code": "", "secret": draft.lookup_secret})

    assert wrong_secret.status_code == wrong_code.status_code == a_draft.status_code == 404
    expected = {"message": LOOKUP_NOT_FOUND, "code": "not_found", "extra": {}}
    assert wrong_secret.json() == wrong_code.json() == a_draft.json() == expected


def test_lookup_needs_both_codes(client, db):
    response = client.get(LOOKUP_URL, {"secret": "x" * 11})

    assert response.status_code == 422
    assert sorted(locs(response)) == [["query", "code"], ["query", "secret"]]


def test_lookup_is_rate_limited_per_ip_with_the_html_page(client, submitted):
    limit, _seconds = LOOKUPS_PER_IP
    for _ in range(limit - 1):
        client.get(LOOKUP_URL, {"code": submitted.code, "secret": "AAAAAA"})
    client.get(reverse("dossiers:lookup"), {"ma": submitted.code, "bi-mat": "AAAAAA"})

    response = client.get(LOOKUP_URL, {"code": submitted.code, "secret": submitted.lookup_secret})
    other_ip = client.get(
        LOOKUP_URL,
        {"code": submitted.code, "secret": submitted.lookup_secret},
        REMOTE_ADDR="10.0.0.9",
    )

    assert response.status_code == 429
    assert response.json() == {
        "message": "Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút.",
        "code": "rate_limited",
        "extra": {},
    }
    assert other_ip.status_code == 200


# --- schema -----------------------------------------------------------------------------------


def test_openapi_documents_the_dossier_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    paths = schema["paths"]
    assert {
        "/api/v1/dossiers",
        "/api/v1/dossiers/{dossier_id}",
        "/api/v1/dossiers/{dossier_id}/files",
        "/api/v1/dossiers/{dossier_id}/files/{file_id}",
        "/api/v1/dossiers/{dossier_id}/submit",
        "/api/v1/dossiers/{dossier_id}/withdraw",
        "/api/v1/dossiers/{dossier_id}/supplement",
        "/api/v1/dossiers/{dossier_id}/rating",
        "/api/v1/dossier-lookup",
    } <= set(paths)
    assert set(paths["/api/v1/dossiers/{dossier_id}"]) == {"get", "patch"}
    create = paths["/api/v1/dossiers"]["post"]
    assert create["tags"] == ["Hồ sơ trực tuyến"]
    assert {} not in create["security"]
    assert {"201", "200", "401", "404", "422"} <= set(create["responses"])
    upload_op = paths["/api/v1/dossiers/{dossier_id}/files"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    lookup_op = paths["/api/v1/dossier-lookup"]["get"]
    assert {} in lookup_op["security"]
    assert "429" in lookup_op["responses"]
    assert "X-CSRFToken" in schema["info"]["description"]


def test_a_value_of_the_wrong_json_type_is_explained_in_vietnamese(api, procedure):
    response = api.post(
        URL, {"procedure_code": 5, "agency_code": ["x"]}, content_type="application/json"
    )

    assert response.status_code == 422
    messages = {tuple(e["loc"])[-1]: e["msg"] for e in response.json()["extra"]["errors"]}
    assert messages["procedure_code"] == "Giá trị phải là chuỗi ký tự."
    assert messages["agency_code"] == "Giá trị phải là chuỗi ký tự."
    assert not Dossier.objects.exists()
