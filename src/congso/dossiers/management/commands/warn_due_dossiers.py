from django.core.management.base import BaseCommand

from congso.dossiers.reminders import WARN_HOURS, warn_due


class Command(BaseCommand):
    help = (
        f"Gửi thư nhắc cán bộ về các bước hồ sơ sắp đến hạn (trong {WARN_HOURS} giờ làm việc) "
        "hoặc đã quá hạn; mỗi bước nhắc một lần. Chạy định kỳ (ví dụ 30 phút một lần)."
    )

    def handle(self, *args, **options):
        sent = warn_due()
        self.stdout.write(f"Đã gửi {sent} thư nhắc hạn.")
