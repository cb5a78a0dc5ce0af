"""Every write on a portal's legal documents. Each checks the portal role and writes audit rows.

`actor` is a user (who must be an editor or reviewer of the document's portal, or an
administrator) or a system name such as "congso demo" (trusted callers: commands, tasks).
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from wagtail.models import Site

from congso.core.audit import audit_log, diff, snapshot
from congso.core.exceptions import NotPermitted, ValidationFailed
from congso.core.text import slugify_vi
from congso.portal.library.models import DocumentField, LegalDocument, LegalDocumentFile
from congso.portal.library.validators import validate_document_file
from congso.portal.permissions import can_edit_site, portal_sites

DOCUMENT_FIELDS = (
    "site", "doc_type", "number_symbol", "issuing_body", "signer", "issued_on",
    "effective_from", "expires_on", "status_override", "abstract", "field",
)  # fmt: skip
AUDITED = (
    "site_id", "doc_type", "number_symbol", "issuing_body", "signer", "issued_on",
    "effective_from", "expires_on", "status_override", "abstract", "field_id",
)  # fmt: skip


def _is_system(actor: Any) -> bool:
    return isinstance(actor, str) and bool(actor)


def _check_site(actor: Any, site: Site) -> None:
    if _is_system(actor):
        return
    if not can_edit_site(actor, site):
        raise NotPermitted(_("Bạn không có quyền quản lý văn bản của cổng thông tin này."))


def _check_any_portal(actor: Any) -> None:
    if _is_system(actor):
        return
    if not portal_sites(actor).exists():
        raise NotPermitted(_("Bạn không có quyền quản lý danh mục lĩnh vực văn bản."))


def _validate(instance, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None


def _duplicate() -> ValidationFailed:
    return ValidationFailed(
        _(
            "Cổng này đã có văn bản cùng số, ký hiệu và cơ quan ban hành. "
            "Vui lòng kiểm tra lại số, ký hiệu hoặc sửa văn bản đã có."
        )
    )


def _save(document: LegalDocument) -> None:
    document.search_text = document.build_search_text()
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # a concurrent insert won the race after full_clean
        raise _duplicate() from None


@transaction.atomic
def legal_document_create(
    *,
    actor: Any,
    site: Site,
    doc_type: str,
    number_symbol: str,
    issuing_body: str,
    issued_on: dt.date,
    abstract: str,
    signer: str = "",
    effective_from: dt.date | None = None,
    expires_on: dt.date | None = None,
    status_override: str = "",
    field: DocumentField | None = None,
    reason: str = "",
) -> LegalDocument:
    _check_site(actor, site)
    document = LegalDocument(
        site=site, doc_type=doc_type, number_symbol=number_symbol, issuing_body=issuing_body,
        issued_on=issued_on, abstract=abstract, signer=signer, effective_from=effective_from,
        expires_on=expires_on, status_override=status_override or "", field=field,
    )  # fmt: skip
    _validate(document)
    _save(document)
    audit_log(
        actor=actor,
        action="legal_document.create",
        obj=document,
        changes=snapshot(document, AUDITED),
        reason=reason,
    )
    return document


@transaction.atomic
def legal_document_update(
    *, actor: Any, document: LegalDocument, reason: str = "", **fields: Any
) -> LegalDocument:
    _check_site(actor, document.site)
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Không sửa được trường %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    if "site" in fields and fields["site"].pk != document.site_id:
        _check_site(actor, fields["site"])
    document = LegalDocument.objects.select_for_update().get(pk=document.pk)
    before = snapshot(document, AUDITED)
    for name, value in fields.items():
        setattr(document, name, "" if name == "status_override" and value is None else value)
    _validate(document)
    changes = diff(before, snapshot(document, AUDITED))
    if changes:
        _save(document)
        audit_log(
            actor=actor,
            action="legal_document.update",
            obj=document,
            changes=changes,
            reason=reason,
        )
    return document


def _delete_stored_files(names: list[str], storage) -> None:
    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def legal_document_delete(*, actor: Any, document: LegalDocument, reason: str) -> None:
    _check_site(actor, document.site)
    if not (reason or "").strip():
        raise ValidationFailed(_("Cần ghi rõ lý do khi xoá văn bản."))
    document = LegalDocument.objects.select_for_update().get(pk=document.pk)
    attachments = list(document.files.all())
    changes = {
        **snapshot(document, AUDITED),
        "files": [attachment.file.name for attachment in attachments],
    }
    audit_log(
        actor=actor,
        action="legal_document.delete",
        obj=document,
        changes=changes,
        reason=reason.strip(),
    )
    document.delete()
    if attachments:
        _delete_stored_files([a.file.name for a in attachments], attachments[0].file.storage)


def _stored_name(original: str, kind: str) -> str:
    """The upload's name with the extension its content proves (never .html or .exe)."""
    stem = slugify_vi(PurePosixPath(original or "").stem, max_length=80) or "van-ban"
    return f"{stem}.{kind}"


