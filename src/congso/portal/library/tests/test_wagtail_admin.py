"""The editors' screens in the CMS: scoped to the user's portals, writes go through services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from congso.core.models import AuditLog
from congso.portal.library.models import DocumentField, LegalDocument, LegalDocumentFile
from congso.portal.library.tests.conftest import make_document, pdf_upload

pytestmark = pytest.mark.django_db


def cms_user(client, user):
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    client.force_login(user)
    return client


def form_data(site, **overrides) -> dict:
    data = {
        "site": str(site.pk),
        "doc_type": "quyet_dinh",
        "number_symbol": "20/2025/QĐ-STTTT",
        "issuing_body": "Sở Thông tin và Truyền thông",
        "abstract": "Ban hành quy chế bảo đảm an toàn thông tin",
        "signer": "Nguyễn Văn Hải",
        "field": "",
        "issued_on": "2025-04-01",
        "effective_from": "",
        "expires_on": "",
        "status_override": "",
        "new_file_title": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def own(site):
    return make_document(site)


@pytest.fixture
def foreign(other_site):
    return make_document(other_site, number_symbol="99/QĐ-SYT", issuing_body="Sở Y tế")


def test_index_lists_only_the_editors_portal(client, editor, own, foreign):
    response = cms_user(client, editor).get(reverse("portal_library_documents:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "12/2025/QĐ-UBND" in html
    assert "99/QĐ-SYT" not in html


def test_admin_search_ignores_accents(client, editor, own):
    response = cms_user(client, editor).get(
        reverse("portal_library_documents:index"), {"q": "quan ly cong"}
    )

    assert "12/2025/QĐ-UBND" in response.content.decode()


def test_edit_url_of_another_portals_document_is_404_and_own_is_200(
    client, editor, other_editor, own, foreign
):
    cms_user(client, editor)
    assert client.get(reverse("portal_library_documents:edit", args=[own.pk])).status_code == 200
    assert (
        client.get(reverse("portal_library_documents:edit", args=[foreign.pk])).status_code == 404
    )
    assert (
        client.get(reverse("portal_library_documents:delete", args=[foreign.pk])).status_code == 404
    )

    cms_user(client, other_editor)
    assert client.get(reverse("portal_library_documents:edit", args=[own.pk])).status_code == 404
    assert (
        client.get(reverse("portal_library_documents:edit", args=[foreign.pk])).status_code == 200
    )


def test_posting_to_another_portals_document_changes_nothing(client, other_editor, own):
    response = cms_user(client, other_editor).post(
        reverse("portal_library_documents:edit", args=[own.pk]),
        form_data(own.site, abstract="Bị sửa"),
    )

    assert response.status_code == 404
    own.refresh_from_db()
    assert own.abstract == "Ban hành Quy chế quản lý cổng thông tin điện tử"


def test_user_without_a_portal_role_is_refused(client, citizen, own):
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard."""
    cms_user(client, citizen)
    urls = [
        reverse("portal_library_documents:index"),
        reverse("portal_library_documents:add"),
        reverse("portal_library_documents:edit", args=[own.pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")
    client.post(urls[2], form_data(own.site, abstract="Bị sửa"))
    own.refresh_from_db()
    assert own.abstract == "Ban hành Quy chế quản lý cổng thông tin điện tử"


def test_create_goes_through_the_service_with_an_uploaded_pdf(client, editor, site):
    response = cms_user(client, editor).post(
        reverse("portal_library_documents:add"),
        {**form_data(site), "new_file": pdf_upload(), "new_file_title": "Bản ký số"},
    )

    assert response.status_code == 302
    document = LegalDocument.objects.get()
    assert document.number_symbol == "20/2025/QĐ-STTTT"
    assert document.search_text.startswith("quyet dinh 20/2025/qd-sttt")
    assert LegalDocumentFile.objects.get().title == "Bản ký số"
    assert AuditLog.objects.get(action="legal_document.create").actor == editor
    assert AuditLog.objects.filter(action="legal_document.file_attach").count() == 1


def test_site_choice_is_limited_to_the_editors_portals(client, editor, site, other_site):
    cms_user(client, editor)
    form = client.get(reverse("portal_library_documents:add")).context["form"]
    assert list(form.fields["site"].queryset) == [site]

    response = client.post(reverse("portal_library_documents:add"), form_data(other_site))

    assert response.status_code == 200
    assert "site" in response.context["form"].errors
    assert LegalDocument.objects.count() == 0


def test_duplicate_in_the_form_shows_a_vietnamese_error(client, editor, site, own):
    response = cms_user(client, editor).post(
        reverse("portal_library_documents:add"),
        form_data(site, number_symbol=own.number_symbol, issuing_body=own.issuing_body),
    )

    assert response.status_code == 200
    assert "đã có văn bản cùng số, ký hiệu và cơ quan ban hành" in response.content.decode()
    assert LegalDocument.objects.count() == 1


def test_fake_pdf_upload_is_refused_in_the_form(client, editor, site):
    response = cms_user(client, editor).post(
        reverse("portal_library_documents:add"),
        {**form_data(site), "new_file": pdf_upload("gia.pdf", b"MZ\x90\x00 not a pdf")},
    )

    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF hoặc Word (DOCX)" in response.content.decode()
    assert LegalDocument.objects.count() == 0


def test_edit_goes_through_the_service_and_can_remove_a_file(client, editor, site, own):
    from congso.portal.library import services

    attachment = services.legal_document_file_attach(actor=editor, document=own, file=pdf_upload())

    response = cms_user(client, editor).post(
        reverse("portal_library_documents:edit", args=[own.pk]),
        form_data(
            site,
            number_symbol=own.number_symbol,
            issuing_body=own.issuing_body,
            abstract="Trích yếu đã sửa",
            remove_files=[str(attachment.pk)],
        ),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.abstract == "Trích yếu đã sửa"
    assert own.files.count() == 0
    assert AuditLog.objects.get(action="legal_document.update").actor == editor
    assert AuditLog.objects.filter(action="legal_document.file_remove").count() == 1


def test_delete_asks_for_a_reason(client, editor, own):
    cms_user(client, editor)
    url = reverse("portal_library_documents:delete", args=[own.pk])

    assert 'name="reason"' in client.get(url).content.decode()
    refused = client.post(url, {"reason": " "})
    assert refused.status_code == 422
    assert LegalDocument.objects.filter(pk=own.pk).exists()

    response = client.post(url, {"reason": "Đăng trùng"})

    assert response.status_code == 302
    assert not LegalDocument.objects.filter(pk=own.pk).exists()
    assert AuditLog.objects.get(action="legal_document.delete").reason == "Đăng trùng"


def test_fields_are_managed_through_services(client, editor):
    cms_user(client, editor)

    response = client.post(
        reverse("portal_library_fields:add"), {"name": "An toàn thông tin", "slug": ""}
    )

    assert response.status_code == 302
    assert DocumentField.objects.get().slug == "an-toan-thong-tin"
    assert AuditLog.objects.filter(action="document_field.create").count() == 1
