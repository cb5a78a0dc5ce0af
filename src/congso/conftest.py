"""Fixtures shared by every app's tests: people, agencies, a real SMTP server, real Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest

# Browser tests run the live server in a thread while Playwright's sync API owns an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (CI installs Debian's chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from congso.portal import cache as portal_cache
    from congso.portal import routing, sites

    cache.clear()
    portal_cache.forget_recent()
    sites.forget()
    routing.forget()
    yield
    cache.clear()
    portal_cache.forget_recent()
    sites.forget()
    routing.forget()


@dataclass
class SmtpInbox:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[Message]:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} mail(s), got {len(self.messages)}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django's SMTP backend sends to it."""
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox(host="127.0.0.1", port=_free_port())

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with inbox._lock:
                inbox.messages.append(
                    message_from_bytes(envelope.original_content or envelope.content)
                )
            return "250 OK"

    controller = Controller(Handler(), hostname=inbox.host, port=inbox.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = inbox.host
    settings.EMAIL_PORT = inbox.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


def mail_text(message: Message) -> str:
    """The decoded text/plain body of a received mail."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            return payload.decode(part.get_content_charset() or "utf-8")
    return ""


@pytest.fixture
def province(db):
    from congso.accounts.tests.factories import make_province

    return make_province()


@pytest.fixture
def administrator(province):
    from congso.accounts.tests.factories import make_official

    return make_official(
        email="admin@test.vn", full_name="Quản Trị Viên", unit=province.root, role="administrator"
    )


@pytest.fixture
def citizen(db):
    from congso.accounts.tests.factories import UserFactory

    return UserFactory(email="dan@test.vn", full_name="Nguyễn Thị Dân")
