"""Writes on the procedure catalogue: import from Excel, and the export it round-trips with.

The workbook layout lives in excel.py. An import is all or nothing: every row is checked first,
every problem is reported (sheet, row, column, reason) and nothing is saved unless all rows are
good. A procedure is matched by its code and its cases, papers, fees and steps become exactly
what the file says; rows are matched to what is already stored (cases and papers by name, steps
by number) and updated in place, so uploaded form templates and the links from submitted
dossiers survive an import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, ProtectedError, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import override

from congso.accounts.models import OrgUnit, Role, User
from congso.accounts.permissions import is_administrator
from congso.core.audit import audit_log, diff
from congso.core.exceptions import Conflict, NotAuthenticated, NotPermitted
from congso.core.text import fold
from congso.procedures import excel
from congso.procedures.excel import (
    NO,
    SHEET_CASES,
    SHEET_FEES,
    SHEET_PAPERS,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    SHEETS,
    YES,
    CellError,
    Row,
    RowError,
)
from congso.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcessStep,
    RequiredPaper,
)
from congso.procedures.schema import SchemaError, check_schema, for_editing

__all__ = [
    "ImportResult",
    "RowError",
    "procedure_export",
    "procedure_import",
    "procedure_import_template",
    "procedure_snapshot",
]

# Procedure fields that the "Thủ tục" sheet holds, by the same names as its column keys.
PROCEDURE_FIELDS = (
    "code", "name", "level", "applicant_kind", "online_level", "processing_days",
    "processing_note", "steps_text", "channels_text", "requirements", "result", "legal_basis",
    "fee_note", "form_schema", "is_active",
)  # fmt: skip
TEXT_FIELDS = (
    "name", "processing_note", "steps_text", "channels_text", "requirements", "result",
    "legal_basis", "fee_note",
)  # fmt: skip
ONLINE_LEVEL_ALIASES = {
    "mức độ 4": Procedure.OnlineLevel.FULL,
    "mức độ 3": Procedure.OnlineLevel.PARTIAL,
    "mức độ 2": Procedure.OnlineLevel.OFFLINE,
    "mức độ 1": Procedure.OnlineLevel.OFFLINE,
}


# --- what one procedure is, whether it comes from a workbook or from the database ------------


@dataclass
class CaseData:
    name: str
    processing_days: Decimal | None
    row: int = 0


@dataclass
class PaperData:
    case: str  # the case name, "" for every case
    name: str
    originals: int
    copies: int
    is_required: bool
    note: str
    row: int = 0


@dataclass
class FeeData:
    case: str
    name: str
    amount: int
    note: str
    row: int = 0


@dataclass
class StepData:
    order: int
    name: str
    org_unit: str  # the unit's code, "" for the receiving agency
    role: str
    days: Decimal
    row: int = 0


@dataclass
class ProcedureData:
    values: dict[str, Any]  # PROCEDURE_FIELDS
    field_code: str
    field_name: str
    agencies: list[str]
    cases: list[CaseData] = field(default_factory=list)
    papers: list[PaperData] = field(default_factory=list)
    fees: list[FeeData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)
    row: int = 0

    @property
    def code(self) -> str:
        return self.values["code"]


def _days(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.1")))


def _clean_text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _key(name: str) -> str:
    return fold(name).casefold()


def _snapshot(data: ProcedureData) -> dict[str, Any]:
    """The comparable content of a procedure, also what the audit rows record."""
    values = {name: data.values[name] for name in PROCEDURE_FIELDS}
    values["processing_days"] = _days(values["processing_days"])
    schema = values["form_schema"]
    # Compared as text: the order of "properties" is the order of the form.
    values["form_schema"] = json.dumps(schema, ensure_ascii=False) if schema else ""
    values["field"] = data.field_code
    values["agencies"] = sorted(data.agencies)
    values["cases"] = [[c.name, _days(c.processing_days)] for c in data.cases]
    values["papers"] = [
        [p.case, p.name, p.originals, p.copies, p.is_required, p.note] for p in data.papers
    ]
    values["fees"] = [[f.case, f.name, f.amount, f.note] for f in data.fees]
    values["steps"] = [
        [s.order, s.name, s.org_unit, s.role, _days(s.days)]
        for s in sorted(data.steps, key=lambda s: s.order)
    ]
    return values


def _with_children(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("field").prefetch_related(
        Prefetch("agencies", queryset=OrgUnit.objects.only("id", "code").order_by("code")),
        Prefetch("cases", queryset=ProcedureCase.objects.order_by("order", "id")),
        Prefetch(
            "papers", queryset=RequiredPaper.objects.select_related("case").order_by("order", "id")
        ),
        Prefetch("fees", queryset=Fee.objects.select_related("case").order_by("order", "id")),
        Prefetch(
            "steps",
            queryset=ProcessStep.objects.select_related("org_unit").order_by("order"),
        ),
    )


def _data_from_db(procedure: Procedure) -> ProcedureData:
    values = {name: getattr(procedure, name) for name in PROCEDURE_FIELDS}
    for name in TEXT_FIELDS:
        values[name] = _clean_text(values[name])
    values["form_schema"] = for_editing(values["form_schema"] or {})
    return ProcedureData(
        values=values,
        field_code=procedure.field.code,
        field_name=procedure.field.name,
        agencies=[unit.code for unit in procedure.agencies.all()],
        cases=[CaseData(c.name, c.processing_days) for c in procedure.cases.all()],
        papers=[
            PaperData(
                p.case.name if p.case_id else "",
                p.name,
                p.originals,
                p.copies,
                p.is_required,
                _clean_text(p.note),
            )
            for p in procedure.papers.all()
        ],
        fees=[
            FeeData(f.case.name if f.case_id else "", f.name, f.amount, _clean_text(f.note))
            for f in procedure.fees.all()
        ],
        steps=[
            StepData(s.order, s.name, s.org_unit.code if s.org_unit_id else "", s.role, s.days)
            for s in procedure.steps.all()
        ],
    )


def procedure_snapshot(procedure: Procedure) -> dict[str, Any]:
    """Everything the catalogue says about one procedure, children included (for audit rows)."""
    procedure = _with_children(Procedure.objects.filter(pk=procedure.pk)).get()
    return _snapshot(_data_from_db(procedure))


# --- export --------------------------------------------------------------------------------


def _labels(choices) -> dict[str, str]:
    with override("vi"):
        return {key: str(label) for key, label in choices.choices}


def _rows_of(data: ProcedureData, out: dict[str, list[dict[str, Any]]]) -> None:
    level, applicant = _labels(Procedure.Level), _labels(Procedure.Applicant)
    online, roles = _labels(Procedure.OnlineLevel), _labels(Role)
    values = data.values
    out[SHEET_PROCEDURES].append(
        {
            **{name: values[name] for name in TEXT_FIELDS},
            "code": data.code,
            "field_code": data.field_code,
            "field_name": data.field_name,
            "level": level.get(values["level"], values["level"]),
            "agencies": "; ".join(data.agencies),
            "applicant_kind": applicant.get(values["applicant_kind"], values["applicant_kind"]),
            "online_level": online.get(values["online_level"], values["online_level"]),
            "processing_days": values["processing_days"],
            "form_schema": (
                json.dumps(values["form_schema"], ensure_ascii=False)
                if values["form_schema"]
                else ""
            ),
            "is_active": YES if values["is_active"] else NO,
        }
    )
    for case in data.cases:
        out[SHEET_CASES].append(
            {"procedure": data.code, "name": case.name, "processing_days": case.processing_days}
        )
    for paper in data.papers:
        out[SHEET_PAPERS].append(
            {
                "procedure": data.code, "case": paper.case, "name": paper.name,
                "originals": paper.originals, "copies": paper.copies,
                "is_required": YES if paper.is_required else NO, "note": paper.note,
            }
        )  # fmt: skip
    for fee in data.fees:
        out[SHEET_FEES].append(
            {"procedure": data.code, "case": fee.case, "name": fee.name, "amount": fee.amount,
             "note": fee.note}
        )  # fmt: skip
    for step in data.steps:
        out[SHEET_STEPS].append(
            {
                "procedure": data.code, "order": step.order, "name": step.name,
                "org_unit": step.org_unit, "role": roles.get(step.role, step.role), "days": step.days,
            }
        )  # fmt: skip


def procedure_export(queryset: QuerySet | None = None) -> bytes:
    """The procedures (all of them, by code, unless a queryset is given) as an .xlsx."""
    if queryset is None:
        queryset = Procedure.objects.order_by("code")
    rows: dict[str, list[dict[str, Any]]] = {sheet: [] for sheet in SHEETS}
    for procedure in _with_children(queryset.prefetch_related(None)):
        _rows_of(_data_from_db(procedure), rows)
    return excel.build_workbook(rows)


def procedure_import_template() -> bytes:
    """The workbook with its headers and one example row per sheet, for a first import."""
    field_ = Field.objects.order_by("code").first()
    agency = (
        OrgUnit.objects.filter(is_active=True, kind=OrgUnit.Kind.DEPARTMENT)
        .order_by("code")
        .first()
        or OrgUnit.objects.filter(is_active=True).order_by("path").first()
    )
    schema = {
        "type": "object",
        "required": ["ten_ban_tin"],
        "properties": {
            "ten_ban_tin": {"type": "string", "title": "Tên bản tin", "maxLength": 200},
            "so_trang": {"type": "integer", "title": "Số trang", "minimum": 1},
        },
    }
    data = ProcedureData(
        values={
            "code": "VD.000001",
            "name": "Ví dụ: Cấp giấy phép xuất bản bản tin (xoá dòng ví dụ này trước khi nhập)",
            "level": Procedure.Level.DEPARTMENT,
            "applicant_kind": Procedure.Applicant.BOTH,
            "online_level": Procedure.OnlineLevel.FULL,
            "processing_days": Decimal("7.5"),
            "processing_note": "Kể từ ngày nhận đủ hồ sơ hợp lệ",
            "steps_text": "Bước 1: Nộp hồ sơ.\nBước 2: Cơ quan xem xét, giải quyết.\nBước 3: Nhận kết quả.",
            "channels_text": "Nộp trực tuyến trên Cổng dịch vụ công hoặc trực tiếp tại bộ phận một cửa.",
            "requirements": "",
            "result": "Giấy phép xuất bản bản tin.",
            "legal_basis": "Luật Xuất bản năm 2012.",
            "fee_note": "",
            "form_schema": schema,
            "is_active": True,
        },
        field_code=field_.code if field_ else "XUATBAN",
        field_name=field_.name if field_ else "Xuất bản, In và Phát hành",
        agencies=[agency.code if agency else "000.00.31.H56"],
        cases=[CaseData("Cấp lại do bị mất, hỏng", Decimal("3"))],
        papers=[PaperData("", "Đơn đề nghị cấp giấy phép (theo mẫu)", 1, 0, True, "")],
        fees=[FeeData("", "Lệ phí cấp giấy phép", 50000, "")],
        steps=[StepData(1, "Tiếp nhận hồ sơ", "", Role.ONE_STOP_CLERK, Decimal("0.5"))],
    )  # fmt: skip
    rows: dict[str, list[dict[str, Any]]] = {sheet: [] for sheet in SHEETS}
    _rows_of(data, rows)
    return excel.build_workbook(rows)


# --- import --------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        if self.errors:
            return _(
                "Tệp có %(n)s lỗi, chưa nhập thủ tục nào. Sửa các dòng được liệt kê rồi nhập lại."
            ) % {"n": len(self.errors)}
        text = _("Đã nhập %(total)s thủ tục (%(created)s mới, %(updated)s cập nhật") % {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
        }
        if self.unchanged:
            text += _(", %(n)s không thay đổi") % {"n": self.unchanged}
        return text + ")."


class _Rollback(Exception):
    pass


_PARSE = object()  # `_Reader.cell`: parse a blank cell like any other


def _check_actor(actor: Any) -> None:
    """A user must be an administrator; a string names a system actor (a command)."""
    if isinstance(actor, str):
        return
    if not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated()
    if not isinstance(actor, User) or not is_administrator(actor):
        raise NotPermitted(
            _("Chỉ quản trị hệ thống mới được cập nhật danh mục thủ tục hành chính.")
        )


class _Reader:
    """Turns the rows of a workbook into ProcedureData, collecting every problem."""

    def __init__(self, rows: dict[str, list[Row]]):
        self.rows = rows
        self.errors: list[RowError] = []
        self.fields = {f.code: f for f in Field.objects.all()}
        self.units = {u.code: u for u in OrgUnit.objects.only("id", "code", "name")}
        self.level = _labels(Procedure.Level)
        self.applicant = _labels(Procedure.Applicant)
        self.online = _labels(Procedure.OnlineLevel)
        self.roles = _labels(Role)
        self.procedures: dict[str, ProcedureData] = {}

    def error(self, row: Row, key: str, message: str) -> None:
        header = excel.column(row.sheet, key).header
        self.errors.append(RowError(row.sheet, row.number, header, str(message)))

    def cell(self, row: Row, key: str, parse, default=None, *, blank=_PARSE, missing: str = ""):
        """The parsed cell, or `default` after an error; a blank cell is `blank` unless
        `missing` makes it an error (by default a blank cell is parsed too)."""
        if (missing or blank is not _PARSE) and excel.is_blank(row.values.get(key)):
            if missing:
                self.error(row, key, missing)
                return default
            return blank
        try:
            return parse(row.values.get(key))
        except CellError as problem:
            self.error(row, key, str(problem))
            return default

    def label(self, row: Row, key: str) -> str:
        return excel.column(row.sheet, key).header

    def read(self) -> list[ProcedureData]:
        for row in self.rows[SHEET_PROCEDURES]:
            self.read_procedure(row)
        self.read_cases()
        self.read_papers()
        self.read_fees()
        self.read_steps()
        return list(self.procedures.values())

    def model_errors(self, row: Row, instance, keys: dict[str, str], exclude: list[str]) -> None:
        """Lengths and the like, checked by the model itself; `keys`: model field → column."""
        already = {e.column for e in self.errors if e.sheet == row.sheet and e.row == row.number}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                key = keys.get(name)
                if key is None or self.label(row, key) in already:
                    continue
                self.error(row, key, " ".join(messages))

    def read_procedure(self, row: Row) -> None:
        v = row.values
        code = self.cell(row, "code", excel.code)
        if code is None:
            return
        if not code:
            self.error(row, "code", _("Chưa ghi mã thủ tục."))
            return
        if code in self.procedures:
            self.error(
                row, "code",
                _("Mã thủ tục “%(code)s” trùng với dòng %(row)s.")
                % {"code": code, "row": self.procedures[code].row},
            )  # fmt: skip
            return
        values: dict[str, Any] = {"code": code}
        for name in TEXT_FIELDS:
            values[name] = _clean_text(excel.text(v.get(name)))
        for name, message in (
            ("name", _("Chưa ghi tên thủ tục.")),
            ("result", _("Chưa ghi kết quả thực hiện.")),
            ("legal_basis", _("Chưa ghi căn cứ pháp lý.")),
        ):
            if not values[name]:
                self.error(row, name, message)
        field_code = self.cell(
            row, "field_code", excel.code, "", missing=_("Chưa ghi mã lĩnh vực.")
        )
        if field_code and field_code not in self.fields:
            self.error(
                row, "field_code",
                _("Không có lĩnh vực mã “%(code)s”. Hãy thêm lĩnh vực trong trang quản trị trước.")
                % {"code": field_code},
            )  # fmt: skip
        agencies = excel.split_codes(v.get("agencies"))
        if not agencies:
            self.error(row, "agencies", _("Cần ít nhất một cơ quan thực hiện (mã định danh)."))
        unknown = [c for c in agencies if c not in self.units]
        if unknown:
            self.error(
                row, "agencies",
                _("Không có cơ quan mã %(codes)s.") % {"codes": ", ".join(unknown)},
            )  # fmt: skip
        values["level"] = self.cell(
            row, "level", lambda x: excel.parse_choice(x, self.level, label=_("Cấp thực hiện")),
            "", missing=_("Chưa ghi cấp thực hiện."),
        )  # fmt: skip
        values["applicant_kind"] = self.cell(
            row, "applicant_kind",
            lambda x: excel.parse_choice(x, self.applicant, label=_("Đối tượng")),
            "", blank=Procedure.Applicant.BOTH,
        )  # fmt: skip
        values["online_level"] = self.cell(
            row, "online_level",
            lambda x: excel.parse_choice(x, self.online, label=_("Mức độ DVC"), aliases=ONLINE_LEVEL_ALIASES),
            "", missing=_("Chưa ghi mức độ dịch vụ công trực tuyến."),
        )  # fmt: skip
        values["processing_days"] = self.cell(
            row, "processing_days", lambda x: excel.parse_days(x, label=_("Thời hạn")),
            missing=_("Chưa ghi thời hạn giải quyết."),
        )  # fmt: skip
        values["form_schema"] = self.cell(row, "form_schema", _parse_schema, {})
        values["is_active"] = self.cell(
            row, "is_active", lambda x: excel.parse_bool(x, label=_("Đang áp dụng")), True
        )
        self.procedures[code] = ProcedureData(
            values=values,
            field_code=field_code,
            field_name=excel.text(v.get("field_name")),
            agencies=agencies,
            row=row.number,
        )
        # Lengths and choices as the model checks them; columns already in error are skipped.
        self.model_errors(
            row,
            Procedure(**values),
            {name: name for name in PROCEDURE_FIELDS},
            exclude=["field", "search_text"],
        )

    def owner(self, row: Row) -> ProcedureData | None:
        """The procedure a child row belongs to, which must be in the "Thủ tục" sheet."""
        try:
            code = excel.code(row.values.get("procedure"))
        except CellError as problem:
            self.error(row, "procedure", str(problem))
            return None
        if not code:
            self.error(row, "procedure", _("Chưa ghi mã thủ tục."))
            return None
        data = self.procedures.get(code)
        if data is None:
            self.error(
                row, "procedure",
                _("Mã thủ tục “%(code)s” không có ở sheet “%(sheet)s”.")
                % {"code": code, "sheet": SHEET_PROCEDURES},
            )  # fmt: skip
        return data

    def case_of(self, row: Row, data: ProcedureData | None) -> str:
        """The case name a paper or a fee refers to, as the "Trường hợp" sheet spells it."""
        name = _clean_text(excel.text(row.values.get("case")))
        if not name or data is None:
            return name
        for case in data.cases:
            if _key(case.name) == _key(name):
                return case.name
        self.error(
            row, "case",
            _("Thủ tục “%(code)s” không có trường hợp “%(case)s” ở sheet “%(sheet)s”.")
            % {"code": data.code, "case": name, "sheet": SHEET_CASES},
        )  # fmt: skip
        return name

    def read_cases(self) -> None:
        for row in self.rows[SHEET_CASES]:
            data = self.owner(row)
            name = _clean_text(excel.text(row.values.get("name")))
            days = self.cell(
                row, "processing_days",
                lambda x: excel.parse_days(x, label=_("Thời hạn riêng")), blank=None,
            )  # fmt: skip
            if not name:
                self.error(row, "name", _("Chưa ghi tên trường hợp."))
                continue
            self.model_errors(
                row, ProcedureCase(name=name, processing_days=days),
                {"name": "name", "processing_days": "processing_days"},
                exclude=["procedure", "processing_days"],
            )  # fmt: skip
            if data is None:
                continue
            twin = next((c for c in data.cases if _key(c.name) == _key(name)), None)
            if twin is not None:
                self.error(
                    row, "name",
                    _("Trường hợp “%(name)s” của thủ tục “%(code)s” trùng với dòng %(row)s.")
                    % {"name": name, "code": data.code, "row": twin.row},
                )  # fmt: skip
                continue
            data.cases.append(CaseData(name, days, row.number))

    def read_papers(self) -> None:
        for row in self.rows[SHEET_PAPERS]:
            data = self.owner(row)
            case = self.case_of(row, data)
            name = _clean_text(excel.text(row.values.get("name")))
            if not name:
                self.error(row, "name", _("Chưa ghi tên giấy tờ."))
            originals = self.cell(
                row, "originals", lambda x: excel.parse_count(x, label=_("Số bản chính")), 1,
                blank=1,
            )  # fmt: skip
            copies = self.cell(
                row, "copies", lambda x: excel.parse_count(x, label=_("Số bản sao")), 0, blank=0
            )
            required = self.cell(
                row, "is_required", lambda x: excel.parse_bool(x, label=_("Bắt buộc")), True
            )
            note = _clean_text(excel.text(row.values.get("note")))
            self.model_errors(
                row, RequiredPaper(name=name, note=note, originals=originals, copies=copies),
                {"name": "name", "note": "note"},
                exclude=["procedure", "case", "template", "originals", "copies"],
            )  # fmt: skip
            if data is not None and name:
                data.papers.append(
                    PaperData(case, name, originals, copies, required, note, row.number)
                )

    def read_fees(self) -> None:
        for row in self.rows[SHEET_FEES]:
            data = self.owner(row)
            case = self.case_of(row, data)
            name = _clean_text(excel.text(row.values.get("name")))
            if not name:
                self.error(row, "name", _("Chưa ghi tên phí, lệ phí."))
            amount = self.cell(
                row,
                "amount",
                excel.parse_amount,
                missing=_("Chưa ghi mức thu (ghi 0 nếu miễn phí)."),
            )
            note = _clean_text(excel.text(row.values.get("note")))
            self.model_errors(
                row, Fee(name=name, note=note, amount=amount or 0), {"name": "name", "note": "note"},
                exclude=["procedure", "case", "amount"],
            )  # fmt: skip
            if data is not None and name and amount is not None:
                data.fees.append(FeeData(case, name, amount, note, row.number))

    def read_steps(self) -> None:
        for row in self.rows[SHEET_STEPS]:
            data = self.owner(row)
            v = row.values
            order = self.cell(
                row, "order", lambda x: excel.parse_count(x, label=_("Thứ tự"), minimum=1),
                missing=_("Chưa ghi thứ tự của bước."),
            )  # fmt: skip
            name = _clean_text(excel.text(v.get("name")))
            if not name:
                self.error(row, "name", _("Chưa ghi tên bước."))
            unit = self.cell(row, "org_unit", excel.code, "").upper()
            if unit and unit not in self.units:
                self.error(row, "org_unit", _("Không có đơn vị mã “%(code)s”.") % {"code": unit})
            role = self.cell(
                row, "role", lambda x: excel.parse_choice(x, self.roles, label=_("Vai trò")),
                missing=_("Chưa ghi vai trò thực hiện."),
            )  # fmt: skip
            days = self.cell(
                row, "days", lambda x: excel.parse_days(x, label=_("Số ngày")),
                missing=_("Chưa ghi số ngày của bước."),
            )  # fmt: skip
            self.model_errors(
                row, ProcessStep(name=name, order=order or 1, role=role or Role.HANDLER, days=days or 1),
                {"name": "name"}, exclude=["procedure", "org_unit", "order", "role", "days"],
            )  # fmt: skip
            if data is None or order is None:
                continue
            twin = next((s for s in data.steps if s.order == order), None)
            if twin is not None:
                self.error(
                    row, "order",
                    _("Bước số %(order)s của thủ tục “%(code)s” trùng với dòng %(row)s.")
                    % {"order": order, "code": data.code, "row": twin.row},
                )  # fmt: skip
                continue
            if name and role and days is not None:
                data.steps.append(StepData(order, name, unit, role, days, row.number))


def _parse_schema(value: Any) -> dict:
    if excel.is_blank(value):
        return {}
    try:
        schema = json.loads(excel.text(value))
    except json.JSONDecodeError as problem:
        raise CellError(
            _("Biểu mẫu không phải JSON hợp lệ (lỗi ở ký tự thứ %(pos)s).")
            % {"pos": problem.pos + 1}
        ) from None
    if schema in (None, {}):
        return {}
    try:
        check_schema(schema)
    except SchemaError as problem:
        raise CellError(str(problem)) from None
    return schema


class _Writer:
    """Saves checked ProcedureData; a child that cannot be removed becomes an error."""

    def __init__(self, *, actor: Any, reason: str, units: dict[str, OrgUnit], fields: dict):
        self.actor, self.reason, self.units, self.fields = actor, reason, units, fields
        self.errors: list[RowError] = []

    def remove(self, obj, sheet: str, column: str, message: str) -> None:
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError:
            self.errors.append(RowError(sheet, None, column, message))

    def save(self, data: ProcedureData, procedure: Procedure | None) -> str:
        """'created', 'updated' or 'unchanged'."""
        after = _snapshot(data)
        if procedure is None:
            procedure, before = Procedure(), None
        else:
            before = _snapshot(_data_from_db(procedure))
            if before == after:
                return "unchanged"
        for name in PROCEDURE_FIELDS:
            setattr(procedure, name, data.values[name])
        procedure.field = self.fields[data.field_code]
        procedure.save()
        procedure.agencies.set([self.units[code] for code in data.agencies])
        self.sync_children(procedure, data, fresh=before is None)
        audit_log(
            actor=self.actor,
            action="procedure.import_create" if before is None else "procedure.import_update",
            obj=procedure,
            changes=after if before is None else diff(before, after),
            reason=self.reason,
        )
        return "created" if before is None else "updated"

    def sync_children(self, procedure: Procedure, data: ProcedureData, *, fresh: bool) -> None:
        code = procedure.code
        old_cases = {} if fresh else {_key(c.name): c for c in procedure.cases.all()}
        cases: dict[str, ProcedureCase] = {}
        new: list = []
        for order, item in enumerate(data.cases, start=1):
            case = old_cases.pop(_key(item.name), None) or ProcedureCase(procedure=procedure)
            _put(
                case,
                {"name": item.name, "processing_days": item.processing_days, "order": order},
                new,
            )
            cases[_key(item.name)] = case
        ProcedureCase.objects.bulk_create(new)

        def case_id(name: str) -> int | None:
            return cases[_key(name)].pk if name else None

        old_papers: dict[tuple[str, str], list[RequiredPaper]] = {}
        for paper in [] if fresh else procedure.papers.all():
            key = (_key(paper.case.name) if paper.case_id else "", _key(paper.name))
            old_papers.setdefault(key, []).append(paper)
        new = []
        for order, item in enumerate(data.papers, start=1):
            matches = old_papers.get((_key(item.case), _key(item.name))) or []
            paper = matches.pop(0) if matches else RequiredPaper(procedure=procedure)
            _put(paper, {
                "case_id": case_id(item.case), "name": item.name, "originals": item.originals,
                "copies": item.copies, "is_required": item.is_required, "note": item.note,
                "order": order,
            }, new)  # fmt: skip
        RequiredPaper.objects.bulk_create(new)
        for leftovers in old_papers.values():
            for paper in leftovers:
                self.remove(
                    paper, SHEET_PAPERS, excel.column(SHEET_PAPERS, "name").header,
                    _("Thủ tục “%(code)s”: không bỏ được giấy tờ “%(name)s” vì đã có hồ sơ nộp "
                      "kèm giấy tờ này. Hãy giữ dòng này trong tệp (đổi tên thì sửa trong trang "
                      "quản trị).") % {"code": code, "name": paper.name},
                )  # fmt: skip

        old_fees: dict[tuple[str, str], list[Fee]] = {}
        for fee in [] if fresh else procedure.fees.all():
            key = (_key(fee.case.name) if fee.case_id else "", _key(fee.name))
            old_fees.setdefault(key, []).append(fee)
        new = []
        for order, item in enumerate(data.fees, start=1):
            matches = old_fees.get((_key(item.case), _key(item.name))) or []
            fee = matches.pop(0) if matches else Fee(procedure=procedure)
            _put(fee, {
                "case_id": case_id(item.case), "name": item.name, "amount": item.amount,
                "note": item.note, "order": order,
            }, new)  # fmt: skip
        Fee.objects.bulk_create(new)
        for leftovers in old_fees.values():
            for fee in leftovers:
                self.remove(
                    fee, SHEET_FEES, excel.column(SHEET_FEES, "name").header,
                    _("Thủ tục “%(code)s”: không bỏ được phí “%(name)s”.")
                    % {"code": code, "name": fee.name},
                )  # fmt: skip

        for case in old_cases.values():
            self.remove(
                case, SHEET_CASES, excel.column(SHEET_CASES, "name").header,
                _("Thủ tục “%(code)s”: không bỏ được trường hợp “%(name)s” vì đã có hồ sơ theo "
                  "trường hợp này. Hãy giữ dòng này trong tệp.") % {"code": code, "name": case.name},
            )  # fmt: skip

        old_steps = {} if fresh else {s.order: s for s in procedure.steps.all()}
        new_orders = {item.order for item in data.steps}
        for order, step in list(old_steps.items()):
            if order not in new_orders:
                self.remove(
                    step, SHEET_STEPS, excel.column(SHEET_STEPS, "order").header,
                    _("Thủ tục “%(code)s”: không bỏ được bước số %(order)s vì đang được dùng.")
                    % {"code": code, "order": order},
                )  # fmt: skip
        new = []
        for item in sorted(data.steps, key=lambda s: s.order):
            step = old_steps.get(item.order) or ProcessStep(procedure=procedure, order=item.order)
            unit = self.units[item.org_unit].pk if item.org_unit else None
            _put(
                step,
                {"name": item.name, "role": item.role, "days": item.days, "org_unit_id": unit},
                new,
            )
        ProcessStep.objects.bulk_create(new)


def _put(obj, values: dict[str, Any], new: list) -> None:
    """Set `values` on `obj`: a new object waits in `new` for bulk_create, a changed one is saved."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if obj.pk is None:
        new.append(obj)
    elif changed:
        obj.save()


