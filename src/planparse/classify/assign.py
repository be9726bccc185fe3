"""Turn per-text scores into ``domains`` / ``domain_scores`` on texts, items and sections.

An item with children, and a section, are classified from their own heading plus their parts: the
weighted mean of the parts' score vectors, where a part counts by how sure it is about some domain
(so framing lines like "其他" or "具体安排如下" barely move the result) and the heading counts double.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from planparse.classify.pipeline import FALLBACK, MAX_DOMAINS, Classifier, TextScores, decide
from planparse.classify.taxonomy import OTHER, cue_lexicon
from planparse.model import DomainScore, Item, PlanCollection, Section

HEADING_WEIGHT = 2.0
# In an aggregate, a secondary domain is kept when it reaches this share of the primary's score.
SECONDARY_SHARE = 0.6
SECONDARY_MIN = 0.25
MAX_EVIDENCE = 6
MODEL_EVIDENCE = 0.5


class _Unit:
    """Scores of one node (text, item subtree or section) plus the cue words behind them."""

    __slots__ = ("combined", "model", "cues")

    def __init__(self, combined: np.ndarray, model: np.ndarray, cues: dict[str, Counter]):
        self.combined, self.model, self.cues = combined, model, cues

    @classmethod
    def of(cls, s: TextScores) -> "_Unit":
        return cls(s.combined, s.model, {d: Counter(words) for d, words in s.cues.items()})


def _confidence(vec: np.ndarray, other: int) -> float:
    rest = np.delete(vec, other)
    return float(rest.max()) if rest.size else 0.0


def _aggregate(parts: list[tuple[_Unit, float]], other: int) -> _Unit:
    weights = np.array([w * _confidence(u.combined, other) for u, w in parts])
    if not parts or weights.sum() <= 1e-9:
        z = np.zeros_like(parts[0][0].combined) if parts else np.zeros(0)
        if z.size:
            z[other] = 1.0
        return _Unit(z, z, {})
    combined = np.average([u.combined for u, _ in parts], axis=0, weights=weights)
    model = np.average([u.model for u, _ in parts], axis=0, weights=weights)
    cues: dict[str, Counter] = {}
    for u, _ in parts:
        for d, counter in u.cues.items():
            cues.setdefault(d, Counter()).update(counter)
    return _Unit(combined, model, cues)


def _decide_aggregate(vec: np.ndarray, ids: tuple[str, ...]) -> list[tuple[str, float]]:
    other = ids.index(OTHER)
    order = [i for i in np.argsort(-vec, kind="stable") if i != other]
    if not order or vec[order[0]] < FALLBACK:
        return [(OTHER, float(max(vec[other], 1.0 - (vec[order[0]] if order else 0.0))))]
    top = vec[order[0]]
    chosen = [order[0]] + [i for i in order[1:] if vec[i] >= max(SECONDARY_MIN, SECONDARY_SHARE * top)]
    return [(ids[i], float(vec[i])) for i in chosen[:MAX_DOMAINS]]


def _domain_scores(unit: _Unit, decision: list[tuple[str, float]], ids: tuple[str, ...], has_model: bool):
    out = []
    for d, score in decision:
        # Strong cues first, then the most frequent: the words that best explain the decision.
        counts = unit.cues.get(d, Counter())
        lexicon = cue_lexicon()
        ranked = sorted(counts, key=lambda w: (not lexicon.get(w, ("", False))[1], -counts[w]))
        evidence = ranked[:MAX_EVIDENCE]
        if has_model and d != OTHER and unit.model[ids.index(d)] >= MODEL_EVIDENCE:
            evidence.append("model")
        out.append(DomainScore(id=d, score=round(score, 4), evidence=evidence))
    return out


def text_domain_scores(clf: Classifier, texts: list[str]) -> list[list[DomainScore]]:
    return [_domain_scores(_Unit.of(s), decide(s.combined, clf.ids), clf.ids, clf.has_model)
            for s in clf.score(texts)]


def assign_collection(clf: Classifier, col: PlanCollection) -> PlanCollection:
    ids = clf.ids
    other = ids.index(OTHER)
    sections: list[Section] = [s for plan in col.plans for s in plan.sections]
    # Score every text of the collection in one batch (one nlp.pipe call).
    texts: list[str] = []
    for section in sections:
        texts += [section.title, section.intro]
        stack = list(section.items)
        while stack:
            item = stack.pop()
            texts.append(item.text)
            stack.extend(item.children)
    scored = dict(zip(texts, clf.score(texts)))

    def set_domains(node: Section | Item, unit: _Unit, decision) -> None:
        node.domain_scores = _domain_scores(unit, decision, ids, clf.has_model)
        node.domains = [d.id for d in node.domain_scores]

    def visit(item: Item) -> _Unit:
        own = _Unit.of(scored[item.text])
        if not item.children:
            set_domains(item, own, decide(own.combined, ids))
            return own
        unit = _aggregate([(own, HEADING_WEIGHT)] + [(visit(c), 1.0) for c in item.children], other)
        set_domains(item, unit, _decide_aggregate(unit.combined, ids))
        return unit

    for section in sections:
        parts = [(visit(item), 1.0) for item in section.items]
        if section.title.strip():
            parts.append((_Unit.of(scored[section.title]), HEADING_WEIGHT))
        if section.intro.strip():
            parts.append((_Unit.of(scored[section.intro]), 1.0))
        if not parts:
            section.domains, section.domain_scores = [OTHER], [DomainScore(id=OTHER, score=1.0)]
            continue
        unit = _aggregate(parts, other)
        set_domains(section, unit, _decide_aggregate(unit.combined, ids))
    return col
