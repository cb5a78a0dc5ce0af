import pytest
from hypothesis import given
from hypothesis import strategies as st

from congso.core.text import fold, slugify_vi, strip_accents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thái Bình", "thai binh"),
        ("Sở Y tế", "so y te"),
        ("ĐỒNG HƯNG", "dong hung"),
        ("Đông  Hưng\t", "dong hung"),
        ("Quỳnh Phụ", "quynh phu"),
        ("Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh"),
        ("Thuỵ Ninh", "thuy ninh"),
    ],
)
def test_fold_removes_accents_and_d_stroke(text, expected):
    assert fold(text) == expected


def test_fold_handles_decomposed_input():
    decomposed = "Thái Bình".encode().decode()
    import unicodedata

    assert fold(unicodedata.normalize("NFD", decomposed)) == "thai binh"


def test_strip_accents_keeps_case():
    assert strip_accents("Đồng Hưng") == "Dong Hung"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sở Thông tin và Truyền thông", "so-thong-tin-va-truyen-thong"),
        ("Huyện Đông Hưng", "huyen-dong-hung"),
        ("Thông báo số 12/TB-UBND (ngày 01/7/2025)!", "thong-bao-so-12-tb-ubnd-ngay-01-7-2025"),
        ("   ", ""),
    ],
)
def test_slugify_vi(title, slug):
    assert slugify_vi(title) == slug


def test_slugify_vi_cuts_at_a_word_boundary():
    slug = slugify_vi("Ủy ban nhân dân " * 20, max_length=30)
    assert len(slug) <= 30
    assert not slug.endswith("-")
    assert slug.startswith("uy-ban-nhan-dan")


@given(st.text())
def test_fold_output_is_ascii_for_vietnamese_letters(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(c in folded for c in "đĐăâêôơưáàảãạ")
