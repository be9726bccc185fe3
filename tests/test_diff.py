"""Structural diff: the written 2024/2025 year pair (corpus/pairs), hand-built edge cases, and the seed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planparse
from planparse.errors import InputError
from planparse.model import Item, Plan, PlanCollection, Section
from planparse.plandiff import diff_plans
from planparse.plandiff.targets import extract_targets
from planparse.text.numerals import chinese_to_int

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "corpus" / "pairs"
SEED = Path("/work/shared/seeds/000_61b02eac5361dbd5.txt")

_HEADING = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
_ITEM = re.compile(r"^(\d+)、(.*)$")


def outline(text: str) -> PlanCollection:
    """Hand-build the model of a plan written in the pair's plain layout (一、 headings, 1、 items).

    Used while ``planparse.parse`` is not available, so the diff is tested on its own.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    year = re.search(r"20\d\d", lines[0])
    plan = Plan(title=lines[0], year=int(year.group(0)) if year else None)
    preamble: list[str] = []
    for line in lines[1:]:
        heading, item = _HEADING.match(line), _ITEM.match(line)
        if heading:
            plan.sections.append(Section(marker=f"{heading.group(1)}、", number=chinese_to_int(heading.group(1)),
                                         title=heading.group(2)))
        elif item and plan.sections:
            plan.sections[-1].items.append(Item(marker=f"{item.group(1)}、", number=int(item.group(1)),
                                                text=item.group(2)))
        elif not plan.sections:
            preamble.append(line)
        elif not plan.sections[-1].items:
            plan.sections[-1].intro += line
        else:
            plan.signature += line
    plan.preamble = "".join(preamble)
    return PlanCollection(plans=[plan])


def read_plan(name: str, classify: bool = False) -> PlanCollection:
    """The pair through the real parser (classification off unless asked: tested separately)."""
    return planparse.parse((PAIR / name).read_text(encoding="utf-8"), classify=classify)


@pytest.fixture(scope="module")
def pair_diff():
    return diff_plans(read_plan("hengtuo_2024.txt"), read_plan("hengtuo_2025.txt"))


def _changes(d, *kinds):
    return [c for c in d.changes if c.kind in kinds]


def _by_text(d, fragment):
    found = [c for c in d.changes if fragment in (c.new or c.old).text]
    assert len(found) == 1, [(c.kind, (c.new or c.old).text) for c in found]
    return found[0]


def test_pair_reports_every_change_exactly_and_nothing_stable_as_added_or_removed(pair_diff):
    changed = sorted(
        (c.kind, c.node, c.old.path if c.old else None, c.new.path if c.new else None)
        for c in pair_diff.changes if c.kind != "unchanged"
    )
    assert changed == sorted([
        ("modified", "preamble", "preamble", "preamble"),
        ("modified", "item", "1/2", "1/2"),       # 40期 → 48期
        ("modified", "item", "1/3", "1/3"),       # 十名 → 十二名
        ("moved", "item", "5/3", "1/4"),          # 职工书屋 to section 一
        ("modified", "item", "2/2", "2/2"),       # 六场 → 八场, 120人次 → 150人次
        ("modified", "item", "2/3", "2/3"),       # split, first half
        ("modified", "item", "2/3", "2/4"),       # split, second half
        ("modified", "item", "2/4", "2/5"),       # 两个 → 三个
        ("modified", "item", "5/1", "5/1"),       # reworded
        ("modified", "section", "6", "6"),        # heading reworded
        ("removed", "item", "6/1", None),
        ("added", "item", None, "6/3"),
    ])
    # Every other node of both versions is accounted for as unchanged, exactly once.
    old_paths = Counter(c.old.path for c in pair_diff.changes if c.old)
    new_paths = Counter(c.new.path for c in pair_diff.changes if c.new)
    assert max(new_paths.values()) == 1
    assert old_paths["2/3"] == 2 and all(n == 1 for p, n in old_paths.items() if p != "2/3")
    assert pair_diff.counts == {"unchanged": 19, "modified": 9, "moved": 1, "added": 1, "removed": 1}


