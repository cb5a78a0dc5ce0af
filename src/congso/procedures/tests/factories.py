"""Factories for the procedure catalogue.

`ProcedureFactory(agencies=[unit, ...])` sets the implementing agencies; without them it uses the
first agency of the tree (creating a stand-alone one when the tree is empty), so a procedure made
by the factory is always complete. `make_full_procedure()` adds a case, papers, fees and steps.
"""

from __future__ import annotations

from decimal import Decimal

import factory

from congso.accounts.models import OrgUnit, Role
from congso.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcessStep,
    RequiredPaper,
)


def default_agency() -> OrgUnit:
    unit = OrgUnit.objects.order_by("path").first()
    if unit is None:
        unit = OrgUnit.add_root(
            name="Sở Thông tin và Truyền thông (thử nghiệm)",
            code="000.00.99.H99",
            kind="department",
        )
    return unit


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LV{n:03d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực thử số {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử số {n}")
    field = factory.SubFactory(FieldFactory)
    level = Procedure.Level.DEPARTMENT
    applicant_kind = Procedure.Applicant.BOTH
    online_level = Procedure.OnlineLevel.PARTIAL
    processing_days = Decimal("7")
    processing_note = "Kể từ ngày nhận đủ hồ sơ hợp lệ"
    result = "Giấy phép"
    legal_basis = "Luật Xuất bản năm 2012"

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if not create:
            return
        self.agencies.set(list(extracted) if extracted is not None else [default_agency()])


class ProcedureCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureCase

    procedure = factory.SubFactory(ProcedureFactory)
    name = factory.Sequence(lambda n: f"Trường hợp {n}")
    processing_days = None
    order = factory.Sequence(lambda n: n)


class RequiredPaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredPaper

    procedure = factory.SubFactory(ProcedureFactory)
    case = None
    name = factory.Sequence(lambda n: f"Giấy tờ số {n}")
    originals = 1
    copies = 0
    is_required = True
    order = factory.Sequence(lambda n: n)


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    procedure = factory.SubFactory(ProcedureFactory)
    case = None
    name = factory.Sequence(lambda n: f"Lệ phí số {n}")
    amount = 50_000
    order = factory.Sequence(lambda n: n)


class ProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    procedure = factory.SubFactory(ProcedureFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Bước {n + 1}")
    org_unit = None
    role = Role.HANDLER
    days = Decimal("1")


def make_full_procedure(**kwargs) -> Procedure:
    """A procedure with a special case, papers and fees (general and per case), three steps."""
    procedure = ProcedureFactory(**kwargs)
    lost = ProcedureCaseFactory(
        procedure=procedure,
        name="Cấp lại do bị mất, hư hỏng",
        processing_days=Decimal("3"),
        order=1,
    )
    RequiredPaperFactory(
        procedure=procedure, name="Đơn đề nghị (theo mẫu)", originals=1, copies=0, order=1
    )
    RequiredPaperFactory(
        procedure=procedure, name="Bản sao quyết định thành lập", originals=0, copies=2,
        is_required=False, note="Bản sao có chứng thực", order=2,
    )  # fmt: skip
    RequiredPaperFactory(procedure=procedure, case=lost, name="Giấy phép bị hư hỏng", order=3)
    FeeFactory(procedure=procedure, name="Phí thẩm định", amount=1_500_000, order=1)
    FeeFactory(procedure=procedure, case=lost, name="Phí cấp lại", amount=50_000, order=2)
    ProcessStepFactory(
        procedure=procedure, order=1, name="Tiếp nhận hồ sơ", role=Role.ONE_STOP_CLERK,
        days=Decimal("0.5"),
    )  # fmt: skip
    ProcessStepFactory(procedure=procedure, order=2, name="Thẩm định", days=Decimal("5.5"))
    ProcessStepFactory(
        procedure=procedure, order=3, name="Phê duyệt", role=Role.LEADER, days=Decimal("1")
    )
    return procedure
