from __future__ import annotations

import datetime as dt

import pytest

from congso.accounts.models import OrgUnit, Role, RoleAssignment
from congso.api.models import ApiKey
from congso.api.services import api_key_revoke
from congso.api.tests.conftest import build_province

LIST_URL = "/api/v1/org-units"
ERROR_KEYS = {"message", "code", "extra"}


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


# --- list -------------------------------------------------------------------------------------


def test_list_is_public_and_in_tree_order(client, units):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    body = response.json()
    # Active units only, by path: root, then children by code, grandchildren under their parent.
    assert codes(response) == [
        "000.00.00.H56",
        "000.00.22.H56",
        "000.00.31.H56",
        "000.01.31.H56",
        "000.00.40.H56",
    ]
    assert body["count"] == 5


def test_list_item_shape(client, units):
    response = client.get(LIST_URL, {"q": "SYT"})

    assert response.json()["items"] == [
        {
            "code": "000.00.31.H56",
            "name": "Sở Y tế",
            "short_name": "SYT",
            "name_en": "Department of Health",
            "kind": "department",
            "kind_label": "Sở, ban, ngành",
            "parent_code": "000.00.00.H56",
            "successor_code": None,
            "address": "Số 1 Lê Lợi",
            "phone": "02273831234",
            "email": "syt@thaibinh.gov.vn",
            "website": "https://syt.thaibinh.gov.vn",
            "is_active": True,
            "effective_from": None,
            "effective_until": None,
        }
    ]


def test_root_has_no_parent_and_grandchild_points_at_its_parent(client, units):
    items = {item["code"]: item for item in client.get(LIST_URL).json()["items"]}

    assert items["000.00.00.H56"]["parent_code"] is None
    assert items["000.01.31.H56"]["parent_code"] == "000.00.31.H56"


def test_filter_by_kind(client, units):
    response = client.get(LIST_URL, {"kind": "department"})

    assert codes(response) == ["000.00.22.H56", "000.00.31.H56"]


def test_filter_by_parent_gives_direct_children_only(client, units):
    assert codes(client.get(LIST_URL, {"parent": "000.00.31.H56"})) == ["000.01.31.H56"]
    assert codes(client.get(LIST_URL, {"parent": "000.00.00.H56"})) == [
        "000.00.22.H56",
        "000.00.31.H56",
        "000.00.40.H56",
    ]


def test_filter_by_unknown_parent_is_empty(client, units):
    response = client.get(LIST_URL, {"parent": "000.00.99.H56"})

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("so y te", ["000.00.31.H56"]),
        ("Sở Y tế", ["000.00.31.H56"]),
        ("SO Y TE", ["000.00.31.H56"]),
        ("dong hung", ["000.00.40.H56"]),
        ("thông tin", ["000.00.22.H56"]),
        ("000.01.31", ["000.01.31.H56"]),
        ("khong co", []),
    ],
)
def test_search_folds_accents_and_case(client, units, query, expected):
    assert codes(client.get(LIST_URL, {"q": query})) == expected


def test_inactive_units_on_request(client, units):
    response = client.get(LIST_URL, {"active": "false"})

    assert codes(response) == ["000.00.35.H56"]
    item = response.json()["items"][0]
    assert item["is_active"] is False
    assert item["effective_until"] == "2025-06-30"
    assert item["successor_code"] == "000.00.40.H56"


def test_pagination(client, db):
    build_province(departments=12)

    first = client.get(LIST_URL, {"page_size": 5}).json()
    third = client.get(LIST_URL, {"page_size": 5, "page": 3}).json()
    beyond = client.get(LIST_URL, {"page_size": 5, "page": 9}).json()

    assert first["count"] == 13
    assert [i["code"] for i in first["items"]] == [
        "000.00.00.H56",
        "000.00.01.H56",
        "000.00.02.H56",
        "000.00.03.H56",
        "000.00.04.H56",
    ]
    assert [i["code"] for i in third["items"]] == [
        "000.00.10.H56",
        "000.00.11.H56",
        "000.00.12.H56",
    ]
    assert beyond == {"items": [], "count": 13}


def test_default_page_size_is_50(client, db):
    build_province(departments=55)

    body = client.get(LIST_URL).json()

    assert body["count"] == 56
    assert len(body["items"]) == 50


# --- validation errors ------------------------------------------------------------------------


def assert_validation_error(response, field: str) -> None:
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "validation_failed"
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert set(body["extra"]) == {"errors"}
    locs = [error["loc"] for error in body["extra"]["errors"]]
    assert ["query", field] in locs
    for error in body["extra"]["errors"]:
        assert set(error) == {"loc", "type", "msg"}


