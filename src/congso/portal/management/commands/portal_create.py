from django.core.management.base import BaseCommand, CommandError

from congso.accounts.models import OrgUnit
from congso.core.exceptions import ApplicationError
from congso.portal.services import portal_create


class Command(BaseCommand):
    help = "Tạo cổng thông tin thành phần cho một cơ quan (trang chủ, chuyên mục, nhóm biên tập, quy trình duyệt)."

    def add_arguments(self, parser):
        parser.add_argument("org_unit_code", help="Mã định danh của cơ quan, ví dụ 000.00.11.H56")
        parser.add_argument("hostname", help="Tên miền của cổng, ví dụ sotttt.thaibinh.gov.vn")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--title", default="")
        parser.add_argument("--main", action="store_true", help="Đây là cổng chính của tỉnh")

    def handle(self, *args, org_unit_code, hostname, port, title, main, **options):
        unit = OrgUnit.objects.filter(code=org_unit_code).first()
        if unit is None:
            raise CommandError(f"Không có cơ quan mã {org_unit_code}.")
        try:
            site = portal_create(
                actor="congso portal_create", org_unit=unit, hostname=hostname, port=port,
                title=title, is_main=main,
            )  # fmt: skip
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Đã tạo {site.site_name}: {site.root_url}/")
