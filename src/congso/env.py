"""Typed readers for CONGSO_* environment variables.

Every variable the settings read goes through one of these helpers, so that
`.env.example` and docs/configuration.md can list them all. A value that cannot
be parsed stops start-up with one sentence naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

PREFIX = "CONGSO_"
_TRUE = {"1", "true", "yes", "on", "có"}
_FALSE = {"0", "false", "no", "off", "không", ""}


class ConfigurationError(Exception):
    """A CONGSO_* variable is missing or malformed; the message is one sentence."""


def _raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    environ = os.environ if environ is None else environ
    return environ.get(PREFIX + name)


def get_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value.strip()


def get_bool(name: str, default: bool = False, *, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{PREFIX}{name} phải là true hoặc false, không phải {value!r}.")


def get_int(name: str, default: int, *, environ: Mapping[str, str] | None = None) -> int:
    value = _raw(name, environ)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(
            f"{PREFIX}{name} phải là một số nguyên, không phải {value!r}."
        ) from None


def get_list(
    name: str, default: list[str] | None = None, *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """Comma-separated list; blanks are dropped."""
    value = _raw(name, environ)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
