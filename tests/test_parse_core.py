"""Core parser behaviour on hand-written plans in the styles real pages use."""

from collections import Counter

import pytest

import planparse
from planparse.clean import explain
from planparse.text.markers import match_line_marker
from planparse.text.numerals import chinese_to_int

PLAN = """\
市第二人民医院工会2025年工作计划

为全面落实职代会精神，结合我院实际，制定本计划。

一、加强思想引领
（一）组织学习
1、每季度组织一次专题学习，全年不少于4次。
2、开展“劳模进科室”宣讲活动。
（二）做好宣传
1、办好工会宣传栏。
二、维护职工权益
认真落实院务公开制度。一是定期召开职代会；二是做好提案办理；三是开展民主评议。
三、关心职工生活
1、春节前走访慰问困难职工30户。
2、组织职工体检，覆盖率达到100%。
新的一年，我们将团结一致，努力完成各项任务。

市第二人民医院工会
2025年1月6日
"""


def outline(col):
    rows = []
    for plan in col.plans:
        for s in plan.sections:
            rows.append(("S", s.marker, s.title))
            stack = [(i, 1) for i in reversed(s.items)]
            while stack:
                item, depth = stack.pop()
                rows.append((depth, item.marker, item.text[:8]))
                stack.extend((c, depth + 1) for c in reversed(item.children))
    return rows


def test_nested_levels_intro_closing_and_signature():
    col = planparse.parse(PLAN, classify=False)
    assert len(col.plans) == 1
    plan = col.plans[0]
    assert plan.title == "市第二人民医院工会2025年工作计划"
    assert plan.year == 2025
    assert plan.organization == "市第二人民医院工会"
    assert plan.preamble.startswith("为全面落实")
    assert plan.closing.startswith("新的一年")
    assert plan.signature.splitlines() == ["市第二人民医院工会", "2025年1月6日"]
    assert plan.date == "2025年1月6日"
    assert outline(col) == [
        ("S", "一、", "加强思想引领"),
        (1, "（一）", "组织学习"),
        (2, "1、", "每季度组织一次专"),
        (2, "2、", "开展“劳模进科室"),
        (1, "（二）", "做好宣传"),
        (2, "1、", "办好工会宣传栏。"),
        ("S", "二、", "维护职工权益"),
        (1, "一是", "定期召开职代会；"),
        (1, "二是", "做好提案办理；"),
        (1, "三是", "开展民主评议。"),
        ("S", "三、", "关心职工生活"),
        (1, "1、", "春节前走访慰问困"),
        (1, "2、", "组织职工体检，覆"),
    ]
    assert plan.sections[1].intro == "认真落实院务公开制度。"
    assert [s.number for s in plan.sections] == [1, 2, 3]


def test_item_ids_are_stable_and_unique():
    a = planparse.parse(PLAN, classify=False)
    b = planparse.parse(PLAN.replace("二、维护职工权益", "二、维护职工合法权益"), classify=False)
    ids_a = [item.id for *_, item, _ in a.iter_items()]
    ids_b = [item.id for *_, item, _ in b.iter_items()]
    assert len(set(ids_a)) == len(ids_a)
    assert ids_a == ids_b  # item ids depend on item text, not on a renamed heading


def test_implied_section_when_plan_starts_at_items():
    text = "街道工会工作要点\n1、推进非公企业建会。\n2、开展集体协商。\n二、服务职工\n1、建设职工驿站。\n"
    plan = planparse.parse(text, classify=False).plans[0]
    assert plan.sections[0].implied and plan.sections[0].marker is None
    assert [i.marker for i in plan.sections[0].items] == ["1、", "2、"]
    assert plan.sections[1].marker == "二、"


def test_only_inline_runs_make_implied_sections_per_restart():
    text = (
        "社区工会工作思路\n"
        "今年我们以服务职工为主线。\n"
        "一是推进新就业形态劳动者入会。\n二是建设户外劳动者服务站点。\n"
        "一是深化集体协商。二是开展法律援助进企业活动，一是建立律师值班制度；二是开通维权热线。三是加强劳动争议调解。\n"
    )
    plan = planparse.parse(text, classify=False).plans[0]
    assert plan.preamble == "今年我们以服务职工为主线。"
    assert [s.implied for s in plan.sections] == [True, True]
    second = plan.sections[1].items
    assert [i.marker for i in second] == ["一是", "二是", "三是"]
    assert [c.marker for c in second[1].children] == ["一是", "二是"]
    assert second[1].children[1].text == "开通维权热线。"