def test_outline_builder_agrees_with_the_parser(pair_diff):
    """The hand-built models and the parser describe the pair the same way, so both paths test the diff."""
    hand = diff_plans(*(outline((PAIR / n).read_text(encoding="utf-8")) for n in ("hengtuo_2024.txt", "hengtuo_2025.txt")))
    key = [(c.kind, c.node, c.old and c.old.path, c.new and c.new.path) for c in hand.changes]
    assert key == [(c.kind, c.node, c.old and c.old.path, c.new and c.new.path) for c in pair_diff.changes]


def test_public_api_is_callable_after_the_package_is_imported():
    import planparse.plandiff  # noqa: F401  (importing the package must not rebind planparse.diff)

    old, new = read_plan("hengtuo_2024.txt"), read_plan("hengtuo_2025.txt")
    assert planparse.diff(old, new).counts == diff_plans(old, new).counts


def test_classified_pair_reports_the_same_changes(pair_diff):
    old, new = read_plan("hengtuo_2024.txt", classify=True), read_plan("hengtuo_2025.txt", classify=True)
    d = diff_plans(old, new)
    assert d.counts == pair_diff.counts
    assert d.domains.classified
    for side, col in (("old", old), ("new", new)):
        primaries = Counter(item.domains[0] for _, _, item, _ in col.iter_items() if item.domains)
        assert {r.domain: getattr(r, side) for r in d.domains.rows if getattr(r, side)} == dict(primaries)


def test_targets_in_digits_and_chinese_numerals(pair_diff):
    seen = {(t.old, t.new, t.old_value, t.new_value) for c in pair_diff.changes for t in c.target_changes}
    assert ("40期", "48期", 40, 48) in seen
    assert ("120人次", "150人次", 120, 150) in seen
    assert ("十名", "十二名", 10, 12) in seen
    assert ("六场", "八场", 6, 8) in seen
    assert ("两个", "三个", 2, 3) in seen
    # The second half of the split brings a new target; nothing else changed value.
    assert (None, "十条", None, 10) in seen
    assert len(seen) == 6
    # Each pairs one indicator: what it measures, read before or after it, or from the clause before (六场).
    indicators = {t.old or t.new: (t.indicator, t.delta) for c in pair_diff.changes for t in c.target_changes}
    assert indicators == {"40期": ("工会动态", 8), "120人次": ("参赛职工", 30), "十名": ("先进典型", 2),
                          "六场": ("数控车工、钳工、电工技能比武", 2), "两个": ("创新工作室", 1), "十条": ("金点子", None)}
    # The year in the preamble is a date, not a target.
    assert _changes(pair_diff, "modified")[0].node == "preamble"
    assert _changes(pair_diff, "modified")[0].target_changes == []


def test_section_swap_is_renumbering_only(pair_diff):
    sections = {c.new.text: c for c in pair_diff.changes if c.node == "section" and c.new}
    welfare, democracy = sections["关心职工生活，做好帮扶服务"], sections["推进民主管理，维护职工合法权益"]
    for section, old_marker, new_marker in ((welfare, "四、", "三、"), (democracy, "三、", "四、")):
        assert section.kind == "unchanged" and section.renumbered
        assert (section.old.marker, section.new.marker) == (old_marker, new_marker)
    assert welfare.reordered != democracy.reordered  # one of the two is out of order, not both
    swapped = [c for c in pair_diff.changes if c.node == "item" and c.new and c.new.section in
               (welfare.new.section, democracy.new.section)]
    assert len(swapped) == 8
    assert all(c.kind == "unchanged" and not c.text_changed and not c.inline for c in swapped)


def test_measure_moved_to_another_section(pair_diff):
    moved = _by_text(pair_diff, "完善职工书屋")
    assert moved.kind == "moved" and not moved.text_changed
    assert moved.old.section.startswith("五、") and moved.new.section.startswith("一、")
    assert (moved.old.marker, moved.new.marker) == ("3、", "4、")


