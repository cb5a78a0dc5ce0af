"""Seed the demo catalogue of administrative procedures (data in `congso.procedures.demo_data`).

Safe to run again: fields are matched by code (or by their slug), procedures by code. A procedure
that exists is left as it is, children included; only a demo form template whose file is missing
from storage is written again. `congso demo` calls this after the agencies exist: procedures are
attached to the demo agencies by code, and one whose agencies are all missing is skipped.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction

from congso.accounts.models import OrgUnit
from congso.core.text import slugify_vi
from congso.demo.data import CENTER
from congso.procedures.demo_data import FIELDS, PROCEDURES
from congso.procedures.demo_data.base import ONE_STOP, ProcedureSpec, TemplateSpec, steps
from congso.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureCase,
    ProcessStep,
    RequiredPaper,
)

TEMPLATE_DIR = "procedures/templates/demo"
ONLINE_BASIS = "Nghị định 45/2020/NĐ-CP về thực hiện thủ tục hành chính trên môi trường điện tử"
PORTAL = "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc Hệ thống thông tin giải quyết thủ "
PORTAL += "tục hành chính tỉnh Thái Bình"
DESKS = {
    "department": f"Trung tâm Phục vụ hành chính công tỉnh ({CENTER.address})",
    "province": f"Trung tâm Phục vụ hành chính công tỉnh ({CENTER.address})",
    "district": "Bộ phận Tiếp nhận và Trả kết quả của Ủy ban nhân dân huyện, thành phố",
    "commune": "Bộ phận Một cửa của Ủy ban nhân dân xã, phường, thị trấn",
}
WHO = {
    "citizen": "Công dân",
    "business": "Tổ chức, doanh nghiệp",
    "both": "Tổ chức, cá nhân",
}


@dataclass
class ProcedureSeed:
    procedures: int = 0  # demo procedures in the catalogue (existing or new)
    procedures_created: int = 0
    rows_created: int = 0  # fields, procedures, cases, papers, fees and steps
    templates_written: int = 0


def seed_procedures() -> int:
    """Create what is missing of the demo catalogue; return the number of rows created."""
    return seed_procedure_catalogue().rows_created


@transaction.atomic
def seed_procedure_catalogue() -> ProcedureSeed:
    result = ProcedureSeed()
    fields = _seed_fields(result)
    existing = set(
        Procedure.objects.filter(code__in=[p.code for p in PROCEDURES]).values_list(
            "code", flat=True
        )
    )
    new = [spec for spec in PROCEDURES if spec.code not in existing]
    codes = {c for spec in new for c in spec.agencies} | {CENTER.code}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
    links, papers, fees, process = [], [], [], []
    for spec in new:
        agencies = [units[code] for code in spec.agencies if code in units]
        if not agencies:
            continue
        procedure = _procedure(spec, fields[spec.field])
        links += [
            Procedure.agencies.through(procedure=procedure, orgunit=unit) for unit in agencies
        ]
        cases = {}
        for order, case in enumerate(spec.cases):
            cases[case.name] = ProcedureCase.objects.create(
                procedure=procedure, name=case.name, processing_days=case.days, order=order
            )
        for order, item in enumerate(spec.papers):
            paper = RequiredPaper(
                procedure=procedure, case=cases.get(item.case), name=item.name,
                originals=item.originals, copies=item.copies, is_required=item.required,
                note=item.note, order=order,
            )  # fmt: skip
            if item.template:
                result.templates_written += _write_template(paper, item.template)
            papers.append(paper)
        fees += [
            Fee(procedure=procedure, case=cases.get(item.case), name=item.name,
                amount=item.amount, note=item.note, order=order)
            for order, item in enumerate(spec.fees)
        ]  # fmt: skip
        desk = units.get(CENTER.code) if spec.level in {"department", "province"} else None
        process += [
            ProcessStep(procedure=procedure, order=order, name=step.name, role=step.role,
                        days=step.days, org_unit=units.get(step.unit) if step.unit else None)
            for order, step in enumerate(
                steps(spec.days, check=spec.check, desk=desk and desk.code), start=1
            )
        ]  # fmt: skip
        result.procedures_created += 1
        result.rows_created += 1 + len(cases)
    for model, rows in ((RequiredPaper, papers), (Fee, fees), (ProcessStep, process)):
        for row in rows:
            row.clean_fields(exclude=["procedure", "case", "org_unit", "template"])
        model.objects.bulk_create(rows)
        result.rows_created += len(rows)
    Procedure.agencies.through.objects.bulk_create(links)
    result.templates_written += _repair_templates(existing)
    result.procedures = Procedure.objects.filter(code__in=[p.code for p in PROCEDURES]).count()
    return result


def _seed_fields(result: ProcedureSeed) -> dict[str, Field]:
    fields = {field.code: field for field in Field.objects.filter(code__in=list(FIELDS))}
    for code, name in FIELDS.items():
        if code in fields:
            continue
        same_name = Field.objects.filter(slug=slugify_vi(name, max_length=100)).first()
        if same_name is None:
            same_name = Field.objects.create(code=code, name=name)
            result.rows_created += 1
        fields[code] = same_name
    return fields


def _procedure(spec: ProcedureSpec, field: Field) -> Procedure:
    procedure = Procedure(
        code=spec.code, name=spec.name, field=field, level=spec.level,
        applicant_kind=spec.applicant, online_level=spec.online, processing_days=spec.days,
        processing_note=spec.note, steps_text=steps_text(spec), channels_text=channels_text(spec),
        requirements=spec.requirements, result=spec.result, legal_basis=legal_basis(spec),
        fee_note=spec.fee_note or ("" if spec.fees else "Không thu phí, lệ phí."),
        form_schema=spec.form or {},
    )  # fmt: skip
    procedure.full_clean()
    procedure.save()
    return procedure


def steps_text(spec: ProcedureSpec) -> str:
    desk = DESKS[spec.level]
    submit = f"nộp trực tuyến trên {PORTAL} hoặc nộp trực tiếp, qua dịch vụ bưu chính công ích"
    if spec.online == "offline":
        submit = "nộp trực tiếp hoặc qua dịch vụ bưu chính công ích"
    receive = f"Nhận kết quả tại {desk} hoặc qua dịch vụ bưu chính công ích"
    if spec.online == "full":
        receive += f"; bản điện tử của kết quả được trả trên {PORTAL}"
    return "\n".join([
        f"Bước 1: {WHO[spec.applicant]} chuẩn bị hồ sơ theo quy định, {submit} tại {desk}.",
        "Bước 2: Công chức tiếp nhận kiểm tra hồ sơ. Hồ sơ đầy đủ, hợp lệ thì tiếp nhận, cấp "
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả; chưa đầy đủ thì hướng dẫn bổ sung một lần bằng "
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.",
        f"Bước 3: {spec.todo}",
        f"Bước 4: {receive}.",
    ])  # fmt: skip


def channels_text(spec: ProcedureSpec) -> str:
    desk = DESKS[spec.level]
    lines = {
        "full": f"- Trực tuyến toàn trình trên {PORTAL}: khai tờ khai điện tử, đính kèm giấy tờ, "
        "nộp phí trực tuyến và nhận kết quả điện tử.",
        "partial": f"- Trực tuyến một phần trên {PORTAL}: nộp hồ sơ trực tuyến; xuất trình bản "
        "chính hoặc nhận kết quả bản giấy tại nơi tiếp nhận.",
        "offline": "- Thủ tục chưa cung cấp dịch vụ công trực tuyến.",
    }
    return "\n".join([
        lines[spec.online],
        f"- Trực tiếp tại {desk} (sáng 7 giờ 30 - 11 giờ 30, chiều 13 giờ 30 - 17 giờ, từ thứ Hai "
        "đến thứ Sáu).",
        "- Qua dịch vụ bưu chính công ích.",
    ])  # fmt: skip


def legal_basis(spec: ProcedureSpec) -> str:
    items = [item.strip() for item in spec.legal.split(";") if item.strip()]
    if spec.online != "offline":
        items.append(ONLINE_BASIS)
    items.append(ONE_STOP)
    return "\n".join(f"- {item}" for item in dict.fromkeys(items))


def _write_template(paper: RequiredPaper, template: TemplateSpec) -> bool:
    """Point the paper at the demo file of `template`, writing it only when storage lacks it.

    Demo templates have fixed names, so papers sharing a form share one file; returns whether a
    file was written.
    """
    storage = paper.template.storage
    name = f"{TEMPLATE_DIR}/{slugify_vi(template.title, max_length=60)}.docx"
    written = not storage.exists(name)
    if written:
        name = storage.save(name, ContentFile(docx_form(template)))
    paper.template.name = name
    return written


def _repair_templates(codes: set[str]) -> int:
    """Write the demo templates of existing procedures whose file is missing from storage."""
    wanted = {
        (spec.code, item.name): item.template
        for spec in PROCEDURES
        if spec.code in codes
        for item in spec.papers
        if item.template
    }
    if not wanted:
        return 0
    written = 0
    papers = RequiredPaper.objects.filter(
        procedure__code__in={code for code, _name in wanted}
    ).select_related("procedure")
    for paper in papers:
        template = wanted.get((paper.procedure.code, paper.name))
        if template is None:
            continue
        if paper.template and paper.template.storage.exists(paper.template.name):
            continue
        written += _write_template(paper, template)
        paper.save(update_fields=["template"])
    return written


# A small Word document (Office Open XML): one part, paragraphs in Times New Roman.
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FONT = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
_SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
    'w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
)
_DOTS = "." * 130


def _para(text: str, *, bold=False, italic=False, align="", size=26, after=60) -> str:
    ppr = f'<w:spacing w:after="{after}"/>' + (f'<w:jc w:val="{align}"/>' if align else "")
    rpr = _FONT + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return (
        f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr>"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def docx_form(template: TemplateSpec) -> bytes:
    """The form as a .docx: national motto, title, numbered items with dotted lines, signature."""
    body = [
        _para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center", after=0),
        _para("Độc lập - Tự do - Hạnh phúc", bold=True, align="center", after=360),
        _para(template.title, bold=True, align="center", size=28, after=240),
    ]
    if template.to:
        body.append(_para(f"Kính gửi: {template.to}", align="center", after=240))
    for number, item in enumerate(template.items, start=1):
        body.append(_para(f"{number}. {item}:", after=0))
        body.append(_para(_DOTS, after=120))
    body += [
        _para("Tôi cam đoan những nội dung khai trên là đúng sự thật và chịu trách nhiệm trước "
              "pháp luật về lời khai của mình.", after=240),
        _para("..........., ngày ..... tháng ..... năm ..........", italic=True, align="right"),
        _para("NGƯỜI ĐỀ NGHỊ", bold=True, align="right", after=0),
        _para("(Ký, ghi rõ họ tên)", italic=True, align="right", after=960),
        _para("Mẫu minh họa của dữ liệu trình diễn Congso; khi nộp hồ sơ thật, dùng mẫu do cơ "
              "quan có thẩm quyền ban hành.", italic=True, size=20),
    ]  # fmt: skip
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(body)}{_SECTION}</w:body></w:document>'
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
