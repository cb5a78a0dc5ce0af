from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congso.portal.library import services
from congso.portal.library.models import LegalDocument
from congso.portal.library.tests.conftest import (
    HOST,
    OTHER_HOST,
    PDF_BYTES,
    make_document,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

LIST = "/van-ban/"


def numbers(response) -> list[str]:
    return [d.number_symbol for d in response.context["page"].object_list]


@pytest.fixture
def documents(site, other_site):
    field = services.document_field_create(actor="test", name="Chuyển đổi số")
    return {
        "qd": make_document(site, field=field),
        "kh": make_document(
            site, doc_type=LegalDocument.DocType.KE_HOACH, number_symbol="48/KH-STTTT",
            issuing_body="Sở Thông tin và Truyền thông", issued_on=dt.date(2024, 5, 2),
            abstract="Kế hoạch ứng dụng công nghệ thông tin năm 2024",
        ),
        "cv": make_document(
            site, doc_type=LegalDocument.DocType.CONG_VAN, number_symbol="312/STTTT-VP",
            issuing_body="Sở Thông tin và Truyền thông", issued_on=dt.date(2025, 6, 1),
            abstract="Về việc rà soát thủ tục hành chính", expires_on=dt.date(2025, 6, 30),
        ),
        "other": make_document(other_site, number_symbol="99/QĐ-SYT", issuing_body="Sở Y tế"),
    }  # fmt: skip


def test_list_shows_this_portals_documents_newest_first(client, documents):
    response = client.get(LIST, HTTP_HOST=HOST)

    assert response.status_code == 200
    assert numbers(response) == ["312/STTTT-VP", "12/2025/QĐ-UBND", "48/KH-STTTT"]
    html = response.content.decode()
    assert "99/QĐ-SYT" not in html
    assert "12/03/2025" in html
    assert "02/05/2024" in html
    assert "<caption" in html
    assert 'role="search"' in html
    assert 'hx-target="#library-results"' in html
    assert 'hx-push-url="true"' in html
    assert "congso/library.css" in html
    assert 'for="id_q"' in html


def test_other_portal_lists_only_its_own(client, documents):
    response = client.get(LIST, HTTP_HOST=OTHER_HOST)

    assert numbers(response) == ["99/QĐ-SYT"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quyet dinh", ["12/2025/QĐ-UBND"]),
        ("Quyết Định", ["12/2025/QĐ-UBND"]),
        ("cong nghe thong tin", ["48/KH-STTTT"]),
        ("12/2025/qđ", ["12/2025/QĐ-UBND"]),
        ("chuyen doi so", ["12/2025/QĐ-UBND"]),
        ("khong co gi", []),
    ],
)
def test_search_ignores_accents_and_case(client, documents, query, expected):
    response = client.get(LIST, {"q": query}, HTTP_HOST=HOST)

    assert response.status_code == 200
    assert numbers(response) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"doc_type": "ke_hoach"}, ["48/KH-STTTT"]),
        ({"field": "chuyen-doi-so"}, ["12/2025/QĐ-UBND"]),
        ({"issuing_body": "Sở Thông tin và Truyền thông"}, ["312/STTTT-VP", "48/KH-STTTT"]),
        ({"year": "2024"}, ["48/KH-STTTT"]),
        ({"status": "expired"}, ["312/STTTT-VP"]),
        ({"status": "in_force", "year": "2025"}, ["12/2025/QĐ-UBND"]),
        ({"q": "", "doc_type": "", "year": ""}, ["312/STTTT-VP", "12/2025/QĐ-UBND", "48/KH-STTTT"]),
    ],
)
def test_filters(client, documents, params, expected):
    response = client.get(LIST, params, HTTP_HOST=HOST)

    assert response.status_code == 200
    assert numbers(response) == expected


def test_filter_choices_offer_only_what_the_portal_has(client, documents):
    form = client.get(LIST, HTTP_HOST=HOST).context["form"]

    assert [c[0] for c in form.fields["year"].choices] == ["", "2025", "2024"]
    assert "Sở Y tế" not in [c[0] for c in form.fields["issuing_body"].choices]