def test_split_and_its_mirror_merge(pair_diff):
    halves = [c for c in pair_diff.changes if c.relation == "split"]
    assert len(halves) == 2 and halves[0].group == halves[1].group
    assert {c.old.path for c in halves} == {"2/3"} and {c.new.path for c in halves} == {"2/3", "2/4"}
    reverse = diff_plans(read_plan("hengtuo_2025.txt"), read_plan("hengtuo_2024.txt"))
    merged = [c for c in reverse.changes if c.relation == "merge"]
    assert {c.old.path for c in merged} == {"2/3", "2/4"} and {c.new.path for c in merged} == {"2/3"}
    assert reverse.counts["added"] == 1 and reverse.counts["removed"] == 1


def test_renumbered_items_are_unchanged(pair_diff):
    shifted = [c for c in pair_diff.changes if c.new and c.new.section.startswith("六、") and c.node == "item"
               and c.kind == "unchanged"]
    assert [(c.old.marker, c.new.marker) for c in shifted] == [("2、", "1、"), ("3、", "2、")]
    assert all(c.renumbered for c in shifted)


def test_inline_diff_falls_on_words(pair_diff):
    reworded = _by_text(pair_diff, "环湖健步走")
    deleted = [s.text for s in reworded.inline if s.op == "delete"]
    inserted = [s.text for s in reworded.inline if s.op == "insert"]
    assert "趣味运动会" in "".join(deleted) and "环湖健步走" in "".join(inserted)
    # Word-level: the shared words 职工 and 联欢会 stay whole in the equal runs.
    equal = "".join(s.text for s in reworded.inline if s.op == "equal")
    assert "举办迎新春职工联欢会" in equal
    # Rebuilding both sides from the segments gives back the exact texts.
    assert "".join(s.text for s in reworded.inline if s.op != "insert") == reworded.old.text
    assert "".join(s.text for s in reworded.inline if s.op != "delete") == reworded.new.text


def _plan(*sections: tuple[str, list[str]], preamble: str = "") -> Plan:
    numerals = "一二三四五六七八九十"
    return Plan(preamble=preamble, sections=[
        Section(marker=f"{numerals[i]}、", number=i + 1, title=title,
                items=[Item(marker=f"{j + 1}、", number=j + 1, text=text) for j, text in enumerate(items)])
        for i, (title, items) in enumerate(sections)
    ])


def test_formatting_width_script_and_bullets_are_not_changes():
    old = _plan(("關心職工生活", ["- 做好困難職工幫扶工作，建立幫扶檔案。", "组织职工参加篮球比赛(每季度一次)"]))
    new = _plan(("关心职工生活", ["做好困难职工帮扶工作，建立帮扶档案", "组织职工参加篮球比赛（每季度一次）。"]))
    d = diff_plans(old, new)
    assert [c.kind for c in d.changes] == ["unchanged"] * 3


def test_reorder_within_section_is_not_a_change_and_is_flagged():
    items = ["开展职工书法比赛，评出优秀作品", "组织一线职工疗休养活动", "举办青年职工联谊会，服务青年成长"]
    d = diff_plans(_plan(("文体活动", items)), _plan(("文体活动", [items[2], items[0], items[1]])))
    assert all(c.kind == "unchanged" for c in d.changes)
    assert sum(c.reordered for c in d.changes) == 1  # one item jumped; the other two kept their order


def test_new_section_is_added_with_its_items_not_moved():
    base = ("职工之家建设", ["完善职工之家设施，更新健身器材", "开展模范职工小家评选"])
    extra = ("新就业形态劳动者入会", ["走访快递、外卖站点，宣传工会入会政策", "建立户外劳动者服务站点两个"])
    d = diff_plans(_plan(base), _plan(base, extra))
    assert sorted((c.kind, c.node) for c in d.changes if c.kind != "unchanged") == [
        ("added", "item"), ("added", "item"), ("added", "section")]
    back = diff_plans(_plan(base, extra), _plan(base))
    assert back.counts["removed"] == 3 and back.counts["added"] == 0 and back.counts["moved"] == 0


