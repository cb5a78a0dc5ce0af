"""Grading a response against a question version, on the server only.

A response is what the candidate's page sends for one slot:
single → a choice id; multi → a list of choice ids; truefalse → "true" / "false";
shortanswer → text; numeric and prediction → a number as text ("1.234,5", "1234,5" and "1234.5" all read;
"12.345" is twelve thousand three hundred and forty-five, as Vietnamese write it).

`fraction()` returns the share of the question's mark earned, from -1 to 1 (negative only where
the question gives wrong choices a negative fraction). Prediction questions carry no mark.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from congso.exams.models import QuestionType


def parse_number(text: Any) -> Decimal | None:
    """Read a number the way Vietnamese candidates write it: "1.234,5", "1234,5", "1234.5"."""
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return Decimal(str(text))
    if not isinstance(text, str):
        return None
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if not raw or len(raw) > 40 or not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", raw):
        return None
    if "," in raw and "." in raw:
        # The later separator is the decimal one.
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".") if raw.count(",") == 1 else raw.replace(",", "")
    elif raw.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", raw):
        # "12.345" is twelve thousand in Vietnamese writing; the decimal mark is the comma.
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _stored_number(value: Any) -> Decimal | None:
    """A number as `normalise_data` stores it: plain decimal notation with a point."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _normalise_text(text: str, *, case_sensitive: bool, accent_sensitive: bool) -> str:
    text = unicodedata.normalize("NFC", " ".join(str(text).split()))
    if not accent_sensitive:
        text = _strip_accents(text)
    if not case_sensitive:
        text = text.casefold()
    return text


def short_answer_matches(
    response: str, accepted: str, *, case_sensitive: bool = False, accent_sensitive: bool = True
) -> bool:
    """Moodle's rule: `*` in an accepted text matches any run of characters; all else literal."""
    given = _normalise_text(
        response, case_sensitive=case_sensitive, accent_sensitive=accent_sensitive
    )
    want = _normalise_text(
        accepted, case_sensitive=case_sensitive, accent_sensitive=accent_sensitive
    )
    if not given:
        return False
    pattern = ".*".join(re.escape(part) for part in want.split("*"))
    return re.fullmatch(pattern, given, flags=re.DOTALL) is not None


def _clamp(value: float) -> float:
    return max(-1.0, min(1.0, value))


def fraction(qtype: str, data: dict[str, Any], response: Any) -> float | None:
    """The fraction of the mark a response earns; None for a prediction (not marked)."""
    if qtype == QuestionType.PREDICTION:
        return None
    if response is None or response == "" or response == []:
        return 0.0
    if qtype == QuestionType.SINGLE:
        for choice in data.get("choices", []):
            if str(choice.get("id")) == str(response):
                return _clamp(float(choice.get("fraction", 0)))
        return 0.0
    if qtype == QuestionType.MULTI:
        chosen = {str(r) for r in response} if isinstance(response, list) else {str(response)}
        total = sum(
            float(c.get("fraction", 0))
            for c in data.get("choices", [])
            if str(c.get("id")) in chosen
        )
        return _clamp(total) if total > -1 else -1.0
    if qtype == QuestionType.TRUE_FALSE:
        given = str(response).lower()
        if given not in {"true", "false"}:
            return 0.0
        return 1.0 if (given == "true") == bool(data.get("correct")) else 0.0
    if qtype == QuestionType.SHORT_ANSWER:
        if not isinstance(response, str):
            return 0.0
        best = 0.0
        for answer in data.get("answers", []):
            if short_answer_matches(
                response,
                str(answer.get("text", "")),
                case_sensitive=bool(data.get("case_sensitive", False)),
                accent_sensitive=bool(data.get("accent_sensitive", True)),
            ):
                # Moodle takes the first matching answer, in the order written.
                return _clamp(float(answer.get("fraction", 0)))
        return best
    if qtype == QuestionType.NUMERIC:
        value = parse_number(response)
        if value is None:
            return 0.0
        for answer in data.get("answers", []):
            target = _stored_number(answer.get("value"))
            tolerance = abs(_stored_number(answer.get("tolerance", 0)) or Decimal(0))
            if target is not None and abs(value - target) <= tolerance:
                return _clamp(float(answer.get("fraction", 0)))
        return 0.0
    return 0.0


def _storable(text: str) -> bool:
    """No NUL and no lone surrogate: PostgreSQL refuses both in text and jsonb."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_response(qtype: str, data: dict[str, Any], response: Any) -> Any:
    """A response kept as given if it has the right shape for the question, else ValueError."""
    if response is None or response == "":
        return None
    for text in response if isinstance(response, list) else [response]:
        if isinstance(text, str) and not _storable(text):
            raise ValueError("text the database cannot store")
    if qtype == QuestionType.SINGLE:
        ids = {str(c.get("id")) for c in data.get("choices", [])}
        if not isinstance(response, str) or response not in ids:
            raise ValueError("unknown choice")
        return response
    if qtype == QuestionType.MULTI:
        ids = {str(c.get("id")) for c in data.get("choices", [])}
        values = response if isinstance(response, list) else [response]
        if not all(isinstance(v, str) and v in ids for v in values):
            raise ValueError("unknown choice")
        return sorted(set(values), key=values.index)
    if qtype == QuestionType.TRUE_FALSE:
        if str(response).lower() not in {"true", "false"}:
            raise ValueError("not true/false")
        return str(response).lower()
    if qtype == QuestionType.SHORT_ANSWER:
        if not isinstance(response, str) or len(response) > 500:
            raise ValueError("text too long")
        return response
    if qtype in (QuestionType.NUMERIC, QuestionType.PREDICTION):
        if not isinstance(response, str | int | float) or isinstance(response, bool):
            raise ValueError("not a number")
        if parse_number(response) is None:
            raise ValueError("not a number")
        return str(response).strip()[:40]
    raise ValueError("unknown type")
