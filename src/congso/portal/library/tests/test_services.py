from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congso.core.exceptions import NotPermitted, ValidationFailed
from congso.core.models import AuditLog
from congso.portal.library import services
from congso.portal.library.demo import seed_demo_documents
from congso.portal.library.models import DocumentField, LegalDocument, LegalDocumentFile
from congso.portal.library.tests.conftest import PDF_BYTES, docx_bytes, make_document, pdf_upload
from congso.portal.library.validators import MAX_FILE_SIZE

pytestmark = pytest.mark.django_db

BASE = {
    "doc_type": LegalDocument.DocType.QUYET_DINH,
    "number_symbol": "12/2025/QĐ-UBND",
    "issuing_body": "UBND tỉnh Thái Bình",
    "issued_on": dt.date(2025, 3, 12),
    "abstract": "Ban hành Quy chế quản lý cổng thông tin điện tử",
}


def test_editor_creates_a_document_of_their_portal_with_an_audit_row(editor, site):
    document = services.legal_document_create(actor=editor, site=site, **BASE)

    assert document.site == site
    assert document.search_text == (
        "quyet dinh 12/2025/qd-ubnd ubnd tinh thai binh ban hanh quy che quan ly cong thong tin "
        "dien tu"
    )
    row = AuditLog.objects.get(action="legal_document.create")
    assert row.actor == editor
    assert row.object_id == str(document.pk)
    assert row.changes["number_symbol"] == "12/2025/QĐ-UBND"


def test_editor_of_another_portal_is_refused_and_nothing_is_written(other_editor, site):
    with pytest.raises(NotPermitted):
        services.legal_document_create(actor=other_editor, site=site, **BASE)

    assert LegalDocument.objects.count() == 0
    assert AuditLog.objects.filter(action__startswith="legal_document").count() == 0


def test_anonymous_and_citizens_are_refused(site, citizen):
    for actor in (AnonymousUser(), citizen):
        with pytest.raises(NotPermitted):
            services.legal_document_create(actor=actor, site=site, **BASE)
    assert LegalDocument.objects.count() == 0


def test_administrator_may_publish_on_any_portal(administrator, site, other_site):
    services.legal_document_create(actor=administrator, site=other_site, **BASE)

    assert LegalDocument.objects.get().site == other_site


def test_duplicate_number_and_issuer_on_the_same_portal_is_refused_in_vietnamese(editor, site):
    services.legal_document_create(actor=editor, site=site, **BASE)

    with pytest.raises(ValidationFailed) as error:
        services.legal_document_create(
            actor=editor, site=site, **{**BASE, "number_symbol": " 12/2025/QĐ-UBND "}
        )

    assert "đã có văn bản cùng số, ký hiệu và cơ quan ban hành" in error.value.message
    assert LegalDocument.objects.count() == 1
    assert AuditLog.objects.filter(action="legal_document.create").count() == 1


def test_same_number_is_allowed_on_another_portal_or_from_another_issuer(site, other_site):
    make_document(site)
    make_document(other_site)
    make_document(site, issuing_body="HĐND tỉnh Thái Bình")

    assert LegalDocument.objects.count() == 3


def test_dates_are_checked(editor, site):
    with pytest.raises(ValidationFailed) as error:
        services.legal_document_create(
            actor=editor, site=site, **BASE, expires_on=dt.date(2025, 1, 1)
        )

    assert error.value.extra["fields"]["expires_on"] == [
        "Ngày hết hiệu lực phải sau ngày ban hành và ngày có hiệu lực."
    ]
    with pytest.raises(ValidationFailed) as error:
        services.legal_document_create(
            actor=editor, site=site, **BASE, effective_from=dt.date(2025, 3, 1)
        )
    assert "effective_from" in error.value.extra["fields"]
    assert LegalDocument.objects.count() == 0


def test_unknown_doc_type_is_refused(editor, site):
    with pytest.raises(ValidationFailed):
        services.legal_document_create(actor=editor, site=site, **{**BASE, "doc_type": "xyz"})
    assert LegalDocument.objects.count() == 0


def test_update_records_the_diff(editor, site):
    document = make_document(site)

    updated = services.legal_document_update(
        actor=editor, document=document, abstract="Trích yếu mới về chuyển đổi số", reason="sửa"
    )

    assert updated.abstract == "Trích yếu mới về chuyển đổi số"
    assert "chuyen doi so" in updated.search_text
    row = AuditLog.objects.get(action="legal_document.update")
    assert row.changes == {
        "abstract": [
            "Ban hành Quy chế quản lý cổng thông tin điện tử",
            "Trích yếu mới về chuyển đổi số",
        ]
    }
    assert row.reason == "sửa"