@pytest.mark.parametrize(
    "params", [{"year": "1900"}, {"doc_type": "<script>"}, {"status": "x"}, {"q": "x" * 101}]
)
def test_bad_filters_answer_400_in_vietnamese(client, documents, params):
    response = client.get(LIST, params, HTTP_HOST=HOST)

    assert response.status_code == 400
    assert "Bộ lọc chưa hợp lệ, vui lòng chọn lại." in response.content.decode()
    assert numbers(response) == []


def test_pagination_by_20(client, site):
    for n in range(25):
        make_document(site, number_symbol=f"{n + 1}/QĐ-UBND", issued_on=dt.date(2025, 1, 1)
                      + dt.timedelta(days=n))  # fmt: skip

    first = client.get(LIST, {"doc_type": "quyet_dinh"}, HTTP_HOST=HOST)
    second = client.get(LIST, {"doc_type": "quyet_dinh", "page": "2"}, HTTP_HOST=HOST)

    assert len(numbers(first)) == 20
    assert numbers(first)[0] == "25/QĐ-UBND"
    assert numbers(second) == [f"{n}/QĐ-UBND" for n in range(5, 0, -1)]
    assert "doc_type=quyet_dinh&amp;page=2" in first.content.decode()
    assert "Trang 2 / 2" in second.content.decode()
    assert client.get(LIST, {"page": "9"}, HTTP_HOST=HOST).status_code == 404
    assert client.get(LIST, {"page": "abc"}, HTTP_HOST=HOST).status_code == 404


def test_htmx_request_gets_only_the_results(client, documents):
    response = client.get(LIST, {"q": "ke hoach"}, HTTP_HOST=HOST, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert "48/KH-STTTT" in html
    assert "Tìm thấy 1 văn bản." in html


def test_htmx_history_restore_gets_the_full_page(client, documents):
    response = client.get(
        LIST, HTTP_HOST=HOST, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )

    assert "<html" in response.content.decode()


def test_list_query_count_does_not_grow_with_documents(client, site, django_assert_max_num_queries):
    field = services.document_field_create(actor="test", name="Y tế")

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            document = make_document(site, number_symbol=f"{n}/QĐ", field=field)
            services.legal_document_file_attach(actor="test", document=document, file=pdf_upload())

    add(2, 0)
    client.get(LIST, HTTP_HOST=HOST)  # warm the portal chrome cache
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, HTTP_HOST=HOST)
    add(18, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST, HTTP_HOST=HOST)

    assert len(numbers(response)) == 20
    assert len(few.captured_queries) <= 12


def test_detail_shows_every_field_and_the_files(client, editor, site):
    field = services.document_field_create(actor="test", name="Chuyển đổi số")
    document = make_document(
        site, field=field, effective_from=dt.date(2025, 3, 25), expires_on=dt.date(2030, 1, 1)
    )
    services.legal_document_file_attach(
        actor=editor, document=document, file=pdf_upload(), title="Bản ký số"
    )

    response = client.get(reverse("library:detail", args=[document.pk]), HTTP_HOST=HOST)

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Quyết định", "12/2025/QĐ-UBND", "UBND tỉnh Thái Bình", "Nguyễn Văn Hải", "12/03/2025",
        "25/03/2025", "01/01/2030", "Chuyển đổi số", "Ban hành Quy chế quản lý cổng",
        "Bản ký số", "badge-in_force", "Còn hiệu lực", f"PDF, {len(PDF_BYTES)}\xa0byte",
    ):  # fmt: skip
        assert text in html, text
    assert "/media/van-ban/" in html


def test_document_of_another_portal_is_404_on_this_host(client, documents):
    url = reverse("library:detail", args=[documents["other"].pk])

    assert client.get(url, HTTP_HOST=HOST).status_code == 404
    assert client.get(url, HTTP_HOST=OTHER_HOST).status_code == 200


def test_unknown_document_is_404_in_vietnamese(client, site):
    response = client.get("/van-ban/999999/", HTTP_HOST=HOST)

    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_list_does_not_accept_post(client, site):
    assert client.post(LIST, HTTP_HOST=HOST).status_code == 405
