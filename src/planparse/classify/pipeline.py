"""Domain scores of texts: a cue lexicon (rules) and a learned n-gram model, combined per domain.

Everything here works for one ``Taxonomy`` (``classify.taxonomy``; the union taxonomy of ``data/taxonomy.toml``
unless another is given): its domain ids, its cues, and the model trained for it.

* ``CueRules``: the taxonomy's cue lexicon in an Aho-Corasick automaton. Every cue that
  fires is recorded per domain: the evidence users see.
* ``NgramModel``: a linear model over the character 1–3-grams of a text, hashed into 2**18 buckets
  (one-vs-rest logistic regression, trained by ``planparse train`` from ``corpus/labelled`` and shipped in
  ``data/domain_model``; ``planparse train --taxonomy FILE`` trains one for a user's taxonomy). A taxonomy
  with no trained model classifies by its cues alone. Length-independent: each n-gram counts by the square root of its count and the
  vector of a text is scaled to unit length, so a 300-character paragraph scores on the same scale as a
  10-character heading (the old bag-of-ngrams summed weights, so long texts overflowed the logistic).
  Calibrated: a logistic (Platt) map per domain, fitted on the ``dev`` split that training never sees,
  turns the raw score into a probability. Inference is numpy and scipy only (no download, no spaCy).
* ``combine``: a weighted mean of model and rules per domain; the weight is tuned on ``dev`` by training
  and stored with the model.

Everything runs on the matching form of the text (Simplified, width-folded, no whitespace), so
Traditional input gets the same answer.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from planparse.classify.taxonomy import OTHER, Taxonomy, default_taxonomy
from planparse.errors import InputError
from planparse.text.normalize import match_forms

# Rule scores: one strong cue is decisive on its own; weak cues only add up.
STRONG_CUE = 0.8
WEAK_CUE = 0.3
# Rule score of `other` when no cue at all fired.
NO_CUE_OTHER = 0.6
# Combined score = weight * model + (1 - weight) * rules. The shipped model stores the weight tuned on
# the dev split (``NgramModel.weight``); this is the default for a model without one.
MODEL_WEIGHT = 0.6
# A domain is assigned when its score reaches ASSIGN and SECONDARY_RATIO of the best domain's score (a
# second domain must be nearly as strong as the first: on the dev split this removed most spurious second
# labels, e.g. a weak 评选 next to a strong 班组); if none does, the best one is kept when it reaches
# FALLBACK, otherwise the text is `other`.
ASSIGN = 0.4
SECONDARY_RATIO = 0.8
FALLBACK = 0.2
MAX_DOMAINS = 3
# Cache of scored texts (by matching form). Plans repeat lines a lot (template sites), and a section
# title is often repeated in the intro.
CACHE_SIZE = 100_000
# Model evidence: for each domain whose model probability reaches MODEL_TERMS_MIN, the n-grams that
# weighed most for it (at most MODEL_TERMS of them).
MODEL_TERMS_MIN = 0.5
MODEL_TERMS = 3

MODEL_FILE = "model.npz"
META_FILE = "meta.json"


def default_model_dir() -> Path:
    return Path(str(resources.files("planparse.data").joinpath("domain_model")))


class CueRules:
    """A taxonomy's cue lexicon in an Aho-Corasick automaton (ahocorasick-rs), leftmost-longest.

    On the matching-form string it finds what a PhraseMatcher over one-character tokens finds,
    without building a Doc; where cues overlap the longest wins ("技能比赛" hides "比赛").
    """

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        import ahocorasick_rs

        lexicon = (taxonomy or default_taxonomy()).cue_lexicon  # phrase -> (domain, strong)
        self.phrases = list(lexicon)
        self.labels = [lexicon[p] for p in self.phrases]
        self.automaton = (ahocorasick_rs.AhoCorasick(self.phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                          if self.phrases else None)  # a taxonomy may have no cues at all (model only)

    def find(self, text: str) -> list[tuple[int, int, str, bool]]:
        """(start, end, domain, strong) for every cue in ``text``, left to right, not overlapping."""
        if self.automaton is None:
            return []
        labels = self.labels
        return [(start, end, *labels[k]) for k, start, end in self.automaton.find_matches_as_indexes(text)]


def cue_rules(taxonomy: Taxonomy | None = None) -> CueRules:
    """The cue automaton of ``taxonomy`` (default: the union taxonomy), built once per taxonomy."""
    taxonomy = taxonomy or default_taxonomy()
    return taxonomy.memo("pipeline.cue_rules", CueRules, taxonomy)


_STEP = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: multiplicative (Fibonacci) hashing


class Ngrams:
    """Every character n-gram (1..nmax) of a batch of texts: its text, its start and size, its hash bucket.

    Hand-written on purpose: sklearn's HashingVectorizer would need scikit-learn at run time and calls a
    Python analyzer per text; this is a few numpy passes over the whole batch. A window never spans two
    texts. The hash is fixed arithmetic on code points (no Python ``hash``), so it is the same in every
    process and on every machine, which the shipped weights rely on.
    """

    __slots__ = ("text", "n_docs", "doc", "bucket", "start", "size", "_codes")

    def __init__(self, forms: list[str], nmax: int, bits: int):
        self.text = "".join(forms)
        self.n_docs = len(forms)
        lengths = np.fromiter((len(f) for f in forms), dtype=np.int64, count=len(forms))
        codes = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        self._codes = codes
        doc_of = np.repeat(np.arange(len(forms), dtype=np.int64), lengths)
        shift = np.uint64(64 - bits)
        docs, buckets, starts, sizes = [], [], [], []
        h = codes
        for n in range(1, nmax + 1):
            if n > 1:
                if len(codes) < n:
                    break
                h = h[:-1] * _STEP + codes[n - 1:]  # uint64 arrays wrap silently: the hash is mod 2**64
                inside = np.flatnonzero(doc_of[: len(h)] == doc_of[n - 1:])
                hashed = h[inside]
            else:
                inside = np.arange(len(h))
                hashed = h
            docs.append(doc_of[inside])
            buckets.append((((hashed + np.uint64(n)) * _MIX) >> shift).astype(np.int64))
            starts.append(inside)
            sizes.append(np.full(len(inside), n, dtype=np.int64))
        empty = np.zeros(0, dtype=np.int64)
        self.doc = np.concatenate(docs) if docs else empty
        self.bucket = np.concatenate(buckets) if buckets else empty
        self.start = np.concatenate(starts) if starts else empty
        self.size = np.concatenate(sizes) if sizes else empty

    @property
    def cjk(self) -> np.ndarray:
        """Per n-gram: all its characters are CJK ideographs (no punctuation, digits or Latin)."""
        ideograph = ((self._codes >= 0x4E00) & (self._codes <= 0x9FFF)) | ((self._codes >= 0x3400) & (self._codes <= 0x4DBF))
        run = np.concatenate([[0], np.cumsum(~ideograph)])  # non-ideographs before each position
        return run[self.start + self.size] == run[self.start]

    def matrix(self, bits: int, min_norm: float = 1.0):
        """Texts × buckets (scipy CSR): √count of each n-gram, every row scaled to unit length, except that
        a row shorter than ``min_norm`` is divided by ``min_norm``: a text of one or two characters (的,
        工会) must not weigh as much as a whole measure."""
        from scipy.sparse import csr_matrix

        X = csr_matrix((np.ones(len(self.doc), dtype=np.float32), (self.doc, self.bucket)),
                       shape=(self.n_docs, 1 << bits))
        X.sum_duplicates()
        np.sqrt(X.data, out=X.data)
        per_row = np.diff(X.indptr)
        norms = np.sqrt(np.bincount(np.repeat(np.arange(self.n_docs), per_row), weights=X.data * X.data,
                                    minlength=self.n_docs))
        scale = 1.0 / np.maximum(norms, min_norm)
        X.data *= np.repeat(scale, per_row).astype(np.float32)
        return X


class NgramModel:
    """The shipped domain model: weights of the hashed n-grams seen in training, bias, calibration.

    ``model.npz`` holds ``rows`` (bucket ids with a weight), ``weights`` (rows × labels) and ``bias``;
    ``meta.json`` the labels, the n-gram range, the hash size, the Platt parameters per label and the
    rule/model weight (both fitted on the dev split by ``devtools.train_classifier``).
    """

    def __init__(self, path: Path | str):
        path = Path(path)
        meta = json.loads((path / META_FILE).read_text("utf-8"))
        with np.load(path / MODEL_FILE) as data:
            rows, weights, bias = data["rows"], data["weights"], data["bias"]
        self.meta = meta
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.nmax, self.bits = int(meta["ngram_max"]), int(meta["hash_bits"])
        self.min_norm = float(meta.get("min_norm", 1.0))
        self.weight = float(meta.get("model_weight", MODEL_WEIGHT))
        platt = meta["calibration"]["platt"]
        self.slope = np.array([platt[d][0] for d in self.labels])
        self.intercept = np.array([platt[d][1] for d in self.labels])
        # Bucket -> row of the weight table; row 0 is all zeros, for n-grams never seen in training.
        self.slot = np.zeros(1 << self.bits, dtype=np.int32)
        self.slot[rows] = np.arange(1, len(rows) + 1, dtype=np.int32)
        self.table = np.vstack([np.zeros((1, len(self.labels)), dtype=np.float32), weights.astype(np.float32)])
        self.bias = bias.astype(np.float64)

    @staticmethod
    def exists(path: Path | str) -> bool:
        path = Path(path)
        return (path / MODEL_FILE).is_file() and (path / META_FILE).is_file()

    def raw(self, grams: Ngrams) -> np.ndarray:
        """Uncalibrated scores (texts × labels): the linear model's logits."""
        from scipy.sparse import csr_matrix

        X = grams.matrix(self.bits, self.min_norm)
        X = csr_matrix((X.data, self.slot[X.indices], X.indptr), shape=(X.shape[0], len(self.table)))
        return np.asarray(X @ self.table, dtype=np.float64) + self.bias

    def calibrate(self, logits: np.ndarray) -> np.ndarray:
        from scipy.special import expit  # the logistic without overflow warnings

        return expit(logits * self.slope + self.intercept)

    def predict(self, forms: list[str]) -> tuple[np.ndarray, Ngrams]:
        """Calibrated probabilities (texts × labels) and the n-grams they came from."""
        grams = Ngrams(forms, self.nmax, self.bits)
        return self.calibrate(self.raw(grams)), grams

    def top_terms(self, grams: Ngrams, probs: np.ndarray, columns: list[int], labels: list[str]) -> list[tuple]:
        """Per text, ``(domain, term)`` pairs: for each domain in ``columns`` whose probability reaches
        MODEL_TERMS_MIN, the spans of text covered by the Chinese n-grams (2+ characters) with the largest
        positive weight for it, heaviest first; overlapping n-grams merge into one span (女职 + 女职工 ->
        女职工). Batched: one numpy pass over the n-grams of every (text, domain) pair, then a short Python
        loop over the few heaviest of each."""
        out: list[tuple] = [()] * grams.n_docs
        docs, cols = np.nonzero(probs[:, columns] >= MODEL_TERMS_MIN)
        if not len(docs):
            return out
        keep = np.flatnonzero((grams.size >= 2) & grams.cjk)
        order = keep[np.argsort(grams.doc[keep], kind="stable")]  # n-grams of 2+ characters, by text
        bounds = np.searchsorted(grams.doc[order], np.arange(grams.n_docs + 1))
        lo, counts = bounds[docs], bounds[docs + 1] - bounds[docs]
        has = counts > 0
        docs, cols, lo, counts = docs[has], cols[has], lo[has], counts[has]
        if not len(docs):
            return out
        offsets = np.cumsum(counts) - counts
        pair = np.repeat(np.arange(len(docs)), counts)
        occ = order[np.arange(counts.sum()) - np.repeat(offsets, counts) + np.repeat(lo, counts)]
        slots = self.slot[grams.bucket[occ]]
        weight = self.table[slots, np.asarray(columns)[cols][pair]]
        # Only n-grams within reach of the heaviest of their pair can be among its top terms: keep those,
        # so the sort below works on a few per pair instead of every n-gram of every text.
        heaviest = np.maximum.reduceat(weight, offsets)
        near = (weight > 0) & (weight >= 0.25 * heaviest[pair])
        pair, occ, slots, weight = pair[near], occ[near], slots[near], weight[near]
        ranked = np.lexsort((slots, -weight, pair))  # per pair, heaviest first
        pair, occ, slots = pair[ranked], occ[ranked], slots[ranked]
        fresh = np.ones(len(pair), dtype=bool)  # drop repeats of the same n-gram (adjacent after the sort)
        fresh[1:] = (pair[1:] != pair[:-1]) | (slots[1:] != slots[:-1])
        pair, occ = pair[fresh], occ[fresh]
        first = np.searchsorted(pair, np.arange(len(docs)))
        top = (np.arange(len(pair)) - first[pair]) < 2 * MODEL_TERMS
        pair, occ = pair[top], occ[top]
        starts = grams.start[occ]
        pairs, begins, ends = pair.tolist(), starts.tolist(), (starts + grams.size[occ]).tolist()
        cut = np.flatnonzero(np.diff(pair)) + 1
        text = grams.text
        found: dict[int, list[tuple[str, str]]] = {}
        for lo_, hi_ in zip([0, *cut.tolist()], [*cut.tolist(), len(pairs)]):
            ranges: list[list[int]] = []  # [start, end] of this pair's terms, heaviest first
            for k in range(lo_, hi_):
                start, end = begins[k], ends[k]
                for r in ranges:
                    if start <= r[1] and end >= r[0]:  # overlaps or touches: one span
                        r[0], r[1] = min(r[0], start), max(r[1], end)
                        break
                else:
                    if len(ranges) < MODEL_TERMS:
                        ranges.append([start, end])
            p = pairs[lo_]
            domain = labels[cols[p]]
            terms = found.setdefault(int(docs[p]), [])
            for start, end in ranges:
                if (domain, text[start:end]) not in terms:
                    terms.append((domain, text[start:end]))
        for doc, pairs in found.items():
            out[doc] = tuple(pairs)
        return out


