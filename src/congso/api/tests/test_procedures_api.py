from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.accounts.models import Role
from congso.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcessStep,
    RequiredPaper,
)

LIST_URL = "/api/v1/procedures"
FIELDS_URL = "/api/v1/procedure-fields"
ERROR_KEYS = {"message", "code", "extra"}

FORM = {
    "type": "object",
    "required": ["ho_ten"],
    "properties": {"ho_ten": {"type": "string", "title": "Họ và tên", "maxLength": 100}},
}


@dataclass
class Catalogue:
    ho_tich: Field
    xuat_ban: Field
    khai_sinh: Procedure
    ket_hon: Procedure
    giay_phep_in: Procedure
    bai_bo: Procedure


def make_procedure(code: str, name: str, field: Field, agencies, **extra) -> Procedure:
    data = {
        "level": Procedure.Level.COMMUNE,
        "online_level": Procedure.OnlineLevel.FULL,
        "processing_days": Decimal("1"),
        "result": "Giấy chứng nhận",
        "legal_basis": "Luật Hộ tịch 2014",
    }
    data.update(extra)
    procedure = Procedure.objects.create(code=code, name=name, field=field, **data)
    procedure.agencies.set(agencies)
    return procedure


@pytest.fixture
def catalogue(province) -> Catalogue:
    ho_tich = Field.objects.create(code="HT", name="Hộ tịch")
    xuat_ban = Field.objects.create(code="XB", name="Xuất bản, in và phát hành")
    dat_dai = Field.objects.create(code="DD", name="Đất đai")
    khai_sinh = make_procedure(
        "1.001193",
        "Đăng ký khai sinh",
        ho_tich,
        [province.xa],
        processing_days=Decimal("0.5"),
        form_schema=FORM,
    )
    ket_hon = make_procedure(
        "1.000894",
        "Đăng ký kết hôn",
        ho_tich,
        [province.xa],
        online_level=Procedure.OnlineLevel.PARTIAL,
        processing_days=Decimal("3"),
    )
    giay_phep_in = make_procedure(
        "1.003003",
        "Cấp giấy phép hoạt động in",
        xuat_ban,
        [province.sotttt, province.soyte],
        level=Procedure.Level.DEPARTMENT,
        online_level=Procedure.OnlineLevel.PARTIAL,
        applicant_kind=Procedure.Applicant.BUSINESS,
        processing_days=Decimal("7.5"),
        processing_note="kể từ ngày nhận đủ hồ sơ hợp lệ",
        steps_text="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        channels_text="Trực tuyến hoặc qua bưu chính.",
        requirements="Có mặt bằng sản xuất.",
        result="Giấy phép hoạt động in",
        legal_basis="Luật Xuất bản 2012",
        fee_note="Nộp khi nhận kết quả.",
    )
    bai_bo = make_procedure(
        "1.000001", "Đăng ký quyền sử dụng đất (đã bãi bỏ)", dat_dai, [province.xa], is_active=False
    )
    return Catalogue(ho_tich, xuat_ban, khai_sinh, ket_hon, giay_phep_in, bai_bo)


