"""Errors a service raises for the caller to show, in Vietnamese, with the right 4xx.

Messages are translated (the default ones lazily): `self.message` is evaluated in the language
active when the error is raised.

Views turn them into a page (ApplicationErrorMiddleware), the API into
{"message": ..., "code": ..., "extra": ...} JSON (congso.api.errors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class ApplicationError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "application_error"
    default_message: ClassVar[str | StrPromise] = _("Yêu cầu không thực hiện được.")

    def __init__(
        self, message: str | StrPromise | None = None, *, extra: dict[str, Any] | None = None
    ) -> None:
        self.message = str(message or self.default_message)
        self.extra = extra or {}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "code": self.code, "extra": self.extra}


class NotAuthenticated(ApplicationError):
    status = 401
    code = "not_authenticated"
    default_message = _("Bạn cần đăng nhập để thực hiện thao tác này.")


class NotPermitted(ApplicationError):
    status = 403
    code = "not_permitted"
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class NotFound(ApplicationError):
    status = 404
    code = "not_found"
    default_message = _("Không tìm thấy nội dung bạn yêu cầu.")


class InvalidTransition(ApplicationError):
    status = 409
    code = "invalid_transition"
    default_message = _("Thao tác này không hợp lệ ở trạng thái hiện tại.")


class Conflict(ApplicationError):
    status = 409
    code = "conflict"
    default_message = _("Dữ liệu đã tồn tại hoặc vừa bị người khác thay đổi.")


class ValidationFailed(ApplicationError):
    status = 422
    code = "validation_failed"
    default_message = _("Dữ liệu chưa hợp lệ, vui lòng kiểm tra lại.")

    @classmethod
    def from_django(cls, error: Any) -> ValidationFailed:
        """Build from a django.core.exceptions.ValidationError, keeping per-field messages."""
        if hasattr(error, "message_dict"):
            fields = {name: [str(m) for m in msgs] for name, msgs in error.message_dict.items()}
            first = next(iter(fields.values()))[0] if fields else cls.default_message
            return cls(first, extra={"fields": fields})
        messages = [str(m) for m in getattr(error, "messages", [error])]
        return cls(messages[0] if messages else None, extra={"errors": messages})


class RateLimited(ApplicationError):
    status = 429
    code = "rate_limited"
    default_message = _("Bạn thao tác quá nhiều lần, vui lòng thử lại sau.")