_NO_CUES: dict[str, tuple[str, ...]] = {}  # shared by every text without cues; never written to


@dataclass(slots=True)
class TextScores:
    """Scores of one text, as vectors over the taxonomy's ids (``Classifier.ids``).

    Cached for every distinct text, so kept small for the cyclic garbage collector: slots, and tuples of
    floats and strings (which the collector stops tracking) rather than lists and per-instance dicts.
    """

    model: np.ndarray
    rules: np.ndarray
    combined: np.ndarray
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # domain id -> cue words that fired
    confidence: float = 0.0  # best combined score of a real domain (not `other`)
    decision: tuple | None = None  # cached domain scores of this text on its own (see assign.py)
    values: tuple[float, ...] = ()  # `combined` as plain floats (fast small-vector maths)
    model_values: tuple[float, ...] = ()
    # (domain, n-gram) pairs: for each domain the model gives at least MODEL_TERMS_MIN, the n-grams of the
    # text that weighed most for it, heaviest first. The model's half of the evidence.
    model_terms: tuple[tuple[str, str], ...] = ()

    def terms(self, domain: str) -> tuple[str, ...]:
        """The n-grams that weighed most for ``domain`` in the model (empty when it scored below
        MODEL_TERMS_MIN there)."""
        return tuple(term for d, term in self.model_terms if d == domain)


