"""The waiting room's leaky bucket: starts beyond the rate wait their turn, in order."""

from __future__ import annotations

from congso.exams import admission


def test_starts_within_the_rate_go_straight_in(settings, db):
    settings.EXAM_STARTS_PER_SECOND = 10
    now = 1_000_000.0

    results = [admission.admit(7, now=now) for _ in range(10)]

    assert all(r.admitted for r in results)


def test_a_spike_waits_in_order_and_moves_on_with_time(settings, db):
    settings.EXAM_STARTS_PER_SECOND = 10
    now = 1_000_000.0
    results = [admission.admit(7, now=now) for _ in range(50)]
    waiting = [r for r in results if not r.admitted]

    assert len(waiting) == 40
    assert [r.place for r in waiting] == sorted(r.place for r in waiting)
    assert waiting[-1].place == 40
    assert waiting[-1].wait_seconds == 4
    # The last one keeps their ticket and is let in once their time comes, not before.
    last = waiting[-1].ticket
    assert not admission.admit(7, last, now=now + 3.5).admitted
    assert admission.admit(7, last, now=now + 4.0).admitted


def test_a_late_returner_does_not_push_back_the_queue(settings, db):
    settings.EXAM_STARTS_PER_SECOND = 10
    now = 1_000_000.0
    results = [admission.admit(7, now=now) for _ in range(50)]
    first_waiting = next(r for r in results if not r.admitted)

    admission.admit(7, first_waiting.ticket, now=now + 30)

    assert admission.admit(7, results[-1].ticket, now=now + 4.0).admitted


def test_after_a_quiet_spell_unused_capacity_is_not_saved_up(settings, db):
    settings.EXAM_STARTS_PER_SECOND = 10
    now = 1_000_000.0
    admission.admit(7, now=now)

    later = [admission.admit(7, now=now + 600) for _ in range(30)]

    assert sum(1 for r in later if r.admitted) <= 11


def test_each_exam_has_its_own_queue(settings, db):
    settings.EXAM_STARTS_PER_SECOND = 1
    now = 1_000_000.0
    for _ in range(5):
        admission.admit(1, now=now)

    assert admission.admit(2, now=now).admitted
