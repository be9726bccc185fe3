"""Targets (plandiff/targets): a quantity with a unit tied to what it measures, paired across versions by indicator.

The sentences are written for these tests in the style of union plans and municipal work reports. The government
year pair at the end is read from ../shared behind a skip.
"""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest

import planparse
from planparse.model import Item, Plan, Section
from planparse.plandiff import diff_plans, tokenize, tokenize_changed
from planparse.plandiff.render import target_delta, target_where, to_html, to_markdown
from planparse.plandiff.targets import extract_targets, pair_targets, word_starts

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "government_work_reports.jsonl"


def _targets(text: str) -> list[tuple[str, str, str]]:
    """(text, unit, indicator) of each target, with word starts from the tokenizer as the diff uses them."""
    starts, offset = set(), 0
    for token in tokenize(text):
        starts.add(offset)
        offset += len(token)
    return [(t.text, t.unit, t.indicator) for t in extract_targets(text, starts)]


def _pairs(old: str, new: str) -> list[tuple[str | None, str | None, str]]:
    deltas = pair_targets(old, new, *tokenize_changed(old, new))
    return [(d.old.text if d.old else None, d.new.text if d.new else None, d.indicator) for d in deltas]


# --- what a target is ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # large units read whole, with their magnitude
    ("全市地区生产总值达到2.35万亿元，比上年增长5.8%。",
     [("2.35万亿元", "万亿元", "全市地区生产总值"), ("5.8%", "%", "全市地区生产总值增长")]),
    ("全年粮食总产量稳定在120亿斤以上。", [("120亿斤", "亿斤", "粮食总产量")]),
    ("城镇新增就业8.6万人，城镇登记失业率控制在3.2%以内。",
     [("8.6万人", "万人", "城镇新增就业"), ("3.2%", "%", "城镇登记失业率")]),
    ("居民消费价格涨幅比上年回落0.5个百分点。", [("0.5个百分点", "个百分点", "居民消费价格涨幅回落")]),
    ("港口集装箱吞吐量突破1500万标准箱。", [("1500万标准箱", "万标准箱", "港口集装箱吞吐量")]),
    # the noun after a count, the action before it
    ("年内举办十二场职工技能比赛。", [("十二场", "场", "职工技能比赛")]),
    ("新建10所幼儿园和20个社区服务站。", [("10所", "所", "幼儿园"), ("20个", "个", "社区服务站")]),
    # a clause that names nothing takes the subject before it
    ("举办焊工、电工技能比武，全年不少于六场。", [("六场", "场", "焊工、电工技能比武")]),
    ("规模以上工业增加值、固定资产投资分别增长7.2%、6.5%。",
     [("7.2%", "%", "固定资产投资增长"), ("6.5%", "%", "固定资产投资增长")]),
])
def test_targets_read_their_quantity_whole_and_what_it_measures(text, expected):
    assert _targets(text) == expected


@pytest.mark.parametrize("text", [
    "培育一批专精特新企业，打造一支高素质技能人才队伍。",
    "建设一个区级职工服务平台，推广一种新的帮扶模式。",
    "打通服务职工最后一公里，办好一件件实事。",
    "隆重庆祝建厂60周年，向困难职工发放一次性补贴。",
    "严格落实中央八项规定精神，增强“四个意识”、做到“两个维护”。",
    "关爱职工暖人心，幸福温暖千万家。",
    "召开第三届第二次会员代表大会，2025年工作要点一并审议。",
])
def test_articles_names_anniversaries_and_ordinals_are_not_targets(text):
    assert _targets(text) == []


def test_a_bare_one_is_a_count_in_a_number_context():
    assert _targets("每季度召开一次经济运行分析会。") == [("一次", "次", "经济运行分析会")]
    assert [t for t, _, _ in _targets("职工书屋由一个增加到三个。")] == ["一个", "三个"]
    assert _targets("新建一个职工书屋。") == []  # no number context: "a" reading room


