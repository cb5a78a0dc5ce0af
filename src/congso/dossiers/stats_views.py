"""The statistics pages: the leaders' dashboard (/thong-ke/, with its Excel export), the public
page of each agency and the public ranking. Figures come from `congso.dossiers.stats`, whose
docstring defines them; charts are inline SVG drawn here (no JavaScript), each followed by a
table of the same numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from congso.accounts.models import OrgUnit
from congso.core.exceptions import ApplicationError, NotAuthenticated, NotFound, NotPermitted
from congso.dossiers import stats
from congso.dossiers.models import Dossier

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PERIOD_DAYS = 3700  # about ten years
PRESETS = {
    "thang": gettext_lazy("Tháng này"),
    "quy": gettext_lazy("Quý này"),
    "nam": gettext_lazy("Năm nay"),
}
DEFAULT_PRESET = "nam"


class BadInput(Exception):
    """A filter the person typed is wrong: shown on the form with a 400."""


# --- tables: one description serves the page and the Excel file --------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: Any
    kind: str = "int"  # "int", "pct", "text", "month"
    width: int = 12


def _columns(*keys: str) -> list[Column]:
    return [FIGURES[key] for key in keys]


FIGURES = {
    column.key: column
    for column in (
        Column("received", gettext_lazy("Tiếp nhận")),
        Column("online", gettext_lazy("Trong đó trực tuyến")),
        Column("resolved", gettext_lazy("Đã giải quyết")),
        Column("early", gettext_lazy("Trước hạn")),
        Column("on_time", gettext_lazy("Đúng hạn")),
        Column("late", gettext_lazy("Trễ hạn")),
        Column("in_progress", gettext_lazy("Đang giải quyết")),
        Column("overdue", gettext_lazy("Quá hạn")),
        Column("stopped", gettext_lazy("Dừng xử lý")),
        Column("rated", gettext_lazy("Đã đánh giá")),
        Column("on_time_rate", gettext_lazy("Tỷ lệ đúng hạn"), "pct"),
        Column("online_share", gettext_lazy("Tỷ lệ trực tuyến"), "pct"),
        Column("satisfied_share", gettext_lazy("Hài lòng trở lên"), "pct"),
        Column("month", gettext_lazy("Tháng"), "month", 10),
    )
}
ROW_FIGURES = (
    "received", "online", "resolved", "early", "on_time", "late", "in_progress", "overdue",
    "on_time_rate", "online_share", "satisfied_share",
)  # fmt: skip


def procedure_columns() -> list[Column]:
    return [
        Column("name", _("Tên thủ tục"), "text", 50),
        Column("code", _("Mã thủ tục"), "text", 14),
        *_columns(*ROW_FIGURES),
    ]


def agency_columns() -> list[Column]:
    return [
        Column("name", _("Cơ quan, đơn vị"), "text", 40),
        Column("code", _("Mã định danh"), "text", 16),
        *_columns(*ROW_FIGURES),
    ]


def monthly_columns() -> list[Column]:
    return _columns("month", "received", "resolved", "early", "on_time", "late", "on_time_rate")


def percent(value: float | None) -> str:
    """0.955 → "95,5%" in Vietnamese; None (nothing to divide by) → "—"."""
    if value is None:
        return "—"
    return f"{number_format(round(value * 100, 1), decimal_pos=1)}%"


def _display(value: Any, kind: str) -> str:
    if kind == "pct":
        return percent(value)
    if kind == "month":
        return f"{value:%m/%Y}"
    if kind == "int":
        return number_format(value, force_grouping=True)
    return str(value)


def html_table(columns: list[Column], rows: list[dict]) -> dict:
    """Headers and display cells; agency rows are indented by their depth in the tree."""
    shallowest = min((row["depth"] for row in rows if row.get("depth")), default=1)
    return {
        "headers": [{"label": c.header, "numeric": c.kind in {"int", "pct"}} for c in columns],
        "rows": [
            {
                "indent": min(row["depth"] - shallowest + 1, 3) if row.get("depth") else 1,
                "url": row.get("url"),
                "cells": [
                    {"text": _display(row[c.key], c.kind), "numeric": c.kind in {"int", "pct"}}
                    for c in columns
                ],
            }
            for row in rows
        ],
    }


# --- charts: inline SVG geometry ----------------------------------------------------------------

PLOT_TOP, PLOT_HEIGHT, PLOT_LEFT, PLOT_BOTTOM = 12, 200, 52, 36
PLOT_WIDTH = 660  # the months share it; each gets between MIN_SLOT and MAX_SLOT
MIN_SLOT, MAX_SLOT = 48, 110


def _scale_top(largest: int) -> tuple[int, int]:
    """A round axis top above `largest` and its tick step (1, 2 or 5 × 10ⁿ, at most 5 steps)."""
    if largest <= 0:
        return 1, 1
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if math.ceil(largest / step) <= 5:
                return step * math.ceil(largest / step), step
        magnitude *= 10


def _svg(number: float) -> str:
    """A coordinate for an SVG attribute: a dot for the decimals, whatever the language."""
    return f"{number:.1f}"


def bar_chart(series: list[dict], keys: list[tuple[str, Any]], *, stacked: bool) -> dict:
    """Bars per month, side by side or stacked, on a y axis with round ticks: the coordinates
    (as strings) for dossiers/stats/_bar_chart.html. Only months and keys are looped over."""
    totals = [
        sum(row[key] for key, _label in keys) if stacked else max(row[k] for k, _l in keys)
        for row in series
    ]
    top, step = _scale_top(max(totals, default=0))
    bottom = PLOT_TOP + PLOT_HEIGHT
    months = max(len(series), 1)
    slot = min(MAX_SLOT, max(MIN_SLOT, PLOT_WIDTH / months))
    group = min(slot - 14, 40.0 if stacked else 26.0 * len(keys))
    bar_width = group if stacked else group / len(keys)

    def y_of(value: float) -> float:
        return bottom - value / top * PLOT_HEIGHT

    label_every = max(1, math.ceil(len(series) / 24))  # a label is about MIN_SLOT wide
    bars, labels = [], []
    for index, row in enumerate(series):
        centre = PLOT_LEFT + (index + 0.5) * slot
        month = f"{row['month']:%m/%Y}"
        base = 0
        for position, (key, label) in enumerate(keys):
            value = row[key]
            x = centre - group / 2 + (0 if stacked else position * bar_width)
            if value:
                bars.append(
                    {
                        "x": _svg(x),
                        "y": _svg(y_of(base + value)),
                        "width": _svg(bar_width - (0 if stacked else 2)),
                        "height": _svg(value / top * PLOT_HEIGHT),
                        "key": key,
                        "title": f"{month} — {label}: {value}",
                    }
                )
            if stacked:
                base += value
        if index % label_every == 0:
            labels.append({"x": _svg(centre), "text": month})
    right = PLOT_LEFT + months * slot
    return {
        "width": _svg(right + 8),
        "height": PLOT_TOP + PLOT_HEIGHT + PLOT_BOTTOM,
        "left": PLOT_LEFT,
        "right": _svg(right),
        "tick_x": PLOT_LEFT - 8,
        "bottom": bottom,
        "label_y": bottom + 22,
        "ticks": [
            {"y": _svg(y_of(value)), "text": number_format(value, force_grouping=True)}
            for value in range(0, top + 1, step)
        ],
        "bars": bars,
        "labels": labels,
        "legend": [{"key": key, "label": label} for key, label in keys],
    }


# --- filters ------------------------------------------------------------------------------------


def parse_day(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a date
    except ValueError:
        raise BadInput(
            _("Ngày “%(value)s” không hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026.")
            % {"value": value.strip()[:20]}
        ) from None


def preset_period(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if preset == "thang":
        return today.replace(day=1), today
    if preset == "quy":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today
    return today.replace(month=1, day=1), today


def read_period(params, today: dt.date) -> tuple[dt.date, dt.date, str]:
    """(start, end, preset or "") from ?ky= or ?tu-ngay=&den-ngay= (dd/mm/yyyy)."""
    preset = params.get("ky", "").strip()
    typed_start, typed_end = params.get("tu-ngay", "").strip(), params.get("den-ngay", "").strip()
    if preset and preset not in PRESETS:
        raise BadInput(_("Kỳ thống kê không hợp lệ."))
    if preset or not (typed_start or typed_end):
        start, end = preset_period(preset or DEFAULT_PRESET, today)
        return start, end, preset or DEFAULT_PRESET
    end = parse_day(typed_end) if typed_end else today
    start = parse_day(typed_start) if typed_start else end.replace(month=1, day=1)
    if start > end:
        raise BadInput(_("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc."))
    if (end - start).days > MAX_PERIOD_DAYS:
        raise BadInput(_("Mỗi lần chỉ xem được tối đa 10 năm."))
    return start, end, ""


def current_time() -> dt.datetime:
    """The time the figures are computed at (a seam for the tests)."""
    return timezone.now()


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(stats.TZ).date()


def _agency_choices(units: list[OrgUnit]) -> list[dict]:
    shallowest = min((u.depth for u in units), default=1)
    return [
        {"code": u.code, "label": "\u00a0\u00a0" * (u.depth - shallowest) + u.name} for u in units
    ]


def _top_units(units: list[OrgUnit]) -> list[OrgUnit]:
    """The units no other unit of the list contains (`units` in path order, subtrees whole)."""
    top: list[OrgUnit] = []
    for unit in units:
        if not top or not unit.path.startswith(top[-1].path):
            top.append(unit)
    return top


def _scope(units: list[OrgUnit], selected: OrgUnit | None) -> tuple[stats.Agencies, str]:
    """What the figures cover, and its name: the chosen unit, else everything the user sees."""
    if selected is not None:
        return selected, selected.name
    top = _top_units(units)
    if len(top) == 1:
        return top[0], top[0].name
    return OrgUnit.objects.filter(pk__in=[u.pk for u in units]), ", ".join(u.name for u in top)


# --- the dashboard ------------------------------------------------------------------------------


def _check_dashboard_user(user) -> list[OrgUnit]:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated()
    units = list(
        stats.visible_agencies(user).order_by("path").only("pk", "code", "name", "path", "depth")
    )
    if not units:
        raise NotPermitted(
            _("Trang thống kê dành cho lãnh đạo, cán bộ bộ phận một cửa và quản trị hệ thống.")
        )
    return units


@require_GET
def stats_dashboard(request: HttpRequest) -> HttpResponse:
    units = _check_dashboard_user(request.user)
    now = current_time()
    code = request.GET.get("co-quan", "").strip()
    selected = next((u for u in units if u.code == code), None) if code else None
    if code and selected is None:
        raise NotPermitted(_("Bạn không có quyền xem thống kê của cơ quan này."))
    context: dict[str, Any] = {
        "choices": _agency_choices(units),
        "selected_code": code,
        "presets": PRESETS,
        "typed_start": request.GET.get("tu-ngay", "")[:20],
        "typed_end": request.GET.get("den-ngay", "")[:20],
    }
    try:
        start, end, preset = read_period(request.GET, _today(now))
    except BadInput as error:
        context["error"] = str(error)
        return render(request, "dossiers/stats/dashboard.html", context, status=400)
    scope, scope_name = _scope(units, selected)
    figures = stats.dashboard_figures(agencies=scope, start=start, end=end, now=now)
    if request.GET.get("xuat") == "excel":
        return _excel_response(figures, scope_name=scope_name, start=start, end=end, now=now)
    for row in figures["agencies"]:  # each agency's row opens its own figures
        row["url"] = "?" + urlencode(
            {"co-quan": row["code"], "tu-ngay": f"{start:%d/%m/%Y}", "den-ngay": f"{end:%d/%m/%Y}"}
        )
    context.update(
        _dashboard_context(figures),
        scope_name=scope_name,
        start=start,
        end=end,
        preset=preset,
        now=now,
        export_query=_export_query(request.GET, start, end),
    )
    return render(request, "dossiers/stats/dashboard.html", context)


def _export_query(params, start: dt.date, end: dt.date) -> str:
    query = params.copy()
    for key in ("ky", "xuat"):
        query.pop(key, None)
    query["tu-ngay"], query["den-ngay"] = f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}"
    query["xuat"] = "excel"
    return query.urlencode()


def satisfaction_rows(totals: dict) -> list[dict]:
    labels = dict(Dossier.Rating.choices)
    rows = [
        {
            "level": level,
            "label": labels[level],
            "count": totals[f"rating_{level}"],
            "share": stats.share(totals[f"rating_{level}"], totals["rated"]),
        }
        for level in stats.RATING_LEVELS
    ]
    for row in rows:
        row["percent"] = percent(row["share"])
    return rows


def _dashboard_context(figures: dict) -> dict:
    totals, monthly = figures["totals"], figures["monthly"]
    return {
        "totals": totals,
        "pct": {key: percent(totals[key]) for key in FIGURES if FIGURES[key].kind == "pct"},
        "volume_chart": bar_chart(
            monthly, [("received", _("Tiếp nhận")), ("resolved", _("Đã giải quyết"))], stacked=False
        ),
        "volume_table": html_table(_columns("month", "received", "resolved"), monthly),
        "timing_chart": bar_chart(
            monthly,
            [("early", _("Trước hạn")), ("on_time", _("Đúng hạn")), ("late", _("Trễ hạn"))],
            stacked=True,
        ),
        "timing_table": html_table(
            _columns("month", "early", "on_time", "late", "on_time_rate"), monthly
        ),
        "procedure_table": html_table(procedure_columns(), figures["procedures"]),
        "agency_table": html_table(agency_columns(), figures["agencies"]),
        "satisfaction": satisfaction_rows(totals),
    }


# --- Excel --------------------------------------------------------------------------------------


def _excel_response(
    figures: dict, *, scope_name: str, start: dt.date, end: dt.date, now: dt.datetime
) -> HttpResponse:
    content = build_workbook(figures, scope_name=scope_name, start=start, end=end, now=now)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"thong-ke-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def build_workbook(
    figures: dict, *, scope_name: str, start: dt.date, end: dt.date, now: dt.datetime
) -> bytes:
    """Sheets "Tổng hợp", "Theo tháng", "Theo thủ tục", "Theo cơ quan", "Mức độ hài lòng"."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    summary = workbook.active
    summary.title = _("Tổng hợp")
    summary.append([_("Chỉ tiêu"), _("Giá trị")])
    summary.append([_("Cơ quan, đơn vị"), scope_name])
    summary.append([_("Từ ngày"), start])
    summary.append([_("Đến ngày"), end])
    summary.append(
        [_("Số liệu tại thời điểm"), timezone.localtime(now, stats.TZ).replace(tzinfo=None)]
    )
    summary["B3"].number_format = summary["B4"].number_format = "dd/mm/yyyy"
    summary["B5"].number_format = "hh:mm dd/mm/yyyy"
    totals = figures["totals"]
    for key in (
        "received", "online", "resolved", "early", "on_time", "late", "in_progress", "overdue",
        "stopped", "on_time_rate", "online_share", "rated",
    ):  # fmt: skip
        _append(summary, [FIGURES[key].header, totals[key]], ["text", FIGURES[key].kind])
    for row in satisfaction_rows(totals):
        _append(summary, [row["label"], row["count"]], ["text", "int"])
    _append(
        summary, [FIGURES["satisfied_share"].header, totals["satisfied_share"]], ["text", "pct"]
    )
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 28, 40
    summary["A1"].font = summary["B1"].font = Font(bold=True)

    _sheet(workbook, _("Theo tháng"), monthly_columns(), figures["monthly"])
    _sheet(workbook, _("Theo thủ tục"), procedure_columns(), figures["procedures"])
    _sheet(workbook, _("Theo cơ quan"), agency_columns(), figures["agencies"])
    _sheet(
        workbook,
        _("Mức độ hài lòng"),
        [
            Column("label", _("Mức độ hài lòng"), "text", 20),
            Column("count", _("Số hồ sơ"), "int"),
            Column("share", _("Tỷ lệ"), "pct"),
        ],
        satisfaction_rows(totals),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(ws, values: list, kinds: list[str]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    ws.append(
        [
            ILLEGAL_CHARACTERS_RE.sub("", str(v)) if k == "text" else v
            for v, k in zip(values, kinds, strict=True)
        ]
    )
    for cell, kind in zip(ws[ws.max_row], kinds, strict=True):
        if kind == "text":
            cell.data_type = "s"  # never a formula, even when the text starts with "="
        elif kind == "pct":
            cell.number_format = "0.0%"
        elif kind == "month":
            cell.number_format = "mm/yyyy"
        elif kind == "int":
            cell.number_format = "#,##0"


def _sheet(workbook, title: str, columns: list[Column], rows: list[dict]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(title)
    ws.append([str(c.header) for c in columns])
    for index, column in enumerate(columns, start=1):
        ws.cell(row=1, column=index).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    for row in rows:
        _append(ws, [row[c.key] for c in columns], [c.kind for c in columns])


# --- public pages -------------------------------------------------------------------------------


def _public_year(request: HttpRequest, today: dt.date) -> tuple[dt.date, dt.date]:
    """January 1st to today, or the whole of an earlier year given as ?nam=2025."""
    value = request.GET.get("nam", "").strip()
    if not value:
        return today.replace(month=1, day=1), today
    if not value.isdigit() or not 2000 <= int(value) <= today.year:
        raise ApplicationError(_("Năm thống kê không hợp lệ."))
    year = int(value)
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)


@require_GET
def stats_agency(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone: an agency's own figures for the year — aggregates only, nobody's name."""
    unit = OrgUnit.objects.filter(code=code).only("pk", "code", "name", "path").first()
    if unit is None:
        raise NotFound(_("Không tìm thấy cơ quan."))
    now = current_time()
    start, end = _public_year(request, _today(now))
    totals = stats.agency_stats(
        agencies=OrgUnit.objects.filter(pk=unit.pk), start=start, end=end, now=now
    )
    context = {
        "unit": unit,
        "start": start,
        "end": end,
        "totals": totals,
        "pct": {key: percent(totals[key]) for key in FIGURES if FIGURES[key].kind == "pct"},
        "satisfaction": satisfaction_rows(totals),
    }
    return render(request, "dossiers/stats/agency.html", context)


@require_GET
def stats_public(request: HttpRequest) -> HttpResponse:
    """Anyone: agencies with at least one resolved dossier, by on-time rate."""
    now = current_time()
    start, end = _public_year(request, _today(now))
    rows = stats.public_ranking(start=start, end=end, now=now)
    for row in rows:
        row["pct"] = {key: percent(row[key]) for key in FIGURES if FIGURES[key].kind == "pct"}
    return render(request, "dossiers/stats/public.html", {"rows": rows, "start": start, "end": end})