def test_update_without_change_writes_no_audit_row(editor, site):
    document = make_document(site)

    services.legal_document_update(actor=editor, document=document, abstract=document.abstract)

    assert not AuditLog.objects.filter(action="legal_document.update").exists()


def test_update_by_another_portals_editor_changes_nothing(other_editor, site):
    document = make_document(site)

    with pytest.raises(NotPermitted):
        services.legal_document_update(actor=other_editor, document=document, abstract="Khác")

    document.refresh_from_db()
    assert document.abstract == "Ban hành Quy chế quản lý cổng thông tin điện tử"
    assert not AuditLog.objects.filter(action="legal_document.update").exists()


def test_editor_cannot_move_a_document_to_a_portal_they_do_not_edit(editor, site, other_site):
    document = make_document(site)

    with pytest.raises(NotPermitted):
        services.legal_document_update(actor=editor, document=document, site=other_site)

    document.refresh_from_db()
    assert document.site == site


def test_update_to_a_duplicate_number_is_refused(editor, site):
    make_document(site)
    second = make_document(site, number_symbol="13/2025/QĐ-UBND")

    with pytest.raises(ValidationFailed):
        services.legal_document_update(
            actor=editor, document=second, number_symbol="12/2025/QĐ-UBND"
        )

    second.refresh_from_db()
    assert second.number_symbol == "13/2025/QĐ-UBND"


def test_delete_needs_a_reason_and_is_audited(editor, site, django_capture_on_commit_callbacks):
    document = make_document(site)
    services.legal_document_file_attach(actor=editor, document=document, file=pdf_upload())
    name = LegalDocumentFile.objects.get().file.name

    with pytest.raises(ValidationFailed):
        services.legal_document_delete(actor=editor, document=document, reason="  ")
    assert LegalDocument.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.legal_document_delete(actor=editor, document=document, reason="Đăng nhầm")

    assert LegalDocument.objects.count() == 0
    assert LegalDocumentFile.objects.count() == 0
    assert not default_storage.exists(name)
    row = AuditLog.objects.get(action="legal_document.delete")
    assert row.reason == "Đăng nhầm"
    assert row.changes["files"] == [name]


def test_delete_by_another_portals_editor_changes_nothing(other_editor, site):
    document = make_document(site)

    with pytest.raises(NotPermitted):
        services.legal_document_delete(actor=other_editor, document=document, reason="x")

    assert LegalDocument.objects.filter(pk=document.pk).exists()
    assert not AuditLog.objects.filter(action="legal_document.delete").exists()


def test_status_follows_dates_unless_set_by_hand(site):
    today = timezone.localdate()
    in_force = make_document(site, number_symbol="1/QĐ", issued_on=today - dt.timedelta(days=30))
    expired = make_document(
        site, number_symbol="2/QĐ", issued_on=today - dt.timedelta(days=30),
        expires_on=today,
    )  # fmt: skip
    not_yet = make_document(
        site, number_symbol="3/QĐ", issued_on=today, effective_from=today + dt.timedelta(days=5)
    )
    partly = make_document(
        site, number_symbol="4/QĐ", issued_on=today - dt.timedelta(days=30),
        status_override=LegalDocument.Status.PARTLY_EXPIRED,
    )  # fmt: skip

    assert [d.status for d in (in_force, expired, not_yet, partly)] == [
        "in_force", "expired", "not_yet_in_force", "partly_expired",
    ]  # fmt: skip
    annotated = dict(LegalDocument.objects.with_status().values_list("pk", "current_status"))
    assert annotated == {
        in_force.pk: "in_force", expired.pk: "expired", not_yet.pk: "not_yet_in_force",
        partly.pk: "partly_expired",
    }  # fmt: skip
    assert partly.status_label == "Hết hiệu lực một phần"


# Attachments


def test_a_real_pdf_is_accepted_and_stored_with_its_size(editor, site):
    document = make_document(site)

    attachment = services.legal_document_file_attach(
        actor=editor, document=document, file=pdf_upload("Quyết định số 12.pdf"), title=""
    )

    assert attachment.file_type == "pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.title == "Quyết định số 12.pdf"
    assert attachment.file.name.startswith(f"van-ban/{timezone.localdate().year}/quyet-dinh-so-12")
    assert attachment.file.name.endswith(".pdf")
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    row = AuditLog.objects.get(action="legal_document.file_attach")
    assert row.changes["size"] == len(PDF_BYTES)


