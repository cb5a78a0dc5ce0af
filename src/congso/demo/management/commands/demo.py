import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congso.core.exceptions import ApplicationError
from congso.demo.services import demo_seed

# Wagtail and the task runner log every page and index update at INFO: hundreds of lines here.
QUIET_LOGGERS = ("wagtail", "django_tasks")


@contextmanager
def _quiet_loggers():
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Tạo tỉnh mẫu (Thái Bình trước sáp nhập năm 2025) cùng các tài khoản dùng thử. "
        "Chạy lại nhiều lần không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in kết quả.")
        parser.add_argument(
            "--no-portals",
            action="store_true",
            help="Chỉ tạo cơ quan và tài khoản, không tạo cổng thông tin và tin bài.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi chế độ trình diễn đang tắt (CONGSO_DEMO_MODE=false).",
        )

    def handle(
        self, *args, quiet: bool = False, force: bool = False, no_portals: bool = False, **options
    ):
        if not settings.DEMO_MODE and not force:
            raise CommandError(
                "Chế độ trình diễn đang tắt: các tài khoản mẫu dùng chung một mật khẩu công khai, "
                "không nên tạo trên máy chủ thật. Bật CONGSO_DEMO_MODE=true hoặc thêm --force."
            )
        try:
            with _quiet_loggers():
                result = demo_seed(portals=not no_portals)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if not quiet:
            self.stdout.write(self.style.SUCCESS(result.summary()))