def test_several_plans_with_separators_and_page_noise():
    text = (
        "您的位置：首页 > 工作计划 > 工会工作计划\n"
        "工会工作计划范文（精选3篇）\n"
        "以下是小编整理的工会工作计划，欢迎大家借鉴与参考！\n"
        "【篇1】机关工会工作计划\n一、加强学习\n1、每月学习一次。\n"
        "【篇2】学校工会工作计划\n一、开好教代会\n1、三月召开教代会。\n"
        "第三篇：\n社区工会工作计划\n一、服务职工\n1、开展普法宣传。\n"
        "相关推荐：工会工作总结范文\n"
    )
    col = planparse.parse(text, classify=False)
    assert [p.separator for p in col.plans] == ["篇1", "篇2", "第三篇"]
    assert col.plans[2].title == "社区工会工作计划"
    assert col.page_title == "工会工作计划范文（精选3篇）"
    kinds = Counter(r.kind for r in col.removals)
    assert kinds["site_menu"] == 1 and kinds["editor_intro"] == 1 and kinds["related_links"] == 1


def test_lost_newlines_recovered():
    clean = "一、组织建设 推进建会入会。二、权益维护 深化集体协商。1、开展工资协商。2、做好法律援助。"
    plan = planparse.parse(clean, classify=False).plans[0]
    assert [(s.marker, s.title) for s in plan.sections] == [("一、", "组织建设"), ("二、", "权益维护")]
    assert plan.sections[0].items[0].text == "推进建会入会。"
    assert [i.marker for i in plan.sections[1].items] == ["1、", "2、"]
    assert plan.sections[1].intro == "深化集体协商。"


@pytest.mark.parametrize(
    "line, family, number",
    [
        ("一、总体要求", "cn_dun", 1),
        ("四. 其他：", "cn_dun", 4),
        ("( 二 )加强学习", "cn_paren", 2),
        ("(一)、组织建设", "cn_paren", 1),
        ("1．开展培训", "digit", 1),
        ("2、完善制度", "digit", 2),
        ("3, 做好慰问", "digit", 3),
        ("（1）召开会议", "digit_paren", 1),
        ("1)报名", "digit_half_paren", 1),
        ("②开展比赛", "circled", 2),
        ("⑴组织", "paren_enclosed", 1),
        ("[2]宣传", "paren_enclosed", 2),
        ("第一章 总则", "chapter", 1),
        ("第三条 职工代表", "article", 3),
        ("十二、其他", "cn_dun", 12),
        ("二是加强", "shi", 2),
    ],
)
def test_marker_families(line, family, number):
    marker = match_line_marker(line)
    assert marker is not None and (marker.family, marker.number) == (family, number)


@pytest.mark.parametrize(
    "line", ["201x年工作", "2018年我们", "220kv站", "一月份召开", "一如既往关注", "一块是老员工", "一线职工",
             "五场球赛", "1—2期培训", "三八节", "十个五活动", "10个重点项目", "1.5万元"]
)
def test_false_markers_rejected(line):
    assert match_line_marker(line) is None