@transaction.atomic
def legal_document_file_attach(
    *, actor: Any, document: LegalDocument, file: UploadedFile, title: str = "", reason: str = ""
) -> LegalDocumentFile:
    _check_site(actor, document.site)
    try:
        kind = validate_document_file(file)
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None
    original = getattr(file, "name", "") or ""
    file.name = _stored_name(original, kind)
    attachment = LegalDocumentFile(
        document=document,
        file=file,
        title=(title or "").strip() or PurePosixPath(original).name or file.name,
        size=file.size,
        file_type=kind,
    )
    _validate(attachment)
    attachment.save()
    audit_log(
        actor=actor,
        action="legal_document.file_attach",
        obj=document,
        changes={"file": attachment.file.name, "title": attachment.title, "size": attachment.size},
        reason=reason,
    )
    return attachment


@transaction.atomic
def legal_document_file_remove(
    *, actor: Any, attachment: LegalDocumentFile, reason: str = ""
) -> None:
    document = attachment.document
    _check_site(actor, document.site)
    name, storage = attachment.file.name, attachment.file.storage
    audit_log(
        actor=actor,
        action="legal_document.file_remove",
        obj=document,
        changes={"file": name, "title": attachment.title},
        reason=reason,
    )
    attachment.delete()
    _delete_stored_files([name], storage)


@transaction.atomic
def document_field_create(*, actor: Any, name: str, slug: str = "") -> DocumentField:
    _check_any_portal(actor)
    field = DocumentField(name=" ".join((name or "").split()), slug=slug or slugify_vi(name or ""))
    _validate(field)
    field.save()
    audit_log(
        actor=actor,
        action="document_field.create",
        obj=field,
        changes=snapshot(field, ("name", "slug")),
    )
    return field


@transaction.atomic
def document_field_update(
    *, actor: Any, field: DocumentField, name: str, slug: str = ""
) -> DocumentField:
    _check_any_portal(actor)
    field = DocumentField.objects.select_for_update().get(pk=field.pk)
    before = snapshot(field, ("name", "slug"))
    field.name = " ".join((name or "").split())
    field.slug = slug or slugify_vi(field.name)
    _validate(field)
    changes = diff(before, snapshot(field, ("name", "slug")))
    if changes:
        field.save()
        # The field's name is part of each document's search text.
        for document in field.documents.select_related("field"):
            LegalDocument.objects.filter(pk=document.pk).update(
                search_text=document.build_search_text()
            )
        audit_log(actor=actor, action="document_field.update", obj=field, changes=changes)
    return field


@transaction.atomic
def document_field_delete(*, actor: Any, field: DocumentField, reason: str = "") -> None:
    _check_any_portal(actor)
    audit_log(
        actor=actor,
        action="document_field.delete",
        obj=field,
        changes=snapshot(field, ("name", "slug")),
        reason=reason,
    )
    try:
        with transaction.atomic():
            field.delete()
    except ProtectedError:
        raise ValidationFailed(
            _("Lĩnh vực này đang được dùng cho văn bản nên không xoá được.")
        ) from None
