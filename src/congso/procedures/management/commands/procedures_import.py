from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congso.core.exceptions import ApplicationError
from congso.procedures.services import procedure_import


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục hành chính từ tệp Excel (.xlsx) theo bố cục của tệp mẫu: "
        "tất cả hoặc không dòng nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx")
        parser.add_argument("--reason", default="", help="Lý do, ghi vào nhật ký thao tác")

    def handle(self, *args, file, reason, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp {file}.")
        try:
            result = procedure_import(actor="congso procedures_import", file=path, reason=reason)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        if not result.ok:
            for error in result.errors:
                where = f"{error.sheet}, dòng {error.row or '—'}, cột {error.column or '—'}"
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
