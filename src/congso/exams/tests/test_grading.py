"""Grading rules, one type at a time (pure functions, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from congso.exams import grading

MULTI = {
    "choices": [
        {"id": "a", "fraction": 0.5},
        {"id": "b", "fraction": 0.5},
        {"id": "c", "fraction": -0.5},
        {"id": "d", "fraction": -1},
    ]
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234,5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("12.345", Decimal(12345)),
        ("3.14", Decimal("3.14")),
        ("1.000.000", Decimal(1000000)),
        (" -7 ", Decimal(-7)),
        ("abc", None),
        ("", None),
        ("1e999999999", None),
        ("NaN", None),
    ],
)
def test_numbers_are_read_as_vietnamese_write_them(text, expected):
    assert grading.parse_number(text) == expected


def test_single_choice():
    data = {"choices": [{"id": "a", "fraction": 1}, {"id": "b", "fraction": -0.25}]}

    assert grading.fraction("single", data, "a") == 1
    assert grading.fraction("single", data, "b") == -0.25
    assert grading.fraction("single", data, "zz") == 0
    assert grading.fraction("single", data, None) == 0


def test_multi_choice_adds_fractions_and_never_goes_below_minus_one():
    assert grading.fraction("multi", MULTI, ["a", "b"]) == 1
    assert grading.fraction("multi", MULTI, ["a"]) == 0.5
    assert grading.fraction("multi", MULTI, ["a", "b", "c"]) == 0.5
    assert grading.fraction("multi", MULTI, ["c", "d"]) == -1


def test_true_false():
    assert grading.fraction("truefalse", {"correct": False}, "false") == 1
    assert grading.fraction("truefalse", {"correct": False}, "true") == 0


def test_short_answer_is_case_insensitive_and_accent_sensitive_by_default():
    data = {"answers": [{"text": "Thái Bình", "fraction": 1}, {"text": "TB*", "fraction": 0.5}]}

    assert grading.fraction("shortanswer", data, "  thái   bình ") == 1
    assert grading.fraction("shortanswer", data, "thai binh") == 0
    assert grading.fraction("shortanswer", data, "tb tỉnh") == 0.5
    assert grading.fraction("shortanswer", {**data, "accent_sensitive": False}, "thai binh") == 1
    assert grading.fraction("shortanswer", {**data, "case_sensitive": True}, "thái bình") == 0


def test_wildcard_matches_any_run_and_nothing_else_is_special():
    assert grading.short_answer_matches("Luật An ninh mạng 2018", "Luật*2018")
    assert not grading.short_answer_matches("Luật 2019", "Luật*2018")
    assert not grading.short_answer_matches("ab", "a.")
    assert grading.short_answer_matches("a.", "a.")


def test_numeric_with_tolerance():
    data = {
        "answers": [
            {"value": "3.14", "tolerance": "0.01", "fraction": 1},
            {"value": "3", "tolerance": "0.5", "fraction": 0.5},
        ]
    }

    assert grading.fraction("numeric", data, "3,145") == 1
    assert grading.fraction("numeric", data, "3.2") == 0.5
    assert grading.fraction("numeric", data, "4") == 0
    assert grading.fraction("numeric", data, "ba") == 0


def test_prediction_carries_no_mark():
    assert grading.fraction("prediction", {}, "12345") is None


@pytest.mark.parametrize(
    ("qtype", "response"),
    [
        ("single", "x"),
        ("single", ["a"]),
        ("multi", ["a", "x"]),
        ("truefalse", "maybe"),
        ("shortanswer", "x" * 501),
        ("numeric", "ba mươi"),
        ("prediction", True),
    ],
)
def test_responses_of_the_wrong_shape_are_refused(qtype, response):
    data = {"choices": [{"id": "a"}, {"id": "b"}]}

    with pytest.raises(ValueError, match=r"choice|true/false|too long|not a number"):
        grading.clean_response(qtype, data, response)
