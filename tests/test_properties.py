"""Invariants that must hold on any text: the parser never raises, and nothing is lost."""

from collections import Counter

from hypothesis import HealthCheck, example, given, settings
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
@example("201x\x08×")  # a control character cleaning took out of a placeholder's middle (found by this test)
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


JOIN_BUDGET_SECONDS = 15.0


def test_a_long_run_of_lines_that_all_join_parses_in_linear_time():
    """20,000 hard-wrapped lines that each continue the one above (cut mid-word, or at the wrap margin on a
    comma): every join used to rescan the whole growing paragraph (over 40 s); now a few seconds."""
    import time

    cut = "开展职工技能比赛和岗位练兵活动推动企业高质量发展再上新台阶"
    text = "\n".join(cut + ("，" if i % 2 else "") for i in range(20000))
    start = time.perf_counter()
    col = planparse.parse(text, classify=False)
    elapsed = time.perf_counter() - start
    assert elapsed < JOIN_BUDGET_SECONDS, f"{elapsed:.1f}s"
    assert sum(1 for r in col.removals if r.kind == "line_join") >= 19000


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


# Generated .docx files with random numbering attributes: any start value, format, level text, restart and
# span a hostile or broken archive may hold. Each must read (or be refused with one line) within a budget.
NUM_FORMATS = ["decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "chineseCounting",
               "chineseCountingThousand", "ideographTraditional", "decimalEnclosedCircle", "bullet", "none",
               "ordinal", "cardinalText", "decimalZero", "nonsenseFormat", ""]
_ATTRIBUTE = st.one_of(st.integers(-10**6, 10**18).map(str), st.text("0123456789-x", max_size=60),
                       st.sampled_from(["", "NaN", "1e9", "99999999999999999999999999"]))
_LVL_TEXT = st.one_of(st.sampled_from(["%1、", "（%1）", "%1.%2.%3", "第%1条", "%9", "%", "%0", "%1%1%1"]),
                      st.text("%123456789、（）.", max_size=400))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(NUM_FORMATS), _LVL_TEXT, _ATTRIBUTE, _ATTRIBUTE), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 9), st.integers(0, 5)), min_size=1, max_size=30), _ATTRIBUTE)
def test_random_numbering_attributes_read_within_budget(levels, paragraphs, span):
    import time
    from xml.sax.saxutils import quoteattr

    from fixtures_docx import minimal_docx
    from planparse.errors import InputError
    from planparse.pipeline import parse_document
    from planparse.read.docx import read_docx

    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val={quoteattr(start)}/><w:numFmt w:val={quoteattr(fmt)}/>'
                   f'<w:lvlRestart w:val={quoteattr(restart)}/><w:lvlText w:val={quoteattr(text)}/></w:lvl>'
                   for i, (fmt, text, start, restart) in enumerate(levels))
    numbering = (f'<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 f'<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
                 f'<w:startOverride w:val={quoteattr(span)}/></w:lvlOverride></w:num>')
    body = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{1 + k % 2}"/></w:numPr></w:pPr>'
                   f"<w:r><w:t>第{k}条措施</w:t></w:r></w:p>" for k, (ilvl, _) in enumerate(paragraphs))
    body += (f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val={quoteattr(span)}/></w:tcPr><w:p><w:r><w:t>表格</w:t>'
             f'</w:r></w:p></w:tc></w:tr></w:tbl>')
    data = minimal_docx(body, numbering)
    start = time.perf_counter()
    try:
        raw = read_docx(data, source="generated.docx")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(len(block.label or "") <= 300 for block in raw.blocks)
        parse_document(raw, classify=False)
    assert time.perf_counter() - start < BUDGET_SECONDS
