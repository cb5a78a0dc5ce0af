"""The bare endpoints the autosave is compared with, under the same gunicorn (bench/exams/run.py).

    gunicorn --pythonpath bench/exams floor_app:application -w 2 -b 127.0.0.1:PORT

- POST /thi/lam-bai/<id>/luu/: a bare Django view (no middleware, no database, no cache) that
  reads the JSON body and answers JSON of the same shape and size as the app's autosave,
  {"saved_at": "HH:MM:SS", "remaining": 10799}: the framework's floor.
- POST /wsgi/lam-bai/<id>/luu/: the same answer from a plain WSGI callable, without Django's
  request handling at all: the server's floor.
"""

from __future__ import annotations

import json
import re
import time

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-floor-not-secret-" + "x" * 40,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
        TIME_ZONE="Asia/Ho_Chi_Minh",
    )
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

REMAINING = 10799  # seconds: the app's figure during the bench has the same number of digits
_PLAIN = re.compile(r"/wsgi/lam-bai/([0-9]+)/luu/")


def save(request, pk: int) -> JsonResponse:
    body = json.loads(request.body or b"{}")
    if not isinstance(body, dict) or not isinstance(body.get("answers", {}), dict):
        return JsonResponse({"message": "bad body", "code": "validation_failed"}, status=422)
    return JsonResponse(
        {"saved_at": timezone.localtime().strftime("%H:%M:%S"), "remaining": REMAINING}
    )


urlpatterns = [path("thi/lam-bai/<int:pk>/luu/", save)]

django_application = get_wsgi_application()


def application(environ, start_response):
    if not _PLAIN.fullmatch(environ.get("PATH_INFO", "")):
        return django_application(environ, start_response)
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    if not isinstance(body, dict):
        start_response("422 Unprocessable Content", [("Content-Type", "application/json")])
        return [b'{"message": "bad body"}']
    payload = json.dumps({"saved_at": time.strftime("%H:%M:%S"), "remaining": REMAINING}).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]
