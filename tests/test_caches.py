"""Bounded caches never fail when full (issue 11): results are gathered locally before the cache is trimmed."""

from __future__ import annotations

import planparse
from planparse.classify import pipeline as classify_pipeline
from planparse.text import normalize


def test_match_forms_survives_a_clear_between_lookup_and_read(monkeypatch):
    monkeypatch.setattr(normalize, "_FORMS_MAX", 5)
    normalize.forget_forms()
    first = normalize.match_forms(["工會 活動", "職工之家", "年度計劃"])
    # Three cached, four new: the cache is cleared while the cached three are still wanted.
    texts = ["工會 活動", "職工之家", "年度計劃", "新的一", "新的二", "新的三", "新的四"]
    assert normalize.match_forms(texts)[:3] == first == ["工会活动", "职工之家", "年度计划"]
    assert normalize.match_forms(["甲"] * 3 + [f"文本{i}" for i in range(20)])[0] == "甲"


def test_the_classifier_cache_never_loses_a_score_it_needs(monkeypatch):
    monkeypatch.setattr(classify_pipeline, "CACHE_SIZE", 4)
    texts = [f"组织第{i}届职工技能比武，评选岗位能手" for i in range(12)]
    more = [f"慰问第{i}批困难职工家庭，发放慰问金" for i in range(6)]

    def plan(lines):
        return "工会工作计划\n一、重点工作\n" + "\n".join(f"{i + 1}、{t}" for i, t in enumerate(lines))

    first = planparse.parse(plan(texts)).plans[0].sections[0].items
    # Three texts already scored, six new ones: the full cache is cleared while the three are still wanted.
    again = planparse.parse(plan(texts[:3] + more)).plans[0].sections[0].items
    assert [i.domains for i in again[:3]] == [i.domains for i in first[:3]]
    assert all(i.domains for i in again)