@pytest.mark.parametrize(
    "text, value", [("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("一百零五", 105), ("三万五千", 35000),
                    ("二〇二五", 2025), ("⑶", 3), ("壹佰", 100), ("十一", 11), ("１２", 12), ("九", 9)]
)
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


def test_cleaning_explains_every_change():
    text = "加强班组建设，体文章版权归某某范文网所有!现职工风貌\n計(jì)劃□\u200b\n## 重点工作\n- 1、**开展**竞赛"
    cleaned, removals = explain(text)
    assert "体现职工风貌" in cleaned
    assert "计" not in cleaned and "計劃" in cleaned  # Traditional text is kept as written
    assert "重点工作" in cleaned and "#" not in cleaned and "**" not in cleaned
    assert cleaned.splitlines()[-1] == "1、开展竞赛"
    kinds = Counter(r.kind for r in removals)
    assert kinds == {"watermark": 1, "pinyin": 1, "junk_character": 1, "markdown": 4}


def test_placeholders_flagged_and_kept():
    text = "20xx年工会工作计划\n一、召开第*届职代会，选举__名代表，组织**年度评选。\n1、xx届全会精神。\n"
    col = planparse.parse(text, classify=False)
    found = [(p.text, text[p.start:p.end]) for p in col.placeholders]
    assert [f[0] for f in found] == ["20xx", "*", "__", "**", "xx"]
    assert all(a == b for a, b in found)  # positions point into the original
    assert col.plans[0].sections[0].title.startswith("召开第*届职代会")
    assert col.plans[0].year is None


def test_page_break_joins_only_mid_sentence():
    text = (
        "一、加强劳动保护\n劳动保护监督检查是工会的一项重要职责，我们要充分发挥三级网络\n\n作用，做好检查。\n"
        "二、关心职工\n1、做好困难职工帮扶工作\n2、开展送温暖活动。\n"
    )
    col = planparse.parse(text, classify=False)
    plan = col.plans[0]
    assert plan.sections[0].items[0].text == "劳动保护监督检查是工会的一项重要职责，我们要充分发挥三级网络作用，做好检查。"
    assert [r.kind for r in col.removals] == ["line_join"]
    assert [i.text for i in plan.sections[1].items] == ["做好困难职工帮扶工作", "开展送温暖活动。"]


def test_provenance_spans_point_at_the_original():
    col = planparse.parse(PLAN, classify=False)
    for _p, _s, item, _path in col.iter_items():
        span = PLAN[item.provenance.start : item.provenance.end]
        assert item.text.splitlines()[0][:6] in span


def test_empty_and_whitespace_input():
    for text in ["", "   \n\n\t", "\u200b"]:
        col = planparse.parse(text, classify=False)
        assert all(not p.sections for p in col.plans)


def test_mojibake_is_reported_not_changed():
    garbled = "浠婂勾宸ヤ綔璁″垝锛屽姞寮哄涔犮€"  # UTF-8 bytes of a sentence read as GBK
    text = f"一、加强学习\n{garbled}\n二、关心职工\n1、做好慰问。\n"
    col = planparse.parse(text, classify=False)
    assert [w for w in col.warnings if "mojibake" in w and "line 2" in w]
    assert col.plans[0].sections[0].items[0].text == garbled  # kept as it is
    assert not planparse.parse(PLAN, classify=False).warnings


def test_truncated_plan_is_flagged():
    text = "篇一\n一、学习\n1、每月学习。\n篇二\n……(开头部分已省略664字)\n三、慰问\n1、走访职工。\n"
    col = planparse.parse(text, classify=False)
    assert [p.truncated for p in col.plans] == [False, True]
    assert [r.kind for r in col.removals] == ["truncation"]


def test_parse_leaves_the_garbage_collector_alone(monkeypatch):
    """A library call must not switch process-wide state: the cyclic GC stays on during a parse."""
    import gc

    import planparse.pipeline as pipeline

    seen = []
    real_build = pipeline.build

    def build(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_build(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build", build)
    assert gc.isenabled()
    planparse.parse("一、职工之家建设\n1、完善活动阵地，开展读书月活动。\n2、组织职工体检。", classify=True)
    assert seen == [True]
    assert gc.isenabled()


def test_cached_text_scores_hold_no_lists():
    """Every distinct text's scores stay cached; they are tuples, so the cyclic GC stops scanning them."""
    from planparse.classify import get_classifier

    [scores] = get_classifier().score(["组织开展劳动竞赛和技能比武，评选岗位能手。"])
    assert isinstance(scores.values, tuple) and isinstance(scores.model_values, tuple)
    assert all(isinstance(words, tuple) for words in scores.cues.values())
    assert not hasattr(scores, "__dict__")


def test_a_list_past_99_items_keeps_its_numbering():
    """Long checklists (考核细则, 任务清单) run past 99: `100、` is the next item, not body text."""
    lines = ["某区总工会2025年重点任务清单", "一、任务清单"]
    lines += [f"{n}、完成第{n}项重点任务，按季度报送进展。" for n in range(1, 106)]
    lines += ["二、工作要求", "1、各单位明确责任人。"]
    plan = planparse.parse("\n".join(lines), classify=False).plans[0]
    assert [s.title for s in plan.sections] == ["任务清单", "工作要求"]
    assert [item.marker for item in plan.sections[0].items][98:] == [f"{n}、" for n in range(99, 106)]
