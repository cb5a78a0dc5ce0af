"""Accent-insensitive search over portal pages, with highlighted excerpts."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from congso.core.text import fold


def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded[:1] if folded else " "


def fold_aligned(text: str) -> str:
    """Fold character by character so positions match the original text one to one."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def terms(query: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", fold(query)) if t]


def highlight(text: str, query: str, *, width: int = 240) -> SafeString:
    """An excerpt of `text` around the first match with every query term wrapped in <mark>."""
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))
    words = terms(query)
    if not text:
        return mark_safe("")
    folded = fold_aligned(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        # Short words ("y" in "Sở Y tế") match whole words only; longer ones also as prefixes.
        end = r"(?![a-z0-9])" if len(word) <= 2 else ""
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(word)}{end}", folded):
            spans.append((match.start(), match.end()))
    spans.sort()
    start = 0
    if spans:
        start = max(0, spans[0][0] - width // 3)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out, cursor = [], start
    for s, e in spans:
        if s < cursor or e > end:
            continue
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 (pieces escaped above)


def search_pages(*, query: str, site: Site | None):
    """Live portal pages matching `query` (folded), ranked; limited to `site` unless None."""
    from congso.portal.models import ArticlePage, NewsIndexPage, OrganisationPage, SectionPage

    folded = " ".join(terms(query))
    if not folded:
        return Page.objects.none()
    qs = Page.objects.live().type(ArticlePage, SectionPage, NewsIndexPage, OrganisationPage)
    if site is not None:
        qs = qs.descendant_of(site.root_page, inclusive=True)
    return qs.search(folded, operator="and")
