"""How API callers identify themselves.

- Connected systems send an API key: `X-API-Key: cs_...` or `Authorization: Bearer cs_...`.
- People signed in on the site are recognised by their session cookie (`session_auth`); ninja
  checks the CSRF token for unsafe methods.
- Public endpoints take `auth=OPTIONAL_API_KEY`: anyone may call them, but a key that is sent
  and is wrong gets 401, so an integrator notices a bad or revoked key at once.

An API key is not a person: endpoints about "me" use `session_auth` only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader, SessionAuth

from congso.api.models import ApiKey
from congso.api.services import api_key_authenticate
from congso.core.exceptions import NotAuthenticated, NotPermitted

INVALID_KEY_MESSAGE = "Khoá API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."


class ApiKeyAuth(APIKeyHeader):
    """A connected system's key, from `X-API-Key` or `Authorization: Bearer`."""

    param_name = "X-API-Key"

    def __init__(self, *, scope: str | None = None) -> None:
        self.scope = scope
        super().__init__()

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.headers.get(self.param_name)
        if key is not None:
            return key.strip()
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            return token.strip()
        return None

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        if key is None:
            return None  # no key sent: let the next auth method (if any) decide
        api_key = api_key_authenticate(key)
        if api_key is None:
            raise NotAuthenticated(INVALID_KEY_MESSAGE)
        if self.scope and not api_key.has_scope(self.scope):
            raise NotPermitted(f"Khoá API này không có quyền {self.scope}.")
        request.api_key = api_key  # type: ignore[attr-defined]
        return api_key


class _Public:
    """request.auth on a public endpoint called without a key."""

    def __repr__(self) -> str:
        return "<public>"


PUBLIC = _Public()


def public_access(request: HttpRequest) -> Any:
    """Lets everyone through; placed after ApiKeyAuth so a wrong key is still refused."""
    return PUBLIC


api_key_auth = ApiKeyAuth()
session_auth = SessionAuth()
OPTIONAL_API_KEY = [api_key_auth, public_access]
# Documents the key as optional in the OpenAPI schema ({} = no authentication).
OPTIONAL_API_KEY_OPENAPI = {"security": [{}]}