def test_bad_boolean_is_422(client, units):
    response = client.get(LIST_URL, {"active": "maybe"})

    assert_validation_error(response, "active")
    assert response.json()["extra"]["errors"][0]["msg"] == "Giá trị phải là true hoặc false."


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "planet"}, "kind"),
        ({"parent": "H56"}, "parent"),
        ({"q": "x" * 101}, "q"),
        ({"page": "0"}, "page"),
        ({"page_size": "abc"}, "page_size"),
    ],
)
def test_other_bad_parameters_are_422(client, units, params, field):
    assert_validation_error(client.get(LIST_URL, params), field)


def test_blank_filters_are_ignored(client, units):
    response = client.get(LIST_URL, {"kind": "", "parent": "", "q": ""})

    assert response.status_code == 200
    assert response.json()["count"] == 5


def test_control_characters_in_query_do_not_break_search(client, units):
    tab = client.get(LIST_URL, {"q": "so y te\t"})
    nul = client.get(LIST_URL, {"q": "so y te\x00"})

    assert tab.status_code == 200
    assert codes(tab) == ["000.00.31.H56"]
    assert nul.status_code == 400  # refused before any view: no database stores a NUL
    assert nul.json()["code"] == "application_error"


# --- detail -----------------------------------------------------------------------------------


def test_detail_with_children(client, units):
    response = client.get("/api/v1/org-units/000.00.00.H56")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "UBND tỉnh Thái Bình"
    assert body["parent_code"] is None
    # Direct children, inactive ones included (a dissolved district is still a child).
    assert body["children"] == [
        "000.00.22.H56",
        "000.00.31.H56",
        "000.00.35.H56",
        "000.00.40.H56",
    ]


def test_detail_of_a_leaf(client, units):
    body = client.get("/api/v1/org-units/000.01.31.H56").json()

    assert body["parent_code"] == "000.00.31.H56"
    assert body["children"] == []
    assert body["kind_label"] == "Phòng, ban chuyên môn"


def test_detail_of_an_inactive_unit(client, units):
    body = client.get("/api/v1/org-units/000.00.35.H56").json()

    assert body["is_active"] is False
    assert body["successor_code"] == "000.00.40.H56"


@pytest.mark.parametrize(
    "path",
    [
        "000.00.99.H56",  # well formed, unknown
        "abc",
        "000.00.31.h56",
        "000.00.31.H56x",
        "000.00.31.H56%0A",
        "x" * 300,
        "%C4%91%E1%BB%93ng",
        "..",
    ],
)
def test_unknown_or_malformed_code_is_404_json(client, units, path):
    response = client.get(f"/api/v1/org-units/{path}")

    assert response.status_code == 404
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "not_found"
    assert body["extra"] == {}
    assert "Không tìm thấy" in body["message"]


def test_unknown_api_path_is_404_json(client, db):
    response = client.get("/api/v1/khong-co")

    assert response.status_code == 404
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "not_found"


# --- /me --------------------------------------------------------------------------------------


def assert_not_authenticated(response) -> None:
    assert response.status_code == 401
    assert response.json() == {
        "message": "Cần đăng nhập hoặc khoá API hợp lệ.",
        "code": "not_authenticated",
        "extra": {},
    }


def test_me_anonymous_is_401(client, db):
    assert_not_authenticated(client.get("/api/v1/me"))


def test_me_with_session(client, official, units):
    RoleAssignment.objects.create(
        user=official, org_unit=units["health"], role=Role.HANDLER, title="Chuyên viên"
    )
    RoleAssignment.objects.create(user=official, org_unit=units["root"], role=Role.LEADER)
    client.force_login(official)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json() == {
        "id": official.pk,
        "email": "canbo@test.vn",
        "full_name": "Trần Văn Cán",
        "kind": "official",
        "kind_label": "Cán bộ, công chức",
        "phone": "0912345678",
        "roles": [
            {
                "role": "leader",
                "role_label": "Lãnh đạo",
                "org_unit_code": "000.00.00.H56",
                "org_unit_name": "UBND tỉnh Thái Bình",
                "title": "",
            },
            {
                "role": "handler",
                "role_label": "Chuyên viên xử lý",
                "org_unit_code": "000.00.31.H56",
                "org_unit_name": "Sở Y tế",
                "title": "Chuyên viên",
            },
        ],
    }


def test_me_with_only_an_api_key_is_401(client, issued_key):
    _, raw = issued_key

    assert_not_authenticated(client.get("/api/v1/me", headers={"X-API-Key": raw}))
    assert_not_authenticated(client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}))


def test_me_of_a_deactivated_user_is_401(client, official):
    client.force_login(official)
    official.is_active = False
    official.save()

    assert_not_authenticated(client.get("/api/v1/me"))


