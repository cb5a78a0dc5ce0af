"""Moodle's question statistics, the exam summary and its histogram."""

from __future__ import annotations

import math
import random
import statistics as pystats
from datetime import timedelta

import pytest

from congso.exams.models import Exam
from congso.exams.statistics import (
    ItemStatistics,
    exam_summary,
    histogram,
    item_statistics,
    question_statistics,
    slot_marks,
)
from congso.exams.tests.test_ranking import T0, make_attempt, make_candidate

# --- a small example worked by hand ---------------------------------------------------------------
#
# Four attempts, three questions with max marks 1, 1 and 2:
#
#   attempt  q1  q2  q3  total
#   A         1   1   2    4
#   B         1   0   1    2
#   C         0   1   0    1
#   D         0   0   1    1
#
# q1: fractions 1,1,0,0 → facility 0.5; deviations ±0.5, Σd² = 1, variance 1/3,
#     sd = √(1/3) = 0.5773503. Rest of test 3,1,1,1 (mean 1.5): Σdy² = 3,
#     Σdx·dy = 0.75 − 0.25 + 0.25 + 0.25 = 1 → r = 1/√(1·3) = 0.5773503 → 57.73503.
# q2: fractions 1,0,1,0 → facility 0.5, sd 0.5773503. Rest 3,2,0,1 (mean 1.5):
#     Σdx·dy = 0.75 − 0.25 − 0.75 + 0.25 = 0 → discrimination 0.
# q3: marks 2,1,0,1 of 2 → fractions 1, .5, 0, .5 → facility 0.5; Σd² = 0.5, variance 1/6,
#     sd = 0.4082483. Marks' deviations 1,0,−1,0 (Σ = 2); rest 2,1,1,0 (mean 1) deviations
#     1,0,0,−1 (Σ = 2); Σdx·dy = 1 → r = 1/√(2·2) = 0.5 → 50.

HAND_MARKS = [[1, 1, 2], [1, 0, 1], [0, 1, 0], [0, 0, 1]]
HAND_MAX = [1, 1, 2]


def test_hand_worked_example():
    q1, q2, q3 = item_statistics(HAND_MARKS, HAND_MAX)

    assert q1.count == q2.count == q3.count == 4
    assert q1.facility == pytest.approx(0.5)
    assert q1.facility_percent == pytest.approx(50.0)
    assert q1.sd == pytest.approx(0.5773503, abs=1e-7)
    assert q1.sd_percent == pytest.approx(57.73503, abs=1e-5)
    assert q1.discrimination_index == pytest.approx(57.73503, abs=1e-5)
    assert q2.facility == pytest.approx(0.5)
    assert q2.sd == pytest.approx(0.5773503, abs=1e-7)
    assert q2.discrimination_index == pytest.approx(0.0, abs=1e-9)
    assert q3.facility == pytest.approx(0.5)
    assert q3.sd == pytest.approx(0.4082483, abs=1e-7)
    assert q3.discrimination_index == pytest.approx(50.0)


def test_marks_as_text_read_like_numbers():
    as_text = [[f"{m:.2f}" for m in row] for row in HAND_MARKS]
    assert item_statistics(as_text, ["1.00", "1.00", "2.00"]) == item_statistics(
        HAND_MARKS, HAND_MAX
    )


