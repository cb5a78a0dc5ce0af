"""Dossier codes under parallel submissions: no duplicate, no gap (PostgreSQL, real transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.conftest import fill_ready

THREADS = 12

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks across connections need PostgreSQL (CI runs the suite on it)",
    ),
]


def _in_parallel(work, count: int) -> list:
    """Run `work(i)` in `count` threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_numbering_never_duplicates_or_skips(agency):
    day = timezone.localdate()

    def number(_i: int) -> str:
        with transaction.atomic():
            return services.next_dossier_code(agency=agency, day=day)

    codes = _in_parallel(number, THREADS)

    assert not [c for c in codes if isinstance(c, Exception)], codes
    assert sorted(int(c[-4:]) for c in codes) == list(range(1, THREADS + 1))


def test_parallel_submissions_get_distinct_consecutive_codes(citizen, procedure, agency):
    drafts = [
        fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
        for _ in range(THREADS)
    ]

    def submit(i: int) -> str:
        dossier, _first = services.dossier_submit(actor=citizen, dossier=drafts[i])
        return dossier.code

    codes = _in_parallel(submit, THREADS)

    assert not [c for c in codes if isinstance(c, Exception)], codes
    assert len(set(codes)) == THREADS
    prefix = f"{agency.code}-{timezone.localdate():%y%m%d}-"
    assert sorted(codes) == [f"{prefix}{n:04d}" for n in range(1, THREADS + 1)]
    assert Dossier.objects.filter(status="submitted").count() == THREADS


def test_the_same_draft_submitted_from_two_tabs_is_submitted_once(citizen, procedure):
    dossier = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)

    results = _in_parallel(lambda _i: services.dossier_submit(actor=citizen, dossier=dossier), 4)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(first for _d, first in results) == [False, False, False, True]
    assert len({d.code for d, _first in results}) == 1
    assert dossier.events.filter(action="submit").count() == 1
