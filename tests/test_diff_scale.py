"""The structural diff ends in bounded time and memory on large plans (issue 11, issue 14).

The plans here are generated (word lists below); every measure differs slightly between the two
versions, so every pair goes through the inline word diff and target pairing.
"""

from __future__ import annotations

import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

import planparse
from planparse.plandiff import diff_plans, targets
from planparse.plandiff.targets import token_opcodes

ALIGN = sys.modules["planparse.plandiff.align"]  # the package re-exports the function under the same name
PAIR = Path(__file__).resolve().parents[1] / "corpus" / "pairs"

_DIGITS = "零一二三四五六七八九"
_DOING = ["举办", "组织", "开展", "推进", "落实", "健全", "深化", "实施", "创建", "完善"]
_WHERE = ["车间", "班组", "机关", "社区", "校区", "门诊部", "项目部", "物业站", "仓库", "营业厅", "分厂", "实验室"]
_WHAT = ["技能培训班", "岗位练兵", "安全隐患排查", "困难职工走访", "健康义诊", "读书会", "法律讲座", "合理化建议征集",
         "劳动竞赛", "心理辅导", "文艺汇演", "志愿服务队", "师徒结对", "节日慰问", "民主议事会", "职工夜校"]
_WHOM = ["一线职工", "青年员工", "女职工", "外来务工人员", "技术骨干", "困难家庭", "退休人员", "新进员工"]
_UNITS = ["名", "次", "场", "个", "期", "项", "人次", "家"]


