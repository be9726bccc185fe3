"""Per-domain precision / recall / F1, macro-F1 and a calibration table on the held-out split.

Three modes over the same texts: rules only, model only, and combined (what planparse uses).
Macro-F1 averages over every label present in the gold set or predictions (``other`` included).

The calibration table asks whether a score reads as a probability: every (text, domain) score of a mode
falls in a bucket (0–0.1, …, 0.9–1), and the bucket's observed precision is the share of those pairs whose
domain is in the text's gold labels. For a calibrated score the two agree; the expected calibration error
(ECE) is their gap averaged over all pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
class Bucket:
    low: float
    high: float
    n: int = 0
    score_sum: float = 0.0
    hits: int = 0

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.hits / self.n if self.n else 0.0


def calibration_table(gold: list[set[str]], vectors, ids, edges=tuple(i / 10 for i in range(11))) -> list[Bucket]:
    """Score bucket -> pairs, mean score and observed precision, over every (text, domain) pair."""
    buckets = [Bucket(lo, hi) for lo, hi in zip(edges[:-1], edges[1:])]
    for labels, vector in zip(gold, vectors):
        for d, score in zip(ids, vector.tolist()):
            k = min(int(score * (len(buckets))), len(buckets) - 1) if score > 0 else 0
            bucket = buckets[k]
            bucket.n += 1
            bucket.score_sum += score
            bucket.hits += d in labels
    return buckets


def expected_calibration_error(buckets: list[Bucket]) -> float:
    total = sum(b.n for b in buckets)
    return sum(b.n * abs(b.mean_score - b.precision) for b in buckets) / total if total else 0.0


@dataclass
class Report:
    mode: str
    per_domain: dict[str, DomainStats]
    n: int
    exact: int  # texts whose label set matched exactly
    calibration: list[Bucket] = field(default_factory=list)

    @property
    def ece(self) -> float:
        return expected_calibration_error(self.calibration)

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
            "calibration": [{"bucket": [b.low, b.high], "pairs": b.n, "mean_score": round(b.mean_score, 4),
                             "precision": round(b.precision, 4)} for b in self.calibration],
            "ece": round(self.ece, 4),
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
        reports[mode].calibration = calibration_table(gold, vectors, ids)
    return reports


def calibration_rich_table(reports: dict[str, Report], title: str = "calibration: score bucket -> observed precision"):
    """A rich Table: one row per score bucket, per mode the pairs in it and the share that were right."""
    from rich.table import Table

    modes = list(reports)
    table = Table(title=title)
    table.add_column("score")
    for mode in modes:
        table.add_column(f"{mode} n", justify="right")
        table.add_column(f"{mode} precision", justify="right")
    first = reports[modes[0]].calibration
    for k, bucket in enumerate(first):
        cells = []
        for mode in modes:
            b = reports[mode].calibration[k]
            cells += [str(b.n), f"{b.precision:.2f}" if b.n else "-"]
        table.add_row(f"{bucket.low:.1f}-{bucket.high:.1f}", *cells)
    table.add_section()
    table.add_row("ECE", *[c for m in modes for c in ("", f"{reports[m].ece:.3f}")], style="bold")
    return table
