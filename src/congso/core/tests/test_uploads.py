"""prepare_upload with real files made here: noisy phone photos, PNG with alpha, EXIF, HEIC."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import ExifTags, Image, ImageCms

from congso.core.uploads import (
    ACCEPT,
    MAX_DOCUMENT_BYTES,
    MAX_IMAGE_BYTES,
    MAX_SIDE,
    TARGET_PAGE_BYTES,
    PreparedUpload,
    accepted_types_text,
    prepare_upload,
    sniff,
)

ORIENTATION = ExifTags.Base.Orientation
RED = (220, 20, 20)
BLUE = (20, 20, 220)
GREEN = (20, 200, 20)
HEVC_ENCODER = bool(pillow_heif.libheif_info().get("HEIF"))


def noise(width: int, height: int) -> Image.Image:
    return Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))


def encoded(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def top_red_bottom_blue(width: int, height: int) -> Image.Image:
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width, height // 2))
    return image


def decoded(prepared: PreparedUpload) -> Image.Image:
    image = Image.open(io.BytesIO(prepared.content.read()))
    image.load()
    return image


def close_to(pixel, expected, tolerance: int = 30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def minimal_pdf() -> bytes:
    return encoded(Image.new("RGB", (40, 60), "white"), "PDF")


def minimal_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00\x00\x00\x08free"


def png_header_only(width: int, height: int) -> bytes:
    """A valid little PNG that declares width × height (1-bit grey) without the pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def refusal(name: str, data: bytes | SimpleUploadedFile) -> ValidationError:
    file = data if isinstance(data, SimpleUploadedFile) else upload(name, data)
    with pytest.raises(ValidationError) as caught:
        prepare_upload(file, original_name=name)
    return caught.value


# --- sniff -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (minimal_pdf(), "pdf"),
        (minimal_docx(), "docx"),
        (encoded(Image.new("RGB", (8, 8)), "JPEG"), "jpeg"),
        (encoded(Image.new("RGB", (8, 8)), "PNG"), "png"),
        (ftyp(b"heic", b"mif1", b"heic"), "heic"),
        (ftyp(b"mif1", b"heic"), "heic"),
        (ftyp(b"msf1", b"hevc"), "heic"),
        (ftyp(b"heix", b"mif1"), "heic"),
        (ftyp(b"mif1", b"miaf"), "heic"),
        (ftyp(b"avif", b"mif1", b"miaf"), None),  # AV1 image: not HEVC, no decoder here
        (ftyp(b"isom", b"mp41", b"avc1"), None),  # an MP4 video
        (encoded(Image.new("RGB", (8, 8)), "GIF"), None),
        (b"Xin ch\xc3\xa0o, \xc4\x91\xc3\xa2y l\xc3\xa0 v\xc4\x83n b\xe1\xba\xa3n.", None),
        (b"PK\x03\x04 not really a zip", None),
        (b"", None),
    ],
)
def test_sniff_recognises_the_type_from_the_bytes_and_rewinds(data, expected):
    file = io.BytesIO(data)

    assert sniff(file) == expected
    assert file.tell() == 0


# --- photos ----------------------------------------------------------------------------------


def test_a_large_noisy_phone_photo_becomes_a_jpeg_page_of_at_most_one_megabyte():
    photo = encoded(noise(4000, 3000), "JPEG", quality=92)
    assert len(photo) > 8_000_000  # several megabytes, as a phone sends it

    prepared = prepare_upload(upload("IMG_0001.JPG", photo), original_name="IMG_0001.JPG")

    assert prepared.kind == "jpeg"
    assert prepared.content_type == "image/jpeg"
    assert prepared.name == "img-0001.jpg"
    assert prepared.original_size == len(photo)
    assert prepared.size == prepared.content.size <= TARGET_PAGE_BYTES
    image = decoded(prepared)
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert max(image.size) <= MAX_SIDE
    assert image.size == (2480, 1860)  # aspect ratio kept
    assert image.info.get("progressive") or image.info.get("progression")


