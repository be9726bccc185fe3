"""The learned half of classification: a linear model over hashed character n-grams.

* ``Ngrams``: every character 1..nmax-gram of a batch of texts, hashed into 2**bits buckets (numpy).
* ``NgramModel``: the trained weights (``model.npz``), Platt calibration and rule/model weight
  (``meta.json``), shipped in ``data/domain_model`` and written by ``planparse train``
  (``devtools.train_classifier``). Inference is numpy and scipy only.

``classify.pipeline`` combines these probabilities with the cue rules.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

# Combined score = weight * model + (1 - weight) * rules; the default for a model that stores no weight.
MODEL_WEIGHT = 0.6
# Model evidence: for each domain whose model probability reaches MODEL_TERMS_MIN, the n-grams that
# weighed most for it (at most MODEL_TERMS of them).
MODEL_TERMS_MIN = 0.5
MODEL_TERMS = 3

MODEL_FILE = "model.npz"
META_FILE = "meta.json"


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