def test_a_target_says_what_it_measures_and_why():
    before, carried = extract_targets("地区生产总值达到3200亿元、增长5.5%。")
    assert (before.indicator, before.basis, before.magnitude, before.base) == ("地区生产总值", "before", "亿", "元")
    assert before.amount == Decimal("3200E8")
    assert (carried.indicator, carried.basis) == ("地区生产总值增长", "carried")
    text = "全年举办八期职工夜校培训班。"
    (after,) = extract_targets(text, word_starts(text))  # 培训 is inside the word 培训班: no end of the noun
    assert (after.indicator, after.action, after.basis) == ("职工夜校培训班", "举办", "after")
    assert "职工夜校培训班" in after.why() and "举办" in after.why()
    assert "subject of the clause before" in carried.why()


# --- pairing ------------------------------------------------------------------------------------------------------

def test_targets_pair_by_indicator_not_by_position():
    old = "培训一线职工300人次，培训工会干部80人次。"
    new = "培训工会干部100人次，培训一线职工300人次。"
    assert _pairs(old, new) == [("80人次", "100人次", "工会干部")]
    old = "城镇新增就业1.2万人，城镇登记失业率控制在3.5%以内，居民人均可支配收入增长6%。"
    new = "居民人均可支配收入增长5.5%，城镇登记失业率控制在3.5%以内，城镇新增就业1.3万人。"
    assert _pairs(old, new) == [("6%", "5.5%", "居民人均可支配收入增长"), ("1.2万人", "1.3万人", "城镇新增就业")]


def test_a_dropped_and_an_added_indicator_stay_apart():
    old = "全年编发工会简报24期。"
    new = "全年编发职工风采画册6册，开通线上职工课堂40节课。"
    assert _pairs(old, new) == [("24期", None, "工会简报"), (None, "6册", "职工风采画册"),
                                (None, "40节课", "线上职工课堂")]


def test_a_shorter_indicator_pairs_with_the_one_it_ends():
    assert _pairs("全区城镇新增就业9000人以上。", "城镇新增就业9500人以上。") == [("9000人", "9500人", "城镇新增就业")]


def test_a_shared_head_of_two_words_pairs_and_names_the_pair():
    old = "举办车工、钳工技能比武，全年不少于四场。"
    new = "举办车工、钳工、焊工技能比武，全年不少于六场。"
    assert _pairs(old, new) == [("四场", "六场", "技能比武")]
    # One shared word is not an indicator: the families visited are others.
    assert _pairs("走访困难职工200户。", "慰问一线职工300户。") == [("200户", None, "困难职工"), (None, "300户", "一线职工")]


def test_changes_are_exact_to_the_digits_written_and_across_magnitudes():
    (d,) = pair_targets("地区生产总值达到2.3万亿元。", "地区生产总值达到2.41万亿元。", [], [])
    assert repr(d.delta) == "0.11"  # not 0.10999999999999988
    (d,) = pair_targets("安排专项资金9500万元。", "安排专项资金1.2亿元。", [], [])
    assert (d.indicator, d.new.unit, repr(d.delta)) == ("专项资金", "亿元", "0.25")  # in the new unit
    assert pair_targets("安排专项资金9500万元。", "安排专项资金0.95亿元。", [], []) == []  # the same amount


def test_the_same_value_under_a_reworded_indicator_is_unchanged():
    old = "城乡居民基础养老金月最低标准提高20元。"
    new = "城乡居民基础养老金最低标准再提高20元。"
    assert _pairs(old, new) == []


# --- the diff, its reports and the export -------------------------------------------------------------------------

def _plan(*items: str) -> Plan:
    return Plan(title="区总工会工作要点", sections=[Section(marker="一、", number=1, title="主要目标", items=[
        Item(marker=f"{k}、", number=k, text=text) for k, text in enumerate(items, 1)])])


def test_the_diff_reports_indicator_and_exact_delta():
    old = _plan("全年开展职工技能培训1.2万人次，技能比武不少于十场。", "新建职工书屋一个，发放助学金35万元。")
    new = _plan("全年开展职工技能培训1.5万人次，技能比武不少于十二场。", "新建职工书屋一个，发放助学金42.5万元。")
    d = diff_plans(old, new)
    seen = [(t.indicator, t.old, t.new, t.delta, t.unit) for c in d.changes for t in c.target_changes]
    assert seen == [("职工技能培训", "1.2万人次", "1.5万人次", 0.3, "万人次"), ("技能比武", "十场", "十二场", 2.0, "场"),
                    ("助学金", "35万元", "42.5万元", 7.5, "万元")]
    md = to_markdown(d)
    assert "| 指标 indicator |" in md and "| 职工技能培训 | 1\\.2万人次 | 1\\.5万人次 | \\+0\\.3万人次 |" in md
    assert [target_delta(t) for c in d.changes for t in c.target_changes] == ["+0.3万人次", "+2场", "+7.5万元"]
    html = to_html(d)
    assert "<td>职工技能培训</td>" in html and '<td class="num">+0.3万人次</td>' in html


