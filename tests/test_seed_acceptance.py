"""Acceptance on the real template page (skipped where ../shared/seeds is absent)."""

from collections import Counter

import planparse


def test_seed_page_structure(seed_path):
    col = planparse.load(seed_path, classify=False)
    text = seed_path.read_text(encoding="utf-8")
    assert len(col.plans) == 5
    assert [p.separator for p in col.plans] == ["篇一", "篇二", "篇三", "篇四", "篇五"]
    one, two, three, four, five = col.plans

    assert [s.marker for s in one.sections] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]
    # 篇一 二: one paragraph "…：一是…六是…" becomes intro + six items.
    assert [i.marker for i in one.sections[1].items] == ["一是", "二是", "三是", "四是", "五是", "六是"]
    assert one.sections[1].intro.startswith("班组，是企业的基础组织")

    # 篇二: "四. 其他：" is a section; "- 1、" bullets are markdown, not text.
    assert [s.marker for s in two.sections] == ["一、", "二、", "三、", "四.", "五、"]
    assert two.sections[3].title == "其他："
    assert all(not i.text.startswith("-") for i in two.sections[3].items)

    # 篇三 starts at item 1: its first section is implied; its last paragraph is the closing.
    assert three.sections[0].implied and [i.marker for i in three.sections[0].items] == ["1、", "2、"]
    assert three.closing.startswith("今年是公司创一流供电企业的")
    assert "体现工会整体合力" in three.sections[0].items[1].text  # the watermark is gone, the word rejoined
    nested = three.sections[1].items[0]
    assert [c.marker for c in nested.children] == ["一是", "二是"]
    assert nested.children[1].text.startswith("加强监督员")  # the page-broken "加/强" rejoined

    # 篇四 has no headings: one implied section per restart of 一是, nested runs nested.
    assert [s.implied for s in four.sections] == [True] * 5
    assert [len(s.items) for s in four.sections] == [3, 3, 2, 2, 2]
    assert [c.marker for c in four.sections[1].items[1].children] == ["一是", "二是", "三是"]
    assert four.preamble.startswith("2018年")

    # 篇五 is 篇二 again, without the bullets.
    assert [s.title for s in five.sections] == [s.title for s in two.sections]

    kinds = Counter(r.kind for r in col.removals)
    assert kinds["line_join"] == 7 and kinds["watermark"] == 1 and kinds["junk_character"] == 1
    placeholders = {p.text for p in col.placeholders}
    assert {"201x", "20xx", "xx", "__", "*", "**"} <= placeholders
    assert all(text[p.start : p.end] == p.text for p in col.placeholders)


def test_seed_page_classification(seed_path):
    col = planparse.load(seed_path)
    assert [s.domains[0] for s in col.plans[0].sections] == [
        "competition", "team_building", "skills_training", "democratic_management",
        "welfare_assistance", "women_workers", "labour_protection", "culture_sports",
    ]
    # 篇二's 其他 is a grab-bag led by union self-building; officer training also votes skills_training
    # (taxonomy.md), so the section may read `other` (test_classify checks that no other domain wins it).
    assert col.plans[1].sections[3].domains[0] in {"union_self_building", "other"}
