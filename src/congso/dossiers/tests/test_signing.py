"""PAdES signatures on result documents with the agency's certificate (pyHanko)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from congso.accounts.models import Role
from congso.accounts.tests.factories import make_official
from congso.api.tests.test_admin import sign_in_with_otp
from congso.core.models import AuditLog
from congso.dossiers import services, signing
from congso.dossiers.models import AgencySigningKey, DossierFile
from congso.dossiers.tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

PASSPHRASE = "Mật-khẩu-2026"
CHANGELIST = "/quan-tri/dossiers/agencysigningkey/"
ADD = f"{CHANGELIST}add/"


def make_certificate(*, common_name: str, valid_from: dt.datetime, valid_to: dt.datetime):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tỉnh Thái Bình"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def bundle(key, cert, passphrase: str = PASSPHRASE) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"congso", key, cert, None, serialization.BestAvailableEncryption(passphrase.encode())
    )


@pytest.fixture(scope="module")
def material():
    now = dt.datetime.now(dt.UTC)
    key, cert = make_certificate(
        common_name="UBND xã Đông Hợp",
        valid_from=now - dt.timedelta(days=1),
        valid_to=now + dt.timedelta(days=365),
    )
    return key, cert, bundle(key, cert)


@pytest.fixture(scope="module")
def expired_material():
    now = dt.datetime.now(dt.UTC)
    key, cert = make_certificate(
        common_name="UBND xã Cũ",
        valid_from=now - dt.timedelta(days=400),
        valid_to=now - dt.timedelta(days=30),
    )
    return key, cert, bundle(key, cert)


@pytest.fixture(scope="module")
def result_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(
        string="<h1>Giấy khai sinh</h1><p>Họ và tên: Nguyễn Thị Hoa</p>"
    ).write_pdf()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def store_key(org_unit, p12: bytes, passphrase: str = PASSPHRASE, **fields) -> AgencySigningKey:
    key = AgencySigningKey(org_unit=org_unit, label=f"Chứng thư số {org_unit.name}", **fields)
    key.set_bundle(p12, passphrase)
    key.save()
    return key


def validation_status(data: bytes, cert):
    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    signature = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))


# --- The stored key -----------------------------------------------------------------------


def test_a_stored_key_reads_the_certificate_and_hides_the_passphrase(agency, material):
    _, cert, p12 = material

    key = store_key(agency, p12)

    key.refresh_from_db()
    assert key.serial == format(cert.serial_number, "X")
    assert "CN=UBND xã Đông Hợp" in key.subject
    assert key.issuer == key.subject  # self-signed
    assert key.not_before == cert.not_valid_before_utc
    assert key.not_after == cert.not_valid_after_utc
    assert bytes(key.pkcs12) == p12
    assert PASSPHRASE not in key.passphrase_encrypted
    assert PASSPHRASE.encode() not in key.passphrase_encrypted.encode()
    assert key.passphrase == PASSPHRASE
    assert signing.signing_key_for(agency) == key


def test_the_passphrase_key_comes_from_the_signing_secret_when_set(settings, agency, material):
    key = store_key(agency, material[2])

    settings.SIGNING_KEY_SECRET = "another-secret-for-the-signing-keys-0123456789"

    with pytest.raises(signing.BundleError, match="tải lại tệp chứng thư số"):
        _ = key.passphrase
    key.set_bundle(material[2], PASSPHRASE)
    key.save()
    assert AgencySigningKey.objects.get(pk=key.pk).passphrase == PASSPHRASE


def test_an_expired_certificate_is_not_used(agency, expired_material):
    store_key(agency, expired_material[2])

    assert signing.signing_key_for(agency) is None


def test_a_deactivated_or_other_agencys_key_is_not_used(province, material):
    store_key(province.xa, material[2], is_active=False)
    store_key(province.soyte, bundle(*material[:2]))

    assert signing.signing_key_for(province.xa) is None
    assert signing.signing_key_for(province.sotttt) is None
    assert signing.signing_key_for(province.soyte).org_unit == province.soyte


# --- Signing and verifying ----------------------------------------------------------------


def test_sign_pdf_makes_a_valid_pades_signature(agency, material, result_pdf):
    _, cert, p12 = material
    key = store_key(agency, p12)

    signed = signing.sign_pdf(result_pdf, key=key, reason="Kết quả giải quyết hồ sơ H56.01")

    assert signed.startswith(result_pdf)  # an incremental update: the original bytes are kept
    status = validation_status(signed, cert)
    assert status.bottom_line is True
    signature = PdfFileReader(BytesIO(signed)).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.sig_object["/Reason"] == "Kết quả giải quyết hồ sơ H56.01"
    assert signature.sig_object["/Location"] == "Thái Bình"
    assert signing.verify_pdf(signed, [cert]) is True


def test_one_changed_byte_breaks_the_signature(agency, material, result_pdf):
    _, cert, p12 = material
    signed = signing.sign_pdf(result_pdf, key=store_key(agency, p12), reason="Kết quả")
    position = result_pdf.index(b"\n%") + 2  # the binary comment after the header: signed bytes
    tampered = bytearray(signed)
    tampered[position] ^= 0x01

    assert validation_status(bytes(tampered), cert).bottom_line is False
    assert signing.verify_pdf(bytes(tampered), [cert]) is False


def test_verify_refuses_an_untrusted_signer_and_an_unsigned_pdf(
    agency, material, expired_material, result_pdf
):
    signed = signing.sign_pdf(result_pdf, key=store_key(agency, material[2]), reason="Kết quả")

    assert signing.verify_pdf(signed, [expired_material[1]]) is False
    assert signing.verify_pdf(result_pdf, [material[1]]) is False
    assert signing.verify_pdf(b"not a pdf", [material[1]]) is False


# --- The dossier's result -----------------------------------------------------------------


@pytest.fixture
def dossier(citizen, procedure):
    return services.dossier_start(applicant=citizen, procedure=procedure)


def add_file(dossier, data: bytes, *, name: str, content_type: str, kind=DossierFile.Kind.RESULT):
    item = DossierFile(
        dossier=dossier,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=len(data),
        original_size=len(data),
    )
    item.file.save(name, ContentFile(data), save=False)
    item.save()
    return item


def test_a_pdf_result_is_replaced_by_its_signed_copy(
    dossier, clerk, agency, material, result_pdf, django_capture_on_commit_callbacks
):
    _, cert, p12 = material
    key = store_key(agency, p12)
    item = add_file(dossier, result_pdf, name="Giấy khai sinh.pdf", content_type="application/pdf")
    old_name = item.file.name
    storage = item.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        signed = signing.sign_result_if_possible(dossier=dossier, item=item, actor=clerk)

    assert signed is True
    item.refresh_from_db()
    with item.file.open("rb") as handle:
        data = handle.read()
    assert signing.verify_pdf(data, [cert]) is True
    assert item.original_name == "Giấy khai sinh.pdf"
    assert item.size == len(data) > len(result_pdf)
    assert item.original_size == len(result_pdf)
    assert item.file.name != old_name
    assert not storage.exists(old_name)
    audit = AuditLog.objects.get(action="dossier.result_signed")
    assert audit.object_id == str(dossier.pk)
    assert audit.actor == clerk
    assert audit.changes["serial"] == key.serial
    assert audit.changes["file"] == item.pk


def test_results_that_cannot_or_need_not_be_signed_are_left_alone(
    dossier, clerk, province, agency, material, result_pdf
):
    docx = add_file(
        dossier,
        b"PK\x03\x04 word",
        name="ket-qua.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    paper = add_file(
        dossier,
        result_pdf,
        name="to-khai.pdf",
        content_type="application/pdf",
        kind=DossierFile.Kind.PAPER,
    )
    pdf = add_file(dossier, result_pdf, name="ket-qua.pdf", content_type="application/pdf")
    store_key(province.soyte, material[2])  # another agency's key

    assert signing.sign_result_if_possible(dossier=dossier, item=pdf, actor=clerk) is False

    store_key(agency, bundle(*material[:2]))
    assert signing.sign_result_if_possible(dossier=dossier, item=docx, actor=clerk) is False
    assert signing.sign_result_if_possible(dossier=dossier, item=paper, actor=clerk) is False
    for item in (docx, paper, pdf):
        before = item.file.name
        item.refresh_from_db()
        assert item.file.name == before
    assert not AuditLog.objects.filter(action="dossier.result_signed").exists()


def test_a_broken_pdf_is_refused_rather_than_issued_unsigned(dossier, clerk, agency, material):
    store_key(agency, material[2])
    item = add_file(dossier, PDF_BYTES[:40], name="hong.pdf", content_type="application/pdf")

    with pytest.raises(signing.SigningFailed, match="Không ký số được tệp kết quả"):
        signing.sign_result_if_possible(dossier=dossier, item=item, actor=clerk)

    item.refresh_from_db()
    with item.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES[:40]
    assert not AuditLog.objects.filter(action="dossier.result_signed").exists()


# --- The admin ----------------------------------------------------------------------------


def upload_form(org_unit, p12: bytes, passphrase: str, **extra):
    return {
        "org_unit": org_unit.pk,
        "label": "Chứng thư số UBND xã Đông Hợp",
        "is_active": "on",
        "change_reason": "",
        "bundle": SimpleUploadedFile("xa-dong-hop.p12", p12, "application/x-pkcs12"),
        "passphrase": passphrase,
        **extra,
    }


def test_an_administrator_installs_a_certificate(client, administrator, agency, material):
    _, cert, p12 = material
    sign_in_with_otp(client, administrator)
    form = client.get(ADD).content.decode()

    response = client.post(ADD, upload_form(agency, p12, PASSPHRASE))

    assert "Mật khẩu của tệp" in form
    assert 'type="password"' in form
    assert response.status_code == 302
    key = AgencySigningKey.objects.get()
    assert key.org_unit == agency
    assert key.serial == format(cert.serial_number, "X")
    assert key.passphrase == PASSPHRASE
    audit = AuditLog.objects.get(action="agencysigningkey.admin_create")
    assert audit.actor == administrator
    assert audit.changes["serial"] == [None, key.serial]
    assert "pkcs12" not in audit.changes
    assert "passphrase_encrypted" not in audit.changes
    page = client.get(f"{CHANGELIST}{key.pk}/change/").content.decode()
    assert "UBND xã Đông Hợp" in page
    assert key.serial in page
    assert PASSPHRASE not in page
    assert key.passphrase_encrypted not in page
    listing = client.get(CHANGELIST).content.decode()
    assert "Đang dùng để ký kết quả" in listing


def test_a_wrong_passphrase_is_refused_with_a_clear_message(
    client, administrator, agency, material
):
    sign_in_with_otp(client, administrator)

    response = client.post(ADD, upload_form(agency, material[2], "sai-mat-khau"))

    assert response.status_code == 200
    assert "Mật khẩu không đúng hoặc tệp không phải chứng thư số" in response.content.decode()
    assert "sai-mat-khau" not in response.content.decode()
    assert not AgencySigningKey.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="agencysigningkey.").exists()


def test_an_expired_certificate_is_refused_at_upload(
    client, administrator, agency, expired_material
):
    sign_in_with_otp(client, administrator)

    response = client.post(ADD, upload_form(agency, expired_material[2], PASSPHRASE))

    assert response.status_code == 200
    assert "Chứng thư số đã hết hiệu lực" in response.content.decode()
    assert not AgencySigningKey.objects.exists()


def test_an_administrator_renames_a_key_without_uploading_it_again(
    client, administrator, agency, material
):
    key = store_key(agency, material[2])
    sign_in_with_otp(client, administrator)
    form = {"org_unit": agency.pk, "label": "Chứng thư số mới", "is_active": "on"}

    response = client.post(f"{CHANGELIST}{key.pk}/change/", {**form, "change_reason": "Đổi tên"})

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.label == "Chứng thư số mới"
    assert bytes(key.pkcs12) == material[2]
    assert key.passphrase == PASSPHRASE
    audit = AuditLog.objects.get(action="agencysigningkey.admin_update")
    assert audit.changes == {"label": [f"Chứng thư số {agency.name}", "Chứng thư số mới"]}
    assert audit.reason == "Đổi tên"


def test_an_administrator_deactivates_a_key(client, administrator, agency, material):
    key = store_key(agency, material[2])
    sign_in_with_otp(client, administrator)

    response = client.post(CHANGELIST, {"action": "deactivate_keys", "_selected_action": [key.pk]})

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.is_active is False
    assert signing.signing_key_for(agency) is None
    assert AuditLog.objects.filter(action="agencysigningkey.admin_deactivate").count() == 1


def test_staff_who_is_not_an_administrator_cannot_see_or_add_keys(
    client, agency, province, material
):
    key = store_key(agency, material[2])
    official = make_official(
        email="lanhdao@example.vn", full_name="Vũ Lãnh Đạo", unit=agency, role=Role.LEADER
    )
    official.is_staff = True
    official.save()
    sign_in_with_otp(client, official)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.get(f"{CHANGELIST}{key.pk}/change/").status_code == 403
    response = client.post(ADD, upload_form(province.soyte, material[2], PASSPHRASE))
    assert response.status_code == 403
    assert list(AgencySigningKey.objects.all()) == [key]
    assert "agencysigningkey" not in client.get("/quan-tri/").content.decode()


def test_issuing_the_result_signs_it_with_the_agencys_key(
    citizen, procedure, clerk, handler, agency, material, result_pdf,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from congso.dossiers import services
    from congso.dossiers.tests.conftest import fill_ready, process_to_desk

    _, cert, p12 = material
    store_key(agency, p12)
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
        services.dossier_receive(actor=clerk, dossier=dossier)
        process_to_desk(dossier, handler)
        services.dossier_issue_result(
            actor=clerk, dossier=dossier, file=SimpleUploadedFile("giay-khai-sinh.pdf", result_pdf)
        )

    item = dossier.files.get(kind=DossierFile.Kind.RESULT)
    signed = item.file.read()
    assert validation_status(signed, cert).bottom_line is True
    assert item.original_name == "giay-khai-sinh.pdf"
