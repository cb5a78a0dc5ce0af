"""Statistics of an exam: the score distribution, and Moodle's figures for each question.

Per question, computed as Moodle's quiz statistics report computes them
(question/classes/statistics/questions/calculator.php), over the attempts that had the question:

- facility index (`facility`): the mean of mark ÷ max mark, **a fraction from 0 to 1** here;
  Moodle shows it ×100 as a percentage, which is `facility_percent`;
- standard deviation (`sd`): the sample (n − 1) standard deviation of mark ÷ max mark, also a
  fraction; Moodle shows it ×100, which is `sd_percent`;
- discrimination index (`discrimination_index`): 100 × the Pearson correlation between the mark
  on the question and the mark on the rest of the test (the attempt's total minus this mark),
  from sample variances and covariance; from −100 to 100, as Moodle shows it.

A figure that cannot be computed is None, never an exception: no attempt (all three), a single
attempt (sd and discrimination), no spread in the question's marks or in the rest of the test
(discrimination), a max mark of 0 (all three).

Papers are drawn at random, so attempts hold different questions: each question version is
measured over the attempts that had it, against those attempts' rest-of-test marks (Moodle's
figures "by position" do the same for a fixed paper; for questions drawn into random slots
Moodle correlates with the whole total instead — rest-of-test is the better measure and is what
an organiser comparing with a fixed-paper Moodle quiz will see).

Only each candidate's graded attempt counts (`ranking.graded_attempts`: the highest or the last,
as the exam is graded), both in the summary and per question.
"""

from __future__ import annotations

import math
import statistics as pystats
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format

from congso.exams.models import Exam, QuestionType, QuestionVersion
from congso.exams.ranking import graded_attempts

# An item needs attention below this discrimination index or outside this facility range.
WEAK_DISCRIMINATION = 20.0
FACILITY_RANGE = (0.10, 0.90)
MAX_INTEGER_BINS = 20  # up to this max score, one bar per whole mark; else TEN_BINS bars
TEN_BINS = 10


def to_number(value: Any) -> float | None:
    """A mark as a float: numbers, or numbers as text ("1.00"); None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


# --- one question ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStatistics:
    """Moodle's figures for one question; fractions (0..1) except the discrimination index."""

    count: int
    max_mark: float | None
    facility: float | None
    sd: float | None
    discrimination_index: float | None

    @property
    def facility_percent(self) -> float | None:
        return None if self.facility is None else self.facility * 100

    @property
    def sd_percent(self) -> float | None:
        return None if self.sd is None else self.sd * 100

    @property
    def weak_discrimination(self) -> bool:
        index = self.discrimination_index
        return index is not None and index < WEAK_DISCRIMINATION

    @property
    def extreme_facility(self) -> bool:
        low, high = FACILITY_RANGE
        return self.facility is not None and not low <= self.facility <= high

    @property
    def needs_attention(self) -> bool:
        return self.weak_discrimination or self.extreme_facility


class Moments:
    """Running count, means, sums of squares and co-moment of (mark, rest-of-test) pairs
    (Welford's method: one pass, no loss of precision on long columns)."""

    __slots__ = ("cxy", "m2x", "m2y", "mean_x", "mean_y", "n")

    def __init__(self) -> None:
        self.n = 0
        self.mean_x = self.mean_y = self.m2x = self.m2y = self.cxy = 0.0

    def add(self, x: float, y: float) -> None:
        self.n += 1
        dx = x - self.mean_x
        self.mean_x += dx / self.n
        dy = y - self.mean_y
        self.mean_y += dy / self.n
        self.m2x += dx * (x - self.mean_x)
        self.m2y += dy * (y - self.mean_y)
        self.cxy += dx * (y - self.mean_y)

    def result(self, max_mark: float | None) -> ItemStatistics:
        n = self.n
        if not max_mark or n == 0:
            return ItemStatistics(n, max_mark, None, None, None)
        facility = self.mean_x / max_mark
        if n < 2:
            return ItemStatistics(n, max_mark, facility, None, None)
        var_x, var_y = self.m2x / (n - 1), self.m2y / (n - 1)
        sd = math.sqrt(var_x) / max_mark
        discrimination = None
        if var_x > 0 and var_y > 0:
            correlation = (self.cxy / (n - 1)) / math.sqrt(var_x * var_y)
            discrimination = 100 * max(-1.0, min(1.0, correlation))
        return ItemStatistics(n, max_mark, facility, sd, discrimination)


