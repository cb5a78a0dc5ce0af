from django.core.management.base import BaseCommand

from congso.portal import viewcounts


class Command(BaseCommand):
    help = "Cộng lượt xem bài viết đã đếm trong bộ đệm vào cơ sở dữ liệu (chạy mỗi phút)."

    def handle(self, *args, **options):
        moved = viewcounts.flush_all()
        if options["verbosity"] > 1:
            self.stdout.write(f"Đã cộng {moved} lượt xem.")
