"""Vietnamese first, English from the catalogue in src/congso/locale/en.

The msgids are the Vietnamese text itself, so a page with no translation stays Vietnamese.
The English catalogue must be complete and compiled: a new {% translate %} string fails
this module until it is translated in django.po and django.mo is rebuilt (compilemessages).
"""

from __future__ import annotations

import gettext as stdlib_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

import congso

LC_MESSAGES = Path(congso.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"


@pytest.fixture(autouse=True)
def _restore_language():
    """LocaleMiddleware activates the request's language on this thread; don't leak it."""
    yield
    translation.deactivate()


def _nav(html: str) -> str:
    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL)
    assert match, "the main navigation is missing from the page"
    return match.group(0)


@pytest.mark.django_db
def test_switching_to_english_translates_the_home_page(client, province):
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/co-quan/"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/co-quan/"
    html = response.content.decode()
    assert '<html lang="en">' in html
    nav = _nav(html)
    assert "Sign in" in nav
    assert "Agencies" in nav
    assert "Đăng nhập" not in nav
    assert "Cơ quan, đơn vị" not in nav


@pytest.mark.django_db
def test_default_language_is_vietnamese(client):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Sign in" not in _nav(html)


@pytest.mark.django_db
def test_sign_up_form_labels_and_errors_follow_the_chosen_language(client):
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/dang-ky/"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/dang-ky/"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Full name" in html
    assert ">Email" in html
    assert "Họ và tên" not in html
    assert "Thư điện tử" not in html

    empty = dict.fromkeys(
        ["full_name", "email", "phone", "citizen_id", "password1", "password2"], ""
    )
    response = client.post("/dang-ky/", {"kind": "citizen", **empty})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please enter your full name." in html
    assert "Please enter your email address." in html
    assert "Vui lòng nhập họ và tên." not in html


# --- The catalogue itself -------------------------------------------------------------------


@dataclass
class PoEntry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted PO string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[PoEntry]:
    """A tiny PO reader: enough for Django's catalogues (flags, context, plurals; no obsolete)."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    target: tuple[str, int] | None = None  # which field continuation lines append to
    pending_flags: set[str] = set()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):  # blank or obsolete (#~) entry
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{path}:{number}: string continuation outside an entry")
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
            continue
        if keyword in {"msgctxt", "msgid"} and (
            entry is None or entry.msgstr or (keyword == "msgid" and entry.msgid)
        ):
            entry = PoEntry(line=number, flags=pending_flags)
            entries.append(entry)
            pending_flags = set()
        if entry is None:
            raise ValueError(f"{path}:{number}: {keyword} before msgid")
        if keyword in {"msgctxt", "msgid", "msgid_plural"}:
            setattr(entry, keyword, _unquote(rest))
            target = (keyword, 0)
        elif keyword == "msgstr":
            entry.msgstr[0] = _unquote(rest)
            target = ("msgstr", 0)
        elif (plural := re.fullmatch(r"msgstr\[(\d+)\]", keyword)) is not None:
            index = int(plural.group(1))
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: cannot parse {raw!r}")
    return entries


def _messages() -> list[PoEntry]:
    return [entry for entry in parse_po(PO_FILE) if entry.msgid]


def test_english_catalogue_header():
    header = next(entry for entry in parse_po(PO_FILE) if entry.msgid == "")
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_english_entry_is_translated_and_not_fuzzy():
    entries = _messages()
    assert len(entries) > 50, "the English catalogue looks truncated"
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries in django.po — review them and remove '#, fuzzy':\n" + (
        "\n".join(fuzzy)
    )
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    assert not untranslated, "untranslated entries in django.po:\n" + "\n".join(untranslated)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sdif]", text))


def test_python_format_placeholders_are_kept():
    for entry in _messages():
        # A plural's singular form may legitimately drop the count ("One file"), so compare
        # the plural form of plural entries and the only form of the others.
        source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
        text = entry.msgstr[0] if entry.msgid_plural is None else entry.msgstr.get(1, "")
        assert _placeholders(text) == _placeholders(source), (
            f"line {entry.line}: placeholders differ between {source!r} and {text!r}"
        )


def test_compiled_catalogue_matches_the_po_file():
    """django.mo is committed (no gettext tools needed to run Congso), so it must be current."""
    assert MO_FILE.is_file(), "run: cd src/congso && congso compilemessages"
    with MO_FILE.open("rb") as handle:
        compiled = stdlib_gettext.GNUTranslations(handle)
    stale = []
    for entry in _messages():
        if entry.msgid_plural is not None:
            got = {
                n: compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt is not None
                else compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                for n in (1, 2)
            }
            ok = got == {1: entry.msgstr.get(0), 2: entry.msgstr.get(1)}
        elif entry.msgctxt is not None:
            ok = compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr[0]
        else:
            ok = compiled.gettext(entry.msgid) == entry.msgstr[0]
        if not ok:
            stale.append(f"line {entry.line}: {entry.msgid!r}")
    assert not stale, "django.mo is out of date — run compilemessages:\n" + "\n".join(stale)


def test_django_uses_the_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("Đăng nhập") == "Sign in"
        assert translation.gettext("Cơ quan, đơn vị") == "Agencies"
    with translation.override("vi"):
        assert translation.gettext("Đăng nhập") == "Đăng nhập"
