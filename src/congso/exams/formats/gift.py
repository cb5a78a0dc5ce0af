"""GIFT (Moodle's text format): `::title::[html]text{=right ~wrong ~%50%partial #feedback ####general}`.

Questions are separated by blank lines; lines starting with `//` are comments; `$CATEGORY: a/b`
sets the category of the questions after it; `\\~ \\= \\# \\{ \\} \\: \\\\` are the characters
themselves and `\\n` a line break. Answer blocks: `{T}`/`{F}`/`{TRUE}`/`{FALSE}` true/false,
`{=a =b}` short answer, `{#3.14:0.01}`, `{#1..5}` and `{#=3:0.1 =%50%3:1}` numeric, `{~...}`
multiple choice (single answer when an answer starts with `=`, several otherwise).

GIFT has no field for what Congso adds, so Congso reads and writes them as comment lines
right above the question (no blank line in between), which other systems ignore:

    // [difficulty:hard] [mark:2] [tag:Luật giao thông] [tag:2025]
    // [case-sensitive] [accent-insensitive]      (short answers)

Difficulty is easy, medium (the default) or hard (Dễ, Trung bình, Khó also read); mark is
the question's default mark (1 when absent). A prediction question is `{#}`: a numeric
answer block with no answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from congso.core.exceptions import ValidationFailed
from congso.exams.formats.common import (
    Parsed,
    ParsedQuestion,
    ReportEntry,
    decode_text,
    formatted_input,
    fraction_to_percent,
    join_category_path,
    number_text,
    percent_to_fraction,
    read_decimal,
    read_difficulty,
    read_mark,
    service_number,
    split_category_path,
    unsupported,
)
from congso.exams.models import Difficulty, QuestionType

_PLACEHOLDERS = {
    "\\": "\ue000",
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
}
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _PLACEHOLDERS.items()})
_ESCAPED = re.compile(r"\\([\\:#={}~n])")
_PRIVATE = re.compile("[\ue000-\ue007]")
_FORMAT = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%([^%]*)%")
_META = re.compile(
    r"\[\s*(tag|difficulty|mark)\s*:\s*([^\]]*)\]|\[\s*(case-sensitive|accent-insensitive)\s*\]",
    re.IGNORECASE,
)
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _protect(text: str) -> str:
    return _ESCAPED.sub(lambda m: _PLACEHOLDERS[m.group(1)], _PRIVATE.sub("", text))


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


# --- import --------------------------------------------------------------------------------


def parse(data: bytes) -> Parsed:
    text = decode_text(data)
    parsed = Parsed()
    category: list[str] = []
    for block in _blocks(text):
        comments = [line for _n, line in block if line.lstrip().startswith("//")]
        lines = [(n, line) for n, line in block if not line.lstrip().startswith("//")]
        if lines and lines[0][1].lstrip().startswith("$CATEGORY:"):
            category = split_category_path(lines[0][1].lstrip()[len("$CATEGORY:") :])
            lines = lines[1:]
        if not lines:
            continue
        position = lines[0][0]
        body = "\n".join(line for _n, line in lines)
        name = ""
        try:
            protected = _protect(body).strip()
            name, protected = _title(protected)
            result = _question(protected, position, name, comments)
        except ValidationFailed as error:
            parsed.rejected.append(ReportEntry(position, error.message, "", name))
            continue
        if isinstance(result, ReportEntry):
            parsed.skipped.append(result)
        else:
            result.category = list(category)
            parsed.questions.append(result)
    return parsed


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _title(text: str) -> tuple[str, str]:
    if not text.startswith("::"):
        return "", text
    end = text.find("::", 2)
    if end < 0:
        raise ValidationFailed(_("Tên câu hỏi thiếu dấu “::” đóng."))
    return " ".join(_restore(text[2:end]).split()), text[end + 2 :].lstrip()


def _meta(comments: list[str], question: ParsedQuestion) -> set[str]:
    flags: set[str] = set()
    for comment in comments:
        for match in _META.finditer(comment):
            key, value, flag = (match.group(1) or "").lower(), match.group(2), match.group(3)
            if flag:
                flags.add(flag.lower())
            elif key == "tag":
                question.tags.append(value.strip())
            elif key == "difficulty":
                question.difficulty = read_difficulty(value)
            else:
                question.default_mark = read_mark(value, where=_("Điểm"))
    return flags


def _question(
    text: str, position: int, name: str, comments: list[str]
) -> ParsedQuestion | ReportEntry:
    fmt = "moodle"
    match = _FORMAT.match(text)
    if match:
        fmt = match.group(1).lower()
        text = text[match.end() :]
    start = text.find("{")
    if start < 0:
        return ReportEntry(position, unsupported("description"), "description", name)
    end = text.find("}", start)
    if end < 0:
        raise ValidationFailed(
            _("Thiếu dấu “}” đóng phần đáp án (nếu là chữ trong câu hỏi, hãy viết \\}).")
        )
    before, answer, after = text[:start].strip(), text[start + 1 : end], text[end + 1 :].strip()
    if "{" in after:
        raise ValidationFailed(_("Câu hỏi có nhiều phần đáp án {…}; Congso chỉ nhận một."))
    question_text = f"{before} _____ {after}" if after else before
    general_feedback = ""
    cut = answer.rfind("####")
    if cut >= 0:
        general_feedback = answer[cut + 4 :]
        answer = answer[:cut]
    answer = answer.strip()

    def source_type() -> str:
        if not answer:
            return "essay"
        if answer.startswith("#"):
            return "numerical"
        if "~" in answer:
            return "multichoice"
        if "=" in answer and "->" in answer:
            return "matching"
        if answer.split("#", 1)[0].strip().upper() in _TRUE_FALSE:
            return "truefalse"
        return "shortanswer"

    kind = source_type()
    if kind in {"essay", "matching"}:
        return ReportEntry(position, unsupported(kind), kind, name)
    question = ParsedQuestion(
        position=position,
        qtype=QuestionType.SINGLE,
        text=formatted_input(_restore(question_text), fmt),
        name=name,
        general_feedback=formatted_input(_restore(general_feedback), fmt),
    )
    flags = _meta(comments, question)
    if kind == "numerical":
        answers = _numeric(answer[1:])
        if answers is None:
            question.qtype, question.data = QuestionType.PREDICTION, {}
        else:
            question.qtype, question.data = QuestionType.NUMERIC, {"answers": answers}
    elif kind == "multichoice":
        question.qtype, question.data = _choices(answer, fmt)
    elif kind == "truefalse":
        question.qtype = QuestionType.TRUE_FALSE
        question.data = {"correct": _TRUE_FALSE[answer.split("#", 1)[0].strip().upper()]}
    else:
        question.qtype = QuestionType.SHORT_ANSWER
        question.data = {
            "answers": _short_answers(answer),
            "case_sensitive": "case-sensitive" in flags,
            "accent_sensitive": "accent-insensitive" not in flags,
        }
    return question


def _weight(part: str, *, where: str) -> tuple[str | None, str]:
    match = _WEIGHT.match(part)
    if not match:
        if part.lstrip().startswith("%"):
            raise ValidationFailed(
                _("%(where)s: tỉ lệ điểm phải viết dạng %%50%%.") % {"where": where}
            )
        return None, part
    return percent_to_fraction(_restore(match.group(1)), where=where), part[match.end() :]


def _choices(answer: str, fmt: str) -> tuple[str, dict[str, Any]]:
    pieces = re.split(r"(?=[=~])", answer)
    if pieces[0].strip():
        raise ValidationFailed(
            _("Mỗi phương án phải bắt đầu bằng “=” (đúng) hoặc “~” (sai): “%(text)s”.")
            % {"text": _restore(pieces[0]).strip()[:60]}
        )
    choices = []
    for index, piece in enumerate(pieces[1:], start=1):
        where = _("Phương án %(n)s") % {"n": index}
        fraction, body = _weight(piece[1:], where=where)
        text, _sep, feedback = body.partition("#")
        choices.append(
            {
                "text": formatted_input(_restore(text), fmt),
                "fraction": fraction if fraction is not None else ("1" if piece[0] == "=" else "0"),
                "feedback": formatted_input(_restore(feedback), fmt),
            }
        )
    single = any(piece.startswith("=") for piece in pieces[1:])
    return (QuestionType.SINGLE if single else QuestionType.MULTI), {"choices": choices}


def _short_answers(answer: str) -> list[dict[str, Any]]:
    pieces = [p for p in re.split(r"(?=[=])", answer) if p.strip()]
    answers = []
    for index, piece in enumerate(pieces, start=1):
        where = _("Đáp án %(n)s") % {"n": index}
        fraction, body = _weight(piece[1:] if piece.startswith("=") else piece, where=where)
        text = " ".join(_restore(body.partition("#")[0]).split())
        answers.append({"text": text, "fraction": fraction if fraction is not None else "1"})
    return answers


def _numeric(body: str) -> list[dict[str, Any]] | None:
    """The answers of `{#...}`; None for `{#}` (a prediction question)."""
    if not body.strip():
        return None
    if "=" not in body:
        return [_numeric_answer(body, fraction="1", index=1)]
    parts = body.split("=")
    if parts[0].strip():
        raise ValidationFailed(
            _("Câu trả lời bằng số có nhiều đáp án: mỗi đáp án phải bắt đầu bằng “=”.")
        )
    answers = []
    for index, part in enumerate(parts[1:], start=1):
        fraction, rest = _weight(part, where=_("Đáp án %(n)s") % {"n": index})
        answers.append(_numeric_answer(rest, fraction=fraction or "1", index=index))
    return answers


def _numeric_answer(spec: str, *, fraction: str, index: int) -> dict[str, Any]:
    spec = _restore(spec.partition("#")[0]).strip()
    if ".." in spec:
        low_text, high_text = spec.split("..", 1)
        low, high = read_decimal(low_text), read_decimal(high_text)
        value = (low + high) / 2 if low is not None and high is not None else None
        tolerance = abs(high - low) / 2 if low is not None and high is not None else None
    else:
        value_text, _sep, tolerance_text = spec.partition(":")
        value, tolerance = read_decimal(value_text), read_decimal(tolerance_text or "0")
    if value is None or tolerance is None:
        raise ValidationFailed(
            _("Đáp án %(n)s: “%(value)s” không phải là số (viết 3.14 hoặc 3.14:0.01).")
            % {"n": index, "value": spec}
        )
    return {
        "value": service_number(value),
        "tolerance": service_number(abs(tolerance)),
        "fraction": fraction,
    }


# --- export --------------------------------------------------------------------------------


def escape(text: str) -> str:
    text = (text or "").replace("\r", "").replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def export(items: Iterable[tuple[list[str], Any]]) -> bytes:
    """`items`: (category path, QuestionVersion) in order."""
    chunks: list[str] = []
    current: list[str] | None = None
    for path, version in items:
        if path != current:
            current = path
            chunks.append(f"$CATEGORY: {join_category_path(path)}\n")
        chunks.append(_write_question(version))
    return "\n".join(chunks).encode("utf-8")


def _weighted(fraction: Any, marker: str) -> str:
    percent = fraction_to_percent(fraction)
    if (marker == "=" and percent == "100") or (marker == "~" and percent == "0"):
        return marker
    return f"{marker}%{percent}%"


def _write_question(version: Any) -> str:
    qtype, data = version.qtype, version.data or {}
    meta = []
    if version.difficulty != Difficulty.MEDIUM:
        meta.append(f"[difficulty:{version.difficulty}]")
    if qtype != QuestionType.PREDICTION and read_decimal(version.default_mark) != 1:
        meta.append(f"[mark:{number_text(version.default_mark)}]")
    meta += [f"[tag:{tag.replace(']', ')')}]" for tag in version.tags or []]
    if qtype == QuestionType.SHORT_ANSWER:
        if data.get("case_sensitive"):
            meta.append("[case-sensitive]")
        if not data.get("accent_sensitive", True):
            meta.append("[accent-insensitive]")
    lines = [f"// {' '.join(meta)}"] if meta else []
    head = f"::{escape(version.name)}::" if version.name else ""
    head += f"[html]{escape(version.text)}"
    answers: list[str] = []
    if qtype in (QuestionType.SINGLE, QuestionType.MULTI):
        for choice in data.get("choices", []):
            marker = "=" if qtype == QuestionType.SINGLE and choice["fraction"] >= 1 else "~"
            line = _weighted(choice["fraction"], marker) + escape(choice["text"])
            if choice.get("feedback"):
                line += "#" + escape(choice["feedback"])
            answers.append(line)
    elif qtype == QuestionType.TRUE_FALSE:
        answers.append("TRUE" if data.get("correct") else "FALSE")
    elif qtype == QuestionType.SHORT_ANSWER:
        answers += [_weighted(a["fraction"], "=") + escape(a["text"]) for a in data["answers"]]
    elif qtype == QuestionType.NUMERIC:
        items = [
            f"{number_text(a['value'])}:{number_text(a.get('tolerance') or 0)}"
            for a in data["answers"]
        ]
        if len(items) == 1 and read_decimal(data["answers"][0]["fraction"]) == 1:
            answers.append("#" + items[0])
        else:
            answers.append("#")
            answers += [
                _weighted(a["fraction"], "=") + item
                for a, item in zip(data["answers"], items, strict=True)
            ]
    else:
        answers.append("#")
    if version.general_feedback:
        answers.append("####" + escape(version.general_feedback))
    if len(answers) == 1:
        lines.append(head + "{" + answers[0] + "}")
    else:
        lines.append(head + "{")
        lines += ["\t" + a for a in answers]
        lines.append("}")
    return "\n".join(lines) + "\n"
