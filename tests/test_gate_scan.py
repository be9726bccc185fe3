"""text.gate.Scanner finds exactly the matches ``pattern.finditer`` finds, trying the pattern only where a match
can start (the characters every match opens with, and line starts for ``^`` in multi-line mode)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from planparse.text.gate import Scanner, _first_class
from planparse.text.noise import noise_rules

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _rules():
    rules = noise_rules()
    return [*rules.span, *rules.line_doc, *rules.placeholder]


def _found(matches) -> list:
    return [(m.span(), tuple(m.span(g) for g in range(1, (m.re.groups or 0) + 1))) for m in matches]


def _same_on(text: str) -> None:
    for rule in _rules():
        assert _found(Scanner(rule.pattern).finditer(text)) == _found(rule.pattern.finditer(text)), rule.pattern.pattern


# Page noise of the kinds the rules remove, written for this test, around ordinary plan lines.
NOISY = (
    "  2025年XX中学工会工作计划\n\n当前位置：首页 > 工作计划\n一、指导思想\u3000以习近平新时代中国特色社会主义思想为指导，"
    "全面落实20xx年工作要点。\n（一）加强思想引领（sīxiǎng）  \n1、组织职工参加第*届职代会，每月**次学习。\n"
    "## 二、主要工作\n- 开展技能比武\n> 引用的说明\n12/30\n本文由范文网整理发布，转载请注明出处。\n"
    "第××届运动会于____月举行，参加人数xx人。\u200b\n- 3 -\n【供稿：工会办公室】欢迎大家阅读与分享！\n"
    "上一页 1 2 3 下一页\n扫一扫，手机阅读\nWord下载\n时间：2025-03-01 来源：本站\n***\n※目录※\n"
)


def test_same_matches_on_every_page_we_have():
    _same_on(NOISY)
    pages = [p for p in (ROOT / "corpus" / "plans").glob("*.txt") if not p.name.endswith(".gold.txt")]
    pages += list((SHARED / "realpages").glob("*.txt")) + list((SHARED / "seeds").glob("*.txt"))
    for page in pages:
        try:
            text = page.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        _same_on(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\n \t\u3000xX×Ｘ*＊_＿1290/／（(）)【】[]#->第十年届次工会首页下载本文由aAbZāǎ。，：\u200b", max_size=60))
def test_same_matches_on_random_text(text):
    _same_on(text)


def test_dense_candidates_fall_back_to_a_plain_scan_with_the_same_matches():
    text = "参加人数xx人，第x届。" * 3000 + "20xx年工作计划\n" + "X" * 5000
    _same_on(text)


def _opens(pattern: re.Pattern):
    """The first-character class of ``pattern`` as the characters of a sample it holds, and its line anchor."""
    found = _first_class(pattern)
    if found is None:
        return None
    sample = "xX×12ab#\t 十第工。"
    return {ch for ch in sample if re.fullmatch(found[0], ch)}, found[2]


def test_first_class_reads_what_a_match_opens_with():
    assert _opens(re.compile(r"(?<![a-z])[xX]{2,3}")) == ({"x", "X"}, False)
    assert _opens(re.compile(r"(?<=[十第])(?=[xX])[xX×]")) == ({"x", "X"}, False)  # the lookahead narrows it
    assert _opens(re.compile(r"^[ \t]*#{1,6} ", re.MULTILINE)) == ({" ", "\t", "#"}, True)
    assert _opens(re.compile(r"^[ \t]*#"))[1] is False  # without MULTILINE, ^ is the string start only
    assert _opens(re.compile(r"(?<![0-9])(?:20|19)\d")) == ({"1", "2"}, False)
    assert _first_class(re.compile(r"(?<!a)[xX]{2}"))[1] == {"x", "X"}  # a few characters: found with str.find
    # what cannot be told: a negated class, a group with its own flags, a pattern that may match nothing,
    # a class too wide to be worth a search
    assert _first_class(re.compile(r"[^。]{0,10}小编")) is None
    assert _first_class(re.compile(r"(?i:ab)")) is None
    assert _first_class(re.compile(r"x*")) is None
    assert _first_class(re.compile(r"(?<=。)[\u4e00-\u9fff]+工会")) is None
    # and what re skips to by itself: a pattern opening with a literal or a class
    assert _first_class(re.compile(r"(?:20|19)\d")) is None and _first_class(re.compile(r"[xX]工会")) is None
