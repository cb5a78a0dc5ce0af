"""Reads of the public catalogue: search and ranking, scopes, browse lists, one procedure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from congso.accounts.models import OrgUnit
from congso.core.exceptions import NotFound
from congso.procedures import selectors
from congso.procedures.models import Fee, Procedure, ProcedureCase, RequiredPaper
from congso.procedures.tests.conftest import add_procedures, fresh, make_field, make_procedure

pytestmark = pytest.mark.django_db


def codes(qs) -> list[str]:
    return [p.code for p in qs]


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "Đăng Ký Khai Sinh", "  đăng   ký khai sinh "]
)
def test_search_ignores_accents_case_and_spaces_and_ranks_starts_with_first(catalogue, query):
    found = selectors.procedure_list(query=query)

    assert codes(found) == [
        "1.001193",  # Đăng ký khai sinh: the name starts with the query
        "1.001695",  # Đăng ký khai sinh có yếu tố nước ngoài: starts with it too
        "1.0011930",  # Liên thông đăng ký khai sinh, ...: contains it
        "1.004884",  # Đăng ký lại khai sinh: every word, not the phrase
    ]


def test_search_by_code_puts_the_exact_code_first(catalogue):
    assert codes(selectors.procedure_list(query="1.001193")) == ["1.001193", "1.0011930"]
    assert codes(selectors.procedure_list(query="1.0011930")) == ["1.0011930"]


def test_search_by_part_of_a_code(catalogue):
    assert codes(selectors.procedure_list(query="003578")) == ["1.003578"]


def test_search_without_match_is_empty(catalogue):
    assert codes(selectors.procedure_list(query="khong co thu tuc nay")) == []


def test_list_without_query_is_by_name_ignoring_accents_and_only_active(catalogue):
    found = selectors.procedure_list()

    assert [p.name for p in found] == [
        "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "Cấp giấy phép hoạt động in",
        "Đăng ký kết hôn",
        "Đăng ký khai sinh",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký lại khai sinh",
        "Liên thông đăng ký khai sinh, đăng ký thường trú",
    ]
    assert "1.009999" not in codes(found)  # bãi bỏ


def test_agency_scope_includes_the_units_under_the_agency(catalogue, province):
    district = selectors.procedure_list(agency_path=fresh(province.donghung).path)
    department = selectors.procedure_list(agency_path=fresh(province.sotttt).path)

    assert set(codes(district)) == {"1.001193", "1.001695", "1.0011930", "1.004884", "1.000894"}
    assert codes(department) == ["1.003578"]  # its repealed procedure is not listed


def test_filters_by_field_level_and_online_level(catalogue):
    assert codes(selectors.procedure_list(field_slug=catalogue.y_te.slug)) == ["1.002000"]
    assert codes(selectors.procedure_list(level=Procedure.Level.DEPARTMENT)) == [
        "1.002000",
        "1.003578",
    ]
    assert codes(selectors.procedure_list(online_level=Procedure.OnlineLevel.PARTIAL)) == [
        "1.000894"
    ]
    assert (
        codes(
            selectors.procedure_list(query="khai sinh", online_level=Procedure.OnlineLevel.PARTIAL)
        )
        == []
    )


def test_rows_name_the_agencies_in_the_scope_first_and_count_the_rest(catalogue, province):
    catalogue.giay_phep_in.agencies.set([province.sotttt, province.soyte, province.xa])

    row = selectors.procedure_list(agency_path=fresh(province.donghung).path, query="1.003578")[0]

    assert row.agency_count == 3
    # the scope's commune, then the others by their place in the tree (Sở Y tế: 000.00.17)
    assert [a.name for a in row.listed_agencies] == ["Xã Đông Hợp", "Sở Y tế"]


def test_list_rows_cost_two_queries_however_many_procedures(
    catalogue, province, django_assert_num_queries
):
    add_procedures(30, field=catalogue.ho_tich, agency=[province.xa, province.sotttt])

    with django_assert_num_queries(2):  # the rows, their agencies
        rows = list(selectors.procedure_list()[:20])
        names = [(row.field.name, [a.name for a in row.listed_agencies]) for row in rows]

    assert len(names) == 20


def test_agency_options_are_grouped_and_name_the_district_of_a_commune(catalogue, province):
    province.root.add_child(name="Sở Tư pháp", code="000.00.20.H56", kind="department")

    options = selectors.agency_options()

    assert [(a.group, a.label) for a in options] == [
        (selectors.DEPARTMENTS, "Sở Thông tin và Truyền thông"),
        (selectors.DEPARTMENTS, "Sở Y tế"),
        (selectors.DISTRICTS, "Huyện Đông Hưng"),  # its commune implements procedures
        (selectors.COMMUNES, "Xã Đông Hợp — Huyện Đông Hưng"),
    ]  # no province (it would mean "all"), no Sở Tư pháp (nothing to show)


def test_agency_options_include_the_portal_agency_even_without_procedures(catalogue, province):
    justice = province.root.add_child(name="Sở Tư pháp", code="000.00.20.H56", kind="department")

    options = selectors.agency_options(include=fresh(justice))

    assert "Sở Tư pháp" in [a.name for a in options]


def test_agency_options_leave_out_inactive_agencies(catalogue, province):
    OrgUnit.objects.filter(pk=province.soyte.pk).update(is_active=False)

    assert "Sở Y tế" not in [a.name for a in selectors.agency_options()]


def test_field_options_count_in_the_scope_and_sort_ignoring_accents(catalogue, province):
    dat_dai = make_field("Đất đai", "DD")
    make_procedure(
        code="1.000001", name="Đăng ký đất đai", field=dat_dai, agencies=[province.soyte]
    )
    make_field("Lĩnh vực trống", "LVT")

    everywhere = selectors.field_options()
    department = selectors.field_options(agency_path=fresh(province.sotttt).path)

    assert [(f.name, f.count) for f in everywhere] == [
        ("Đất đai", 1),
        ("Hộ tịch", 5),
        ("Khám bệnh, chữa bệnh", 1),
        ("Xuất bản, in và phát hành", 1),  # the repealed procedure does not count
    ]
    assert [(f.name, f.count) for f in department] == [
        ("Đất đai", 0),
        ("Hộ tịch", 0),
        ("Khám bệnh, chữa bệnh", 0),
        ("Xuất bản, in và phát hành", 1),
    ]


def test_portal_agency_is_the_component_portals_agency(province, portal_sites):
    assert selectors.portal_agency(site=portal_sites["sotttt"]) == province.sotttt
    assert selectors.portal_agency(site=portal_sites["soyte"]) == province.soyte
    assert selectors.portal_agency(site=portal_sites["main"]) is None
    assert selectors.portal_agency(site=None) is None


def test_procedure_get_splits_papers_and_fees_by_case(catalogue):
    detail = selectors.procedure_get(code="1.003578")

    assert detail.procedure == catalogue.giay_phep_in
    assert [p.name for p in detail.papers] == [
        "Đơn đề nghị cấp giấy phép hoạt động in",
        "Bản sao quyết định thành lập",
    ]
    assert [f.amount for f in detail.fees] == [1_500_000]
    assert [
        (c.case.name, c.days, [p.name for p in c.papers], [f.amount for f in c.fees])
        for c in detail.cases
    ] == [
        ("Cấp mới", Decimal("7"), [], []),
        ("Cấp lại do bị mất, hư hỏng", Decimal("3"), ["Giấy phép bị hư hỏng (nếu có)"], [50_000]),
    ]
    assert detail.is_free is False
    assert selectors.procedure_get(code="1.001193").is_free is True


def test_procedure_get_puts_the_portals_agencies_first(catalogue, province):
    catalogue.giay_phep_in.agencies.set([province.sotttt, province.xa])

    detail = selectors.procedure_get(code="1.003578", agency_path=fresh(province.donghung).path)

    assert [a.name for a in detail.agencies] == ["Xã Đông Hợp", "Sở Thông tin và Truyền thông"]


@pytest.mark.parametrize("code", ["1.009999", "9.999999", ""])
def test_procedure_get_refuses_repealed_and_unknown_procedures(catalogue, code):
    with pytest.raises(NotFound) as error:
        selectors.procedure_get(code=code)

    assert "Không tìm thấy thủ tục hành chính này" in error.value.message


def test_procedure_get_costs_five_queries_however_many_papers(catalogue, django_assert_num_queries):
    procedure = catalogue.giay_phep_in
    for n in range(10):
        case = ProcedureCase.objects.create(
            procedure=procedure, name=f"Trường hợp {n}", order=n + 2
        )
        RequiredPaper.objects.create(procedure=procedure, case=case, name=f"Giấy {n}")
        Fee.objects.create(procedure=procedure, case=case, name=f"Phí {n}", amount=1000 * n)

    with django_assert_num_queries(5):  # procedure+field, agencies, cases, papers, fees
        detail = selectors.procedure_get(code=procedure.code)
        summary = [(c.case.name, c.days, len(c.papers), len(c.fees)) for c in detail.cases]

    assert len(summary) == 12
