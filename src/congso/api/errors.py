"""Every API error has one JSON shape: {"message": ..., "code": ..., "extra": {...}}.

`message` is Vietnamese and meant for people, `code` is stable and meant for programs,
`extra` carries details (for validation errors: the list of invalid fields).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from congso.core.exceptions import ApplicationError

VALIDATION_MESSAGE = "Dữ liệu gửi lên không hợp lệ."
NOT_AUTHENTICATED_MESSAGE = "Cần đăng nhập hoặc khoá API hợp lệ."
NOT_FOUND_MESSAGE = "Không tìm thấy dữ liệu bạn yêu cầu."

# Status -> (code, message) for ninja's HttpError and friends.
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("not_authenticated", NOT_AUTHENTICATED_MESSAGE),
    403: ("not_permitted", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", NOT_FOUND_MESSAGE),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này."),
    409: ("conflict", "Dữ liệu đã tồn tại hoặc vừa bị người khác thay đổi."),
    413: ("payload_too_large", "Dữ liệu gửi lên quá lớn."),
    415: ("unsupported_media_type", "Định dạng dữ liệu gửi lên không được hỗ trợ."),
    422: ("validation_failed", VALIDATION_MESSAGE),
    429: ("rate_limited", "Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau."),
}
GENERIC_HTTP_ERROR = ("http_error", "Yêu cầu không thực hiện được.")

# Vietnamese wording for the pydantic error types an API caller meets most.
FIELD_MESSAGES: dict[str, str] = {
    "missing": "Thiếu giá trị bắt buộc.",
    "bool_parsing": "Giá trị phải là true hoặc false.",
    "bool_type": "Giá trị phải là true hoặc false.",
    "int_parsing": "Giá trị phải là số nguyên.",
    "int_type": "Giá trị phải là số nguyên.",
    "float_parsing": "Giá trị phải là số.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "string_too_long": "Giá trị quá dài.",
    "string_too_short": "Giá trị quá ngắn.",
    "string_pattern_mismatch": "Giá trị không đúng định dạng.",
    "greater_than": "Giá trị quá nhỏ.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than": "Giá trị quá lớn.",
    "less_than_equal": "Giá trị quá lớn.",
    "date_parsing": "Ngày không đúng định dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "Ngày không đúng định dạng YYYY-MM-DD.",
    "datetime_parsing": "Thời điểm không đúng định dạng ISO 8601.",
    "datetime_from_date_parsing": "Thời điểm không đúng định dạng ISO 8601.",
    "datetime_type": "Thời điểm không đúng định dạng ISO 8601.",
    "date_type": "Ngày không đúng định dạng YYYY-MM-DD.",
    "json_invalid": "Nội dung JSON không hợp lệ.",
    "string_type": "Giá trị phải là chuỗi ký tự.",
    "dict_type": "Giá trị phải là một đối tượng JSON.",
    "list_type": "Giá trị phải là một danh sách.",
    "float_type": "Giá trị phải là số.",
    "decimal_parsing": "Giá trị phải là số.",
    "model_attributes_type": "Giá trị phải là một đối tượng JSON.",
    "extra_forbidden": "Trường này không được hỗ trợ.",
}


class ErrorOut(Schema):
    """The body of every error response."""

    message: str
    code: str
    extra: dict[str, Any]


def error_body(message: str, code: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"message": message, "code": code, "extra": extra or {}}


def _field_error(error: dict[str, Any]) -> dict[str, Any]:
    """A pydantic error reduced to what a caller needs: where, what kind, and a message."""
    kind = str(error.get("type", ""))
    return {
        "loc": [str(part) for part in error.get("loc", ())],
        "type": kind,
        "msg": FIELD_MESSAGES.get(kind, str(error.get("msg", ""))),
    }


def _application_error(
    request: HttpRequest, exc: ApplicationError, *, api: NinjaAPI
) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _validation_error(request: HttpRequest, exc: ValidationError, *, api: NinjaAPI) -> HttpResponse:
    errors = [_field_error(error) for error in exc.errors if isinstance(error, dict)]
    body = error_body(VALIDATION_MESSAGE, "validation_failed", {"errors": errors})
    return api.create_response(request, body, status=422)


def _authentication_error(
    request: HttpRequest, exc: AuthenticationError, *, api: NinjaAPI
) -> HttpResponse:
    body = error_body(NOT_AUTHENTICATED_MESSAGE, "not_authenticated")
    return api.create_response(request, body, status=401)


def _not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, error_body(NOT_FOUND_MESSAGE, "not_found"), status=404)


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    code, message = HTTP_ERRORS.get(exc.status_code, GENERIC_HTTP_ERROR)
    return api.create_response(request, error_body(message, code), status=exc.status_code)


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's {"detail": ...} bodies with ours. Unexpected exceptions keep ninja's
    default: re-raised to Django in production, whose handler500 answers /api/ in JSON too."""

    def bind(handler):
        return lambda request, exc: handler(request, exc, api=api)

    api.add_exception_handler(ApplicationError, bind(_application_error))
    api.add_exception_handler(ValidationError, bind(_validation_error))
    api.add_exception_handler(AuthenticationError, bind(_authentication_error))
    api.add_exception_handler(Http404, bind(_not_found))
    api.add_exception_handler(HttpError, bind(_http_error))


ERRORS_DESCRIPTION = """
## Lỗi

Mọi phản hồi lỗi (mã 4xx) có cùng một dạng JSON:

```json
{"message": "Không tìm thấy cơ quan, đơn vị có mã 000.00.99.H56.",
 "code": "not_found",
 "extra": {}}
```

- `message`: câu thông báo tiếng Việt để hiển thị cho người dùng;
- `code`: mã lỗi ổn định để chương trình xử lý — `not_authenticated` (401),
  `not_permitted` (403), `not_found` (404), `conflict`, `invalid_transition` (409),
  `validation_failed` (422), `rate_limited` (429);
- `extra`: thông tin chi tiết. Với lỗi 422, `extra.errors` là danh sách
  `{"loc": [...], "type": "...", "msg": "..."}` chỉ ra từng tham số không hợp lệ.
"""
