from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congso.portal.library import services
from congso.portal.library.models import LegalDocument

HOST = "sotttt.localhost"
OTHER_HOST = "soyte.localhost"

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def pdf_upload(name: str = "quyet-dinh.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_document(site, **overrides) -> LegalDocument:
    data = {
        "doc_type": LegalDocument.DocType.QUYET_DINH,
        "number_symbol": "12/2025/QĐ-UBND",
        "issuing_body": "UBND tỉnh Thái Bình",
        "issued_on": dt.date(2025, 3, 12),
        "abstract": "Ban hành Quy chế quản lý cổng thông tin điện tử",
        "signer": "Nguyễn Văn Hải",
    }
    data.update(overrides)
    return services.legal_document_create(actor="test", site=site, **data)


@pytest.fixture(autouse=True)
def _library_settings(settings, tmp_path):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site(province):
    from congso.portal.tests.factories import make_portal

    return make_portal(org_unit=province.sotttt, hostname=HOST)


@pytest.fixture
def other_site(province):
    from congso.portal.tests.factories import make_portal

    return make_portal(org_unit=province.soyte, hostname=OTHER_HOST)


@pytest.fixture
def editor(province, site):
    from congso.accounts.tests.factories import make_official

    return make_official(
        email="bientap@test.vn", full_name="Lê Biên Tập", unit=province.sotttt, role="portal_editor"
    )


@pytest.fixture
def other_editor(province, other_site):
    from congso.accounts.tests.factories import make_official

    return make_official(
        email="bientap.yte@test.vn", full_name="Vũ Biên Tập", unit=province.soyte,
        role="portal_editor",
    )  # fmt: skip
