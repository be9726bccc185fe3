"""The Word numbering renderer on its own: number formats, templates and counter rules."""

from __future__ import annotations

import pytest
from lxml import etree

from fixtures_docx import FORMAT_CASES, W, abstract, build_formats, lvl, num
from planparse.read.docx import read_docx
from planparse.read.numbering import Numbering, chinese_counting, format_number


@pytest.mark.parametrize("fmt", sorted(FORMAT_CASES))
def test_format_values(fmt):
    values, shown, _template = FORMAT_CASES[fmt]
    assert [format_number(v, fmt) for v in values] == list(shown)


def test_chinese_counting_large_values_use_zero_and_units():
    assert [chinese_counting(n) for n in (100, 101, 110, 1000, 1001, 1010, 10000, 10500, 20008)] == [
        "一百", "一百零一", "一百一十", "一千", "一千零一", "一千零一十", "一万", "一万零五百", "二万零八"]


def test_every_format_renders_through_a_docx():
    data, expected = build_formats()
    doc = read_docx(data)
    assert [(b.label, b.text) for b in doc.blocks] == expected
    assert doc.warnings == []


def _numbering(*parts: str) -> Numbering:
    return Numbering(etree.fromstring(f"<w:numbering {W}>{''.join(parts)}</w:numbering>"))


def test_lvl_restart_to_a_higher_level_only():
    # Level 3 restarts only after level 1, not after level 2.
    numbering = _numbering(
        abstract(0, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）"),
                 lvl(2, "decimal", "%3.", restart=1)),
        num(1, 0))
    sequence = [0, 1, 2, 2, 1, 2, 0, 2]
    assert [numbering.next_label("1", i).text for i in sequence] == ["一、", "（一）", "1.", "2.", "（二）", "3.", "二、", "1."]


def test_multi_level_template_and_unused_parent_shows_start():
    numbering = _numbering(abstract(0, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2"), lvl(2, "decimal", "%1.%2.%3")),
                           num(1, 0))
    assert [numbering.next_label("1", i).text for i in (1, 2, 0, 1, 2, 2)] == ["1.1", "1.1.1", "2.", "2.1", "2.1.1", "2.1.2"]


def test_suffix_and_missing_definitions():
    numbering = _numbering(abstract(0, lvl(0, "decimal", "%1、", suff="nothing"), lvl(1, "decimal", "%2)", suff="space"),
                                    lvl(2, "decimal", "%3.")), num(1, 0))
    assert [numbering.next_label("1", i).suffix for i in (0, 1, 2)] == ["", " ", "\t"]
    assert numbering.next_label("99", 0) is None
    assert numbering.next_label("0", 0) is None
    assert numbering.next_label("1", 5) is None  # level not defined


def test_num_style_link_is_followed():
    numbering = Numbering(
        etree.fromstring(f"<w:numbering {W}>"
                         + abstract(0, lvl(0, "chineseCounting", "%1、"))
                         + abstract(1, style_link="PlanList")
                         + num(1, 0) + num(2, 1) + "</w:numbering>"),
        style_num_ids={"PlanList": "1"})
    assert [numbering.next_label("2", 0).text for _ in range(3)] == ["一、", "二、", "三、"]


def test_level_override_replaces_definition():
    xml = (f"<w:numbering {W}>" + abstract(0, lvl(0, "decimal", "%1.")) +
           '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
           + lvl(0, "chineseCounting", "第%1条", start=5) + "</w:lvlOverride></w:num></w:numbering>")
    numbering = Numbering(etree.fromstring(xml))
    assert [numbering.next_label("1", 0).text for _ in range(2)] == ["第五条", "第六条"]


from hypothesis import given, strategies as st  # noqa: E402

from planparse.text.numerals import chinese_to_int  # noqa: E402


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_counting_reads_back_as_the_same_number(value):
    assert chinese_to_int(chinese_counting(value)) == value


@given(st.integers(min_value=1, max_value=9_999))
def test_legal_form_reads_back_as_the_same_number(value):
    assert chinese_to_int(format_number(value, "chineseLegalSimplified")) == value