def test_a_small_photo_is_not_upscaled():
    photo = encoded(top_red_bottom_blue(640, 480), "JPEG", quality=95)

    prepared = prepare_upload(upload("nho.jpg", photo), original_name="nho.jpg")

    image = decoded(prepared)
    assert image.size == (640, 480)
    assert prepared.size <= TARGET_PAGE_BYTES


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_png_with_transparency_is_flattened_on_white(mode):
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((*GREEN, 255), (100, 0, 200, 100))
    if mode == "P":
        image = image.convert("P", palette=Image.Palette.ADAPTIVE)
        image.info["transparency"] = image.getpixel((0, 0))
    png = encoded(image, "PNG")

    prepared = prepare_upload(upload("chu-ky.png", png), original_name="chữ ký.png")

    assert prepared.kind == "png"
    assert prepared.name == "chu-ky.jpg"
    assert prepared.content_type == "image/jpeg"
    result = decoded(prepared)
    assert result.format == "JPEG"
    assert result.mode == "RGB"
    assert result.size == (200, 100)
    assert close_to(result.getpixel((40, 50)), (255, 255, 255))
    assert close_to(result.getpixel((160, 50)), GREEN)


def test_a_16_bit_grey_scan_keeps_its_tones():
    scan = Image.new("I;16", (120, 80), 32768)
    png = encoded(scan, "PNG")
    assert Image.open(io.BytesIO(png)).mode == "I;16"

    result = decoded(prepare_upload(upload("scan.png", png), original_name="scan.png"))

    assert close_to(result.getpixel((60, 40)), (128, 128, 128), tolerance=3)


def test_exif_orientation_is_applied_and_exif_is_dropped():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the phone was held upright: rotate 90° clockwise to display
    photo = encoded(top_red_bottom_blue(300, 200), "JPEG", quality=95, exif=exif)
    assert Image.open(io.BytesIO(photo)).getexif()[ORIENTATION] == 6

    prepared = prepare_upload(upload("xoay.jpg", photo), original_name="xoay.jpg")

    image = decoded(prepared)
    assert image.size == (200, 300)
    # The top of the sensor image (red) is on the right once turned upright.
    assert close_to(image.getpixel((170, 150)), RED)
    assert close_to(image.getpixel((30, 150)), BLUE)
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_gps_and_every_other_metadata_are_removed():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.Base.Model] = "Model X"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 51.0, 0.0)
    photo = encoded(noise(320, 240), "JPEG", exif=exif, comment=b"Ha Noi", quality=90)
    source = Image.open(io.BytesIO(photo))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"

    prepared = prepare_upload(upload("gps.jpg", photo), original_name="gps.jpg")

    data = prepared.content.read()
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert not set(image.info) & {"exif", "comment", "xmp", "icc_profile"}
    assert b"\xff\xe1" not in data  # no APP1 segment (EXIF or XMP) at all
    assert b"Exif" not in data
    assert b"Ha Noi" not in data


def test_a_colour_profile_is_applied_then_dropped():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = encoded(top_red_bottom_blue(200, 100), "JPEG", quality=95, icc_profile=srgb)
    assert Image.open(io.BytesIO(photo)).info["icc_profile"] == srgb

    image = decoded(prepare_upload(upload("icc.jpg", photo), original_name="icc.jpg"))

    assert "icc_profile" not in image.info
    assert close_to(image.getpixel((100, 20)), RED)
    assert close_to(image.getpixel((100, 80)), BLUE)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_a_photo_with_broken_exif_is_still_accepted():
    broken = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05\x01\x12\x00\x03\xff\xff\xff\xff"
    photo = encoded(top_red_bottom_blue(300, 200), "JPEG", quality=95, exif=broken)

    image = decoded(prepare_upload(upload("exif.jpg", photo), original_name="exif.jpg"))

    assert image.size == (300, 200)
    assert dict(image.getexif()) == {}


