"""Per-domain precision / recall / F1 and macro-F1 on the held-out split.

Three modes over the same texts: rules only, model only, and combined (what planparse uses).
Macro-F1 averages over every label present in the gold set or predictions (``other`` included).
"""

from __future__ import annotations

from dataclasses import dataclass

MODES = ("rules", "model", "combined")


@dataclass
class DomainStats:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    mode: str
    per_domain: dict[str, DomainStats]
    n: int
    exact: int  # texts whose label set matched exactly

    @property
    def macro_f1(self) -> float:
        stats = [s for s in self.per_domain.values() if s.tp + s.fp + s.fn]
        return sum(s.f1 for s in stats) / len(stats) if stats else 0.0

    @property
    def micro_f1(self) -> float:
        tp = sum(s.tp for s in self.per_domain.values())
        fp = sum(s.fp for s in self.per_domain.values())
        fn = sum(s.fn for s in self.per_domain.values())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def as_dict(self) -> dict:
        return {
            "mode": self.mode, "n": self.n, "exact_match": self.exact / self.n if self.n else 0.0,
            "macro_f1": self.macro_f1, "micro_f1": self.micro_f1,
            "domains": {d: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.tp + s.fn}
                        for d, s in self.per_domain.items()},
        }


def score_sets(gold: list[set[str]], predicted: list[set[str]], ids, mode: str) -> Report:
    per = {d: DomainStats() for d in ids}
    exact = 0
    for g, p in zip(gold, predicted):
        exact += g == p
        for d in ids:
            if d in p and d in g:
                per[d].tp += 1
            elif d in p:
                per[d].fp += 1
            elif d in g:
                per[d].fn += 1
    return Report(mode=mode, per_domain=per, n=len(gold), exact=exact)


def evaluate(rows: list[dict], classifier=None) -> dict[str, Report]:
    """Reports for rules-only, model-only and combined predictions on ``rows``."""
    from planparse.classify import get_classifier
    from planparse.classify.pipeline import decide

    clf = classifier or get_classifier()
    ids = clf.ids
    scores = clf.score([r["text"] for r in rows])
    gold = [set(r["labels"]) for r in rows]
    reports = {}
    for mode in MODES:
        if mode == "model" and not clf.has_model:
            continue
        vectors = [getattr(s, mode) for s in scores]
        predicted = [{d for d, _ in decide(v, ids)} for v in vectors]
        reports[mode] = score_sets(gold, predicted, ids, mode)
    return reports