def test_a_docx_made_with_zipfile_is_accepted(editor, site):
    document = make_document(site)
    upload = SimpleUploadedFile("du-thao.docx", docx_bytes())

    attachment = services.legal_document_file_attach(
        actor=editor, document=document, file=upload, title="Dự thảo"
    )

    assert attachment.file_type == "docx"
    assert attachment.file.name.endswith(".docx")
    assert attachment.title == "Dự thảo"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gia-mao.pdf", b"<html><script>alert(1)</script></html>"),
        ("gia-mao.pdf", b"PDF-1.4 missing percent sign"),
        ("tai-lieu.docx", b"PK\x03\x04 not really a zip"),
        ("bang-tinh.docx", None),  # a zip without word/document.xml
    ],
)
def test_files_that_are_not_pdf_or_docx_are_refused(editor, site, name, content):
    if content is None:
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
        content = buffer.getvalue()
    document = make_document(site)

    with pytest.raises(ValidationFailed) as error:
        services.legal_document_file_attach(
            actor=editor, document=document, file=SimpleUploadedFile(name, content)
        )

    assert "Chỉ nhận tệp PDF hoặc Word (DOCX)" in error.value.message
    assert LegalDocumentFile.objects.count() == 0
    assert not AuditLog.objects.filter(action="legal_document.file_attach").exists()


def test_a_pdf_named_exe_is_stored_as_pdf(editor, site):
    document = make_document(site)

    attachment = services.legal_document_file_attach(
        actor=editor, document=document, file=pdf_upload("virus.exe")
    )

    assert attachment.file.name.endswith("virus.pdf")


def test_files_over_20_mb_are_refused(editor, site):
    document = make_document(site)
    big = pdf_upload("lon.pdf", PDF_BYTES + b"0" * MAX_FILE_SIZE)

    with pytest.raises(ValidationFailed) as error:
        services.legal_document_file_attach(actor=editor, document=document, file=big)

    assert "quá lớn" in error.value.message
    assert LegalDocumentFile.objects.count() == 0


def test_empty_file_is_refused(editor, site):
    document = make_document(site)

    with pytest.raises(ValidationFailed, match="rỗng"):
        services.legal_document_file_attach(
            actor=editor, document=document, file=SimpleUploadedFile("a.pdf", b"")
        )


def test_another_portals_editor_cannot_attach_or_remove(
    editor, other_editor, site, django_capture_on_commit_callbacks
):
    document = make_document(site)
    attachment = services.legal_document_file_attach(
        actor=editor, document=document, file=pdf_upload()
    )

    with pytest.raises(NotPermitted):
        services.legal_document_file_attach(
            actor=other_editor, document=document, file=pdf_upload()
        )
    with pytest.raises(NotPermitted):
        services.legal_document_file_remove(actor=other_editor, attachment=attachment)
    assert LegalDocumentFile.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.legal_document_file_remove(actor=editor, attachment=attachment, reason="thay")

    assert LegalDocumentFile.objects.count() == 0
    assert not default_storage.exists(attachment.file.name)
    assert AuditLog.objects.get(action="legal_document.file_remove").reason == "thay"


# Fields


def test_fields_are_created_with_a_slug_and_protected_while_used(editor, site):
    field = services.document_field_create(actor=editor, name="Chuyển đổi số")
    assert field.slug == "chuyen-doi-so"
    document = make_document(site, field=field)
    assert document.search_text.endswith("chuyen doi so")

    services.document_field_update(actor=editor, field=field, name="Chuyển đổi số quốc gia")
    document.refresh_from_db()
    assert document.search_text.endswith("chuyen doi so quoc gia")

    with pytest.raises(ValidationFailed, match="đang được dùng"):
        services.document_field_delete(actor=editor, field=field)
    assert DocumentField.objects.filter(pk=field.pk).exists()
    assert not AuditLog.objects.filter(action="document_field.delete").exists()


def test_people_without_a_portal_role_cannot_manage_fields(citizen):
    with pytest.raises(NotPermitted):
        services.document_field_create(actor=citizen, name="Y tế")
    assert DocumentField.objects.count() == 0


# Demo


def test_demo_documents_are_seeded_once(province, site):
    created = seed_demo_documents(site, province.sotttt)

    assert 5 <= created <= 8
    assert LegalDocument.objects.filter(
        site=site, number_symbol="15/2025/QĐ-STTTT", issuing_body="Sở Thông tin và Truyền thông"
    ).exists()
    assert seed_demo_documents(site, province.sotttt) == 0
    assert LegalDocument.objects.filter(site=site).count() == created
    assert (
        AuditLog.objects.filter(action="legal_document.create", actor_repr="congso demo").count()
        == created
    )


def test_demo_for_a_district_portal(province):
    from congso.portal.tests.factories import make_portal

    district_site = make_portal(org_unit=province.donghung, hostname="donghung.localhost")

    assert seed_demo_documents(district_site, province.donghung) >= 5
    assert LegalDocument.objects.filter(issuing_body="UBND huyện Đông Hưng").exists()