# --- API keys on public endpoints -------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "cs_khong-hop-le"},
        {"X-API-Key": ""},
        {"Authorization": "Bearer cs_khong-hop-le"},
        {"Authorization": "Bearer "},
    ],
)
def test_invalid_key_is_401_even_on_public_endpoints(client, units, headers):
    response = client.get(LIST_URL, headers=headers)

    assert response.status_code == 401
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "not_authenticated"
    assert body["message"] == "Khoá API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."
    assert client.get("/api/v1/org-units/000.00.31.H56", headers=headers).status_code == 401


def test_other_authorization_schemes_are_ignored_on_public_endpoints(client, units):
    response = client.get(LIST_URL, headers={"Authorization": "Basic dXNlcjpwYXNz"})

    assert response.status_code == 200


def test_valid_key_works_and_records_last_use(client, units, issued_key):
    key, raw = issued_key
    assert key.last_used_at is None

    response = client.get(LIST_URL, headers={"X-API-Key": raw})

    assert response.status_code == 200
    assert response.json()["count"] == 5
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_valid_key_as_bearer_token(client, units, issued_key):
    key, raw = issued_key

    response = client.get(
        "/api/v1/org-units/000.00.31.H56", headers={"Authorization": f"Bearer {raw}"}
    )

    assert response.status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_revoked_and_expired_keys_are_401(client, units, superadmin, issued_key, expired_key):
    key, raw = issued_key
    api_key_revoke(actor=superadmin, key=key, reason="Lộ khoá")

    assert client.get(LIST_URL, headers={"X-API-Key": raw}).status_code == 401
    assert client.get(LIST_URL, headers={"X-API-Key": expired_key[1]}).status_code == 401
    assert ApiKey.objects.get(pk=expired_key[0].pk).last_used_at is None


# --- query counts -----------------------------------------------------------------------------


def _list_queries(client, django_assert_max_num_queries, departments: int, **params) -> int:
    OrgUnit.objects.all().delete()
    build_province(departments=departments)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert len(response.json()["items"]) == departments + 1
    # Sanity: every department knows its parent.
    assert {i["parent_code"] for i in response.json()["items"][1:]} == {"000.00.00.H56"}
    with django_assert_max_num_queries(len(captured)):
        client.get(LIST_URL, params)
    return len(captured)


def test_list_query_count_does_not_grow_with_units(client, db, django_assert_max_num_queries):
    ten = _list_queries(client, django_assert_max_num_queries, 10)
    thirty = _list_queries(client, django_assert_max_num_queries, 30)

    assert ten == thirty == 2  # count + one page with parent codes in a subquery


def test_list_query_count_with_parent_filter_and_key(
    client, db, issued_key, django_assert_max_num_queries
):
    _, raw = issued_key
    OrgUnit.objects.all().delete()
    build_province(departments=30)

    client.get(LIST_URL, headers={"X-API-Key": raw})  # first use records last_used_at
    with django_assert_max_num_queries(4):  # key + parent + count + page
        response = client.get(LIST_URL, {"parent": "000.00.00.H56"}, headers={"X-API-Key": raw})
    assert response.json()["count"] == 30


def test_detail_query_count(client, units, django_assert_num_queries):
    with django_assert_num_queries(2):  # the unit with parent code + its children's codes
        client.get("/api/v1/org-units/000.00.00.H56")


# --- schema -----------------------------------------------------------------------------------


def test_openapi_lists_the_paths_and_documents_errors(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/org-units", "/api/v1/org-units/{code}", "/api/v1/me"} <= set(schema["paths"])
    assert '"code"' in schema["info"]["description"]
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
    }
    list_op = schema["paths"]["/api/v1/org-units"]["get"]
    assert {} in list_op["security"]
    assert {"ApiKeyAuth": []} in list_op["security"]
    params = {p["name"] for p in list_op["parameters"]}
    assert {"kind", "parent", "q", "active", "page", "page_size"} <= params
    me_op = schema["paths"]["/api/v1/me"]["get"]
    assert {} not in me_op["security"]
    assert "401" in me_op["responses"]


def test_dates_are_iso(client, units):
    OrgUnit.objects.filter(code="000.00.31.H56").update(effective_from=dt.date(2025, 7, 1))

    body = client.get("/api/v1/org-units/000.00.31.H56").json()

    assert body["effective_from"] == "2025-07-01"


def test_wrong_method_gets_the_json_error_shape(client):
    response = client.delete("/api/v1/org-units")
    assert response.status_code == 405
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["code"] == "method_not_allowed"
    assert "GET" in body["extra"]["allowed"]


def test_docs_page_uses_vendored_assets(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr" not in html
