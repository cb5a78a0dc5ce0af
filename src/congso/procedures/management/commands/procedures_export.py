from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congso.procedures.models import Procedure
from congso.procedures.services import procedure_export


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục hành chính ra tệp Excel (.xlsx), nhập lại được bằng procedures_import."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx sẽ ghi")
        parser.add_argument("--field", default="", help="Chỉ xuất các thủ tục của lĩnh vực mã này")
        parser.add_argument(
            "--active", action="store_true", help="Chỉ xuất các thủ tục đang áp dụng"
        )

    def handle(self, *args, file, field, active, **options):
        queryset = Procedure.objects.order_by("code")
        if field:
            queryset = queryset.filter(field__code=field)
        if active:
            queryset = queryset.filter(is_active=True)
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"Không có thư mục {path.parent}.")
        path.write_bytes(procedure_export(queryset))
        self.stdout.write(f"Đã xuất {queryset.count()} thủ tục vào {path}.")
