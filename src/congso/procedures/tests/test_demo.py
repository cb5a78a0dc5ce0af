"""The demo catalogue seeded by `congso demo`: complete, valid and idempotent."""

import zipfile
from decimal import Decimal
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from congso.accounts.models import Role
from congso.procedures.demo import seed_procedure_catalogue, seed_procedures
from congso.procedures.demo_data import PROCEDURES
from congso.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcessStep,
    RequiredPaper,
)
from congso.procedures.schema import check_schema, dossier_form, fields_of

pytestmark = [pytest.mark.django_db]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REQUIRED_NAMES = [
    "Đăng ký thành lập hộ kinh doanh",
    "Đăng ký thành lập doanh nghiệp tư nhân",
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Cấp giấy phép xuất bản bản tin",
    "Cấp giấy phép xuất bản tài liệu không kinh doanh",
    "Cấp giấy phép hoạt động in",
    "Đăng ký hoạt động cơ sở in",
    "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
    "Cấp giấy phép hoạt động kinh doanh dịch vụ trò chơi điện tử công cộng",
]
MODELS = (Field, Procedure, ProcedureCase, RequiredPaper, Fee, ProcessStep)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """One `congso demo --no-portals` for the module, rolled back when the module is done."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_MODE=True, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        out = StringIO()
        call_command("demo", "--no-portals", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def test_summary_mentions_the_procedures(demo_output):
    assert f"{len(PROCEDURES)} thủ tục hành chính ({len(PROCEDURES)} mới)" in demo_output


def test_catalogue_covers_fields_agencies_and_levels(demo_output):
    procedures = Procedure.objects.annotate(n=Count("agencies"))
    assert procedures.count() == len(PROCEDURES) >= 30
    assert all(p.n >= 1 for p in procedures)
    assert Field.objects.filter(procedures__isnull=False).distinct().count() >= 5
    assert {"department", "district", "commune"} <= set(procedures.values_list("level", flat=True))
    agency_kinds = set(Procedure.agencies.through.objects.values_list("orgunit__kind", flat=True))
    assert {"department", "district", "city", "commune", "ward", "township"} <= agency_kinds
    assert Procedure.agencies.through.objects.values("orgunit").distinct().count() >= 4
    names = set(procedures.values_list("name", flat=True))
    assert set(REQUIRED_NAMES) <= names
    game = Procedure.objects.get(name=REQUIRED_NAMES[-1])
    assert game.level == "district"
    assert game.agencies.count() == 8  # Thái Bình city and the seven districts
    assert Procedure.objects.get(name="Cấp giấy phép hoạt động in").agencies.get().slug == "sotttt"
    online_levels = set(procedures.values_list("online_level", flat=True))
    assert online_levels == {"full", "partial", "offline"}
    assert Procedure.objects.filter(processing_days=Decimal("0.5")).exists()
    assert Fee.objects.filter(amount__gt=0).exists()
    assert Procedure.objects.filter(fees__isnull=True).exists()  # some are free
    for procedure in procedures:
        procedure.full_clean()
        assert procedure.papers.exists(), procedure.code
        assert "Bước 3:" in procedure.steps_text
        assert procedure.channels_text
        assert procedure.result
        assert procedure.legal_basis
        assert procedure.fee_note or procedure.fees.exists()


def test_legal_basis_names_real_instruments(demo_output):
    texts = " ".join(Procedure.objects.values_list("legal_basis", flat=True))
    for instrument in ("Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP", "Luật Doanh nghiệp 2020",
                       "Nghị định 01/2021/NĐ-CP", "Nghị định 15/2021/NĐ-CP", "Luật Báo chí 2016",
                       "Luật Xuất bản 2012", "Nghị định 195/2013/NĐ-CP", "Nghị định 60/2014/NĐ-CP",
                       "Nghị định 72/2013/NĐ-CP", "Nghị định 23/2015/NĐ-CP",
                       "Nghị định 118/2025/NĐ-CP"):  # fmt: skip
        assert instrument in texts, instrument


def test_every_online_procedure_has_a_valid_form(demo_output):
    for procedure in Procedure.objects.all():
        schema = procedure.form_schema
        if procedure.online_level == Procedure.OnlineLevel.OFFLINE:
            continue
        check_schema(schema)
        properties = [name for name, _spec, _required in fields_of(schema)]  # in form order
        assert 4 <= len(properties) <= 10, procedure.code
        assert properties[-1] == "cam_doan"
        assert schema["properties"]["cam_doan"] == {
            "type": "boolean",
            "title": "Tôi cam đoan những nội dung khai trên là đúng sự thật",
        }
        assert "cam_doan" in schema["required"]
        form = dossier_form(schema, {})
        assert not form.is_valid()
        assert "cam_doan" in form.errors


def test_process_steps_add_up_to_the_processing_time(demo_output):
    for procedure in Procedure.objects.prefetch_related("steps"):
        steps = list(procedure.steps.all())
        assert sum(step.days for step in steps) == procedure.processing_days, procedure.code
        assert all(step.days >= Decimal("0.5") for step in steps)
        if procedure.processing_days >= Decimal("1.5"):
            assert 3 <= len(steps) <= 5, procedure.code
            assert steps[0].role == Role.ONE_STOP_CLERK
            assert Role.LEADER in {step.role for step in steps}
            assert Role.HANDLER in {step.role for step in steps}
        if procedure.processing_days >= 2:
            assert steps[-1].role == Role.ONE_STOP_CLERK
    # Departments' dossiers are received and returned at the provincial centre.
    in_print = Procedure.objects.get(name="Cấp giấy phép hoạt động in").steps.all()
    assert in_print[0].org_unit.kind == "center"
    assert in_print[1].org_unit is None
    assert len(in_print) == 5


def test_cases_change_time_papers_or_fees(demo_output):
    with_cases = Procedure.objects.filter(cases__isnull=False).distinct()
    assert with_cases.count() >= 8
    birth = Procedure.objects.get(name="Đăng ký khai sinh")
    cases = {case.name: case for case in birth.cases.all()}
    assert set(cases) == {
        "Có giấy chứng sinh",
        "Không có giấy chứng sinh (cần xác minh việc sinh)",
    }
    assert cases["Không có giấy chứng sinh (cần xác minh việc sinh)"].processing_days == 3
    assert all(case.papers.exists() for case in cases.values())
    assert Fee.objects.filter(case__isnull=False).exists()
    assert ProcedureCase.objects.filter(processing_days__isnull=False).exists()
    assert RequiredPaper.objects.filter(is_required=False).exists()
    assert RequiredPaper.objects.filter(copies__gt=0).exists()
    for item in [*RequiredPaper.objects.exclude(case=None), *Fee.objects.exclude(case=None)]:
        assert item.case.procedure_id == item.procedure_id


def test_templates_are_valid_docx(demo_output):
    papers = RequiredPaper.objects.exclude(template="")
    assert papers.count() >= 8
    for paper in papers:
        assert paper.template.name.endswith(".docx")
        with paper.template.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            assert archive.testzip() is None
            assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(
                archive.namelist()
            )
            root = ElementTree.fromstring(archive.read("word/document.xml"))  # noqa: S314 (ours)
        text = "\n".join(node.text or "" for node in root.iter(f"{W}t"))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "1. " in text
        assert "......" in text
        assert "Tôi cam đoan" in text
    birth = RequiredPaper.objects.get(name="Tờ khai đăng ký khai sinh")
    with birth.template.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in archive.read("word/document.xml").decode("utf-8")


def test_second_run_creates_nothing(demo_output):
    before = counts()
    names = sorted(RequiredPaper.objects.exclude(template="").values_list("template", flat=True))
    assert seed_procedures() == 0
    assert counts() == before
    again = sorted(RequiredPaper.objects.exclude(template="").values_list("template", flat=True))
    assert again == names
    out = StringIO()
    call_command("demo", "--no-portals", stdout=out)
    assert f"{len(PROCEDURES)} thủ tục hành chính (0 mới)" in out.getvalue()
    assert counts() == before


def test_a_missing_template_file_is_written_again(demo_output):
    paper = RequiredPaper.objects.get(name="Tờ khai đăng ký khai sinh")
    default_storage.delete(paper.template.name)
    result = seed_procedure_catalogue()
    assert (result.rows_created, result.templates_written) == (0, 1)
    paper.refresh_from_db()
    assert default_storage.exists(paper.template.name)
    assert seed_procedure_catalogue().templates_written == 0


def test_an_edited_procedure_is_left_alone(demo_output):
    procedure = Procedure.objects.get(name="Đăng ký kết hôn")
    Procedure.objects.filter(pk=procedure.pk).update(processing_days=Decimal("3"))
    procedure.papers.filter(is_required=False).delete()
    before = counts()
    assert seed_procedures() == 0
    assert counts() == before
    procedure.refresh_from_db()
    assert procedure.processing_days == 3


def test_data_modules_are_consistent():
    codes = [spec.code for spec in PROCEDURES]
    assert len(codes) == len(set(codes))
    for spec in PROCEDURES:
        case_names = {case.name for case in spec.cases}
        assert len(case_names) == len(spec.cases), spec.code
        for item in (*spec.papers, *spec.fees):
            assert item.case is None or item.case in case_names, (spec.code, item.name)
        assert (spec.form is None) == (spec.online == "offline"), spec.code
