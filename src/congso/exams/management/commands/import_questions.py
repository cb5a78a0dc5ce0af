"""`congso import_questions --format gift --bank "Tên ngân hàng" [--agency MÃ] FILE`.

Prints each rejected and each skipped question, then, as the last line,
`imported N, skipped M, rejected K`. Exit status 1 when anything was rejected (then nothing,
not even a new bank, is kept), 0 otherwise.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from congso.accounts.models import OrgUnit
from congso.core.exceptions import ApplicationError
from congso.exams import questions as question_services
from congso.exams.formats import IMPORT_FORMATS, MAX_IMPORT_BYTES, ImportReport, import_questions
from congso.exams.formats.common import ReportEntry
from congso.exams.models import QuestionBank

ACTOR = "congso import_questions"


def find_bank(*, name: str, agency: str, create: bool) -> QuestionBank | None:
    """The bank called `name` (in `agency` when given); created under the agency, or the
    province (the root agency), when missing and `create` is set."""
    org_unit = None
    if agency:
        org_unit = OrgUnit.objects.filter(code=agency).first()
        if org_unit is None:
            raise CommandError(f"Không có cơ quan mã {agency}.")
    banks = QuestionBank.objects.filter(name__iexact=" ".join(name.split()))
    if org_unit is not None:
        banks = banks.filter(org_unit=org_unit)
    found = list(banks.select_related("org_unit")[:2])
    if len(found) > 1:
        raise CommandError(
            f"Có nhiều ngân hàng câu hỏi tên “{name}”; hãy chỉ rõ cơ quan bằng --agency MÃ."
        )
    if found:
        return found[0]
    if not create:
        return None
    if org_unit is None:
        org_unit = OrgUnit.get_first_root_node()
        if org_unit is None:
            raise CommandError("Chưa có cơ quan nào; hãy tạo cây cơ quan trước.")
    return question_services.bank_create(actor=ACTOR, org_unit=org_unit, name=name)


class Command(BaseCommand):
    help = (
        "Nhập câu hỏi vào ngân hàng từ tệp Moodle XML, GIFT, Aiken hoặc Excel (.xlsx). "
        "Có câu hỏi lỗi thì không nhập câu nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp câu hỏi")
        parser.add_argument("--format", dest="fmt", required=True, choices=IMPORT_FORMATS)
        parser.add_argument("--bank", required=True, help="Tên ngân hàng câu hỏi")
        parser.add_argument(
            "--agency",
            default="",
            help="Mã cơ quan sở hữu ngân hàng (mặc định: tìm theo tên, tạo mới thuộc UBND tỉnh)",
        )

    def handle(self, *args, file, fmt, bank, agency, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp {file}.")
        with path.open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
        with transaction.atomic():
            target = find_bank(name=bank, agency=agency, create=True)
            if target is None:  # not reached: create=True
                raise CommandError(f"Không có ngân hàng câu hỏi tên “{bank}”.")
            try:
                report = import_questions(
                    actor=ACTOR, bank=target, fmt=fmt, data=data, filename=path.name
                )
            except ApplicationError as error:
                report = ImportReport(rejected=[ReportEntry(0, error.message)])
            if not report.ok:
                transaction.set_rollback(True)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(report.summary_line())
        if not report.ok:
            raise SystemExit(1)
