"""A small catalogue for the public pages' tests (plain ORM; no factories needed)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from congso.procedures.models import Fee, Field, Procedure, ProcedureCase, RequiredPaper

MAIN_HOST = "localhost"
SOTTTT_HOST = "sotttt.localhost"
SOYTE_HOST = "soyte.localhost"

BIRTH_SCHEMA = {
    "type": "object",
    "required": ["ho_ten", "ngay_sinh"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ và tên người được khai sinh", "maxLength": 100},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
        "so_ban": {"type": "integer", "title": "Số bản sao", "minimum": 1, "maximum": 10},
    },
}


def fresh(unit):
    """The unit as stored now: adding a sibling ordered by code may have moved its path."""
    return type(unit).objects.get(pk=unit.pk)


def make_field(name: str, code: str) -> Field:
    return Field.objects.create(name=name, code=code)


def make_procedure(*, code: str, name: str, field: Field, agencies, **extra) -> Procedure:
    data = {
        "level": Procedure.Level.DEPARTMENT,
        "online_level": Procedure.OnlineLevel.FULL,
        "processing_days": Decimal("7"),
        "result": "Giấy phép",
        "legal_basis": "Luật Xuất bản 2012",
    }
    data.update(extra)
    procedure = Procedure.objects.create(code=code, name=name, field=field, **data)
    procedure.agencies.set(agencies)
    return procedure


@dataclass
class Catalogue:
    ho_tich: Field
    xuat_ban: Field
    y_te: Field
    khai_sinh: Procedure
    khai_sinh_nuoc_ngoai: Procedure
    lien_thong: Procedure
    khai_sinh_lai: Procedure
    ket_hon: Procedure
    giay_phep_in: Procedure
    hanh_nghe: Procedure
    bai_bo: Procedure


@pytest.fixture
def catalogue(province) -> Catalogue:
    ho_tich = make_field("Hộ tịch", "HT")
    xuat_ban = make_field("Xuất bản, in và phát hành", "XB")
    y_te = make_field("Khám bệnh, chữa bệnh", "KCB")
    commune = {"field": ho_tich, "agencies": [province.xa], "level": Procedure.Level.COMMUNE}
    khai_sinh = make_procedure(
        code="1.001193", name="Đăng ký khai sinh", processing_days=Decimal("0.5"),
        processing_note="ngay trong ngày làm việc nếu nhận hồ sơ trước 15 giờ",
        applicant_kind=Procedure.Applicant.CITIZEN, form_schema=BIRTH_SCHEMA,
        steps_text="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        channels_text="Trực tuyến hoặc trực tiếp tại UBND xã.", result="Giấy khai sinh",
        legal_basis="Luật Hộ tịch 2014", **commune,
    )  # fmt: skip
    khai_sinh_nuoc_ngoai = make_procedure(
        code="1.001695", name="Đăng ký khai sinh có yếu tố nước ngoài", **commune
    )
    lien_thong = make_procedure(
        code="1.0011930", name="Liên thông đăng ký khai sinh, đăng ký thường trú", **commune
    )
    khai_sinh_lai = make_procedure(code="1.004884", name="Đăng ký lại khai sinh", **commune)
    ket_hon = make_procedure(
        code="1.000894", name="Đăng ký kết hôn", online_level=Procedure.OnlineLevel.PARTIAL,
        processing_days=Decimal("5"), **commune,
    )  # fmt: skip
    giay_phep_in = make_procedure(
        code="1.003578", name="Cấp giấy phép hoạt động in", field=xuat_ban,
        agencies=[province.sotttt], processing_days=Decimal("7"),
        processing_note="kể từ ngày nhận đủ hồ sơ hợp lệ", fee_note="Nộp phí khi nhận kết quả.",
        requirements="Cơ sở in có mặt bằng, thiết bị phù hợp.",
    )  # fmt: skip
    hanh_nghe = make_procedure(
        code="1.002000", name="Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", field=y_te,
        agencies=[province.soyte], online_level=Procedure.OnlineLevel.OFFLINE,
        processing_days=Decimal("20"),
    )  # fmt: skip
    bai_bo = make_procedure(
        code="1.009999", name="Cấp giấy phép in đã bãi bỏ", field=xuat_ban,
        agencies=[province.sotttt], is_active=False,
    )  # fmt: skip

    lost = ProcedureCase.objects.create(
        procedure=giay_phep_in,
        name="Cấp lại do bị mất, hư hỏng",
        processing_days=Decimal("3"),
        order=1,
    )
    ProcedureCase.objects.create(procedure=giay_phep_in, name="Cấp mới", order=0)
    RequiredPaper.objects.create(
        procedure=giay_phep_in, name="Đơn đề nghị cấp giấy phép hoạt động in", originals=1,
        copies=0, template="procedures/templates/2025/mau-don-in.docx", order=0,
    )  # fmt: skip
    RequiredPaper.objects.create(
        procedure=giay_phep_in, name="Bản sao quyết định thành lập", originals=0, copies=2,
        is_required=False, note="Bản sao có chứng thực", order=1,
    )  # fmt: skip
    RequiredPaper.objects.create(
        procedure=giay_phep_in, case=lost, name="Giấy phép bị hư hỏng (nếu có)", originals=1
    )
    Fee.objects.create(procedure=giay_phep_in, name="Phí thẩm định", amount=1_500_000)
    Fee.objects.create(procedure=giay_phep_in, case=lost, name="Phí cấp lại", amount=50_000)
    Fee.objects.create(procedure=ket_hon, name="Lệ phí đăng ký kết hôn", amount=30_000)

    return Catalogue(
        ho_tich=ho_tich, xuat_ban=xuat_ban, y_te=y_te, khai_sinh=khai_sinh,
        khai_sinh_nuoc_ngoai=khai_sinh_nuoc_ngoai, lien_thong=lien_thong,
        khai_sinh_lai=khai_sinh_lai, ket_hon=ket_hon, giay_phep_in=giay_phep_in,
        hanh_nghe=hanh_nghe, bai_bo=bai_bo,
    )  # fmt: skip


@pytest.fixture
def portal_sites(province):
    """Three portals: the province's main one (default site) and two departments'."""
    from wagtail.models import Site

    from congso.portal.services import ensure_wagtail_roots
    from congso.portal.tests.factories import make_portal

    ensure_wagtail_roots()  # a transactional test's flush may have removed Wagtail's root
    for site in Site.objects.all():
        root = site.root_page
        site.delete()
        root.delete()
    return {
        "main": make_portal(org_unit=province.root, hostname=MAIN_HOST, is_main=True),
        "sotttt": make_portal(org_unit=province.sotttt, hostname=SOTTTT_HOST),
        "soyte": make_portal(org_unit=province.soyte, hostname=SOYTE_HOST),
    }


def add_procedures(count: int, *, field: Field, agency) -> None:
    """`count` more active procedures (for query-count tests), each with two agencies."""
    for n in range(count):
        procedure = Procedure.objects.create(
            code=f"9.{n:06d}", name=f"Thủ tục thử số {n}", field=field,
            level=Procedure.Level.COMMUNE, processing_days=Decimal("3"), result="Kết quả",
            legal_basis="Căn cứ",
        )  # fmt: skip
        procedure.agencies.set(agency)