def test_unrelated_measures_are_not_forced_into_a_match():
    d = diff_plans(_plan(("工作", ["开展安康杯安全生产知识竞赛活动"])), _plan(("工作", ["组织女职工参加两癌筛查"])))
    assert sorted(c.kind for c in d.changes) == ["added", "removed", "unchanged"]


def test_plan_selection_in_collections_and_clear_errors():
    first, second = _plan(("甲", ["开展职工读书活动"])), _plan(("甲", ["开展职工读书活动，全年推荐书目20本"]))
    col = PlanCollection(plans=[first, second])
    assert diff_plans(col, col).counts["modified"] == 0
    d = diff_plans(col, col, old_plan=1, new_plan=2)
    assert d.counts["modified"] == 1 and d.new_plan.index == 2
    with pytest.raises(InputError, match="plan 3 requested"):
        diff_plans(col, col, new_plan=3)
    with pytest.raises(InputError, match="no plan"):
        diff_plans(PlanCollection(), col)
    with pytest.raises(InputError):
        diff_plans("not a plan", col)


def test_domain_summary_counts_primary_domains_per_year():
    old = _plan(("甲", ["开展技术比武", "组织劳动竞赛", "慰问困难职工"]))
    new = _plan(("甲", ["开展技术比武", "慰问困难职工", "开展金秋助学", "组织职工体检"]))
    tags = {"技术比武": ["competition"], "劳动竞赛": ["competition"], "慰问": ["welfare_assistance", "health_services"],
            "金秋助学": ["welfare_assistance"], "体检": ["health_services"]}
    for plan in (old, new):
        for item in plan.sections[0].items:
            item.domains = next(v for k, v in tags.items() if k in item.text)
    rows = {r.domain: (r.old, r.new, r.delta) for r in diff_plans(old, new).domains.rows}
    assert rows == {"competition": (2, 1, -1), "welfare_assistance": (1, 2, 1), "health_services": (0, 1, 1)}
    assert not diff_plans(_plan(("甲", ["开展技术比武"])), _plan(("甲", ["开展技术比武"]))).domains.classified


@pytest.mark.parametrize("text, expected", [
    ("新建服务站十家", [("十家", 10, "家")]),
    ("全年培训十二期，每期不少于两百人次", [("十二期", 12, "期"), ("两百人次", 200, "人次")]),
    ("慰问两户困难家庭，发放慰问金3.5万元", [("两户", 2, "户"), ("3.5万元", 3.5, "万元")]),
    ("入会率达到百分之九十五，覆盖率95%", [("百分之九十五", 95, "%"), ("95%", 95, "%")]),
    ("召开三届二次职代会，第二次会议审议统一名称", []),
])
def test_target_extraction(text, expected):
    from planparse.plandiff import tokenize

    starts, offset = set(), 0
    for token in tokenize(text):
        starts.add(offset)
        offset += len(token)
    assert [(t.text, t.value, t.unit) for t in extract_targets(text, starts)] == expected


def test_seed_second_against_fifth_plan_changes_only_the_intro():
    if not SEED.exists():
        pytest.skip("seed page not present")
    col = planparse.load(str(SEED))
    titles = [p.title for p in col.plans]
    second = next(i for i, t in enumerate(titles, 1) if t.endswith("篇二"))
    fifth = next(i for i, t in enumerate(titles, 1) if t.endswith("篇五"))
    d = diff_plans(col, col, old_plan=second, new_plan=fifth)
    changed = [c for c in d.changes if c.kind != "unchanged"]
    assert len(changed) == 1, [(c.kind, c.node, (c.new or c.old).text[:30]) for c in changed]
    assert changed[0].kind == "modified" and changed[0].node in ("intro", "item")
    assert "敬业爱岗" in "".join(s.text for s in changed[0].inline if s.op == "insert")
    assert d.counts["unchanged"] >= 20