def test_a_target_in_a_long_opening_is_located_by_its_paragraph():
    opening = ("各位委员：\n过去一年，全区上下攻坚克难，各项事业取得新进展。\n"
               "全区地区生产总值达到{gdp}亿元，增长{growth}%。城镇新增就业{jobs}人。\n今后一年，我们将继续努力。")
    old = Plan(preamble=opening.format(gdp=860, growth=5.1, jobs=9200))
    new = Plan(preamble=opening.format(gdp=905, growth=5.3, jobs=9200))
    (change,) = [c for c in diff_plans(old, new).changes if c.target_changes]
    assert [target_where(change, t) for t in change.target_changes] == ["开头 › 第3段「全区地区生产总值达到…」"] * 2
    assert "| 开头 › 第3段「全区地区生产总值达到…」 | 全区地区生产总值 | 860亿元 | 905亿元 | \\+45亿元 |" in to_markdown(
        diff_plans(old, new))


def test_the_xlsx_targets_column_names_what_each_target_measures():
    from planparse.export import measure_rows

    col = planparse.parse("区总工会2025年工作要点\n一、服务职工\n1、培育一批职工服务品牌，全年走访慰问困难职工300户。\n"
                          "2、建设一个线上服务平台。\n", classify=False)
    assert [row["targets"] for row in measure_rows(col)] == ["困难职工 300户", ""]


# --- bounded cost ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["新建一个", "增长5%、", "培训职工20名，", "一"])
def test_extraction_stays_linear_on_long_hostile_runs(unit):
    text = unit * (200_000 // len(unit))
    began = time.perf_counter()
    extract_targets(text)
    assert time.perf_counter() - began < 5.0


# --- the government year pair ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_pair():
    if not REPORTS.exists():
        pytest.skip("../shared/corpora/government_work_reports.jsonl not present")
    texts = {}
    for line in REPORTS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("year") in ("2024", "2025") and record["title"].endswith("政府工作报告"):
            texts[record["year"]] = record["content"]
    old, new = (planparse.parse(texts[y], classify=False) for y in ("2024", "2025"))
    return diff_plans(old, new)


def test_every_reported_change_of_the_report_pair_pairs_one_indicator(report_pair):
    changed = 0
    for change in report_pair.changes:
        for t in change.target_changes:
            assert t.indicator, t
            assert not re.fullmatch(r"[一壹][^\d]{1,2}", t.old or t.new), t  # no 一个/一批/一种
            if t.old is None or t.new is None:
                continue
            changed += 1
            # Both sides, read again, measure the indicator reported (one ending the other at most).
            old_tokens, new_tokens = tokenize_changed(change.old.text, change.new.text)
            old = [x for x in extract_targets(change.old.text, _starts(old_tokens)) if x.text == t.old]
            new = [x for x in extract_targets(change.new.text, _starts(new_tokens)) if x.text == t.new]
            assert any(x.indicator.endswith(t.indicator) for x in old), (t, [x.indicator for x in old])
            assert any(x.indicator.endswith(t.indicator) for x in new), (t, [x.indicator for x in new])
            assert len(repr(t.delta)) <= 12, t  # rounded to the digits written
    assert changed >= 15
    seen = {(t.indicator, t.old, t.new, t.delta) for c in report_pair.changes for t in c.target_changes}
    assert ("国内生产总值", "126万亿元", "134.9万亿元", 8.9) in seen
    assert ("城镇新增就业", "1244万人", "1256万人", 12.0) in seen


def test_report_targets_are_located_in_their_measure(report_pair):
    places = [target_where(c, t) for c in report_pair.changes for t in c.target_changes]
    assert places and not any(p in ("开头", "结尾") for p in places)
    assert "一、2024年工作回顾 › 七是" in places  # an item: its marker


def _starts(tokens: list[str]) -> set[int]:
    starts, offset = set(), 0
    for token in tokens:
        starts.add(offset)
        offset += len(token)
    return starts
