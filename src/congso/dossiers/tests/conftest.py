"""A procedure with an online form and papers, an applicant, a desk clerk: built with the ORM."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from congso.accounts.models import Role
from congso.accounts.tests.factories import UserFactory, make_official, make_province
from congso.procedures.models import Field, Procedure, RequiredPaper

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)

FORM_SCHEMA = {
    "type": "object",
    "required": ["ten_tre", "ngay_sinh", "gioi_tinh", "cam_doan"],
    "properties": {
        "ten_tre": {"type": "string", "title": "Họ và tên trẻ", "maxLength": 100},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
        "so_ban_sao": {"type": "integer", "title": "Số bản sao", "minimum": 0, "maximum": 10},
        "cam_doan": {"type": "boolean", "title": "Tôi cam đoan nội dung trên là đúng sự thật"},
    },
}

VALID_VALUES = {
    "ten_tre": "Nguyễn Thị Hoa",
    "ngay_sinh": "2026-11-20",
    "gioi_tinh": "Nữ",
    "so_ban_sao": "2",
    "cam_doan": True,
}


def pdf_upload(name: str = "giay-chung-sinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def jpeg_upload(name: str = "anh.jpg", size=(800, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def province(db):
    return make_province()


@pytest.fixture
def agency(province):
    return province.xa


@pytest.fixture
def procedure(agency):
    field = Field.objects.create(code="HT", name="Hộ tịch")
    procedure = Procedure.objects.create(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        level=Procedure.Level.COMMUNE,
        online_level=Procedure.OnlineLevel.FULL,
        processing_days=Decimal("1"),
        result="Giấy khai sinh",
        legal_basis="Luật Hộ tịch 2014",
        form_schema=FORM_SCHEMA,
    )
    procedure.agencies.add(agency)
    RequiredPaper.objects.create(procedure=procedure, name="Tờ khai đăng ký khai sinh", order=1)
    RequiredPaper.objects.create(procedure=procedure, name="Giấy chứng sinh", order=2)
    RequiredPaper.objects.create(
        procedure=procedure, name="Văn bản ủy quyền", is_required=False, order=3
    )
    return procedure


@pytest.fixture
def citizen(db):
    return UserFactory(
        email="dan@example.vn", full_name="Trần Văn Dân", phone="0912345678", kind="citizen"
    )


@pytest.fixture
def other_citizen(db):
    return UserFactory(email="khac@example.vn", full_name="Lê Thị Khác", kind="citizen")


@pytest.fixture
def clerk(agency):
    return make_official(
        email="motcua@example.vn", full_name="Phạm Thu Một", unit=agency, role=Role.ONE_STOP_CLERK
    )


def fill_ready(dossier, actor):
    """A draft with every required field and paper: ready to submit."""
    from congso.dossiers import services

    services.dossier_save_draft(actor=actor, dossier=dossier, values=VALID_VALUES)
    for paper in dossier.required_papers().filter(is_required=True):
        services.dossier_attach_file(
            actor=actor, dossier=dossier, paper_id=paper.pk, upload=pdf_upload()
        )
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def handler(agency):
    return make_official(
        email="chuyenvien@example.vn", full_name="Đỗ Văn Xử", unit=agency, role=Role.HANDLER
    )


def process_to_desk(dossier, handler):
    """The handler takes the received dossier's step and sends it back to the desk."""
    from congso.dossiers import processing

    step = processing.open_step(dossier)
    processing.step_claim(actor=handler, step=step)
    processing.step_forward(actor=handler, step=step, note="Đủ điều kiện.")
    dossier.refresh_from_db()
    return dossier
