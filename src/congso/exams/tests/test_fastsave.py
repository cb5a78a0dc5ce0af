"""The autosave answered at the WSGI level (congso.exams.fastsave): as the view answers it."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from congso.exams import attempts, fastsave, views
from congso.exams.models import Attempt


class Fallback:
    """The application behind the fast path: records what reached it."""

    def __init__(self) -> None:
        self.calls = []

    def __call__(self, environ, start_response):
        self.calls.append(environ)
        start_response("418 I'm a teapot", [("Content-Type", "text/plain")])
        return [b"django"]


@contextmanager
def _like_the_test_client():
    """As django.test.Client: the test's transaction must survive the request's signals."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _environ(path, body=b"{}", token="", method="POST", **extra):
    factory = RequestFactory()
    headers = {"X-Attempt-Token": token} if token else {}
    if method == "POST":
        request = factory.post(path, body, content_type="application/json", headers=headers)
    else:
        request = factory.generic(method, path, headers=headers)
    environ = dict(request.environ)
    environ.update(extra)
    return environ


@pytest.fixture
def app():
    return fastsave.FastSaveApp(Fallback())


def call(app, environ):
    seen = {}

    def start_response(status, headers):
        seen["status"] = int(status.split()[0])
        seen["reason"] = status.split(" ", 1)[1]
        seen["headers"] = dict(headers)

    with _like_the_test_client():
        body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def _save(app, attempt, answers, *, token=None):
    body = json.dumps({"answers": answers})
    url = reverse("exams:attempt-save", args=[attempt.pk])
    environ = _environ(url, body, token or attempts.attempt_token(attempt))
    return call(app, environ)


