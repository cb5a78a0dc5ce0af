"""`congso export_questions --format moodlexml --bank "Tên ngân hàng" [--agency MÃ] [-o FILE]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congso.exams.formats import EXPORT_FORMATS, export_bank
from congso.exams.management.commands.import_questions import find_bank


class Command(BaseCommand):
    help = "Xuất các câu hỏi đang dùng của một ngân hàng (kèm chủ đề) ra tệp Moodle XML hoặc GIFT."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="fmt", required=True, choices=EXPORT_FORMATS)
        parser.add_argument("--bank", required=True, help="Tên ngân hàng câu hỏi")
        parser.add_argument("--agency", default="", help="Mã cơ quan sở hữu ngân hàng")
        parser.add_argument("-o", "--output", default="", help="Tệp ghi ra (mặc định: màn hình)")

    def handle(self, *args, fmt, bank, agency, output, **options):
        target = find_bank(name=bank, agency=agency, create=False)
        if target is None:
            raise CommandError(f"Không có ngân hàng câu hỏi tên “{bank}”.")
        data = export_bank(bank=target, fmt=fmt)
        if output:
            Path(output).write_bytes(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
