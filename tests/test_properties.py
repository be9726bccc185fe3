"""Invariants that must hold on any text: the parser never raises, and nothing is lost."""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planparse

# Text built from the pieces plans are made of, so the grammar is exercised, not just random noise.
PIECES = [
    "一、", "二、", "（一）", "(二)", "1、", "2.", "3．", "（1）", "(2)", "1)", "①", "⑵", "[3]", "一是", "二是", "三是",
    "第一，", "首先，", "最后，", "篇一", "【篇2】", "第三篇：", "工作计划", "20xx年", "201x", "xx届", "__", "*次", "**年",
    "工会", "职代会", "劳动竞赛", "送温暖", "。", "；", "，", "：", "\n", "\n\n", " ", "\u3000", "\u200b", "□", "�",
    "計(jì)劃", "**重点**", "- ", "### ", "---", "您的位置：首页 > 计划", "版权归某网所有!", "阅读：12次",
    "(开头部分已省略20字)", "一月份", "1月：", "活动时间：", "市总工会", "2025年1月5日", "\r\n", "\t",
]
plan_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60).map("".join)


def model_strings(col) -> list[str]:
    out = [col.page_title, col.page_intro]
    out += [r.text for r in col.removals]
    for plan in col.plans:
        out += [plan.title, plan.preamble, plan.closing, plan.signature, plan.separator_text or ""]
        for section in plan.sections:
            out += [section.marker or "", section.title, section.intro]
    for *_, item, _ in col.iter_items():
        out += [item.marker or "", item.text]
    return out


def non_space(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_text)
def test_parse_never_raises_and_loses_nothing(text):
    col = planparse.parse(text, classify=False)
    kept = non_space("".join(model_strings(col)))
    missing = non_space(text) - kept
    assert not missing, f"characters lost: {dict(missing)}"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_on_arbitrary_unicode(text):
    col = planparse.parse(text, classify=False)
    missing = non_space(text) - non_space("".join(model_strings(col)))
    assert not missing


@settings(max_examples=100, deadline=None)
@given(plan_text)
def test_spans_of_removals_and_placeholders_point_into_the_input(text):
    col = planparse.parse(text, classify=False)
    for r in col.removals:
        if r.kind != "line_join":
            assert text[r.start : r.end] == r.text
    for p in col.placeholders:
        assert text[p.start : p.end] == p.text


def test_pathological_repetition_stays_shallow_and_whole():
    """Hostile input that once built a tree thousands of levels deep (RecursionError)."""
    import json

    for text in ["一是，" * 5000, ("1、a（1）b①c一是d；") * 2000, "篇一\n" * 3000]:
        col = planparse.parse(text, classify=False)
        json.dumps(col.model_dump(mode="json"))

        def depth(items, d=1):
            return max((depth(i.children, d + 1) for i in items), default=d - 1)

        assert max((depth(s.items) for p in col.plans for s in p.sections), default=0) <= 6
        assert not non_space(text) - non_space("".join(model_strings(col)))


# Hostile runs: long stretches of one whitespace or markup piece, the inputs that once made a noise rule or a
# join rescan quadratically. Each example must end within its budget (generous for a slow 2-core CI machine).
RUN_PIECES = [" ", "\xa0", "\u3000", "\n", "\r\n", "\t", "*", "**", "#", "-", "=", "_", ">", "|", "…", "。", "，",
              "【", "】", "（", "）", "1、", "一、", "一是", "/", "1/10", "..", "—", "\u200b", "□"]
BUDGET_SECONDS = 5.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(RUN_PIECES), st.integers(1, 4000)), min_size=1, max_size=4),
       st.sampled_from(["", "工会工作计划\n一、组织建设\n1、发展会员。\n"]))
def test_hostile_runs_end_within_their_budget_and_lose_nothing(runs, frame):
    import time

    text = frame + "".join(piece * count for piece, count in runs) + frame
    start = time.perf_counter()
    col = planparse.parse(text, classify=False)
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET_SECONDS, f"{elapsed:.1f}s for runs {[(p, n) for p, n in runs]}"
    assert not non_space(text) - non_space("".join(model_strings(col)))
