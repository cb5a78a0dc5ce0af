"""Attachment checks: only PDF and DOCX, recognised by their content, at most 20 MB."""

from __future__ import annotations

import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_FILE_SIZE = 20 * 1024 * 1024
PDF = "pdf"
DOCX = "docx"


def sniff_document_type(file: IO[bytes] | Any) -> str | None:
    """'pdf', 'docx' or None, from the bytes (never the name or the browser's content type)."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if isinstance(head, str):  # a file opened in text mode is not a document we accept
        return None
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if "word/document.xml" in names:
            return DOCX
    return None


def validate_document_file(file: Any) -> str:
    """Raise a Vietnamese ValidationError unless `file` is a PDF or DOCX within the size limit."""
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError(_("Tệp đính kèm rỗng."), code="empty")
    if size > MAX_FILE_SIZE:
        raise ValidationError(
            _("Tệp đính kèm quá lớn (%(size)s); dung lượng tối đa là %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_FILE_SIZE)},
            code="too_large",
        )
    kind = sniff_document_type(file)
    if kind is None:
        raise ValidationError(
            _(
                "Chỉ nhận tệp PDF hoặc Word (DOCX). Nội dung tệp bạn chọn không phải PDF hay "
                "DOCX, dù tên tệp có đuôi gì."
            ),
            code="invalid_type",
        )
    return kind