def item_statistics(
    marks: Sequence[Sequence[Any]], max_marks: Sequence[Any]
) -> list[ItemStatistics]:
    """Moodle's figures for each question j of `max_marks`, from `marks[i][j]` (attempt i's mark
    on question j).

    A mark may be a number or a number as text. None (or a row too short) means attempt i did not
    have question j: it is left out of that question's figures, and a row's rest-of-test is the
    sum of the marks it has, minus the question's."""
    maxima = [to_number(m) for m in max_marks]
    columns = [Moments() for _ in maxima]
    for row in marks:
        values = [to_number(m) for m in row[: len(maxima)]]
        total = math.fsum(v for v in values if v is not None)
        for column, value in zip(columns, values, strict=False):
            if value is not None:
                column.add(value, total - value)
    return [column.result(maximum) for column, maximum in zip(columns, maxima, strict=True)]


# --- the marks of an attempt -------------------------------------------------------------------


def prediction_versions(exam: Exam) -> set[int]:
    """Ids of the versions that are prediction questions (never marked)."""
    versions = QuestionVersion.objects.filter(
        qtype=QuestionType.PREDICTION, question__bank_id=exam.bank_id
    ).values_list("id", flat=True)
    ids = set(versions)
    if exam.prediction_question_id:
        ids.update(
            QuestionVersion.objects.filter(question_id=exam.prediction_question_id).values_list(
                "id", flat=True
            )
        )
    return ids


def slot_marks(
    slots: Sequence[dict], marks: Sequence[Any], skip: set[int]
) -> Iterator[tuple[int, float, float]]:
    """(version id, max mark, mark) of each marked slot of an attempt.

    `marks` has one entry per slot, the prediction slot holding None — or it leaves the
    prediction slot out; both are read. Slots of versions in `skip` and unmarked slots are left out.
    """
    slots = [s for s in slots if isinstance(s, dict)] if isinstance(slots, list) else []
    marks = marks if isinstance(marks, list) else []
    marked_slots = [s for s in slots if s.get("v") not in skip]
    pairs: Iterable[tuple[dict, Any]]
    if len(marks) != len(slots) and len(marks) == len(marked_slots):
        pairs = zip(marked_slots, marks, strict=True)
    else:
        pairs = zip(slots, marks, strict=False)
    for slot, mark in pairs:
        version = slot.get("v")
        value, maximum = to_number(mark), to_number(slot.get("mark"))
        if not isinstance(version, int) or version in skip or value is None or maximum is None:
            continue
        yield version, maximum, value


# --- per question ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    version_id: int
    question_id: int
    version_number: int
    title: str
    qtype: str
    qtype_label: str
    stats: ItemStatistics

    @property
    def needs_attention(self) -> bool:
        return self.stats.needs_attention


def question_statistics(exam: Exam) -> list[QuestionRow]:
    """One row per question version (and mark) drawn into the graded attempts' papers."""
    skip = prediction_versions(exam)
    columns: dict[tuple[int, float], Moments] = {}
    for row in graded_attempts(exam, "slots", "marks"):
        items = list(slot_marks(row["slots"], row["marks"], skip))
        total = math.fsum(value for _v, _m, value in items)
        for version_id, maximum, value in items:
            column = columns.get((version_id, maximum))
            if column is None:
                column = columns[(version_id, maximum)] = Moments()
            column.add(value, total - value)
    versions = QuestionVersion.objects.in_bulk({version_id for version_id, _m in columns})
    labels = dict(QuestionType.choices)
    rows = []
    for (version_id, maximum), column in columns.items():
        version = versions.get(version_id)
        if version is not None and version.qtype == QuestionType.PREDICTION:
            continue
        rows.append(
            QuestionRow(
                version_id=version_id,
                question_id=version.question_id if version else 0,
                version_number=version.number if version else 0,
                title=version.title if version else f"#{version_id}",
                qtype=version.qtype if version else "",
                qtype_label=str(labels.get(version.qtype, "")) if version else "",
                stats=column.result(maximum),
            )
        )
    rows.sort(key=lambda r: (r.question_id, r.version_number, r.version_id, r.stats.max_mark))
    return rows


