"""The public catalogue pages: what a citizen sees on the main portal and on a component portal."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from congso.accounts.models import OrgUnit
from congso.procedures.models import Fee, Procedure, ProcedureCase, RequiredPaper
from congso.procedures.tests.conftest import (
    MAIN_HOST,
    SOTTTT_HOST,
    SOYTE_HOST,
    add_procedures,
)

pytestmark = pytest.mark.django_db

LIST = "/thu-tuc-hanh-chinh/"
ALL_ACTIVE = {"1.001193", "1.001695", "1.0011930", "1.004884", "1.000894", "1.003578", "1.002000"}


def get(client, path, host=MAIN_HOST, **params):
    return client.get(path, params, HTTP_HOST=host)


def codes(response) -> list[str]:
    return [p.code for p in response.context["page"].object_list]


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


# The list


def test_list_shows_every_active_procedure_with_what_a_row_needs(client, catalogue, portal_sites):
    response = get(client, LIST)

    assert response.status_code == 200
    assert set(codes(response)) == ALL_ACTIVE
    page = text(response)
    assert "Cấp giấy phép in đã bãi bỏ" not in page
    for expected in [
        "Cấp giấy phép hoạt động in", "1.003578", "Xuất bản, in và phát hành",
        "Sở Thông tin và Truyền thông", "7 ngày làm việc", "0,5 ngày làm việc", "Toàn trình",
        "Một phần", "Trực tiếp", "Tìm thấy 7 thủ tục.",
    ]:  # fmt: skip
        assert expected in page, expected
    html = response.content.decode()
    assert 'role="search"' in html
    assert 'for="id_q"' in html
    assert 'for="id_co-quan"' in html
    assert "congso/procedures.css" in html
    assert '<link rel="stylesheet" href="/static/congso/procedures.css">' in html


def test_online_rows_link_straight_to_the_online_application(client, catalogue, portal_sites):
    html = get(client, LIST).content.decode()

    assert f'href="{reverse("dossiers:start", args=["1.003578"])}"' in html  # toàn trình
    assert f'href="{reverse("dossiers:start", args=["1.000894"])}"' in html  # một phần
    assert reverse("dossiers:start", args=["1.002000"]) not in html  # trực tiếp only


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang ky khai sinh", ["1.001193", "1.001695", "1.0011930", "1.004884"]),
        ("ĐĂNG KÝ KHAI SINH", ["1.001193", "1.001695", "1.0011930", "1.004884"]),
        ("ket hon", ["1.000894"]),
        ("1.001193", ["1.001193", "1.0011930"]),
        ("1.003578", ["1.003578"]),
        ("bai bo", []),
        ("không có gì", []),
    ],
)
def test_search_ignores_accents_and_finds_codes(client, catalogue, portal_sites, query, expected):
    response = get(client, LIST, q=query)

    assert response.status_code == 200
    assert codes(response) == expected


def test_search_box_keeps_what_was_typed(client, catalogue, portal_sites):
    html = get(client, LIST, q="khai sinh").content.decode()

    assert 'name="q" id="id_q" value="khai sinh"' in html


def test_filters(client, catalogue, portal_sites, province):
    assert codes(get(client, LIST, **{"co-quan": province.soyte.code})) == ["1.002000"]
    assert set(codes(get(client, LIST, **{"co-quan": province.donghung.code}))) == {
        "1.001193", "1.001695", "1.0011930", "1.004884", "1.000894",
    }  # fmt: skip
    assert codes(get(client, LIST, **{"linh-vuc": catalogue.xuat_ban.slug})) == ["1.003578"]
    assert codes(get(client, LIST, cap="department")) == ["1.002000", "1.003578"]
    assert codes(get(client, LIST, **{"muc-do": "partial"})) == ["1.000894"]
    assert codes(get(client, LIST, q="khai sinh", **{"muc-do": "offline"})) == []


def test_browse_lists_count_by_field_and_group_agencies(client, catalogue, portal_sites):
    page = text(get(client, LIST))

    assert "Tìm theo lĩnh vực" in page
    assert "Hộ tịch 5 thủ tục" in page
    assert "Xuất bản, in và phát hành 1 thủ tục" in page
    assert "Tìm theo cơ quan" in page
    groups = page[page.index("Tìm theo cơ quan Sở, ban, ngành") :]
    assert groups.index("Sở, ban, ngành") < groups.index("Sở Y tế")
    assert groups.index("Huyện, thị xã, thành phố") < groups.index("Huyện Đông Hưng")
    assert groups.index("Xã, phường, thị trấn") < groups.index("Xã Đông Hợp — Huyện Đông Hưng")


def test_component_portal_lists_its_agencys_procedures_by_default(
    client, catalogue, portal_sites, province
):
    response = get(client, LIST, host=SOTTTT_HOST)

    assert codes(response) == ["1.003578"]
    page = text(response)
    assert (
        "Đang xem thủ tục do Sở Thông tin và Truyền thông và các đơn vị trực thuộc thực hiện."
        in page
    )
    assert "Xem tất cả thủ tục của tỉnh" in page
    assert 'href="/thu-tuc-hanh-chinh/?co-quan="' in response.content.decode()
    assert "Xuất bản, in và phát hành 1 thủ tục" in page
    assert "Hộ tịch 5 thủ tục" not in page  # the field counts are the portal's
    assert f'<option value="{province.sotttt.code}" selected>' in response.content.decode()


def test_component_portal_can_show_the_whole_province(client, catalogue, portal_sites):
    response = get(client, LIST, host=SOTTTT_HOST, **{"co-quan": ""})

    assert set(codes(response)) == ALL_ACTIVE
    page = text(response)
    assert "Đang xem thủ tục của tất cả cơ quan trong tỉnh." in page
    assert "Chỉ xem thủ tục của Sở Thông tin và Truyền thông" in page
    assert "Hộ tịch 5 thủ tục" in page


def test_component_portal_search_stays_in_its_scope_and_widens_on_request(
    client, catalogue, portal_sites
):
    assert codes(get(client, LIST, host=SOYTE_HOST, q="khai sinh")) == []
    wide = get(client, LIST, host=SOYTE_HOST, q="khai sinh", **{"co-quan": ""})
    assert codes(wide)[0] == "1.001193"
    html = get(client, LIST, host=SOYTE_HOST, q="khai sinh").content.decode()
    assert 'href="/thu-tuc-hanh-chinh/?q=khai+sinh&amp;co-quan="' in html


def test_main_portal_is_not_scoped(client, catalogue, portal_sites):
    page = text(get(client, LIST))

    assert "Đang xem thủ tục do" not in page
    assert "Xem tất cả thủ tục của tỉnh" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"co-quan": "000.99.99.H56"},
        {"co-quan": "000.00.00.H56"},  # the province: use "Tất cả" instead
        {"linh-vuc": "khong-co"},
        {"cap": "quoc-gia"},
        {"muc-do": "4"},
        {"q": "x" * 101},
    ],
)
def test_a_bad_filter_is_a_400_page_in_vietnamese(client, catalogue, portal_sites, params):
    response = get(client, LIST, **params)

    assert response.status_code == 400
    assert "Bộ lọc chưa hợp lệ, vui lòng chọn lại." in text(response)
    assert codes(response) == []


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5"])
def test_a_bad_page_number_is_a_404_in_vietnamese(client, catalogue, portal_sites, page):
    response = get(client, LIST, page=page)

    assert response.status_code == 404
    assert "Trang kết quả này không tồn tại." in text(response)


def test_pages_of_twenty_keep_the_search(client, catalogue, portal_sites, province):
    add_procedures(25, field=catalogue.ho_tich, agency=[province.xa])

    first = get(client, LIST, q="thu tuc thu")
    second = get(client, LIST, q="thu tuc thu", page="2")

    assert len(codes(first)) == 20
    assert len(codes(second)) == 5
    assert 'href="/thu-tuc-hanh-chinh/?q=thu+tuc+thu&amp;page=2" rel="next"' in (
        first.content.decode()
    )
    assert "Trang 2 / 2" in text(second)


def test_the_list_answers_only_reads(client, catalogue, portal_sites):
    assert client.post(LIST, HTTP_HOST=MAIN_HOST).status_code == 405
    assert client.head(LIST, HTTP_HOST=MAIN_HOST).status_code == 200


def test_the_list_works_on_a_host_without_a_portal(client, catalogue):
    response = client.get(LIST)  # testserver, and no Wagtail site for it

    assert response.status_code == 200
    assert set(codes(response)) == ALL_ACTIVE


# A procedure's page


def test_detail_shows_what_to_prepare_cases_and_fees(client, catalogue, portal_sites, province):
    response = get(client, "/thu-tuc-hanh-chinh/1.003578/", host=SOTTTT_HOST)

    assert response.status_code == 200
    page = text(response)
    for expected in [
        "Cấp giấy phép hoạt động in", "Mã thủ tục 1.003578", "Xuất bản, in và phát hành",
        "Cấp sở, ngành", "Công dân, tổ chức, doanh nghiệp", "Toàn trình",
        "7 ngày làm việc (kể từ ngày nhận đủ hồ sơ hợp lệ)",
        "Cơ sở in có mặt bằng, thiết bị phù hợp.",
        # Papers: name, originals, copies, required or not
        "Đơn đề nghị cấp giấy phép hoạt động in 1 0 Bắt buộc",
        "Bản sao quyết định thành lập Bản sao có chứng thực 0 2 Không bắt buộc (nếu có)",
        # Cases, each with its own time, papers and fees
        "Cấp mới Thời hạn giải quyết: 7 ngày làm việc",
        "Cấp lại do bị mất, hư hỏng Thời hạn giải quyết: 3 ngày làm việc",
        "Giấy phép bị hư hỏng (nếu có)",
        "Phí thẩm định 1.500.000 đồng Mọi trường hợp",
        "Phí cấp lại 50.000 đồng Cấp lại do bị mất, hư hỏng",
        "Nộp phí khi nhận kết quả.", "Giấy phép", "Luật Xuất bản 2012",
    ]:  # fmt: skip
        assert expected in page, expected
    html = response.content.decode()
    assert '<a href="/media/procedures/templates/2025/mau-don-in.docx" download>' in html
    assert "<caption>Áp dụng cho mọi trường hợp</caption>" in html
    assert '<th scope="col">Số bản chính</th>' in html
    assert 'data-label="Số bản sao"' in html  # stacked rows on phones


def test_detail_shows_agencies_with_their_address_and_phone(
    client, catalogue, portal_sites, province
):
    OrgUnit.objects.filter(pk=province.sotttt.pk).update(
        address="38 Lý Bôn, TP Thái Bình", phone="02273831555"
    )

    page = text(get(client, "/thu-tuc-hanh-chinh/1.003578/"))

    assert (
        "Sở Thông tin và Truyền thông Địa chỉ: 38 Lý Bôn, TP Thái Bình Điện thoại: 02273831555"
        in page
    )


def test_detail_of_an_online_procedure_has_the_apply_button_and_the_form_fields(
    client, catalogue, portal_sites
):
    response = get(client, "/thu-tuc-hanh-chinh/1.001193/")

    html = response.content.decode()
    start = reverse("dossiers:start", args=["1.001193"])
    assert f'<a class="button proc-apply-button" href="{start}">Nộp hồ sơ trực tuyến</a>' in html
    assert f'href="{reverse("dossiers:lookup")}"' in html
    page = text(response)
    for expected in [
        "0,5 ngày làm việc", "Phí, lệ phí Miễn phí", "Cấp xã", "Công dân",
        "Bước 1: Nộp hồ sơ.", "Trực tuyến hoặc trực tiếp tại UBND xã.",
        "Họ và tên người được khai sinh Nhập nội dung ngắn Bắt buộc",
        "Ngày sinh Ngày, dạng dd/mm/yyyy Bắt buộc",
        "Giới tính Chọn một trong: Nam, Nữ Không bắt buộc",
        "Số bản sao Số nguyên, từ 1 đến 10 Không bắt buộc",
    ]:  # fmt: skip
        assert expected in page, expected


def test_detail_of_an_in_person_procedure_says_where_to_go(client, catalogue, portal_sites):
    response = get(client, "/thu-tuc-hanh-chinh/1.002000/")

    html = response.content.decode()
    assert reverse("dossiers:start", args=["1.002000"]) not in html
    assert "Nộp hồ sơ trực tuyến" not in html
    assert "Vui lòng nộp hồ sơ trực tiếp" in text(response)
    assert f'href="{reverse("dossiers:lookup")}"' in html
    assert "20 ngày làm việc" in text(response)


def test_detail_dates_are_day_month_year(client, catalogue, portal_sites):
    from django.utils.timezone import localtime

    page = text(get(client, "/thu-tuc-hanh-chinh/1.001193/"))

    updated = localtime(catalogue.khai_sinh.updated_at).strftime("%d/%m/%Y")
    assert f"Cập nhật {updated}" in page


@pytest.mark.parametrize("code", ["1.009999", "9.999999", "khong-co-trang-nay"])
def test_repealed_or_unknown_procedure_is_a_404_in_vietnamese(
    client, catalogue, portal_sites, code
):
    response = get(client, f"/thu-tuc-hanh-chinh/{code}/")

    assert response.status_code == 404
    page = text(response)
    assert "Không tìm thấy thủ tục hành chính này." in page
    assert "Cấp giấy phép in đã bãi bỏ" not in page


def test_detail_with_a_bad_form_schema_still_shows(client, catalogue, portal_sites):
    Procedure.objects.filter(pk=catalogue.giay_phep_in.pk).update(form_schema={"properties": 3})

    response = get(client, "/thu-tuc-hanh-chinh/1.003578/")

    assert response.status_code == 200
    assert "Tờ khai trực tuyến" not in text(response)


# Query counts: constant however many procedures, papers, cases and fees.


def test_list_page_query_count_does_not_grow(
    client, catalogue, portal_sites, province, django_assert_num_queries
):
    get(client, LIST, host=SOTTTT_HOST)  # warms the portal chrome cache
    with django_assert_num_queries(LIST_QUERIES):
        small = get(client, LIST, **{"co-quan": ""}, host=SOTTTT_HOST)
    add_procedures(40, field=catalogue.ho_tich, agency=[province.xa, province.sotttt])
    with django_assert_num_queries(LIST_QUERIES):
        big = get(client, LIST, **{"co-quan": ""}, host=SOTTTT_HOST)

    assert len(codes(small)) == 7
    assert len(codes(big)) == 20


def test_search_page_query_count_does_not_grow(
    client, catalogue, portal_sites, province, django_assert_num_queries
):
    get(client, LIST, host=SOTTTT_HOST)
    add_procedures(40, field=catalogue.ho_tich, agency=[province.xa])
    with django_assert_num_queries(LIST_QUERIES):
        response = get(
            client, LIST, host=SOTTTT_HOST, q="thu", **{"linh-vuc": "ho-tich", "co-quan": ""}
        )

    assert len(codes(response)) == 41  # a field's list is shown whole


def test_detail_page_query_count_does_not_grow(
    client, catalogue, portal_sites, province, django_assert_num_queries
):
    get(client, LIST, host=SOTTTT_HOST)
    with django_assert_num_queries(DETAIL_QUERIES):
        get(client, "/thu-tuc-hanh-chinh/1.003578/", host=SOTTTT_HOST)
    procedure = catalogue.giay_phep_in
    procedure.agencies.add(province.soyte, province.donghung, province.xa)
    for n in range(15):
        case = ProcedureCase.objects.create(
            procedure=procedure, name=f"Trường hợp {n}", order=n + 2
        )
        RequiredPaper.objects.create(procedure=procedure, case=case, name=f"Giấy tờ {n}")
        Fee.objects.create(procedure=procedure, case=case, name=f"Phí {n}", amount=10_000 * n)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = get(client, "/thu-tuc-hanh-chinh/1.003578/", host=SOTTTT_HOST)

    assert "Trường hợp 14" in text(response)


# The site is remembered per process once the warm-up has found it (portal.sites).
# the portal's agency + agencies + fields + count + rows + their agencies + section page
LIST_QUERIES = 7
# the portal's agency + procedure + agencies + cases + papers + fees
DETAIL_QUERIES = 6


# Links from the portals


def test_portal_nav_links_the_catalogue_next_to_documents(client, portal_sites):
    html = get(client, "/", host=SOTTTT_HOST).content.decode()

    documents = html.index('<a href="/van-ban/"')
    procedures = html.index('<a href="/thu-tuc-hanh-chinh/">Thủ tục hành chính</a>')
    assert documents < procedures < html.index('<a href="/lich-cong-tac/"')


def test_nav_marks_the_catalogue_as_the_current_page(client, catalogue, portal_sites):
    html = get(client, "/thu-tuc-hanh-chinh/1.001193/").content.decode()

    assert '<a href="/thu-tuc-hanh-chinh/" aria-current="page">Thủ tục hành chính</a>' in html


def test_three_clicks_from_a_portal_home_to_the_online_application(client, catalogue, portal_sites):
    home = get(client, "/", host=SOTTTT_HOST).content.decode()
    nav = re.search(r'<a href="([^"]+)">Thủ tục hành chính</a>', home).group(1)  # click 1
    listing = get(client, nav, host=SOTTTT_HOST).content.decode()
    detail_url = reverse("procedures:detail", args=["1.003578"])
    assert f'href="{detail_url}"' in listing
    detail = get(client, detail_url, host=SOTTTT_HOST).content.decode()  # click 2
    start = reverse("dossiers:start", args=["1.003578"])
    assert f'href="{start}">Nộp hồ sơ trực tuyến</a>' in detail  # click 3


@pytest.fixture
def full_portal(province):
    """A portal made the way administrators make one: with its standard sections."""
    from wagtail.models import Site

    from congso.portal.services import portal_create

    for site in Site.objects.all():
        root = site.root_page
        site.delete()
        root.delete()
    return portal_create(actor="test", org_unit=province.sotttt, hostname=SOTTTT_HOST)


def test_standard_section_url_is_the_catalogue_with_the_sections_intro(
    client, catalogue, full_portal
):
    from congso.portal.models import SectionPage

    section = SectionPage.objects.descendant_of(full_portal.root_page).get(kind="procedures")
    section.intro = "Bộ phận một cửa của Sở tiếp nhận hồ sơ từ 7 giờ 30."
    section.save_revision().publish()

    response = get(client, section.get_url(), host=SOTTTT_HOST)

    assert section.get_url() == LIST
    assert codes(response) == ["1.003578"]
    assert "Bộ phận một cửa của Sở tiếp nhận hồ sơ từ 7 giờ 30." in text(response)


def test_pages_under_the_standard_section_are_still_served(client, catalogue, full_portal):
    from wagtail.models import Page

    from congso.portal.models import SectionPage

    section = SectionPage.objects.descendant_of(full_portal.root_page).get(kind="procedures")
    child = SectionPage(title="Hướng dẫn nộp hồ sơ", slug="huong-dan", intro="Các bước nộp hồ sơ.")
    Page.objects.get(pk=section.pk).specific.add_child(instance=child)
    child.save_revision().publish()

    response = get(client, "/thu-tuc-hanh-chinh/huong-dan/", host=SOTTTT_HOST)

    assert response.status_code == 200
    assert "Các bước nộp hồ sơ." in text(response)


def test_a_procedures_section_elsewhere_links_to_the_catalogue(client, catalogue, full_portal):
    from wagtail.models import Page

    from congso.portal.models import SectionPage

    home = Page.objects.get(pk=full_portal.root_page.pk).specific
    section = SectionPage(title="Dịch vụ công", slug="dich-vu-cong-truc-tuyen", kind="procedures")
    home.add_child(instance=section)
    section.save_revision().publish()

    response = get(client, "/dich-vu-cong-truc-tuyen/", host=SOTTTT_HOST)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<form action="/thu-tuc-hanh-chinh/" method="get" role="search">' in html
    assert "Danh mục thủ tục của Sở Thông tin và Truyền thông" in html


def test_a_field_list_is_shown_whole_so_every_procedure_is_three_clicks_away(
    client, catalogue, portal_sites, province
):
    field = catalogue.ho_tich
    add_procedures(45, field=field, agency=[province.sotttt, province.soyte])

    everything = get(client, LIST)
    in_field = get(client, LIST, **{"linh-vuc": field.slug})

    assert len(codes(everything)) == 20  # the general list is paginated
    assert "9.000044" in codes(in_field)  # the field list has them all on one page
    assert in_field.context["page"].paginator.num_pages == 1
