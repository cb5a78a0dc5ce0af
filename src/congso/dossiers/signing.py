"""Digital signatures (chữ ký số) on result documents: PAdES with pyHanko.

An agency's certificate and private key are stored as the PKCS#12 bundle its certification
authority issued (`AgencySigningKey`, installed by an administrator in the admin). When the desk
issues a PDF result of a dossier received by that agency, the stored file is replaced by the same
document with an embedded PAdES signature (baseline B-B: no time-stamp authority), added as an
incremental update so that signatures already in the file stay valid. Results in other formats
(DOCX, photos) are left unsigned.

pyHanko is imported inside the functions that use it: most processes never sign anything.
"""

from __future__ import annotations

import base64
import logging
import secrets
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_log
from congso.core.exceptions import ValidationFailed
from congso.dossiers.models import AgencySigningKey, DossierFile

logger = logging.getLogger(__name__)

PDF_CONTENT_TYPE = "application/pdf"
_HKDF_SALT = b"congso"
_HKDF_INFO = b"congso.dossiers.signing.passphrase"


class SigningFailed(ValidationFailed):
    code = "signing_failed"


class BundleError(ValueError):
    """A PKCS#12 bundle that cannot be used; the message is a Vietnamese sentence."""


# --- The passphrase at rest ---------------------------------------------------------------


def _fernet() -> Fernet:
    secret = getattr(settings, "SIGNING_KEY_SECRET", "") or settings.SECRET_KEY
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_passphrase(passphrase: str) -> str:
    return _fernet().encrypt(passphrase.encode("utf-8")).decode("ascii")


def decrypt_passphrase(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise BundleError(
            _(
                "Không giải mã được mật khẩu của chứng thư số (khóa bí mật của máy chủ đã thay "
                "đổi?). Quản trị viên cần tải lại tệp chứng thư số của cơ quan."
            )
        ) from None


# --- Reading a PKCS#12 bundle -------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    private_key: Any
    certificate: x509.Certificate
    chain: list[x509.Certificate]

    @property
    def details(self) -> dict[str, Any]:
        """The certificate's fields kept on AgencySigningKey."""
        cert = self.certificate
        return {
            "subject": cert.subject.rfc4514_string()[:500],
            "issuer": cert.issuer.rfc4514_string()[:500],
            "serial": format(cert.serial_number, "X"),
            "not_before": cert.not_valid_before_utc,
            "not_after": cert.not_valid_after_utc,
        }

    @property
    def common_name(self) -> str:
        names = self.certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        return str(names[0].value) if names else ""


def read_bundle(data: bytes, passphrase: str) -> Bundle:
    """The key and certificates of a PKCS#12 bundle; BundleError when it cannot be opened."""
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(
            bytes(data), passphrase.encode("utf-8") if passphrase else None
        )
    except (ValueError, TypeError):
        raise BundleError(
            _(
                "Mật khẩu không đúng hoặc tệp không phải chứng thư số dạng PKCS#12 (.p12, .pfx). "
                "Hãy kiểm tra lại mật khẩu do tổ chức cung cấp chứng thư số cấp."
            )
        ) from None
    if key is None or cert is None:
        raise BundleError(
            _("Tệp chưa có đủ khóa bí mật và chứng thư số; hãy xuất lại tệp kèm khóa bí mật.")
        )
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise BundleError(_("Khóa bí mật trong tệp không khớp với chứng thư số."))
    return Bundle(private_key=key, certificate=cert, chain=list(chain))


# --- Choosing, signing, verifying ---------------------------------------------------------


def signing_key_for(agency) -> AgencySigningKey | None:
    """The agency's own active key whose certificate is valid now, if any."""
    if agency is None:
        return None
    now = timezone.now()
    return AgencySigningKey.objects.filter(
        org_unit=agency, is_active=True, not_before__lte=now, not_after__gt=now
    ).first()


def sign_pdf(
    data: bytes,
    *,
    key: AgencySigningKey,
    reason: str,
    location: str = "Thái Bình",
    signer_name: str = "",
) -> bytes:
    """`data` with a PAdES signature by `key` appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    passphrase = key.passphrase  # BundleError when it cannot be decrypted
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            bytes(key.pkcs12), other_certs=[], passphrase=passphrase.encode() or None
        )
    except ValueError as error:
        raise SigningFailed(
            _("Không mở được chứng thư số của cơ quan; quản trị viên cần kiểm tra lại.")
        ) from error
    meta = signers.PdfSignatureMetadata(
        field_name=f"ChuKySo{secrets.token_hex(4)}",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
        name=signer_name or None,
    )
    try:
        writer = IncrementalPdfFileWriter(BytesIO(data))
        output = signers.sign_pdf(writer, meta, signer=signer)
    except Exception as error:
        logger.warning("PDF signing failed: %s", error)
        raise SigningFailed(
            _(
                "Không ký số được tệp kết quả: tệp PDF bị lỗi hoặc đã được đặt mật khẩu. Hãy "
                "xuất lại tệp PDF rồi tải lên."
            )
        ) from error
    return output.getvalue()


def _asn1_certificate(cert):
    from asn1crypto import x509 as asn1_x509

    if isinstance(cert, x509.Certificate):
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    if isinstance(cert, bytes | bytearray):
        return asn1_x509.Certificate.load(bytes(cert))
    return cert


def verify_pdf(data: bytes, trust_roots) -> bool:
    """True when `data` has at least one embedded signature and every one of them is intact,
    valid and chains to one of `trust_roots` (cryptography or asn1crypto certificates, or DER).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [_asn1_certificate(cert) for cert in trust_roots]
    try:
        signatures = PdfFileReader(BytesIO(data)).embedded_signatures
        if not signatures:
            return False
        return all(
            validate_pdf_signature(sig, ValidationContext(trust_roots=roots)).bottom_line
            for sig in signatures
        )
    except Exception:
        logger.info("PDF signature verification failed", exc_info=True)
        return False


@transaction.atomic
def sign_result_if_possible(*, dossier, item: DossierFile, actor) -> bool:
    """Sign a PDF result of `dossier` with its agency's key; False when there is nothing to do
    (not a PDF result, or the agency has no valid key). Raises SigningFailed when the agency has
    a key but the document cannot be signed, so that no result goes out unsigned by mistake.
    """
    if item.kind != DossierFile.Kind.RESULT or item.content_type != PDF_CONTENT_TYPE:
        return False
    key = signing_key_for(dossier.agency)
    if key is None:
        return False
    with item.file.open("rb") as handle:
        data = handle.read()
    try:
        signed = sign_pdf(
            data,
            key=key,
            reason=_("Kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code or dossier.pk},
            signer_name=str(dossier.agency),
        )
    except BundleError as error:
        raise SigningFailed(str(error)) from error
    storage = item.file.storage
    old_name = item.file.name
    item.file.save(PurePosixPath(old_name).name, ContentFile(signed), save=False)
    item.size = len(signed)
    item.save(update_fields=["file", "size", "updated_at"])
    transaction.on_commit(lambda: storage.delete(old_name))
    audit_log(
        actor=actor,
        action="dossier.result_signed",
        obj=dossier,
        changes={
            "file": item.pk,
            "original_name": item.original_name,
            "serial": key.serial,
            "subject": key.subject,
            "not_after": key.not_after,
        },
    )
    return True
