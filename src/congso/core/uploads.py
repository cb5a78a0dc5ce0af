"""Check and prepare a citizen's upload (a paper of a dossier) before it is stored.

Accepted: PDF and DOCX (stored unchanged, at most 20 MB) and phone photos in JPEG, PNG or HEIC
(at most 25 MB before compression). The type is recognised from the bytes only, never from the
file name or the browser's content type.

Photos are re-encoded as JPEG of about one megabyte a page, so that a dossier of ten photographed
pages stays light for the officer who opens it on a slow connection: orientation applied, RGB on
white, longest side at most A4 at 300 dpi, progressive JPEG, quality lowered step by step (then
the size) until the page fits TARGET_PAGE_BYTES. Every piece of metadata is dropped, so the GPS
position a phone writes into EXIF is never stored.

    prepared = prepare_upload(request.FILES["file"], original_name=upload.name)
    attachment.file.save(prepared.name, prepared.content)
"""

from __future__ import annotations

import io
import struct
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

import pillow_heif
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from congso.core.text import slugify_vi
from congso.portal.library.validators import DOCX, PDF, sniff_document_type

pillow_heif.register_heif_opener()

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # same limit as the library's attachments
MAX_IMAGE_BYTES = 25 * 1024 * 1024  # a photo as it leaves the phone, before compression
TARGET_PAGE_BYTES = 1_000_000  # a stored page (photo) after compression
MAX_SIDE = 2480  # px, the long side of A4 at 300 dpi
# Declared width × height above which a photo is refused before it is decoded (a 108 MP phone
# sensor is 12000 × 9000); stops "decompression bombs" that are small on disk but huge in memory.
MAX_PIXELS = 120_000_000
ACCEPT = (
    ".pdf,.docx,.jpg,.jpeg,.png,.heic,.heif,"
    "application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "image/*"
)

JPEG = "jpeg"
PNG = "png"
HEIC = "heic"
IMAGE_KINDS = frozenset({JPEG, PNG, HEIC})
# ISO BMFF brands of HEIF: HEVC-coded (phones' HEIC) and the generic image/sequence brands.
HEVC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis"})
HEIF_BRANDS = HEVC_BRANDS | {b"mif1", b"msf1"}
# AVIF is HEIF too (it lists mif1) but AV1-coded; without an HEVC brand it is not a HEIC.
AV1_BRANDS = frozenset({b"avif", b"avis"})

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    JPEG: "image/jpeg",
}
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", JPEG: ".jpg"}
# The Pillow plugin allowed to decode each sniffed kind (no plugin guessing on citizen bytes).
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", HEIC: "HEIF"}

QUALITIES = (85, 75, 65, 55, 47, 40)
MIN_QUALITY = QUALITIES[-1]
WHITE = (255, 255, 255)
DEFAULT_STEM = "tai-lieu"
MAX_STEM_LENGTH = 80
_FTYP_MAX_BOX = 4096  # a real ftyp box is a few dozen bytes


@dataclass(frozen=True)
class PreparedUpload:
    content: ContentFile
    name: str  # safe stored file name, extension matching the stored content
    content_type: str
    size: int  # bytes stored
    original_size: int  # bytes received
    kind: str  # the sniffed type: pdf, docx, jpeg, png or heic


def sniff(file: IO[bytes] | Any) -> str | None:
    """'pdf', 'docx', 'jpeg', 'png', 'heic' or None, from the bytes only; leaves the file at 0."""
    document = sniff_document_type(file)
    if document is not None:
        return document
    file.seek(0)
    head = file.read(32)
    file.seek(0)
    if not isinstance(head, bytes):  # a file opened in text mode
        return None
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[4:8] == b"ftyp" and _is_heif(file, head):
        return HEIC
    return None


def _is_heif(file: IO[bytes] | Any, head: bytes) -> bool:
    """True when the ISO BMFF ftyp box names a HEIF/HEIC brand (major or compatible)."""
    (box_size,) = struct.unpack(">I", head[:4])
    if box_size < 16 or box_size > _FTYP_MAX_BOX:
        return False
    file.seek(0)
    box = file.read(box_size)
    file.seek(0)
    if len(box) < box_size:
        return False
    brands = {box[8:12]} | {box[i : i + 4] for i in range(16, box_size - 3, 4)}
    if brands & AV1_BRANDS and not brands & HEVC_BRANDS:
        return False
    return bool(brands & HEIF_BRANDS)


def accepted_types_text() -> str:
    """Help text for an upload field, in Vietnamese."""
    return _(
        "Nhận tệp PDF, Word (DOCX) đến %(document_max)s; ảnh JPEG, PNG, HEIC đến %(image_max)s "
        "(ảnh được tự động nén còn khoảng %(page)s mỗi trang)."
    ) % {
        "document_max": filesizeformat(MAX_DOCUMENT_BYTES),
        "image_max": filesizeformat(MAX_IMAGE_BYTES),
        "page": _megabytes(TARGET_PAGE_BYTES),
    }


def _megabytes(size: int) -> str:
    """1_000_000 -> '1 MB' (decimal megabytes, as people say "about 1 MB a page")."""
    megabytes = size / 1_000_000
    return _("%(number)s\u00a0MB") % {  # no break, as filesizeformat
        "number": number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)
    }


def prepare_upload(file: IO[bytes] | Any, *, original_name: str) -> PreparedUpload:
    """Check `file` and return what to store; raise a Vietnamese ValidationError otherwise.

    Codes: "empty", "too_large", "invalid_type", "corrupt".
    """
    display_name = PurePosixPath(original_name.replace("\\", "/")).name or original_name
    size = _file_size(file)
    if size == 0:
        raise ValidationError(
            _("Tệp “%(name)s” không có nội dung (0 byte). Vui lòng chọn lại tệp."),
            code="empty",
            params={"name": display_name},
        )
    kind = sniff(file)
    if kind is None:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không thuộc loại được nhận. Chỉ nhận tệp PDF, Word (DOCX), "
                "ảnh JPEG, PNG hoặc HEIC; loại tệp được nhận biết theo nội dung, không theo "
                "đuôi tên tệp."
            ),
            code="invalid_type",
            params={"name": display_name},
        )
    _check_size(size, kind=kind, name=display_name)

    if kind in IMAGE_KINDS:
        data = _compress_image(file, kind=kind, name=display_name)
        stored_kind = JPEG
    else:
        file.seek(0)
        data = file.read()
        _check_size(len(data), kind=kind, name=display_name)  # `size` may have been a claim
        stored_kind = kind
    name = _stored_name(original_name, stored_kind)
    return PreparedUpload(
        content=ContentFile(data, name=name),
        name=name,
        content_type=CONTENT_TYPES[stored_kind],
        size=len(data),
        original_size=size,
        kind=kind,
    )


def _file_size(file: IO[bytes] | Any) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _check_size(size: int, *, kind: str, name: str) -> None:
    if kind in IMAGE_KINDS:
        if size > MAX_IMAGE_BYTES:
            raise ValidationError(
                _(
                    "Ảnh “%(name)s” quá lớn (%(size)s). Ảnh được tải lên tối đa %(limit)s "
                    "trước khi nén."
                ),
                code="too_large",
                params={
                    "name": name,
                    "size": filesizeformat(size),
                    "limit": filesizeformat(MAX_IMAGE_BYTES),
                },
            )
    elif size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s). Tài liệu PDF hoặc Word tối đa %(limit)s."),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(MAX_DOCUMENT_BYTES),
            },
        )


def _corrupt(name: str) -> ValidationError:
    return ValidationError(
        _(
            "Không đọc được ảnh “%(name)s”: tệp bị hỏng hoặc chưa tải lên hết. Vui lòng chụp "
            "hoặc chọn lại ảnh."
        ),
        code="corrupt",
        params={"name": name},
    )


_TRUNCATION_LOCK = threading.Lock()


@contextmanager
def _truncated_images_refused():
    """Pillow's LOAD_TRUNCATED_IMAGES is a process-wide switch that WeasyPrint turns on when it
    is imported (for the printed slips); a citizen's half-uploaded photo must still be refused."""
    from PIL import ImageFile

    with _TRUNCATION_LOCK:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _compress_image(file: IO[bytes] | Any, *, kind: str, name: str) -> bytes:
    """Decode a photo and re-encode it as a metadata-free JPEG of at most TARGET_PAGE_BYTES."""
    file.seek(0)
    try:
        opened = Image.open(file, formats=[PILLOW_FORMATS[kind]])
        width, height = opened.size
        if width * height > MAX_PIXELS:
            raise ValidationError(
                _(
                    "Ảnh “%(name)s” có kích thước quá lớn (%(width)s × %(height)s điểm ảnh); "
                    "tối đa %(max)s triệu điểm ảnh. Vui lòng chụp lại ở độ phân giải thấp hơn."
                ),
                code="corrupt",
                params={"name": name, "width": width, "height": height, "max": MAX_PIXELS // 10**6},
            )
        # JPEG can decode at 1/2, 1/4, 1/8 scale directly: far less memory for big photos.
        opened.draft("RGB", (MAX_SIDE, MAX_SIDE))
        with _truncated_images_refused():
            opened.load()  # a truncated file raises here
        image = _normalise(opened)
    except ValidationError:
        raise
    except (
        Image.DecompressionBombError,
        OSError,  # also "cannot identify image file" and "image file is truncated"
        ValueError,  # libheif: "Decoder plugin generated an error"
        SyntaxError,
        EOFError,
        RuntimeError,
        struct.error,
    ) as error:
        raise _corrupt(name) from error
    finally:
        file.seek(0)
    return _encode_within_target(image)


def _normalise(image: Image.Image) -> Image.Image:
    """Upright, at most MAX_SIDE, RGB on white, sRGB, without any metadata."""
    ImageOps.exif_transpose(image, in_place=True)
    icc_profile = image.info.get("icc_profile")
    has_alpha = image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        image = image.convert("RGBA")
    elif image.mode.startswith("I") or image.mode == "F":  # 16-bit or float grey (scans)
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode not in {"RGB", "L", "CMYK"}:  # 1, P, YCbCr...
        image = image.convert("RGB")

    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)

    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, WHITE)
        background.paste(image, mask=image.getchannel("A"))
        image = background
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}  # no EXIF (GPS), XMP, comments or profiles are carried to the JPEG
    return image


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Convert from the embedded colour profile (Display P3 on phones) to sRGB, if possible."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken profile is not worth refusing the photo
    return converted if converted is not None else image


def _encode(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(
        buffer, format="JPEG", quality=quality, optimize=True, progressive=True, subsampling=2
    )
    return buffer.getvalue()


def _encode_within_target(image: Image.Image) -> bytes:
    """Lower the quality step by step, then the size, until the JPEG fits TARGET_PAGE_BYTES."""
    data = b""
    for quality in QUALITIES:
        data = _encode(image, quality)
        if len(data) <= TARGET_PAGE_BYTES:
            return data
    # Still too big at the lowest quality (a very detailed or noisy photo): shrink the pixel
    # count in proportion to the excess, with a margin, until it fits.
    while len(data) > TARGET_PAGE_BYTES and max(image.size) > 1:
        scale = min(0.9, (TARGET_PAGE_BYTES / len(data)) ** 0.5 * 0.95)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
        data = _encode(image, MIN_QUALITY)
    return data


def _stored_name(original_name: str, kind: str) -> str:
    """'C:\\Ảnh\\Giấy khai sinh.HEIC' -> 'giay-khai-sinh.jpg'."""
    base = PurePosixPath(original_name.replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (slugify_vi(stem, max_length=MAX_STEM_LENGTH) or DEFAULT_STEM) + EXTENSIONS[kind]
