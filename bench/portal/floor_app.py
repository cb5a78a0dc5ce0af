"""Scenario (c), the framework's floor: a bare Django view returning the captured bytes.

Run by bench/portal/run.py under the same gunicorn (same worker count) as the Congso app:

    BENCH_PAGES_DIR=<dir with home.html, article.html> \
        gunicorn --pythonpath bench/portal floor_app:application -w 2 -b 127.0.0.1:PORT

No middleware, no database, no cache: one URL resolution and one HttpResponse per request.
"""

from __future__ import annotations

import os
from pathlib import Path

import django
from django.conf import settings

PAGES_DIR = Path(os.environ["BENCH_PAGES_DIR"])

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-floor-not-secret-" + "x" * 40,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import Http404, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODIES = {name: (PAGES_DIR / f"{name}.html").read_bytes() for name in ("home", "article")}


def page(request, name: str) -> HttpResponse:
    try:
        body = BODIES[name]
    except KeyError:
        raise Http404(name) from None
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("<str:name>.html", page)]

application = get_wsgi_application()