def _expected(column: list[float], rest: list[float], max_mark: float) -> tuple:
    """The three figures by the textbook formulas of the `statistics` module."""
    fractions = [m / max_mark for m in column]
    return (
        pystats.fmean(fractions),
        pystats.stdev(fractions),
        100 * pystats.correlation(column, rest),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_textbook_formulas_on_random_marks(seed):
    rng = random.Random(seed)
    max_marks = [1, 1, 2, 0.5, 3]
    marks = [
        [rng.choice([0, m / 2, m]) if m != 1 else rng.choice([0, 1]) for m in max_marks]
        for _ in range(60)
    ]

    figures = item_statistics(marks, max_marks)

    for j, max_mark in enumerate(max_marks):
        column = [row[j] for row in marks]
        rest = [sum(row) - row[j] for row in marks]
        facility, sd, correlation = _expected(column, rest, max_mark)
        assert figures[j].facility == pytest.approx(facility)
        assert figures[j].sd == pytest.approx(sd)
        assert figures[j].discrimination_index == pytest.approx(correlation)


def test_questions_not_seen_are_left_out():
    """None: the attempt had no such question; its rest of test is what it had."""
    marks = [[1, None, 1, 0], [0, 1, None, 1], [1, 1, 0, None], [0, 0, 1, 1], [1, None, 0, 0]]
    figures = item_statistics(marks, [1, 1, 1, 1])

    for j in range(4):
        seen = [row for row in marks if row[j] is not None]
        column = [row[j] for row in seen]
        rest = [sum(m for m in row if m is not None) - row[j] for row in seen]
        facility, sd, correlation = _expected(column, rest, 1)
        assert figures[j].count == len(seen)
        assert figures[j].facility == pytest.approx(facility)
        assert figures[j].sd == pytest.approx(sd)
        assert figures[j].discrimination_index == pytest.approx(correlation)


def test_degenerate_cases_give_none():
    assert item_statistics([], [1, 1]) == [ItemStatistics(0, 1.0, None, None, None)] * 2

    (single,) = item_statistics([[1]], [1])
    assert (single.count, single.facility, single.sd, single.discrimination_index) == (
        1, 1.0, None, None
    )  # fmt: skip

    same, varied = item_statistics([[1, 0], [1, 1], [1, 0]], [1, 1])
    assert same.facility == 1.0
    assert same.sd == 0.0
    assert same.discrimination_index is None  # no spread in the question's marks
    assert varied.discrimination_index is None  # the rest of the test (q1) does not vary

    (zero,) = item_statistics([[0], [0]], [0])
    assert (zero.facility, zero.sd, zero.discrimination_index) == (None, None, None)

    odd = item_statistics([["abc", None], [float("nan"), 1], [True, 0]], [1, "x"])
    assert odd[0].count == 0
    assert odd[1].facility is None  # no usable max mark
    assert not odd[0].needs_attention


def test_attention_flags():
    easy = ItemStatistics(10, 1, 0.95, 0.1, 40.0)
    weak = ItemStatistics(10, 1, 0.5, 0.4, 12.0)
    fine = ItemStatistics(10, 1, 0.9, 0.3, 20.0)
    assert (easy.needs_attention, easy.extreme_facility, easy.weak_discrimination) == (
        True, True, False
    )  # fmt: skip
    assert (weak.needs_attention, weak.extreme_facility, weak.weak_discrimination) == (
        True, False, True
    )  # fmt: skip
    assert not fine.needs_attention


# --- slots and marks --------------------------------------------------------------------------------


def test_slot_marks_with_the_prediction_slot_null_or_left_out():
    slots = [
        {"v": 11, "mark": "1.00", "order": ["a", "b"]},
        {"v": 12, "mark": "2.00", "order": None},
        {"v": 99, "mark": "0", "order": None},
    ]
    expected = [(11, 1.0, 1.0), (12, 2.0, 0.5)]
    assert list(slot_marks(slots, ["1.00", "0.5", None], {99})) == expected
    assert list(slot_marks(slots, [1, 0.5], {99})) == expected
    assert list(slot_marks(slots, "junk", {99})) == []  # type: ignore[arg-type]


# --- the exam ---------------------------------------------------------------------------------------


def test_exam_summary_over_graded_attempts(exam):
    scores = [19, 15, 15, 12, 7.5, 3]
    for n, score in enumerate(scores, start=1):
        make_attempt(exam, make_candidate(n), score=score)
    # Not counted: a lower second attempt (grading "highest") and an attempt still open.
    make_attempt(exam, exam.attempts.get(score=19).candidate, score=2, number=2)
    make_attempt(exam, make_candidate(50), score=None, status="open")

    summary = exam_summary(exam)

    assert summary.count == 6
    assert summary.max_score == 19.0
    assert summary.mean == pytest.approx(pystats.fmean(scores))
    assert summary.median == pytest.approx(13.5)
    assert summary.sd == pytest.approx(pystats.stdev(scores))
    assert (summary.minimum, summary.maximum) == (3.0, 19.0)
    assert summary.whole_marks
    assert len(summary.bins) == 20  # 0, 1, ..., 19
    counts = {b.label: b.count for b in summary.bins if b.count}
    assert counts == {"19": 1, "15": 2, "12": 1, "7": 1, "3": 1}
    assert sum(b.count for b in summary.bins) == 6


def test_exam_summary_without_attempts_uses_the_paper_rules(exam):
    summary = exam_summary(exam)
    assert summary.count == 0
    assert summary.max_score == 19.0  # the fixture's rule: 19 questions of 1 mark
    assert summary.mean is summary.median is summary.sd is None
    assert sum(b.count for b in summary.bins) == 0


def test_histogram_ten_ranges_for_large_max():
    bins, whole = histogram([0, 9.99, 10, 50, 99.5, 100, 120, -3], 100)
    assert not whole
    assert len(bins) == 10
    assert [b.count for b in bins] == [3, 1, 0, 0, 0, 1, 0, 0, 0, 3]
    assert bins[0].label == "0–10"
    assert bins[-1].high == 100
    assert bins[-1].last

    fractional, whole = histogram([2.5], 7.5)
    assert not whole
    assert fractional[0].label == "0–0,75"


def test_question_statistics_over_random_papers(exam, questions, prediction_question):
    """Three questions drawn at random into two-question papers, plus the prediction slot."""
    v = [q.current_version_id for q in questions[:3]]
    p = prediction_question.current_version_id
    papers = [  # (versions, marks)
        ((v[0], v[1]), (1, 1)),
        ((v[0], v[1]), (1, 0)),
        ((v[1], v[2]), (0, 1)),
        ((v[2], v[0]), (1, 0)),
        ((v[0], v[2]), (0, 0)),
        ((v[1], v[2]), (1, 1)),
    ]
    for n, (versions, marks) in enumerate(papers, start=1):
        slots = [{"v": x, "mark": "1.00", "order": None} for x in versions]
        slots.append({"v": p, "mark": "0", "order": None})
        make_attempt(
            exam,
            make_candidate(n),
            score=sum(marks),
            max_score=2,
            slots=slots,
            marks=[f"{m:.2f}" for m in marks] + [None],
            prediction=100,
            submitted_at=T0 + timedelta(minutes=n),
        )

    rows = question_statistics(exam)

    assert [row.version_id for row in rows] == v
    assert all(row.qtype == "single" for row in rows)
    assert rows[0].title.startswith("Câu hỏi số 1")
    for row in rows:
        seen = [
            (marks[versions.index(row.version_id)], sum(marks))
            for versions, marks in papers
            if row.version_id in versions
        ]
        column = [m for m, _total in seen]
        rest = [total - m for m, total in seen]
        assert row.stats.count == len(seen)
        assert row.stats.facility == pytest.approx(pystats.fmean(column))
        assert row.stats.sd == pytest.approx(pystats.stdev(column))
        if pystats.pvariance(rest) and pystats.pvariance(column):
            expected = 100 * pystats.correlation(column, rest)
            assert row.stats.discrimination_index == pytest.approx(expected)
        else:
            assert row.stats.discrimination_index is None
    # v[0]: marks 1,1,0,0 against rest 1,0,1,0 → r = 0
    assert rows[0].stats.discrimination_index == pytest.approx(0.0, abs=1e-9)
    assert math.isclose(rows[0].stats.facility_percent or 0, 50.0)


def test_question_statistics_use_graded_attempts_only(exam, questions):
    Exam.objects.filter(pk=exam.pk).update(grading=Exam.Grading.LAST)
    exam.refresh_from_db()
    v1 = questions[0].current_version_id
    slots = [{"v": v1, "mark": "1.00", "order": None}]
    person = make_candidate(1)
    make_attempt(exam, person, score=1, slots=slots, marks=["1.00"], number=1)
    make_attempt(exam, person, score=0, slots=slots, marks=["0.00"], number=2)

    (row,) = question_statistics(exam)
    assert row.stats.count == 1
    assert row.stats.facility == 0.0