@pytest.mark.skipif(not HEVC_ENCODER, reason="this libheif has no HEVC encoder to make a HEIC")
def test_a_real_heic_photo_is_converted_to_an_upright_jpeg():
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ExifTags.Base.Make] = "Apple"
    heic = encoded(top_red_bottom_blue(600, 400), "HEIF", quality=90, exif=exif.tobytes())
    assert sniff(io.BytesIO(heic)) == "heic"

    prepared = prepare_upload(upload("IMG_1234.HEIC", heic), original_name="IMG_1234.HEIC")

    assert prepared.kind == "heic"
    assert prepared.name == "img-1234.jpg"
    assert prepared.content_type == "image/jpeg"
    image = decoded(prepared)
    assert image.format == "JPEG"
    assert image.size == (400, 600)
    assert close_to(image.getpixel((350, 300)), RED)
    assert close_to(image.getpixel((50, 300)), BLUE)
    assert dict(image.getexif()) == {}


@pytest.mark.skipif(not HEVC_ENCODER, reason="this libheif has no HEVC encoder to make a HEIC")
def test_a_heic_wider_than_a4_is_reduced_to_max_side():
    # Flat colours: x265 takes ~25 s on a 12 MP noise photo; size convergence on noise is
    # covered by the JPEG test above (the same encoder path after decoding).
    heic = encoded(top_red_bottom_blue(3000, 1200), "HEIF", quality=80)

    prepared = prepare_upload(upload("anh.heic", heic), original_name="anh.heic")

    image = decoded(prepared)
    assert image.size == (MAX_SIDE, 992)
    assert prepared.size <= TARGET_PAGE_BYTES


# --- documents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "original_name", "name", "content_type"),
    [
        (
            minimal_pdf(),
            "Đơn đề nghị (bản chính).PDF",
            "don-de-nghi-ban-chinh.pdf",
            "application/pdf",
        ),
        (
            minimal_docx(),
            "C:\\Users\\Dân\\Tờ khai.docx",
            "to-khai.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (minimal_pdf(), "scan.jpg", "scan.pdf", "application/pdf"),  # the content decides
        (minimal_pdf(), "../../etc/.pdf", "tai-lieu.pdf", "application/pdf"),
    ],
)
def test_pdf_and_docx_are_stored_unchanged_under_a_safe_name(
    data, original_name, name, content_type
):
    prepared = prepare_upload(upload("x", data), original_name=original_name)

    assert prepared.content.read() == data
    assert prepared.name == name
    assert prepared.content.name == name
    assert prepared.content_type == content_type
    assert prepared.size == prepared.original_size == len(data)


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("don.pdf", "Đây là văn bản thuần, không phải PDF.".encode()),
        ("anh.jpg", b"PK\x03\x04" + b"\x00" * 100),
        ("anh.jpg", None),  # a real ZIP archive, filled below
        ("anh.png", encoded(Image.new("RGB", (8, 8)), "GIF")),
        ("video.heic", ftyp(b"isom", b"mp41")),
    ],
)
def test_a_file_of_another_type_is_refused_whatever_its_name(name, data):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("anh.jpg", b"\xff\xd8\xff\xe0")
        data = buffer.getvalue()

    error = refusal(name, data)

    assert error.code == "invalid_type"
    message = error.messages[0]
    assert f"“{name}”" in message
    assert "Chỉ nhận tệp PDF, Word (DOCX), ảnh JPEG, PNG hoặc HEIC" in message
    assert "không theo đuôi tên tệp" in message


def test_an_empty_file_is_refused():
    error = refusal("don.pdf", b"")

    assert error.code == "empty"
    assert error.messages == ["Tệp “don.pdf” không có nội dung (0 byte). Vui lòng chọn lại tệp."]


def test_a_document_over_the_limit_is_refused_with_its_size_and_the_limit():
    file = upload("luan-van.pdf", minimal_pdf())
    file.size = MAX_DOCUMENT_BYTES + 5 * 1024 * 1024  # as Django reports it, no 25 MB in memory

    error = refusal("luan-van.pdf", file)

    assert error.code == "too_large"
    assert error.messages == [
        f"Tệp “luan-van.pdf” quá lớn ({filesizeformat(file.size)}). Tài liệu PDF hoặc Word "
        f"tối đa {filesizeformat(MAX_DOCUMENT_BYTES)}."
    ]
    assert filesizeformat(MAX_DOCUMENT_BYTES) == "20,0\xa0MB"  # no break before the unit