def test_the_route_is_the_views(exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    url = reverse("exams:attempt-save", args=[attempt.pk])

    assert fastsave.SAVE_PATH.fullmatch(url)
    assert resolve(url).func is views.attempt_save


def test_a_good_save_lands_in_one_update(app, exam, candidate, django_assert_num_queries):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    choice = attempt.slots[0]["order"][2]

    status, headers, body = _save(app, attempt, {"0": choice, "19": "2.500"})
    with django_assert_num_queries(1):  # the paper is now in the worker's cache
        again, _headers, _body = _save(app, attempt, {"1": attempt.slots[1]["order"][0]})

    assert (status, again) == (200, 200)
    data = json.loads(body)
    assert set(data) == {"saved_at", "remaining"}
    assert 19 * 60 < data["remaining"] <= 20 * 60
    assert headers["Content-Type"] == "application/json"
    assert headers["Content-Length"] == str(len(body))
    assert app.application.calls == []
    attempt.refresh_from_db()
    assert attempt.answers == {"0": choice, "19": "2.500", "1": attempt.slots[1]["order"][0]}
    assert attempt.saved_at is not None


def test_a_forged_token_is_403(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    status, _headers, body = _save(
        app, attempt, {"0": "a"}, token=attempts.attempt_token(attempt) + "x"
    )

    assert status == 403
    data = json.loads(body)
    assert data["code"] == "not_permitted"
    assert data["message"] == "Phiên làm bài không hợp lệ. Hãy tải lại trang."
    assert data["extra"] == {}
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_a_token_for_another_attempt_is_404(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    url = reverse("exams:attempt-save", args=[attempt.pk + 1])

    status, _headers, body = call(
        app, _environ(url, b'{"answers": {"0": "a"}}', attempts.attempt_token(attempt))
    )

    assert status == 404
    assert json.loads(body)["message"] == "Không tìm thấy bài làm."


def test_a_slot_outside_the_paper_is_422(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    status, _headers, body = _save(app, attempt, {"57": "a"})
    unknown, _headers, unknown_body = _save(app, attempt, {"0": "zz"})

    assert status == 422
    assert json.loads(body)["code"] == "validation_failed"
    assert "không thuộc đề thi" in json.loads(body)["message"]
    assert unknown == 422
    assert json.loads(unknown_body)["message"] == "Câu trả lời cho câu 1 không hợp lệ."
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_after_the_deadline_is_409(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    _save(app, attempt, {"0": attempt.slots[0]["order"][0]})  # the paper is cached
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))

    status, _headers, body = _save(app, attempt, {"1": "a"})

    assert status == 409
    assert json.loads(body)["code"] == "invalid_transition"
    assert "hết giờ" in json.loads(body)["message"].lower()
    attempt.refresh_from_db()
    assert attempt.answers == {"0": attempt.slots[0]["order"][0]}


def test_extra_time_granted_after_the_paper_was_cached_counts(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    _save(app, attempt, {"0": "a"})
    now = timezone.now()
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=now - timedelta(minutes=5), extra_seconds=0
    )
    assert _save(app, attempt, {"1": "b"})[0] == 409
    Attempt.objects.filter(pk=attempt.pk).update(deadline=now + timedelta(minutes=10))

    status, _headers, body = _save(app, attempt, {"1": "b"})

    assert status == 200
    assert 9 * 60 < json.loads(body)["remaining"] <= 10 * 60


def test_a_submitted_attempt_takes_no_more_answers(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    _save(app, attempt, {"0": "a"})
    attempts.attempt_submit(attempt=attempt, candidate=candidate)

    status, _headers, body = _save(app, attempt, {"1": "a"})

    assert status == 409
    assert json.loads(body)["message"] == "Bài làm đã được nộp, không sửa được nữa."


@pytest.mark.parametrize(
    "body",
    [
        b"\xff{not json",
        b"[1, 2]",
        b'"answers"',
        b'{"answers": [1, 2]}',
        b'{"answers": {"0": {"nested": true}}}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"answers": {"' + b"9" * 5000 + b'": "a"}}',
    ],
    ids=["not-json", "list", "string", "answers-list", "answer-object", "deep", "huge-key"],
)
def test_bad_input_is_422_never_500(app, exam, candidate, body):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    url = reverse("exams:attempt-save", args=[attempt.pk])

    status, headers, answer = call(app, _environ(url, body, attempts.attempt_token(attempt)))

    assert status == 422
    assert headers["Content-Type"] == "application/json"
    assert json.loads(answer)["code"] == "validation_failed"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("text", ["a\u0000b", "\ud800"], ids=["nul", "lone-surrogate"])
def test_text_the_database_cannot_store_is_422(app, exam, candidate, text):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    slots = list(attempt.slots)
    slots[0] = {**slots[0], "t": "shortanswer", "order": None}
    Attempt.objects.filter(pk=attempt.pk).update(slots=slots)

    status, _headers, body = _save(app, attempt, {"0": text})

    # Refused before the database on every backend (PostgreSQL would refuse them itself).
    assert status == 422
    assert json.loads(body)["message"] == "Câu trả lời cho câu 1 không hợp lệ."
    assert Attempt.objects.get(pk=attempt.pk).answers == {}


def test_an_empty_body_saves_nothing_and_answers_200(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    url = reverse("exams:attempt-save", args=[attempt.pk])

    environ = _environ(url, b"", attempts.attempt_token(attempt), CONTENT_LENGTH="0")

    status, _headers, body = call(app, environ)

    assert status == 200
    assert json.loads(body)["remaining"] > 19 * 60
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_answers_the_view_would_give(app, client, exam, candidate):
    """Same status, JSON and headers as the view behind the middleware, request by request."""
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    token = attempts.attempt_token(attempt)
    url = reverse("exams:attempt-save", args=[attempt.pk])
    cases = [
        (b'{"answers": {"0": "a"}}', token),
        (b'{"answers": {"1": "b"}}', token + "x"),
        (b'{"answers": {"57": "a"}}', token),
        (b"\xff{not json", token),
        (b"{}", token),
    ]
    for body, sent_token in cases:
        view = client.post(
            url, body, content_type="application/json", headers={"X-Attempt-Token": sent_token}
        )
        status, headers, fast = call(app, _environ(url, body, sent_token))

        assert status == view.status_code, body
        mine, theirs = json.loads(fast), view.json()
        if status == 200:
            assert abs(mine.pop("remaining") - theirs.pop("remaining")) <= 1
            mine.pop("saved_at"), theirs.pop("saved_at")
        else:
            assert fast == view.content
        assert mine == theirs
        assert headers == {k: v for k, v in view.headers.items() if k != "Content-Length"} | {
            "Content-Length": str(len(fast))
        }


def test_what_it_does_not_answer_goes_on_to_django(app, exam, candidate, settings):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    token = attempts.attempt_token(attempt)
    url = reverse("exams:attempt-save", args=[attempt.pk])
    no_length = _environ(url, b"{}", token)
    del no_length["CONTENT_LENGTH"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    environs = [
        _environ(url, method="GET", token=token),
        _environ(url + "x/", b"{}", token),
        _environ(f"/thi/lam-bai/{attempt.pk}/nop-bai/", b"{}", token),
        _environ(url, b"{}", token, HTTP_HOST="evil.example"),
        no_length,
        _environ(url, b'{"answers": {"0": "a"}}', token),  # over the upload limit
    ]

    for environ in environs:
        status, _headers, body = call(app, environ)
        assert (status, body) == (418, b"django")

    assert len(app.application.calls) == len(environs)
    assert app.application.calls[-1]["wsgi.input"].read() == b'{"answers": {"0": "a"}}'
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_the_request_signals_frame_each_save(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    seen = []

    def started(sender, environ, **kwargs):
        seen.append(("started", environ["PATH_INFO"]))

    def finished(sender, **kwargs):
        seen.append(("finished", None))

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        status, _headers, _body = _save(app, attempt, {"0": "a"})
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)

    assert status == 200
    assert seen == [("started", f"/thi/lam-bai/{attempt.pk}/luu/"), ("finished", None)]


def test_an_unexpected_failure_is_a_json_500(app, exam, candidate, monkeypatch, caplog):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(attempts, "attempt_save_returning_deadline", broken)
    status, headers, body = _save(app, attempt, {"0": "a"})

    assert status == 500
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "message": "Hệ thống đang gặp sự cố, vui lòng thử lại sau.",
        "code": "server_error",
        "extra": {},
    }
    assert "database gone" in caplog.text


def test_the_language_chosen_with_the_switch_is_kept(app, exam, candidate):
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    url = reverse("exams:attempt-save", args=[attempt.pk])
    environ = _environ(
        url, b'{"answers": {"0": "a"}}', attempts.attempt_token(attempt),
        HTTP_COOKIE="django_language=en",
    )  # fmt: skip

    status, headers, _body = call(app, environ)

    assert status == 200
    assert headers["Content-Language"] == "en"


def test_a_cached_paper_serves_only_its_own_attempt(app, exam, candidate):
    """An id can come back after a rollback: the answers are judged on the paper as stored."""
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    assert _save(app, attempt, {"0": "a"})[0] == 200  # cached: choices a-d
    slots = [dict(slot) for slot in attempt.slots]
    slots[0]["order"] = ["x", "y", "z", "w"]
    Attempt.objects.filter(pk=attempt.pk).update(
        slots=slots, started_at=attempt.started_at + timedelta(seconds=1), answers={}
    )

    good = _save(app, attempt, {"0": "x"})[0]
    bad = _save(app, attempt, {"0": "a"})[0]

    assert (good, bad) == (200, 422)
    attempt.refresh_from_db()
    assert attempt.answers == {"0": "x"}


def test_the_project_application_answers_saves_first():
    from congso import wsgi
    from congso.exams.fastqueue import FastQueueApp
    from congso.portal.fastpath import PageCacheApp

    assert isinstance(wsgi.application, fastsave.FastSaveApp)
    assert isinstance(wsgi.application.application, FastQueueApp)
    assert isinstance(wsgi.application.application.application, PageCacheApp)
    assert wsgi.application.application.application.application is wsgi.django_application


def test_on_postgresql_the_update_is_prepared_once_per_connection(app, exam, candidate):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements: PostgreSQL only")
    attempt = attempts.attempt_start(exam=exam, candidate=candidate)
    for slot in range(3):
        assert _save(app, attempt, {str(slot): "a"})[0] == 200

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            ["UPDATE exams_attempt SET answers%"],
        )
        rows = cursor.fetchall()
    assert len(rows) == 1
    attempt.refresh_from_db()
    assert attempt.answers == {"0": "a", "1": "a", "2": "a"}