@pytest.fixture
def detailed(catalogue, province) -> Procedure:
    """The printing licence with cases, papers, fees and a process template."""
    procedure = catalogue.giay_phep_in
    first = ProcedureCase.objects.create(procedure=procedure, name="Cấp mới", order=1)
    second = ProcedureCase.objects.create(
        procedure=procedure, name="Cấp lại", processing_days=Decimal("3"), order=2
    )
    RequiredPaper.objects.create(
        procedure=procedure,
        name="Đơn đề nghị cấp giấy phép",
        template="procedures/templates/2026/don-de-nghi.docx",
        order=1,
    )
    RequiredPaper.objects.create(
        procedure=procedure, name="Giấy phép cũ", case=second, originals=0, copies=1, order=2
    )
    RequiredPaper.objects.create(
        procedure=procedure,
        name="Giấy tờ khác",
        is_required=False,
        note="nếu có",
        order=3,
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí cấp giấy phép", amount=1_500_000)
    Fee.objects.create(procedure=procedure, name="Phí thẩm định", amount=250_000, case=first)
    ProcessStep.objects.create(
        procedure=procedure,
        order=1,
        name="Tiếp nhận hồ sơ",
        role=Role.ONE_STOP_CLERK,
        days=Decimal("0.5"),
    )
    ProcessStep.objects.create(
        procedure=procedure,
        order=2,
        name="Thẩm định",
        org_unit=province.sotttt,
        role=Role.HANDLER,
        days=Decimal("6"),
    )
    ProcessStep.objects.create(
        procedure=procedure,
        order=3,
        name="Phê duyệt",
        org_unit=province.sotttt,
        role=Role.LEADER,
        days=Decimal("1"),
    )
    return procedure


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


# --- list -------------------------------------------------------------------------------------


def test_list_is_public_active_only_and_by_name(client, catalogue):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    # Accent-blind order: "Cấp" < "Đăng ký kết hôn" < "Đăng ký khai sinh".
    assert codes(response) == ["1.003003", "1.000894", "1.001193"]
    assert response.json()["count"] == 3


def test_list_item_shape(client, catalogue):
    response = client.get(LIST_URL, {"q": "giay phep"})

    assert response.json()["items"] == [
        {
            "code": "1.003003",
            "name": "Cấp giấy phép hoạt động in",
            "field_code": "XB",
            "field_name": "Xuất bản, in và phát hành",
            "level": "department",
            "level_label": "Cấp sở, ngành",
            "online_level": "partial",
            "online_level_label": "Một phần",
            "processing_days": 7.5,
            "agency_count": 2,
        }
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang ky", ["1.000894", "1.001193"]),
        ("Đăng ký khai sinh", ["1.001193"]),
        ("DANG KY KHAI SINH", ["1.001193"]),
        ("khai sinh dang ky", ["1.001193"]),  # every word, in any order
        ("1.003003", ["1.003003"]),
        ("1.0011", ["1.001193"]),  # part of a code
        ("giay phep", ["1.003003"]),
        ("bai bo", []),  # withdrawn procedures are never found
        ("khong co", []),
    ],
)
def test_search_folds_accents_and_finds_codes(client, catalogue, query, expected):
    assert codes(client.get(LIST_URL, {"q": query})) == expected


def test_exact_code_comes_first(client, catalogue, province):
    make_procedure("2.000001", "Thủ tục nhắc đến mã 1.000894 trong tên", catalogue.ho_tich, [])

    assert codes(client.get(LIST_URL, {"q": "1.000894"})) == ["1.000894", "2.000001"]


def test_filter_by_field_code(client, catalogue):
    assert codes(client.get(LIST_URL, {"field": "HT"})) == ["1.000894", "1.001193"]
    assert codes(client.get(LIST_URL, {"field": "XB"})) == ["1.003003"]
    assert codes(client.get(LIST_URL, {"field": "KHONG"})) == []


def test_filter_by_agency_takes_its_subtree(client, catalogue, province):
    commune = client.get(LIST_URL, {"agency": province.xa.code})
    district = client.get(LIST_URL, {"agency": province.donghung.code})
    health = client.get(LIST_URL, {"agency": province.soyte.code})
    unknown = client.get(LIST_URL, {"agency": "000.00.99.H56"})

    assert codes(commune) == ["1.000894", "1.001193"]
    assert codes(district) == ["1.000894", "1.001193"]  # the district's communes
    assert codes(health) == ["1.003003"]
    assert unknown.json() == {"items": [], "count": 0}


def test_filter_by_level_and_online_level(client, catalogue):
    assert codes(client.get(LIST_URL, {"level": "department"})) == ["1.003003"]
    assert codes(client.get(LIST_URL, {"online_level": "full"})) == ["1.001193"]
    assert codes(
        client.get(LIST_URL, {"level": "commune", "online_level": "partial", "q": "ket hon"})
    ) == ["1.000894"]


