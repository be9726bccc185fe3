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


# -- Word's counter model for startOverride (issue 18) -------------------------------------------------
# Every expected sequence below is what LibreOffice 7.4 renders for the same numbering (checked with its
# text export; tests/test_docx_archives.py repeats the check where soffice is installed) and what Word's
# documented behaviour gives: instances of one abstract list share its counters, and an instance with a
# startOverride restarts them once, on its first paragraph at that level.

def _counting(numbering_xml: str, steps: list[tuple[str, int]]) -> list[str]:
    numbering = _numbering(numbering_xml)
    return [numbering.next_label(num_id, ilvl).text for num_id, ilvl in steps]


def _override(num_id: int, abstract_id: int, **starts: int) -> str:
    return num(num_id, abstract_id, {int(level[1:]): value for level, value in starts.items()})


def test_an_override_restarts_the_shared_list_once_and_every_instance_carries_on():
    xml = abstract(1, lvl(0, "decimal", "%1.")) + num(3, 1) + _override(4, 1, l0=1)
    steps = [("3", 0), ("3", 0), ("4", 0), ("3", 0), ("4", 0), ("3", 0)]
    assert _counting(xml, steps) == ["1.", "2.", "1.", "2.", "3.", "4."]


def test_two_overriding_instances_each_restart_once():
    xml = abstract(2, lvl(0, "decimal", "%1.")) + _override(5, 2, l0=5) + _override(6, 2, l0=1)
    steps = [("5", 0), ("5", 0), ("6", 0), ("5", 0), ("6", 0)]
    assert _counting(xml, steps) == ["5.", "6.", "1.", "2.", "3."]


def test_an_override_of_a_lower_level_restarts_only_that_level():
    xml = (abstract(3, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%1.%2)")) + num(7, 3) + _override(8, 3, l1=1))
    steps = [("7", 0), ("7", 1), ("7", 1), ("8", 1), ("7", 1), ("8", 0), ("8", 1)]
    assert _counting(xml, steps) == ["1.", "1.a)", "1.b)", "1.a)", "1.b)", "2.", "2.a)"]


def test_a_level_restarted_by_a_higher_one_starts_at_its_own_start_not_the_override():
    xml = abstract(5, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) + _override(13, 5, l1=5) + num(14, 5)
    steps = [("13", 0), ("13", 1), ("13", 1), ("13", 0), ("13", 1), ("14", 0), ("14", 1)]
    assert _counting(xml, steps) == ["1.", "1.5", "1.6", "2.", "2.1", "3.", "3.1"]


def test_the_instances_sharing_a_list_continue_after_an_overriding_one_that_came_first():
    xml = abstract(7, lvl(0, "decimal", "%1.")) + num(17, 7) + _override(18, 7, l0=4)
    assert _counting(xml, [("18", 0), ("17", 0), ("17", 0)]) == ["4.", "5.", "6."]


def test_numbering_warnings_speak_the_interface_language():
    from planparse import messages

    try:
        messages.set_language("zh")
        numbering = _numbering(abstract(0, lvl(0, "hebrew2", "%1.")), num(1, 0))
        assert numbering.next_label("1", 0).text == "1."
        assert numbering.warnings == ["不支持 Word 编号格式“hebrew2”，已按阿拉伯数字显示"]
    finally:
        messages.set_language(None)
