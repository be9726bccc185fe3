"""Turn per-text scores into ``domains`` / ``domain_scores`` on texts, items and sections.

An item with children, and a section, are classified from their own heading plus their parts: the
weighted mean of the parts' score vectors, where a part counts by how sure it is about some domain
(so framing lines like "其他" or "具体安排如下" barely move the result) and the heading counts double.

This runs once per node of every parsed document, so it avoids numpy on tiny vectors where plain
Python is faster, caches each text's own decision, and builds evidence only for chosen domains.
"""

from __future__ import annotations

from collections import Counter

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
    """Scores of one node (text, item subtree or section) and the cue dicts of the texts inside it.

    Vectors are plain lists: with 15 domains, Python arithmetic beats numpy's per-call overhead."""

    __slots__ = ("combined", "model", "confidence", "cues")

    def __init__(self, combined: list[float], model: list[float], confidence: float, cues: list[dict]):
        self.combined, self.model, self.confidence, self.cues = combined, model, confidence, cues

    @classmethod
    def of(cls, s: TextScores) -> "_Unit":
        return cls(s.values, s.model_values, s.confidence, [s.cues] if s.cues else [])


def _aggregate(parts: list[tuple[_Unit, float]], ids: tuple[str, ...]) -> _Unit:
    weights = [w * u.confidence for u, w in parts]
    total = sum(weights)
    n = len(ids)
    other = ids.index(OTHER)
    if total <= 1e-9:
        z = [0.0] * n
        z[other] = 1.0
        return _Unit(z, z, 0.0, [])
    combined = [0.0] * n
    model = [0.0] * n
    cues: list[dict] = []
    for (u, _), w in zip(parts, weights):
        cues.extend(u.cues)
        if w:
            f = w / total
            uc, um = u.combined, u.model
            for i in range(n):
                combined[i] += f * uc[i]
                model[i] += f * um[i]
    confidence = max(v for i, v in enumerate(combined) if i != other)
    return _Unit(combined, model, confidence, cues)


def _decide_aggregate(values: list[float], ids: tuple[str, ...]) -> list[tuple[str, float]]:
    """Domains of a section or of an item with children, from the weighted mean of its parts.

    Unlike ``pipeline.decide`` (one text: every domain over an absolute threshold), a mean of many
    parts is diluted, so the best domain is taken whenever it clears FALLBACK, and others join it
    only when they come close to it (SECONDARY_SHARE of its score).
    """
    other = ids.index(OTHER)
    order = sorted((i for i in range(len(values)) if i != other), key=lambda i: -values[i])
    if not order or values[order[0]] < FALLBACK:
        return [(OTHER, max(values[other], 1.0 - (values[order[0]] if order else 0.0)))]
    top = values[order[0]]
    chosen = [order[0]] + [i for i in order[1:] if values[i] >= max(SECONDARY_MIN, SECONDARY_SHARE * top)]
    return [(ids[i], values[i]) for i in chosen[:MAX_DOMAINS]]


def _evidence(unit: _Unit, domain: str) -> list[str]:
    """Strong cues first, then the most frequent: the words that best explain the decision."""
    lexicon = cue_lexicon()
    if len(unit.cues) == 1:  # one text (the usual case): its cue words, each once, strong first
        words = unit.cues[0].get(domain, ())
        return sorted(words, key=lambda w: not lexicon.get(w, ("", False))[1])[:MAX_EVIDENCE]
    counts = Counter(w for cues in unit.cues for w in cues.get(domain, ()))
    return sorted(counts, key=lambda w: (not lexicon.get(w, ("", False))[1], -counts[w]))[:MAX_EVIDENCE]


def _domain_scores(unit: _Unit, decision, ids: tuple[str, ...], has_model: bool) -> list[tuple]:
    out = []
    for d, score in decision:
        evidence = _evidence(unit, d) if d != OTHER else []
        if has_model and d != OTHER and unit.model[ids.index(d)] >= MODEL_EVIDENCE:
            evidence.append("model")
        out.append((d, round(score, 4), evidence))
    return out


def _as_models(rows) -> list[DomainScore]:
    # (The plain constructor is faster than model_construct here: ~5 µs against ~9 µs.)
    return [DomainScore(id=d, score=s, evidence=list(e)) for d, s, e in rows]


def _own_decision(s: TextScores, clf: Classifier) -> tuple[tuple, ...]:
    if s.decision is None:  # cached on the (shared, cached) TextScores: repeated lines cost nothing
        s.decision = tuple((d, score, tuple(evidence)) for d, score, evidence
                           in _domain_scores(_Unit.of(s), decide(s.combined, clf.ids), clf.ids, clf.has_model))
    return s.decision


def text_domain_scores(clf: Classifier, texts: list[str]) -> list[list[DomainScore]]:
    return [_as_models(_own_decision(s, clf)) for s in clf.score(texts)]


def assign_collection(clf: Classifier, col: PlanCollection) -> PlanCollection:
    ids = clf.ids
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

    def set_domains(node: Section | Item, rows: list[tuple]) -> None:
        node.domain_scores = _as_models(rows)
        node.domains = [d for d, _, _ in rows]

    def visit(item: Item) -> _Unit:
        own = scored[item.text]
        if not item.children:
            set_domains(item, _own_decision(own, clf))
            return _Unit.of(own)
        unit = _aggregate([(_Unit.of(own), HEADING_WEIGHT)] + [(visit(c), 1.0) for c in item.children], ids)
        set_domains(item, _domain_scores(unit, _decide_aggregate(unit.combined, ids), ids, clf.has_model))
        return unit

    for section in sections:
        parts = [(visit(item), 1.0) for item in section.items]
        if section.title.strip():
            parts.append((_Unit.of(scored[section.title]), HEADING_WEIGHT))
        if section.intro.strip():
            parts.append((_Unit.of(scored[section.intro]), 1.0))
        if not parts:
            set_domains(section, [(OTHER, 1.0, [])])
            continue
        unit = _aggregate(parts, ids)
        set_domains(section, _domain_scores(unit, _decide_aggregate(unit.combined, ids), ids, clf.has_model))
    return col
