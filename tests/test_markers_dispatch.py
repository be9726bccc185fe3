"""match_line_marker tries only the patterns a line's first character can start; the answer is the same as
trying them all."""

from __future__ import annotations

import re
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from planparse.text import markers
from planparse.text.gate import first_characters
from planparse.text.markers import match_line_marker

AMONG = frozenset("第一二十（(1２①⑴[【首其最是A")


def test_first_characters_read_the_pattern_opening():
    assert first_characters(re.compile(r"第\s*[一二]章"), AMONG) == {"第"}
    assert first_characters(re.compile(r"(?P<n>[（(])\d"), AMONG) == {"（", "("}
    assert first_characters(re.compile(r"\d{1,2}[.．]\d"), AMONG) == {"1", "２"}  # \d: every decimal digit
    assert first_characters(re.compile(r"(?:首先|其次|最后)[，,]"), AMONG) == {"首", "其", "最"}
    assert first_characters(re.compile(r"[一二三十]{1,3}是"), AMONG) == {"一", "二", "十"}
    assert "其" in first_characters(re.compile(r"[一-十]是"), AMONG)  # a range is code points: 其 is inside
    # what it cannot tell: an optional opening, an assertion, a negated class
    assert first_characters(re.compile(r"[（(]?\d"), AMONG) is None
    assert first_characters(re.compile(r"(?<=。)一、"), AMONG) is None
    assert first_characters(re.compile(r"[^。]一"), AMONG) is None


class _Everything(dict):
    def __getitem__(self, _ch):
        return markers._LINE_PATTERNS


def _every_pattern(text: str) -> markers.Marker | None:
    saved = markers._PATTERNS_BY_START
    markers._PATTERNS_BY_START = _Everything()
    try:
        return match_line_marker(text)
    finally:
        markers._PATTERNS_BY_START = saved


_OPENINGS = sorted(markers._MARKER_START)
_RESTS = ["、加强思想引领", "．开展活动", ".5万元", "是加强学习", "）组织职工", ")参加培训", "章 总则", "条 职责",
          "，各车间", "1.2 安排", "2】工会", "]名单", "先，要", "次：", "后、总结", "0个重点项目", " 、 做好慰问", ""]


def test_every_opening_character_gives_the_marker_all_patterns_give():
    for first, second, rest in product(_OPENINGS, ["", "一", "2", "０", "十"], _RESTS):
        text = first + second + rest
        assert match_line_marker(text) == _every_pattern(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="".join(_OPENINGS) + "、，,.．）)】]是章条先次后年月份 加强工会", max_size=8))
def test_random_openings_agree(text):
    assert match_line_marker(text) == _every_pattern(text)


def test_a_marker_reads_as_before():
    marker = match_line_marker("  （三）做好困难职工帮扶")
    assert (marker.family, marker.number, marker.text, marker.start, marker.end) == ("cn_paren", 3, "（三）", 2, 5)
    assert marker.rank == markers.RANK["cn_paren"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="。；：！?;: \u3000\t一二十（(）)12、.．①⑴是加强", max_size=30))
def test_lost_newline_splits_are_those_of_the_lookbehind_pattern(text):
    expected = [m.end() for m in markers._INLINE_LINE_START.finditer(text)]
    assert markers.split_points_for_lost_newlines(text) == expected


def test_lost_newline_splits_in_a_run_together_plan():
    text = "全面加强职工思想引领。一、组织建设；（二）队伍建设：  1、开展培训。。2.评比表彰！①总结"
    assert [text[i] for i in markers.split_points_for_lost_newlines(text)] == ["一", "（", "1", "2", "①"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="一二三十是否的第首先其次再最后，。；： \n加强工作", max_size=40))
def test_inline_runs_found_without_the_prefilters_are_the_same(text):
    saved = markers._MAY_HOLD
    markers._MAY_HOLD = {family: (lambda _text: True) for family in saved}
    try:
        expected = markers.find_inline_runs(text)
    finally:
        markers._MAY_HOLD = saved
    assert markers.find_inline_runs(text) == expected


def test_inline_runs_of_a_paragraph():
    text = "工作要求：一是加强学习；二是开展活动。首先要统一思想，其次要狠抓落实。这是否可行？第一，宣传；第二，检查。"
    found = [(m.family, m.number, m.text) for m in markers.find_inline_runs(text)]
    assert found == [("shi", 1, "一是"), ("shi", 2, "二是"), ("sequence", 1, "首先"), ("sequence", 2, "其次"),
                     ("ordinal", 1, "第一，"), ("ordinal", 2, "第二，")]