def combine(model: np.ndarray, rules: np.ndarray, has_model: bool = True, weight: float = MODEL_WEIGHT) -> np.ndarray:
    if not has_model:
        return rules
    return weight * model + (1.0 - weight) * rules


def decide(scores: np.ndarray, ids: tuple[str, ...]) -> list[tuple[str, float]]:
    """Domains to assign, primary first: every non-other domain ≥ ASSIGN and ≥ SECONDARY_RATIO × the best,
    else the best if ≥ FALLBACK and ≥ `other`, else other."""
    values = scores.tolist()  # plain floats: much faster than numpy for 15 values
    other = ids.index(OTHER)
    order = sorted((i for i in range(len(values)) if i != other), key=lambda i: -values[i])
    top = values[order[0]] if order else 0.0
    bar = max(ASSIGN, SECONDARY_RATIO * top)
    chosen = [i for i in order if values[i] >= bar][:MAX_DOMAINS]
    if not chosen and order and top >= FALLBACK and top >= values[other]:
        chosen = [order[0]]
    if not chosen:
        return [(OTHER, max(values[other], 1.0 - top))]
    return [(ids[i], values[i]) for i in chosen]


class NoModelWarning(UserWarning):
    """A user's taxonomy has no trained model: it classifies by its cues alone."""