def test_blank_filters_are_ignored(client, catalogue):
    response = client.get(
        LIST_URL, {"q": "", "field": "", "agency": "", "level": "", "online_level": ""}
    )

    assert response.json()["count"] == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "planet"}, "level"),
        ({"online_level": "maybe"}, "online_level"),
        ({"q": "x" * 101}, "q"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_parameters_are_422_in_vietnamese(client, catalogue, params, field):
    response = client.get(LIST_URL, params)

    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert ["query", field] in [error["loc"] for error in body["extra"]["errors"]]


def test_pagination(client, catalogue):
    first = client.get(LIST_URL, {"page_size": 2}).json()
    second = client.get(LIST_URL, {"page_size": 2, "page": 2}).json()

    assert first["count"] == second["count"] == 3
    assert [i["code"] for i in first["items"]] == ["1.003003", "1.000894"]
    assert [i["code"] for i in second["items"]] == ["1.001193"]


def test_invalid_key_is_401_on_every_catalogue_endpoint(client, catalogue):
    headers = {"X-API-Key": "cs_khong-hop-le"}

    for url in (LIST_URL, f"{LIST_URL}/1.001193", FIELDS_URL):
        response = client.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


# --- detail -----------------------------------------------------------------------------------


def test_detail_has_everything(client, detailed, province):
    response = client.get(f"{LIST_URL}/1.003003")

    assert response.status_code == 200
    body = response.json()
    first, second = ProcedureCase.objects.filter(procedure=detailed).order_by("order")
    papers = list(RequiredPaper.objects.filter(procedure=detailed).order_by("order"))
    assert body == {
        "code": "1.003003",
        "name": "Cấp giấy phép hoạt động in",
        "field_code": "XB",
        "field_name": "Xuất bản, in và phát hành",
        "level": "department",
        "level_label": "Cấp sở, ngành",
        "agencies": [
            # In the order of the organisation tree (by code among siblings).
            {"code": province.soyte.code, "name": "Sở Y tế"},
            {"code": province.sotttt.code, "name": "Sở Thông tin và Truyền thông"},
        ],
        "applicant_kind": "business",
        "applicant_kind_label": "Tổ chức, doanh nghiệp",
        "online_level": "partial",
        "online_level_label": "Một phần",
        "processing_days": 7.5,
        "processing_note": "kể từ ngày nhận đủ hồ sơ hợp lệ",
        "steps_text": "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        "channels_text": "Trực tuyến hoặc qua bưu chính.",
        "requirements": "Có mặt bằng sản xuất.",
        "result": "Giấy phép hoạt động in",
        "legal_basis": "Luật Xuất bản 2012",
        "fee_note": "Nộp khi nhận kết quả.",
        "cases": [
            {"id": first.pk, "name": "Cấp mới", "processing_days": 7.5},
            {"id": second.pk, "name": "Cấp lại", "processing_days": 3.0},
        ],
        "papers": [
            {
                "id": papers[0].pk,
                "name": "Đơn đề nghị cấp giấy phép",
                "originals": 1,
                "copies": 0,
                "required": True,
                "note": "",
                "case": None,
                "template_url": "http://testserver/media/procedures/templates/2026/don-de-nghi.docx",
            },
            {
                "id": papers[1].pk,
                "name": "Giấy phép cũ",
                "originals": 0,
                "copies": 1,
                "required": True,
                "note": "",
                "case": "Cấp lại",
                "template_url": None,
            },
            {
                "id": papers[2].pk,
                "name": "Giấy tờ khác",
                "originals": 1,
                "copies": 0,
                "required": False,
                "note": "nếu có",
                "case": None,
                "template_url": None,
            },
        ],
        "fees": [
            {"name": "Lệ phí cấp giấy phép", "amount": 1500000, "note": "", "case": None},
            {"name": "Phí thẩm định", "amount": 250000, "note": "", "case": "Cấp mới"},
        ],
        "process_steps": [
            {
                "order": 1,
                "name": "Tiếp nhận hồ sơ",
                "org_unit_code": None,
                "role": "one_stop_clerk",
                "role_label": "Cán bộ một cửa",
                "days": 0.5,
            },
            {
                "order": 2,
                "name": "Thẩm định",
                "org_unit_code": province.sotttt.code,
                "role": "handler",
                "role_label": "Chuyên viên xử lý",
                "days": 6.0,
            },
            {
                "order": 3,
                "name": "Phê duyệt",
                "org_unit_code": province.sotttt.code,
                "role": "leader",
                "role_label": "Lãnh đạo",
                "days": 1.0,
            },
        ],
        "form_schema": {},
    }


def test_detail_gives_the_form_schema_as_json(client, catalogue):
    body = client.get(f"{LIST_URL}/1.001193").json()

    # As stored (the model may add an "order" list: jsonb does not keep the order of keys).
    assert body["form_schema"] == catalogue.khai_sinh.form_schema
    assert body["form_schema"]["properties"] == FORM["properties"]
    assert body["processing_days"] == 0.5
    assert body["cases"] == body["papers"] == body["fees"] == body["process_steps"] == []


@pytest.mark.parametrize("code", ["1.000001", "9.999999", "abc", "x" * 300])
def test_unknown_or_withdrawn_procedure_is_404_in_vietnamese(client, catalogue, code):
    response = client.get(f"{LIST_URL}/{code}")

    assert response.status_code == 404
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "not_found"
    assert body["message"].startswith("Không tìm thấy thủ tục hành chính")


# --- fields -----------------------------------------------------------------------------------


def test_fields_with_counts_of_active_procedures(client, catalogue):
    response = client.get(FIELDS_URL)

    assert response.status_code == 200
    # "Đất đai" has only a withdrawn procedure: not offered.
    assert response.json() == [
        {"code": "HT", "name": "Hộ tịch", "procedure_count": 2},
        {"code": "XB", "name": "Xuất bản, in và phát hành", "procedure_count": 1},
    ]


# --- query counts -----------------------------------------------------------------------------


def _add_procedures(catalogue, province, count: int) -> None:
    for number in range(count):
        procedure = make_procedure(
            f"3.{number:06d}",
            f"Thủ tục số {number}",
            catalogue.ho_tich,
            [province.xa, province.donghung, province.soyte],
        )
        RequiredPaper.objects.create(procedure=procedure, name="Tờ khai")


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_list_query_count_does_not_grow(client, catalogue, province, django_assert_num_queries):
    few = _queries(client, LIST_URL)
    _add_procedures(catalogue, province, 20)
    many = _queries(client, LIST_URL)

    assert few == many == 2  # count + one page
    with django_assert_num_queries(3):  # + the agency's path
        client.get(LIST_URL, {"agency": province.donghung.code, "q": "thu tuc", "field": "HT"})


def test_detail_query_count(client, detailed, django_assert_num_queries):
    # The procedure with its field, agencies, cases, papers, fees, process steps.
    with django_assert_num_queries(6):
        client.get(f"{LIST_URL}/1.003003")
    for number in range(5):
        RequiredPaper.objects.create(procedure=detailed, name=f"Giấy tờ {number}")
        Fee.objects.create(procedure=detailed, name=f"Phí {number}", amount=1000)
    with django_assert_num_queries(6):
        client.get(f"{LIST_URL}/1.003003")


def test_fields_query_count(client, catalogue, province, django_assert_num_queries):
    _add_procedures(catalogue, province, 5)

    with django_assert_num_queries(1):
        client.get(FIELDS_URL)


# --- schema -----------------------------------------------------------------------------------


def test_openapi_documents_the_catalogue(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    paths = schema["paths"]
    assert {"/api/v1/procedures", "/api/v1/procedures/{code}", "/api/v1/procedure-fields"} <= set(
        paths
    )
    list_op = paths["/api/v1/procedures"]["get"]
    assert list_op["tags"] == ["Thủ tục hành chính"]
    assert {} in list_op["security"]
    params = {p["name"] for p in list_op["parameters"]}
    assert {"q", "field", "agency", "level", "online_level", "page", "page_size"} <= params
