"""The fast paths of classification give what the plain ones give (issue 14).

- ``assign._own_decisions`` decides a whole batch with array operations: the same domains, scores and order as
  ``pipeline.decide`` on each text, ties included;
- ``Classifier._score_batch`` takes the noisy-OR of the cue weights in plain floats: the same matrix as
  multiplying cue by cue into it;
- ``assign._set`` writes the domain fields as pydantic's own assignment does.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planparse.classify import get_classifier
from planparse.classify.assign import _other_row, _own_decisions, _set
from planparse.classify.pipeline import STRONG_CUE, WEAK_CUE, TextScores, decide
from planparse.classify.taxonomy import OTHER
from planparse.model import DomainScore, Item, Section
from planparse.text.normalize import match_forms

# A few values on the thresholds (ASSIGN 0.4, 0.8 × 0.5, FALLBACK 0.2) and repeated ones, so that ties and
# boundaries come up often.
_VALUES = st.one_of(st.sampled_from([0.0, 0.2, 0.32, 0.4, 0.5, 0.64, 0.8, 1.0]),
                    st.floats(0.0, 1.0, allow_nan=False))


def _scores(values: list[float]) -> TextScores:
    v = np.array(values)
    return TextScores(model=v, rules=v, combined=v, values=tuple(values), model_values=tuple(values))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_VALUES, min_size=15, max_size=15), min_size=1, max_size=30))
def test_batch_decisions_are_decide_on_each_text(rows):
    clf = get_classifier()
    assert len(clf.ids) == 15
    batch = [_scores(r) for r in rows]
    _own_decisions(batch, clf)
    for s, r in zip(batch, rows):
        expected = decide(np.array(r), clf.ids)
        assert [(d, score) for d, score, _ in s.decision] == [(d, round(v, 4)) for d, v in expected]
        assert all(ev == () for d, _, ev in s.decision if d == OTHER)


def test_batch_decisions_fill_only_what_is_missing_and_share_repeats():
    clf = get_classifier()
    done = _scores([0.0] * 15)
    done.decision = _other_row(0.5)
    fresh = _scores([0.9 if d == "competition" else 0.0 for d in clf.ids])
    _own_decisions([done, fresh, fresh], clf)
    assert done.decision == _other_row(0.5)
    assert [d for d, _, _ in fresh.decision] == ["competition"]


def test_cue_rules_noisy_or_multiplies_cue_by_cue():
    clf = get_classifier()
    # Strong and weak cues of one domain several times over, and of other domains, in one text.
    texts = ["开展劳动竞赛和技能比武，组织岗位练兵，竞赛结束后评比；再办一次劳动竞赛",
             "慰问困难职工，开展金秋助学，送温暖到一线", "无关的文字", "竞赛竞赛竞赛比武"]
    scored = clf._score_batch(texts)
    index = clf.index
    for text, s in zip(texts, scored):
        miss = np.ones(len(clf.ids))
        found = clf._rules.find(text)
        for _, _, domain, strong in found:
            miss[index[domain]] *= 1.0 - (STRONG_CUE if strong else WEAK_CUE)
        rules = 1.0 - miss
        if not found:
            rules[index[OTHER]] = 0.6
        assert rules.tolist() == s.rules.tolist(), text
        words = {}
        for start, end, domain, _ in found:
            words.setdefault(domain, [])
            if text[start:end] not in words[domain]:
                words[domain].append(text[start:end])
        assert s.cues == {d: tuple(w) for d, w in words.items()}
    assert scored[0].cues["competition"][:2] == ("劳动竞赛", "技能比武")


def test_setting_domains_is_pydantic_assignment():
    # _set writes the fields directly: only valid while assignment does no validation or conversion.
    assert not Item.model_config.get("validate_assignment")
    rows = (("competition", 0.8123, ("劳动竞赛", "比武")), ("skills_training", 0.5, ()))
    for make in (lambda: Item(text="开展劳动竞赛和技能比武"), lambda: Section(title="劳动竞赛")):
        fast, slow = make(), make()
        _set(fast, rows)
        slow.domain_scores = [DomainScore(id=d, score=s, evidence=list(e)) for d, s, e in rows]
        slow.domains = [d for d, _, _ in rows]
        assert fast == slow
        assert fast.model_fields_set == slow.model_fields_set
        assert fast.model_dump_json() == slow.model_dump_json()
        assert fast.model_dump_json(exclude_unset=True) == slow.model_dump_json(exclude_unset=True)
        assert fast.domain_scores[0].evidence == ["劳动竞赛", "比武"]


def test_scores_do_not_depend_on_the_batch():
    clf = get_classifier()
    texts = ["组织开展劳动竞赛和技能比武，评选岗位能手。", "慰问困难职工", "活动时间：5月1日", "",
             "加强女职工权益保护，落实特殊劳动保护规定", "开展职工篮球赛和健步走活动", "推进厂务公开和职代会建设"] * 3
    texts += [f"第{i}项：完善职工书屋{i}处，开展读书分享会" for i in range(40)]
    whole = clf._score_batch([f for f in match_forms(texts) if f])  # one batch of them all
    for size in (1, 3, 7):
        clf.clear_cache()
        parts = clf.score(texts, batch_size=size)
        got = [s for t, s in zip(texts, parts) if t]
        for a, b in zip(whole, got):
            assert (a.model.tolist(), a.rules.tolist(), a.values, a.cues, a.model_terms, a.confidence) == \
                   (b.model.tolist(), b.rules.tolist(), b.values, b.cues, b.model_terms, b.confidence)