def no_model_message(taxonomy: Taxonomy, path: Path | None) -> str:
    where = f"no trained model at {path}" if path else "its file names no model folder (model = \"DIR\")"
    source = taxonomy.source or "FILE.toml"
    return (f"taxonomy {taxonomy.name!r}: {where}, so domains come from its cue words alone; train one with "
            f"`planparse train --taxonomy {source} --data FILE.jsonl`")


class Classifier:
    """Scores texts with rules + model for one taxonomy. Build once per taxonomy
    (``planparse.classify.get_classifier``), reuse.

    The model is ``model_dir`` if given, else the taxonomy's (``Taxonomy.model_dir``). A user's taxonomy with no
    trained model scores by its cues alone and says so once, as a ``NoModelWarning`` (``notice`` keeps the text).
    """

    def __init__(self, model_dir: Path | str | None = None, use_model: bool = True,
                 taxonomy: Taxonomy | None = None):
        self.taxonomy = taxonomy = taxonomy or default_taxonomy()
        self.ids = taxonomy.ids
        self.index = taxonomy.index
        if model_dir:
            path: Path | None = Path(model_dir)
        elif taxonomy.builtin and taxonomy.model_dir is None:
            path = default_model_dir()
        else:
            path = taxonomy.model_dir
        self.model: NgramModel | None = None
        self.notice: str | None = None
        if use_model and path is not None and NgramModel.exists(path):
            self.model = NgramModel(path)
            missing = set(self.ids) - set(self.model.labels)
            if missing:
                hint = "`planparse train`" if taxonomy.builtin else f"`planparse train --taxonomy {taxonomy.source}`"
                raise InputError(f"the model at {path} was not trained for taxonomy {taxonomy.name!r}: it lacks "
                                 f"{sorted(missing)}; run {hint}")
            self._columns = [self.model.labels.index(d) for d in self.ids]
        elif use_model and not taxonomy.builtin:
            self.notice = no_model_message(taxonomy, path)
            warnings.warn(self.notice, NoModelWarning, stacklevel=2)
        self.has_model = self.model is not None
        self.weight = self.model.weight if self.model else 0.0
        self._rules = cue_rules(taxonomy)
        self._cache: dict[str, TextScores] = {}  # matching form -> scores
        other = np.zeros(len(self.ids))
        other[self.ids.index(OTHER)] = 1.0
        self._empty = TextScores(model=other, rules=other, combined=other, confidence=0.0,
                                 values=tuple(other.tolist()), model_values=tuple(other.tolist()))

    def clear_cache(self) -> None:
        self._cache.clear()

    def score(self, texts: list[str], batch_size: int = 4000) -> list[TextScores]:
        forms = match_forms(texts)
        # Gather into a local dict: clearing the bounded cache (when full) never loses a score needed here.
        found: dict[str, TextScores] = {}
        todo = []
        for f in dict.fromkeys(f for f in forms if f):
            scores = self._cache.get(f)
            if scores is None:
                todo.append(f)
            else:
                found[f] = scores
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            found.update(zip(batch, self._score_batch(batch)))
        if todo:
            if len(self._cache) + len(todo) > CACHE_SIZE:
                self._cache.clear()
            if len(todo) <= CACHE_SIZE:
                self._cache.update((f, found[f]) for f in todo)
        empty = self._empty
        return [found[f] if f else empty for f in forms]

    def _predict(self, forms: list[str]) -> tuple[np.ndarray | None, list[tuple]]:
        """Calibrated model probabilities (texts × ``self.ids``) and each text's model terms."""
        if self.model is None:
            return None, [()] * len(forms)
        probs, grams = self.model.predict(forms)
        probs = probs[:, self._columns]
        real = [i for i, d in enumerate(self.ids) if d != OTHER]
        terms = self.model.top_terms(grams, probs, real, list(self.ids))
        return probs, terms

    def _score_batch(self, forms: list[str]) -> list[TextScores]:
        """Rules and model for a batch of matching forms, combined as matrices (texts × domains)."""
        ids = self.ids
        index = self.index
        model, terms = self._predict(forms)
        if model is None:
            model = np.zeros((len(forms), len(ids)))
        # Noisy-OR of cue weights per domain: rules = 1 - Π(1 - w); `other` when no cue fired.
        miss = np.ones((len(forms), len(ids)))
        cues_of: list[dict[str, tuple[str, ...]]] = []
        for row, form in enumerate(forms):
            cues: dict[str, list[str]] = {}
            for start, end, domain, strong in self._rules.find(form):
                miss[row, index[domain]] *= 1.0 - (STRONG_CUE if strong else WEAK_CUE)
                words = cues.setdefault(domain, [])
                if form[start:end] not in words:
                    words.append(form[start:end])
            cues_of.append({domain: tuple(words) for domain, words in cues.items()} if cues else _NO_CUES)
        rules = 1.0 - miss
        rules[[not c for c in cues_of], index[OTHER]] = NO_CUE_OTHER
        combined = combine(model, rules, self.has_model, self.weight)
        real = np.ones(len(ids), dtype=bool)
        real[index[OTHER]] = False
        confidence = combined[:, real].max(axis=1).tolist()
        values, model_values = combined.tolist(), model.tolist()
        return [
            TextScores(model=model[i], rules=rules[i], combined=combined[i], cues=cues_of[i],
                       confidence=confidence[i], values=tuple(values[i]), model_values=tuple(model_values[i]),
                       model_terms=terms[i])
            for i in range(len(forms))
        ]