# --- the whole exam ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    label: str
    count: int
    last: bool  # the last bin holds its upper bound too


@dataclass(frozen=True)
class ExamSummary:
    count: int
    max_score: float
    mean: float | None
    median: float | None
    sd: float | None  # sample (n − 1) standard deviation of the scores
    minimum: float | None
    maximum: float | None
    bins: list[Bin]
    whole_marks: bool  # one bin per whole mark (max score ≤ 20) rather than ten equal ranges

    @property
    def mean_percent(self) -> float | None:
        if self.mean is None or not self.max_score:
            return None
        return self.mean / self.max_score * 100


def _short(number: float) -> str:
    """12.0 → "12", 2.5 → "2,5" (in Vietnamese): bin labels."""
    rounded = round(number, 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return number_format(rounded, decimal_pos=2).rstrip("0").rstrip(",.")


def histogram(scores: Sequence[float], max_score: float) -> tuple[list[Bin], bool]:
    """Bins over 0..max_score: one per whole mark when the max is a whole number up to 20
    (a score of 7.5 counts in "7"), else ten equal ranges (each from its low bound to below its
    high bound, the last holding the max). Scores outside 0..max go to the end bins."""
    top = max_score if max_score > 0 else max(scores, default=0.0)
    if top <= 0:
        top = 1.0
    whole = float(top).is_integer() and top <= MAX_INTEGER_BINS
    counts: list[int]
    if whole:
        size = int(top) + 1
        counts = [0] * size
        for score in scores:
            counts[min(size - 1, max(0, math.floor(score)))] += 1
        bins = [Bin(float(k), float(k + 1), str(k), counts[k], k == size - 1) for k in range(size)]
        return bins, True
    width = top / TEN_BINS
    counts = [0] * TEN_BINS
    for score in scores:
        counts[min(TEN_BINS - 1, max(0, math.floor(score / width)))] += 1
    bins = []
    for k in range(TEN_BINS):
        low, high = k * width, (k + 1) * width if k < TEN_BINS - 1 else top
        bins.append(Bin(low, high, f"{_short(low)}–{_short(high)}", counts[k], k == TEN_BINS - 1))
    return bins, False


def exam_max_score(exam: Exam, scores_max: Iterable[Decimal | None] = ()) -> float:
    """The exam's max score: the largest of the attempts', else the paper rules' total."""
    best = max((float(m) for m in scores_max if m), default=0.0)
    if best:
        return best
    return float(sum((rule.count * rule.mark for rule in exam.rules.all()), Decimal(0)))


def exam_summary(exam: Exam) -> ExamSummary:
    """Count, mean, median, sd, min, max of the graded attempts' scores, and their histogram."""
    scores: list[float] = []
    maxima: list[Decimal | None] = []
    for row in graded_attempts(exam):
        scores.append(float(row["score"] or 0))
        maxima.append(row["max_score"])
    max_score = exam_max_score(exam, maxima)
    bins, whole = histogram(scores, max_score)
    n = len(scores)
    return ExamSummary(
        count=n,
        max_score=max_score,
        mean=pystats.fmean(scores) if n else None,
        median=pystats.median(scores) if n else None,
        sd=pystats.stdev(scores) if n > 1 else None,
        minimum=min(scores) if n else None,
        maximum=max(scores) if n else None,
        bins=bins,
        whole_marks=whole,
    )