def _sort_key(error: RowError) -> tuple:
    sheet = SHEETS.index(error.sheet) if error.sheet in SHEETS else len(SHEETS)
    headers = [c.header for c in excel.LAYOUT.get(error.sheet, ())]
    column = headers.index(error.column) if error.column in headers else len(headers)
    return (sheet, error.row or 0, column)


def procedure_import(*, actor: Any, file: Any, reason: str = "") -> ImportResult:
    """Create or update the procedures of a workbook, all or nothing.

    `actor` is an administrator, or a string naming a system actor (a management command).
    `file` is a path, bytes or a file object. Raises ValidationFailed when the file is not an
    .xlsx workbook (Conflict if the catalogue changed under it); otherwise returns an
    ImportResult whose `errors` list every bad row, in which case nothing was saved.
    """
    _check_actor(actor)
    name = str(getattr(file, "name", "") or "")
    if isinstance(file, str | Path):
        workbook = excel.read_workbook(Path(file).read_bytes())
        name = str(file)
    else:
        workbook = excel.read_workbook(file)
    result = ImportResult(errors=list(workbook.errors))
    if result.errors:
        return result
    reader = _Reader(workbook.rows)
    procedures = reader.read()
    if reader.errors:
        result.errors = sorted(reader.errors, key=_sort_key)
        return result
    writer = _Writer(actor=actor, reason=reason, units=reader.units, fields=reader.fields)
    try:
        with transaction.atomic():
            existing = {
                p.code: p
                for p in _with_children(
                    Procedure.objects.select_for_update().filter(
                        code__in=[d.code for d in procedures]
                    )
                )
            }
            for data in procedures:
                outcome = writer.save(data, existing.get(data.code))
                setattr(result, outcome, getattr(result, outcome) + 1)
            if writer.errors:
                raise _Rollback
            audit_log(
                actor=actor,
                action="procedure.import",
                changes={
                    "file": name, "procedures": result.total, "created": result.created,
                    "updated": result.updated, "unchanged": result.unchanged,
                },
                reason=reason,
            )  # fmt: skip
    except _Rollback:
        return ImportResult(errors=sorted(writer.errors, key=_sort_key))
    except IntegrityError:
        # Someone saved the same procedure (or case) meanwhile: nothing of this import is kept.
        raise Conflict(
            _("Danh mục vừa được thay đổi trong lúc nhập, chưa có gì được lưu. Hãy nhập lại.")
        ) from None
    return result