def test_children_follow_their_parent_and_a_child_can_move_between_parents():
    def plan(first_children: list[str], second_children: list[str]) -> Plan:
        return Plan(sections=[Section(marker="一、", number=1, title="职工素质提升", items=[
            Item(marker="1、", number=1, text="开展岗位技能培训", children=[Item(text=t) for t in first_children]),
            Item(marker="2、", number=2, text="组织职工学历教育", children=[Item(text=t) for t in second_children]),
        ])])

    old = plan(["举办数控操作培训班两期", "开展安全操作规程轮训"], ["资助职工参加成人高考"])
    new = plan(["举办数控操作培训班三期"], ["资助职工参加成人高考", "开展安全操作规程轮训"])
    d = diff_plans(old, new)
    kinds = {(c.old.path if c.old else None, c.new.path if c.new else None): c.kind for c in d.changes}
    assert kinds[("1/1/2", "1/2/2")] == "moved"
    assert kinds[("1/1/1", "1/1/1")] == "modified" and kinds[("1/2/1", "1/2/1")] == "unchanged"
    assert [t.new for c in d.changes for t in c.target_changes] == ["三期"]


def test_empty_and_heading_only_plans_do_not_break_the_diff():
    full = _plan(("工作", ["开展职工读书活动"]), preamble="为做好全年工作，制定本计划。")
    for old, new in ((Plan(), full), (full, Plan()), (Plan(), Plan()), (Plan(preamble="只有导语"), Plan(closing="只有结尾"))):
        d = diff_plans(old, new)
        assert all(c.kind in ("added", "removed", "unchanged") for c in d.changes)
    assert diff_plans(Plan(), full).counts["added"] == 3

_POOL = ["开展劳动竞赛活动", "组织职工健康体检", "走访慰问困难职工", "召开职工代表大会", "举办职工运动会", "完善职工书屋建设",
         "培训工会干部30名", "开展金秋助学活动", "推进厂务公开工作", "评选劳动模范十名"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_POOL), max_size=4, unique=True), min_size=1, max_size=3),
       st.lists(st.lists(st.sampled_from(_POOL), max_size=4, unique=True), min_size=1, max_size=3))
def test_every_node_is_accounted_for(old_sections, new_sections):
    old = _plan(*((f"第{i}部分", items) for i, items in enumerate(old_sections)))
    new = _plan(*((f"第{i}部分", items) for i, items in enumerate(new_sections)))
    d = diff_plans(old, new)
    new_paths = [c.new.path for c in d.changes if c.new]
    old_paths = {c.old.path for c in d.changes if c.old}
    assert len(new_paths) == len(set(new_paths)) == len(new_sections) + sum(map(len, new_sections))
    assert len(old_paths) == len(old_sections) + sum(map(len, old_sections))
    # An item text present exactly once on both sides is never reported as added or removed.
    for text in _POOL:
        if sum(s.count(text) for s in old_sections) == 1 and sum(s.count(text) for s in new_sections) == 1:
            assert not [c for c in d.changes if c.kind in ("added", "removed") and (c.new or c.old).text == text]


def test_word_segmentation_is_jiebas_whichever_segmenter_runs(monkeypatch):
    """rjieba (when installed) must cut exactly as jieba does: highlights fall on the same words."""
    import sys

    import jieba

    import planparse.plandiff as plandiff

    texts = ["全年开展职工技能比武12场，新建职工书屋3个，慰问困难职工300户。",
             "深入推进厂务公开民主管理，召开第三届职工代表大会第二次会议，审议集体合同草案。",
             "城镇新增就业1200万人以上，居民消费价格涨幅3%左右，粮食产量保持在1.3万亿斤以上。"]
    plandiff._segmenter.cache_clear()
    used = [plandiff.tokenize(t) for t in texts]
    assert used == [jieba.lcut(t, HMM=True) for t in texts]
    monkeypatch.setitem(sys.modules, "rjieba", None)  # as on a platform without its wheel: jieba itself
    plandiff._segmenter.cache_clear()
    try:
        assert [plandiff.tokenize(t) for t in texts] == used
    finally:
        plandiff._segmenter.cache_clear()
