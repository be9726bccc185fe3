"""Chinese numerals both ways (planparse.text.numerals): every format that has a parser reads back as its number."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from planparse.read.numbering import format_number
from planparse.text.numerals import (
    chinese_counting,
    chinese_digits,
    chinese_legal,
    chinese_legal_traditional,
    chinese_to_int,
    earthly_branch,
    heavenly_stem,
)

# Up to 万亿: the largest unit chinese_counting writes.
COUNTING = st.integers(min_value=0, max_value=10**12 - 1)


@given(COUNTING)
def test_counting_reads_back(n):
    assert chinese_to_int(chinese_counting(n)) == n


@given(COUNTING)
def test_legal_simplified_reads_back(n):
    assert chinese_to_int(chinese_legal(n)) == n


@given(COUNTING)
def test_legal_traditional_reads_back(n):
    assert chinese_to_int(chinese_legal_traditional(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_digit_by_digit_reads_back(n):
    # 二〇二〇 once read as 0: a zero digit reset the positional reading.
    assert chinese_to_int(chinese_digits(n)) == n


@given(st.integers(min_value=1, max_value=50))
def test_enclosed_circle_reads_back(n):
    assert chinese_to_int(format_number(n, "decimalEnclosedCircle")) == n


@given(st.integers(min_value=1, max_value=10))
def test_enclosed_ideographs_read_back(n):
    assert chinese_to_int(format_number(n, "ideographParenthesized")) == n  # ㈠
    assert chinese_to_int(format_number(n, "ideographEnclosedCircle")) == n  # ㊀


@pytest.mark.parametrize("n, counting, legal, digits", [
    (10, "十", "壹拾", "一〇"),
    (12, "十二", "壹拾贰", "一二"),
    (105, "一百零五", "壹佰零伍", "一〇五"),
    (2020, "二千零二十", "贰仟零贰拾", "二〇二〇"),
    (30_006, "三万零六", "叁万零陆", "三〇〇〇六"),
])
def test_known_forms(n, counting, legal, digits):
    assert (chinese_counting(n), chinese_legal(n), chinese_digits(n)) == (counting, legal, digits)


def test_cycles_and_word_formats_agree():
    assert [heavenly_stem(n) for n in (1, 3, 10, 11)] == ["甲", "丙", "癸", "甲"]
    assert [earthly_branch(n) for n in (1, 12, 13)] == ["子", "亥", "子"]
    assert format_number(36, "ideographLegalTraditional") == chinese_legal_traditional(36) == "參拾陸"
    assert format_number(7, "ideographTraditional") == "庚"


@pytest.mark.parametrize("text, value", [
    ("二〇二〇", 2020), ("二〇〇一", 2001), ("两千", 2000), ("十二三", None), ("三五百", None), ("十x", None),
])
def test_parser_edge_cases(text, value):
    assert chinese_to_int(text) == value
