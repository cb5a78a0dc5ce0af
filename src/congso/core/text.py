"""Vietnamese text helpers: accent folding for search and slugs from titles."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """'Đồng Hưng' -> 'Dong Hung' (case kept)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def fold(text: str) -> str:
    """Search key: no accents, lower case, single spaces. 'Sở Y tế' -> 'so y te'."""
    return _SPACES.sub(" ", strip_accents(text).lower()).strip()


def slugify_vi(text: str, *, max_length: int = 80) -> str:
    """'Sở Thông tin và Truyền thông' -> 'so-thong-tin-va-truyen-thong'."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