def test_a_document_whose_real_bytes_exceed_the_limit_is_refused():
    data = minimal_pdf() + b"\x00" * MAX_DOCUMENT_BYTES
    file = upload("to-khai.pdf", data)
    file.size = 1000  # a wrong claim does not let it through

    assert refusal("to-khai.pdf", file).code == "too_large"


def test_a_photo_over_the_image_limit_is_refused_before_decoding():
    file = upload("anh.jpg", encoded(Image.new("RGB", (8, 8)), "JPEG"))
    file.size = MAX_IMAGE_BYTES + 1

    error = refusal("anh.jpg", file)

    assert error.code == "too_large"
    assert filesizeformat(MAX_IMAGE_BYTES) in error.messages[0]
    assert "trước khi nén" in error.messages[0]


def test_a_photo_between_the_two_limits_is_accepted():
    file = upload("anh.jpg", encoded(Image.new("RGB", (8, 8)), "JPEG"))
    file.size = MAX_DOCUMENT_BYTES + 1

    prepared = prepare_upload(file, original_name="anh.jpg")

    assert prepared.original_size == MAX_DOCUMENT_BYTES + 1
    assert prepared.kind == "jpeg"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cut.jpg", encoded(noise(600, 400), "JPEG", quality=90)[:30_000]),
        ("garbage.jpg", b"\xff\xd8\xff" + os.urandom(2000)),
        ("cut.png", encoded(noise(300, 200), "PNG")[:20_000]),
        ("header.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        ("bomb.png", png_header_only(20_000, 20_000)),  # Pillow's own DecompressionBombError
    ],
)
def test_an_image_that_cannot_be_decoded_is_refused_as_corrupt(name, data):
    error = refusal(name, data)

    assert error.code == "corrupt"
    assert error.messages == [
        f"Không đọc được ảnh “{name}”: tệp bị hỏng hoặc chưa tải lên hết. "
        "Vui lòng chụp hoặc chọn lại ảnh."
    ]


@pytest.mark.skipif(not HEVC_ENCODER, reason="this libheif has no HEVC encoder to make a HEIC")
def test_a_truncated_heic_is_refused_as_corrupt():
    heic = encoded(noise(640, 480), "HEIF", quality=90)

    assert refusal("cut.heic", heic[: len(heic) // 2]).code == "corrupt"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_is_refused_before_its_pixels_are_decoded():
    bomb = png_header_only(12_000, 11_000)  # 132 megapixels declared in 100 bytes

    error = refusal("bomb.png", bomb)

    assert error.code == "corrupt"
    assert error.messages == [
        "Ảnh “bomb.png” có kích thước quá lớn (12000 × 11000 điểm ảnh); tối đa 120 triệu "
        "điểm ảnh. Vui lòng chụp lại ở độ phân giải thấp hơn."
    ]


# --- help for forms --------------------------------------------------------------------------


def test_accepted_types_text_and_accept_attribute():
    assert accepted_types_text() == (
        "Nhận tệp PDF, Word (DOCX) đến 20,0\xa0MB; ảnh JPEG, PNG, HEIC đến 25,0\xa0MB "
        "(ảnh được tự động nén còn khoảng 1\xa0MB mỗi trang)."
    )
    for token in (".pdf", ".docx", ".jpg", ".jpeg", ".png", ".heic", ".heif", "image/*"):
        assert token in ACCEPT.split(",")


def test_a_truncated_photo_is_refused_even_after_weasyprint_is_imported():
    import weasyprint  # noqa: F401 - it turns Pillow's LOAD_TRUNCATED_IMAGES on
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        data = encoded(noise(600, 400), "JPEG", quality=90)[:30_000]
        with pytest.raises(ValidationError) as error:
            prepare_upload(SimpleUploadedFile("cut.jpg", data), original_name="cut.jpg")
        assert error.value.code == "corrupt"
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back as it was
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
