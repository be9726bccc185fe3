"""Cue strength where a cue word only names whom a measure serves (issue 13)."""

from __future__ import annotations

from planparse.classify import classify_texts, get_classifier
from planparse.classify.taxonomy import cue_lexicon


def test_member_and_new_form_workers_are_weak_cues_recruiting_stays_strong():
    lexicon = cue_lexicon()
    assert lexicon["会员"] == ("organization_building", False)
    assert lexicon["新就业形态"] == ("organization_building", False)
    for strong in ("入会", "建会", "会员实名制", "会员发展"):
        assert lexicon[strong] == ("organization_building", True), strong


def test_a_measure_for_members_or_new_form_workers_keeps_its_own_domain():
    texts = ["为困难会员送去节日慰问金", "组织新就业形态劳动者开展消防安全培训",
             "新就业形态劳动者入会集中行动", "开展会员实名制信息采集"]
    rows = classify_texts(texts)
    assert [d.id for d in rows[0]] == ["welfare_assistance"]
    assert [d.id for d in rows[1]] == ["labour_protection"]
    # Recruiting and membership records are still organisation building, decided by their strong cues.
    assert rows[2][0].id == "organization_building" and rows[3][0].id == "organization_building"
    # The weak cue still counts as evidence where it fired, at weak strength.
    [scores] = get_classifier().score(["走访新就业形态劳动者"])
    assert scores.cues.get("organization_building") == ("新就业形态",)
    assert abs(scores.rules[get_classifier().ids.index("organization_building")] - 0.3) < 1e-9
