"""What every format's reader produces, the import report, and the helpers the formats share.

A reader turns a file into `Parsed`: the questions it understood (`ParsedQuestion`, not yet
validated), the well-formed questions of types Congso does not take (skipped) and the
questions it could not read (rejected). Positions are what a person finds in the file:
the question's number (Moodle XML), its first line (GIFT, Aiken) or its row (Excel); 0 is the
whole file.
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

from congso.core.exceptions import ValidationFailed
from congso.core.text import fold
from congso.exams.models import Difficulty

MAX_IMPORT_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}

# Where a position points: Moodle XML counts questions, GIFT and Aiken lines, Excel rows.
QUESTION, LINE, ROW = "question", "line", "row"

# Conventions shared by the formats that have no field for them (see the package docstring).
PREDICTION_TAG = "congso-prediction"
DIFFICULTY_TAG_PREFIX = "congso-difficulty-"
ACCENT_INSENSITIVE_TAG = "congso-accent-insensitive"

_CATEGORY_PREFIX = re.compile(r"^\$[a-z]+\$$")


@dataclass
class EmbeddedFile:
    """An image carried inside the file (Moodle XML `<file encoding="base64">`), checked."""

    name: str
    content: bytes
    extension: str


@dataclass
class ParsedQuestion:
    """A question as read from a file: `text`, choices and feedback are ready for `clean_html`."""

    position: int
    qtype: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    category: list[str] = field(default_factory=list)
    default_mark: Decimal | None = None
    difficulty: str = Difficulty.MEDIUM
    tags: list[str] = field(default_factory=list)
    general_feedback: str = ""
    files: list[EmbeddedFile] = field(default_factory=list)


@dataclass(frozen=True)
class ReportEntry:
    position: int
    reason: str
    qtype: str = ""
    name: str = ""


@dataclass
class Parsed:
    questions: list[ParsedQuestion] = field(default_factory=list)
    skipped: list[ReportEntry] = field(default_factory=list)
    rejected: list[ReportEntry] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did. Nothing is imported when anything is rejected.

    `imported`: the created questions; `skipped`: well-formed questions of types Congso does
    not take; `rejected`: questions (or the whole file, position 0) that could not be read.
    """

    position_kind: str = LINE
    imported: list[Any] = field(default_factory=list)
    skipped: list[ReportEntry] = field(default_factory=list)
    rejected: list[ReportEntry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def imported_count(self) -> int:
        return len(self.imported)

    def summary_line(self) -> str:
        """Machine-readable, always in this exact English form."""
        return (
            f"imported {len(self.imported)}, skipped {len(self.skipped)}, "
            f"rejected {len(self.rejected)}"
        )

    def where(self, entry: ReportEntry) -> str:
        if entry.position <= 0:
            where = _("Tệp")
        elif self.position_kind == QUESTION:
            where = _("Câu hỏi thứ %(n)s") % {"n": entry.position}
        else:
            where = _("Dòng %(n)s") % {"n": entry.position}
        if entry.name:
            where += f" (“{entry.name[:60]}”)"
        return where

    def lines(self) -> list[str]:
        """For people, in Vietnamese: each rejected question, each skipped one, then a summary."""
        lines = [
            _("%(where)s: %(reason)s") % {"where": self.where(e), "reason": e.reason}
            for e in self.rejected
        ]
        lines += [
            _("%(where)s: bỏ qua — %(reason)s") % {"where": self.where(e), "reason": e.reason}
            for e in self.skipped
        ]
        if self.rejected:
            lines.append(
                _(
                    "Tệp có %(n)s câu hỏi lỗi nên chưa nhập câu nào. "
                    "Hãy sửa các câu được liệt kê rồi nhập lại."
                )
                % {"n": len(self.rejected)}
            )
        else:
            lines.append(
                _("Đã nhập %(imported)s câu hỏi, bỏ qua %(skipped)s câu hỏi.")
                % {"imported": len(self.imported), "skipped": len(self.skipped)}
            )
        return lines


def unsupported(qtype: str) -> str:
    return _("Congso chưa hỗ trợ loại câu hỏi “%(type)s”.") % {"type": qtype}


# --- bytes and text ------------------------------------------------------------------------


def check_size(data: bytes) -> None:
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed(
            _("Tệp quá lớn (%(size)s MB); chỉ nhận tệp đến %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_IMPORT_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise ValidationFailed(_("Tệp tải lên không có nội dung."))


def decode_text(data: bytes) -> str:
    """UTF-8 text, with or without a byte order mark; anything else is refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationFailed(
            _(
                "Tệp không phải văn bản mã UTF-8 (lỗi ở dòng %(line)s). Hãy lưu lại tệp với "
                "bảng mã UTF-8 rồi tải lên lại."
            )
            % {"line": line}
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_input(text: str) -> str:
    """HTML from a file, ready for `clean_html` (which escapes text with no tag in it)."""
    text = (text or "").strip()
    return text if "<" in text else html.unescape(text)


def plain_input(text: str) -> str:
    """Plain text from a file, ready for `clean_html`: a `<` must not be taken for a tag."""
    text = (text or "").strip()
    if "<" not in text:
        return text
    lines = "<br>".join(escape(line) for line in text.split("\n"))
    return f"<p>{lines}</p>"


def formatted_input(text: str, fmt: str) -> str:
    """Text in a declared format: html (default), plain text or markdown (kept as plain text)."""
    fmt = (fmt or "").lower()
    if fmt in {"plain", "plain_text", "markdown"}:
        return plain_input(text)
    return html_input(text)


# --- numbers -------------------------------------------------------------------------------


def read_decimal(text: Any) -> Decimal | None:
    """A number as machines write it (3.14, -2, 1e3); a lone comma is taken as the decimal mark."""
    raw = str(text if text is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if "," in raw and "." not in raw and raw.count(",") == 1:
        raw = raw.replace(",", ".")
    if not raw or len(raw) > 40:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def service_number(value: Decimal) -> str:
    """A number as `normalise_data` reads it unambiguously (`parse_number` takes "1.500" for 1500)."""
    return format(value, "f").replace(".", ",")


def percent_to_fraction(text: Any, *, where: str) -> str:
    """'50' (percent, as Moodle and GIFT write it) -> '0.5'; the range is checked on validation."""
    value = read_decimal(text)
    if value is None:
        raise ValidationFailed(
            _("%(where)s: tỉ lệ điểm “%(value)s” không phải là số.")
            % {"where": where, "value": str(text).strip()}
        )
    return str(value / 100)


def fraction_to_percent(fraction: Any) -> str:
    """0.3333333 -> '33.33333'; 1 -> '100'."""
    value = (Decimal(str(fraction)) * 100).normalize()
    return format(value, "f")


def number_text(value: Any) -> str:
    """A stored number ('3.14', '1E+3') written plainly for export."""
    return format(Decimal(str(value)), "f")


def read_mark(text: Any, *, where: str) -> Decimal | None:
    if text is None or not str(text).strip():
        return None
    value = read_decimal(text)
    if value is None:
        raise ValidationFailed(
            _("%(where)s: điểm “%(value)s” không phải là số.")
            % {"where": where, "value": str(text).strip()}
        )
    return value


# --- difficulty, tags, categories ----------------------------------------------------------

_DIFFICULTY_WORDS = {
    "easy": Difficulty.EASY,
    "de": Difficulty.EASY,
    "medium": Difficulty.MEDIUM,
    "trung binh": Difficulty.MEDIUM,
    "tb": Difficulty.MEDIUM,
    "hard": Difficulty.HARD,
    "kho": Difficulty.HARD,
}


def read_difficulty(text: Any) -> str:
    """'Khó', 'hard', 'Trung bình' -> a Difficulty value; blank is medium."""
    key = fold(str(text or ""))
    if not key:
        return Difficulty.MEDIUM
    if key in _DIFFICULTY_WORDS:
        return _DIFFICULTY_WORDS[key]
    raise ValidationFailed(
        _("Độ khó “%(value)s” không hợp lệ (dùng Dễ, Trung bình hoặc Khó).")
        % {"value": str(text).strip()}
    )


def split_tags(text: Any) -> list[str]:
    return [t.strip() for t in re.split(r"[,;]", str(text or "")) if t.strip()]


def take_convention_tags(tags: list[str]) -> tuple[list[str], str, set[str]]:
    """Tags without the `congso-*` conventions; the difficulty and the flags they carried."""
    rest: list[str] = []
    difficulty: str = Difficulty.MEDIUM
    flags: set[str] = set()
    for tag in tags:
        key = tag.strip().lower()
        if key.startswith(DIFFICULTY_TAG_PREFIX):
            difficulty = read_difficulty(key[len(DIFFICULTY_TAG_PREFIX) :])
        elif key in {PREDICTION_TAG, ACCENT_INSENSITIVE_TAG}:
            flags.add(key)
        elif tag.strip():
            rest.append(tag.strip())
    return rest, difficulty, flags


def split_category_path(path: str) -> list[str]:
    """'$course$/top/Luật/Biển báo' -> ['Luật', 'Biển báo'] ('//' is a slash inside a name)."""
    marker = "\ue010"
    parts = [p.replace(marker, "/").strip() for p in (path or "").replace("//", marker).split("/")]
    parts = [p for p in parts if p]
    if parts and _CATEGORY_PREFIX.match(parts[0]):
        parts = parts[1:]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return parts


def join_category_path(names: list[str]) -> str:
    return "/".join(["$course$", "top", *(n.replace("/", "//") for n in names)])


# --- embedded images -----------------------------------------------------------------------


def decode_image(name: str, payload: str, *, where: str) -> EmbeddedFile:
    """A base64 image from the file, checked with Pillow; anything else is refused."""
    from PIL import Image

    try:
        content = base64.b64decode("".join((payload or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(
            _("%(where)s: tệp đính kèm “%(name)s” không giải mã được (base64 hỏng).")
            % {"where": where, "name": name}
        ) from None
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            kind = image.format or ""
    except Exception:
        kind = ""
    if kind not in IMAGE_FORMATS:
        raise ValidationFailed(
            _(
                "%(where)s: tệp đính kèm “%(name)s” không phải là ảnh hợp lệ "
                "(chỉ nhận PNG, JPEG, GIF, WebP)."
            )
            % {"where": where, "name": name}
        )
    return EmbeddedFile(name=name, content=content, extension=IMAGE_FORMATS[kind])
