"""The data-exchange API (Trục tích hợp dữ liệu), mounted at /api/v1/."""

from __future__ import annotations

from ninja import NinjaAPI

from congso.api.errors import ERRORS_DESCRIPTION, install_error_handlers
from congso.api.routers import desk, dossiers, dvcqg, exams, me, org_units, procedures

DESCRIPTION = (
    """
API trao đổi dữ liệu của Congso dành cho các hệ thống của cơ quan, đơn vị trong tỉnh.

## Xác thực

- **Khoá API** do quản trị hệ thống cấp cho từng hệ thống kết nối, gửi trong tiêu đề
  `X-API-Key: cs_...` hoặc `Authorization: Bearer cs_...`. Khoá chỉ hiển thị một lần khi cấp;
  khoá hết hạn hoặc đã thu hồi nhận lỗi 401.
- **Phiên đăng nhập** trên trang (cookie) cho các thao tác của chính người dùng, như `/me`
  và hồ sơ trực tuyến của công dân (`/dossiers`); các yêu cầu POST, PATCH, DELETE gửi kèm mã
  CSRF (cookie `csrftoken`) trong tiêu đề `X-CSRFToken`.
  Khoá API đại diện cho một hệ thống, không phải một người.
- Dữ liệu công khai (danh mục cơ quan, đơn vị, thủ tục hành chính, tra cứu hồ sơ bằng mã)
  không cần khoá; nếu có gửi khoá mà khoá sai thì nhận lỗi 401 để hệ thống kết nối sớm phát hiện.

## Phân trang

Các danh sách nhận `page` (từ 1) và `page_size`, trả về `{"items": [...], "count": N}`.
"""
    + ERRORS_DESCRIPTION
)

api = NinjaAPI(
    title="Congso API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
)
install_error_handlers(api)

api.add_router("/", org_units.router)
api.add_router("/", me.router)
api.add_router("/", procedures.router)
api.add_router("/", dossiers.router)
api.add_router("/", desk.router)
api.add_router("/", dvcqg.router)
api.add_router("/", exams.router)
