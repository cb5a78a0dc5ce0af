"""Callbacks run after a user's roles change, registered by apps that derive state from roles.

The portal registers one that keeps Wagtail editor and reviewer groups in step with portal
roles. Services call `roles_changed(user)` explicitly inside their transaction (no signals).
"""

from __future__ import annotations

from collections.abc import Callable

_ROLE_HOOKS: list[Callable] = []


def on_roles_changed(func: Callable) -> Callable:
    if func not in _ROLE_HOOKS:
        _ROLE_HOOKS.append(func)
    return func


def roles_changed(user) -> None:
    for func in _ROLE_HOOKS:
        func(user)
