from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """12:05 → "12 phút 05 giây"; under a minute → "45 giây"."""
    if seconds in (None, ""):
        return ""
    seconds = int(seconds)
    minutes, rest = divmod(seconds, 60)
    if minutes:
        return _("%(m)s phút %(s)02d giây") % {"m": minutes, "s": rest}
    return _("%(s)s giây") % {"s": rest}


# The attempt page shows up to ~100 questions with their choices, and under a start spike
# thousands of candidates load it within a minute: built here in Python, the questions cost a
# tenth of what the same markup costs through template tags (bench/exams, docs/performance.md).
# Question and choice texts are HTML cleaned when the question was saved (questions.clean_html).

_CHOICE = (
    '<label class="choice"><input type="{kind}" name="q-{index}" value="{value}"{checked}>'
    ' <span class="choice-letter">{letter}.</span> <span>{text}</span></label>'
)


@register.simple_tag
def question_fieldset(slot) -> str:
    """One question of the attempt page, its answer already given shown as given."""
    index = slot.index
    qtype = slot.qtype
    if qtype == "prediction":
        kind = " — " + _("câu hỏi dự đoán")
    elif qtype == "multi":
        kind = " — " + _("chọn tất cả phương án đúng")
    else:
        kind = ""
    parts = [
        f'<fieldset class="question" id="q-{slot.number}" data-slot="{index}"'
        f' data-type="{escape(qtype)}">'
        f'<input type="hidden" name="shown" value="{index}">'
        f"<legend>{escape(_('Câu %(n)s') % {'n': slot.number})}{escape(kind)}</legend>"
        f'<div class="question-text">{slot.text}</div>'
    ]
    if qtype in ("single", "truefalse", "multi"):
        chosen = slot.chosen
        input_kind = "checkbox" if qtype == "multi" else "radio"
        parts.append('<div class="choices">')
        parts.extend(
            _CHOICE.format(
                kind=input_kind,
                index=index,
                value=escape(cid),
                checked=" checked" if cid in chosen else "",
                letter=chr(65 + n) if n < 26 else n + 1,
                text=text,
            )
            for n, (cid, text) in enumerate(slot.choices)
        )
        parts.append("</div>")
    else:
        if qtype == "shortanswer":
            label, extra = _("Câu trả lời của bạn"), 'maxlength="500"'
        else:
            label = _("Số bạn dự đoán") if qtype == "prediction" else _("Đáp số")
            extra = 'inputmode="decimal" maxlength="40"'
        value = "" if slot.response in (None, "") else slot.response
        parts.append(
            f'<label for="a-{index}">{escape(label)}</label>'
            f'<input type="text" id="a-{index}" name="q-{index}" value="{escape(value)}"'
            f' {extra} autocomplete="off">'
        )
    parts.append("</fieldset>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value escaped, texts cleaned on save