def _numeral(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def _measure(i: int, version: int) -> str:
    pick = random.Random(i * 104729 + 17)
    doing, where, what, whom = (pick.choice(words) for words in (_DOING, _WHERE, _WHAT, _WHOM))
    return (f"{doing}{where}{what}{(i * 11 + version) % 89 + 2}{pick.choice(_UNITS)}，面向{whom}"
            f"{pick.choice(_DOING)}{pick.choice(_WHAT)}，全年不少于{(i * 5 + version) % 40 + 3}次，"
            f"惠及{(i * 37 + version) % 800 + 20}名职工")


def sectioned_plan(n: int, version: int, per_section: int = 45) -> str:
    """n measures under numbered sections (at most 99 each, the parser's item numbering)."""
    lines = [f"{2024 + version}年职工服务工作要点", "根据上级部署，结合本单位实际，制定本要点。"]
    for start in range(0, n, per_section):
        section = start // per_section + 1
        lines.append(f"{_numeral(section) if section < 100 else section}、{_WHERE[section % len(_WHERE)]}工作")
        lines += [f"{k + 1}、{_measure(start + k, version)}" for k in range(min(per_section, n - start))]
    return "\n".join(lines) + "\n"


def one_section_plan(n: int, version: int) -> str:
    """One section of n look-alike measures (all masked forms equal); past 99 the parser joins them into one item."""
    lines = ["职工培训工作计划", "一、培训安排"]
    lines += [f"{i + 1}、组织第{(i * 7 + version) % 997}期职工培训班，覆盖{(i * 13 + version) % 500}名职工，"
              f"开展岗位练兵活动{i % 17}次" for i in range(n)]
    return "\n".join(lines) + "\n"


def _parse(text: str):
    return planparse.parse(text, classify=False)


def test_generated_500_measure_pair_is_fast():
    # Used to take minutes: difflib on one 13,000-character "measure" (items 99-500 joined) of look-alike clauses.
    old, new = _parse(one_section_plan(500, 1)), _parse(one_section_plan(500, 2))
    start = time.perf_counter()
    result = diff_plans(old, new)
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert result.counts["modified"] == sum(len(s.items) for s in new.plans[0].sections)
    assert result.counts["added"] == result.counts["removed"] == 0
    longest = max(result.changes, key=lambda c: len(c.new.text))
    assert "".join(s.text for s in longest.inline if s.op != "insert") == longest.old.text
    assert "".join(s.text for s in longest.inline if s.op != "delete") == longest.new.text


@pytest.mark.slow
def test_generated_3000_measure_pair_stays_within_memory_and_pairs_every_measure():
    # Within the budget this would be exact with dense 3,000 × 3,000 matrices: ~500 MB traced at the peak.
    old, new = _parse(sectioned_plan(3000, 1)), _parse(sectioned_plan(3000, 2))
    diff_plans(_parse(sectioned_plan(3, 1)), _parse(sectioned_plan(3, 2)))  # jieba and OpenCC loaded
    tracemalloc.start()
    try:
        start = time.perf_counter()
        result = diff_plans(old, new)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 250 * 2**20, f"{peak / 2**20:.0f} MB"
    assert elapsed < 120, f"{elapsed:.1f} s (traced)"
    assert result.counts["modified"] == 3000
    assert result.counts["moved"] == result.counts["added"] == result.counts["removed"] == 0
    for change in result.changes:
        if change.node == "item":
            assert change.old.path == change.new.path


def test_look_alike_measures_above_the_budget_pair_in_order(monkeypatch):
    # Every masked form is the same, so nothing pairs outright: the top-k candidates must keep the diagonal.
    monkeypatch.setattr(ALIGN, "CELL_BUDGET", 0)
    monkeypatch.setattr(ALIGN, "BLOCK_CELLS", 500)
    old, new = _parse(one_section_plan(90, 1)), _parse(one_section_plan(90, 2))
    result = diff_plans(old, new)
    assert result.counts["modified"] == 90
    assert all(c.old.path == c.new.path for c in result.changes if c.node == "item")


def test_shuffled_measures_above_the_budget_are_moves_as_below_it(monkeypatch):
    old_text = sectioned_plan(300, 1, per_section=30)
    lines = old_text.splitlines()
    items = [k for k, line in enumerate(lines) if re.match(r"\d+、", line)]
    texts = [lines[k].split("、", 1)[1] for k in items]
    random.Random(3).shuffle(texts)
    for k, text in zip(items, texts):
        lines[k] = lines[k].split("、", 1)[0] + "、" + text
    old, new = _parse(old_text), _parse("\n".join(lines) + "\n")
    exact = diff_plans(old, new)
    monkeypatch.setattr(ALIGN, "CELL_BUDGET", 0)
    result = diff_plans(old, new)
    assert result.counts["added"] == result.counts["removed"] == result.counts["modified"] == 0
    assert sum(c.kind == "moved" or c.reordered for c in result.changes) >= 250
    assert _summary(result) == _summary(exact)


def _summary(result):
    return result.counts, result.target_change_count, sorted(
        (c.kind, c.old.path if c.old else "", c.new.path if c.new else "", c.relation or "",
         tuple((t.old, t.new) for t in c.target_changes)) for c in result.changes)


def test_year_pair_gives_the_same_changes_above_the_budget(monkeypatch):
    old = planparse.parse((PAIR / "hengtuo_2024.txt").read_text(encoding="utf-8"))
    new = planparse.parse((PAIR / "hengtuo_2025.txt").read_text(encoding="utf-8"))
    exact = diff_plans(old, new)
    monkeypatch.setattr(ALIGN, "CELL_BUDGET", 0)
    monkeypatch.setattr(ALIGN, "BLOCK_CELLS", 50)
    monkeypatch.setattr(ALIGN, "TOP_K", 2)
    assert _summary(diff_plans(old, new)) == _summary(exact)


def _segments(a: list[str], b: list[str]) -> str:
    out = []
    for tag, i1, i2, j1, j2 in token_opcodes(a, b):
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        out.append(old if tag == "equal" else (f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
    return "".join(out)


def test_a_reworded_clause_is_one_change_not_confetti():
    old = ["全年", "组织", "职工", "开展", "岗位", "练兵", "，", "提升", "技能", "水平", "。"]
    new = ["全年", "组织", "青年", "职工", "参加", "技能", "比武", "，", "评选", "技术", "能手", "。"]
    # The lone "，" and "技能" inside the rewritten clause are not anchors; 全年组织, 职工 and the full stop are.
    assert _segments(old, new) == "全年组织{+青年+}职工[-开展岗位练兵，提升技能水平-]{+参加技能比武，评选技术能手+}。"


def test_long_shared_runs_stay_equal_between_changes():
    shared = ["深入", "开展", "劳动", "竞赛", "和", "技能", "比武", "活动"]
    old = ["今年", *shared, "，", "培育", "工匠", "。"]
    new = ["明年", "继续", *shared, "，", "培育", "大国", "工匠", "。"]
    assert _segments(old, new) == "[-今年-]{+明年继续+}深入开展劳动竞赛和技能比武活动，培育{+大国+}工匠。"


def test_identical_and_disjoint_token_lists():
    words = ["召开", "职代会", "。"]
    assert token_opcodes(words, words) == [("equal", 0, 3, 0, 3)]
    assert token_opcodes(words, ["慰问", "困难", "职工"]) == [("replace", 0, 3, 0, 3)]
    assert token_opcodes([], words) == [("insert", 0, 0, 0, 3)]
    assert token_opcodes(words, []) == [("delete", 0, 3, 0, 0)]


@pytest.mark.parametrize("lcs_cells", [targets.LCS_CELLS, 0])
def test_token_opcodes_rebuild_both_texts(monkeypatch, lcs_cells):
    monkeypatch.setattr(targets, "LCS_CELLS", lcs_cells)
    rng = random.Random(5)
    for _ in range(300):
        a = [rng.choice("甲乙丙丁，") for _ in range(rng.randint(0, 30))]
        b = a[:rng.randint(0, len(a))] + [rng.choice("甲乙戊") for _ in range(rng.randint(0, 5))] + a[rng.randint(0, len(a)):]
        i = j = 0
        for tag, i1, i2, j1, j2 in token_opcodes(a, b):
            assert (i1, j1) == (i, j)
            assert tag in ("equal", "replace", "delete", "insert")
            if tag == "equal":
                assert a[i1:i2] == b[j1:j2]
            i, j = i2, j2
        assert (i, j) == (len(a), len(b))


def test_one_enormous_measure_is_bounded():
    clause = "组织第{}期职工培训班，覆盖{}名职工，开展岗位练兵活动{}次；"
    old = "".join(clause.format(i % 97, i % 13, i % 7) for i in range(3000))
    new = "".join(clause.format((i + 1) % 97, i % 13, (i + 2) % 7) for i in range(3000))
    plan = "一、培训\n1、{}\n"
    start = time.perf_counter()
    result = diff_plans(_parse(plan.format(old)), _parse(plan.format(new)))
    assert time.perf_counter() - start < 30
    (change,) = [c for c in result.changes if c.node == "item"]
    assert "".join(s.text for s in change.inline if s.op != "insert") == change.old.text
    assert "".join(s.text for s in change.inline if s.op != "delete") == change.new.text


# --- the fast paths of a report pair's diff (issue 14) give what the plain computations give -----------------
def test_ngram_counts_are_the_canonical_count_matrices():
    rng = random.Random(14)
    alphabet = "职工培训班，。、1２a" + "\U00020000\U0002a6d6"  # ASCII, full width, CJK and astral characters
    for _ in range(60):
        forms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(0, 8))]
        unigrams, bigrams = ALIGN.ngram_counts(forms)
        for matrix, grams in ((unigrams, [list(f) for f in forms]),
                              (bigrams, [[f[k:k + 2] for k in range(len(f) - 1)] for f in forms])):
            vocab = sorted({g for row in grams for g in row})  # code-point order: the columns' order
            if not vocab:
                assert matrix.shape == (len(forms), 1) and matrix.nnz == 0
                continue
            column = {g: k for k, g in enumerate(vocab)}
            expected = [[0.0] * len(vocab) for _ in forms]
            for r, row in enumerate(grams):
                for g in row:
                    expected[r][column[g]] += 1
            assert matrix.shape == (len(forms), len(vocab))
            assert matrix.toarray().tolist() == expected
            assert matrix.has_canonical_format  # what the TF-IDF products downstream were tuned on


def test_base_forms_replace_the_same_placeholders_as_the_pattern():
    from planparse.text.noise import noise_rules
    from planparse.text.normalize import match_forms

    pattern = noise_rules().placeholder_any
    rng = random.Random(3)
    pieces = ["20××年", "19xx", "××", "XX", "＿＿＿", "__", "第*次", "**名", "***", "“ ”", "《》", "十×届", "2025年",
              "第12次", "组织职工", "x", "*", "“", "》", "1", "2"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(400)]
    expected = [pattern.sub("#", ALIGN._BULLET.sub("", form)) for form in match_forms(texts)]
    assert ALIGN.base_forms(texts) == expected
    assert any("#" in form for form in expected) and any(form and "#" not in form for form in expected)


def test_targets_are_found_where_the_pattern_finds_them():
    rng = random.Random(8)
    pieces = ["百分之", "十二", "三", "一", "12", "3.5", "万", "亿元", "名", "人次", "%", "个百分点", "余", "，", "举办",
              "技能比赛", "第", "2025年", "增长", "职工"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        found = [(m.span(), m.groupdict()) for m in targets._TARGET_SCAN.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in targets.TARGET_RE.finditer(text)]


def _stranded_reference(blocks, a, b):
    """The stranded-run rule as first written, in token indices (targets.STRANDED_SHARE)."""
    at_a = [sum(len(t) for t in a[:k]) for k in range(len(a) + 1)]
    at_b = [sum(len(t) for t in b[:k]) for k in range(len(b) + 1)]
    blocks = [block for block in blocks if block[2]]

    def stranded(before, block, after):
        i, j, size = block
        changed_before = max(at_a[i] - at_a[before[0]], at_b[j] - at_b[before[1]])
        changed_after = max(at_a[after[0]] - at_a[i + size], at_b[after[1]] - at_b[j + size])
        if not changed_before or not changed_after:
            return False
        return at_a[i + size] - at_a[i] <= max(1, targets.STRANDED_SHARE * min(changed_before, changed_after))

    def end_of(kept, k):
        return (kept[k][0] + kept[k][2], kept[k][1] + kept[k][2]) if k >= 0 else (0, 0)

    kept = []
    for k, block in enumerate(blocks):
        after = (blocks[k + 1][0], blocks[k + 1][1]) if k + 1 < len(blocks) else (len(a), len(b))
        if not stranded(end_of(kept, len(kept) - 1), block, after):
            kept.append(block)
            continue
        while kept and stranded(end_of(kept, len(kept) - 2), kept[-1], after):
            kept.pop()
    return kept


def test_stranded_runs_are_dropped_as_the_rule_says():
    from rapidfuzz.distance import Indel

    rng = random.Random(11)
    words = ["职工", "的", "，", "开展", "培训班", "了", "技能比武", "工会", "a"]
    dropped = 0
    for _ in range(500):
        a = [rng.choice(words) for _ in range(rng.randint(0, 25))]
        b = [rng.choice(words) for _ in range(rng.randint(0, 25))]
        blocks = [(op.src_start, op.dest_start, op.src_end - op.src_start)
                  for op in Indel.opcodes(a, b) if op.tag == "equal"] + [(len(a), len(b), 0)]
        kept = targets._without_stranded(blocks, a, b)
        assert kept == _stranded_reference(blocks, a, b)
        dropped += len(kept) < len([block for block in blocks if block[2]])
    assert dropped > 100  # the rule did drop runs, so both sides were exercised


def test_changed_span_is_cut_after_the_shared_head_and_before_the_shared_tail():
    from planparse.plandiff import tokenize_changed

    rng = random.Random(2)
    cut_both = 0
    for _ in range(300):
        old = "".join(rng.choice("职工工会，。\U00020000") for _ in range(rng.randint(0, 30)))
        cut = sorted(rng.randint(0, len(old)) for _ in range(2))  # the middle rewritten, head and tail kept
        new = old[:cut[0]] + "".join(rng.choice("职工会。") for _ in range(rng.randint(0, 6))) + old[cut[1]:]
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        old_words, new_words = tokenize_changed(old, new)
        assert "".join(old_words) == old and "".join(new_words) == new
        for text, words in ((old, old_words), (new, new_words)):
            if head > 4:  # the shared head, less 4 characters of context, is one word
                assert words[0] == text[:head - 4]
            if tail > 4:
                assert words[-1] == text[len(text) - tail + 4:]
        cut_both += head > 4 and tail > 4
    assert cut_both > 50


def test_quantities_are_masked_as_the_plain_pattern_masks_them():
    units = "|".join(re.escape(u) for u in targets.UNITS)
    plain = re.compile(rf"{targets._DECIMAL}|[{targets._CN}]+(?=(?P<unit>{units}))")
    rng = random.Random(6)
    pieces = ["一", "二十", "百", "万", "零", "〇", "12", "３", ".", "．", "5", "名", "人次", "万元", "个", "统一", "十分", "职工", "，"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(2000)]
    assert [targets.QUANTITY_RE.sub("#", t) for t in texts] == [plain.sub("#", t) for t in texts]
    assert ALIGN.masked_form("举办二十场培训，覆盖3.5万名职工，统一安排") == "举办#场培训，覆盖##名职工，统一安排"  # 万 before 名 is a numeral too
