"""The waiting room: the ticket in a signed cookie, the light waiting page, and that page answered
at the WSGI level (congso.exams.fastqueue) as the view answers it."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.urls import reverse

from congso.exams import admission, candidates
from congso.exams.fastqueue import FastQueueApp
from congso.exams.models import Attempt, Candidate
from congso.exams.tests.test_fastsave import Fallback, _environ, call


@pytest.fixture
def spike(settings, exam):
    """One start a second, five candidates already ahead."""
    settings.EXAM_STARTS_PER_SECOND = 1
    for _ in range(5):
        admission.admit(exam.pk)


def _signed_in(client, candidate):
    session = client.session
    session[candidates.SESSION_KEY] = candidate.pk
    session.save()
    return client


def _queued(client, exam, candidate):
    response = _signed_in(client, candidate).post(reverse("exams:start", args=[exam.slug]))
    assert response.status_code == 202
    return response


def _queue_environ(exam, cookie_value, **extra):
    environ = _environ(reverse("exams:queue", args=[exam.slug]), method="GET", **extra)
    environ["HTTP_COOKIE"] = f"{admission.TICKET_COOKIE}={cookie_value}"
    return environ


def _place(body: bytes | str) -> int:
    text = body.decode() if isinstance(body, bytes) else body
    return int(re.search(r"Có (\d+) thí sinh đang vào trước bạn", text).group(1))


def test_a_queued_start_holds_a_signed_ticket_and_writes_nothing_to_the_session(
    client, exam, candidate, spike
):
    response = _queued(client, exam, candidate)

    cookie = response.cookies[admission.TICKET_COOKIE]
    assert cookie["httponly"]
    assert cookie["path"] == "/thi/"
    assert cookie["samesite"] == "Lax"
    ticket = admission.ticket_loads(cookie.value)
    assert (ticket.exam_id, ticket.slug, ticket.candidate_id) == (exam.pk, exam.slug, candidate.pk)
    assert ticket.number == 6
    assert set(client.session.keys()) == {candidates.SESSION_KEY}
    body = response.content.decode()
    assert _place(body) >= 5
    assert exam.title in body
    assert f"url={reverse('exams:queue', args=[exam.slug])}" in body
    assert "site-header" not in body  # the light page, not the portal's
    assert not Attempt.objects.exists()


def test_an_altered_ticket_is_no_ticket():
    good = signing.loads(
        admission.ticket_dumps(
            exam=type("E", (), {"pk": 1, "slug": "a", "title": "T"})(), candidate_id=2, number=3
        ),
        salt=admission.TICKET_SALT,
    )
    assert good["t"] == 3
    forged = signing.dumps({**good, "t": 1}, salt="another-salt", compress=True)

    assert admission.ticket_loads(forged) is None
    assert admission.ticket_loads("not-a-ticket") is None
    assert admission.ticket_loads("") is None
    assert admission.ticket_loads(signing.dumps({"e": 1}, salt=admission.TICKET_SALT)) is None


def test_the_fast_path_answers_the_waiting_page_as_the_view_does(client, exam, candidate, spike):
    cookie = _queued(client, exam, candidate).cookies[admission.TICKET_COOKIE].value
    fallback = Fallback()

    status, headers, body = call(FastQueueApp(fallback), _queue_environ(exam, cookie))
    view = client.get(reverse("exams:queue", args=[exam.slug]))

    assert fallback.calls == []
    assert status == view.status_code == 202
    # The same page; the place may have moved on by one between the two answers.
    digits = re.compile(rb"\d+")
    assert digits.sub(b"#", body) == digits.sub(b"#", view.content)
    assert abs(_place(body) - _place(view.content)) <= 1
    assert headers["Content-Type"] == view["Content-Type"] == "text/html; charset=utf-8"
    for name in ("X-Frame-Options", "Content-Language", "X-Content-Type-Options"):
        assert headers[name] == view[name], name
    assert int(headers["Content-Length"]) == len(body)
    assert not Attempt.objects.exists()


def test_the_waiting_page_in_english_when_chosen(client, exam, candidate, spike, settings):
    cookie = _queued(client, exam, candidate).cookies[admission.TICKET_COOKIE].value
    environ = _queue_environ(exam, cookie)
    environ["HTTP_COOKIE"] += f"; {settings.LANGUAGE_COOKIE_NAME}=en"

    status, headers, body = call(FastQueueApp(Fallback()), environ)

    assert status == 202
    assert headers["Content-Language"] == "en"
    assert "Đang chờ vào phòng thi" not in body.decode()


def test_when_the_turn_comes_the_view_starts_the_attempt(client, exam, candidate, spike, settings):
    cookie = _queued(client, exam, candidate).cookies[admission.TICKET_COOKIE].value
    settings.EXAM_STARTS_PER_SECOND = 1_000_000  # everyone's turn has come
    fallback = Fallback()

    status, _headers, _body = call(FastQueueApp(fallback), _queue_environ(exam, cookie))

    assert status == 418
    assert len(fallback.calls) == 1
    response = client.get(reverse("exams:queue", args=[exam.slug]))
    attempt = Attempt.objects.get(candidate=candidate)
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:attempt", args=[attempt.pk])
    assert response.cookies[admission.TICKET_COOKIE].value == ""  # the ticket is spent


@pytest.mark.parametrize(
    "change",
    ["post", "query", "no-cookie", "forged", "other-exam", "bad-host"],
)
def test_anything_else_goes_on_to_django(client, exam, candidate, spike, change):
    cookie = _queued(client, exam, candidate).cookies[admission.TICKET_COOKIE].value
    environ = _queue_environ(exam, cookie)
    if change == "post":
        environ["REQUEST_METHOD"] = "POST"
    elif change == "query":
        environ["QUERY_STRING"] = "lai=1"
    elif change == "no-cookie":
        environ["HTTP_COOKIE"] = "sessionid=abc"
    elif change == "forged":
        environ["HTTP_COOKIE"] = f"{admission.TICKET_COOKIE}={cookie[:-3]}xyz"
    elif change == "other-exam":
        environ["PATH_INFO"] = reverse("exams:queue", args=["bai-thi-khac"])
    elif change == "bad-host":
        environ["HTTP_HOST"] = "evil.example"
    fallback = Fallback()

    status, _headers, _body = call(FastQueueApp(fallback), environ)

    assert status == 418
    assert len(fallback.calls) == 1


def test_a_ticket_is_only_good_for_the_candidate_it_was_given_to(client, exam, candidate, spike):
    cookie = _queued(client, exam, candidate).cookies[admission.TICKET_COOKIE].value
    other = Candidate.objects.create(full_name="Lê Văn Khác", email="khac@test.vn")
    client.logout()
    _signed_in(client, other)
    client.cookies[admission.TICKET_COOKIE] = cookie

    # Their own press takes a new ticket behind the first one, not the one they were handed.
    response = client.post(reverse("exams:start", args=[exam.slug]))
    assert response.status_code == 202
    assert admission.ticket_loads(response.cookies[admission.TICKET_COOKIE].value).number == 7
    # And the waiting page without a ticket of their own sends them back to the exam's page.
    client.cookies[admission.TICKET_COOKIE] = cookie
    response = client.get(reverse("exams:queue", args=[exam.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:exam", args=[exam.slug])
