"""The spaCy classification pipeline: char tokenizer → textcat_multilabel → cue matcher.

* Tokenizer: spaCy's ``zh`` char segmenter. It is ~5× faster than its jieba segmenter, and a bag of
  character 1–3-grams recovers the words the taxonomy needs (厂务公开, 集体协商) without a dictionary.
* ``textcat_multilabel`` with a compact bag-of-ngrams model, trained from ``corpus/labelled`` and
  shipped in ``data/textcat``.
* ``planparse_cues``: the cue lexicon in ``data/taxonomy.toml`` in an Aho-Corasick automaton (it finds
  what a PhraseMatcher over one-character tokens finds, without a Doc per text). It records every cue
  that fired in ``doc.spans["cues"]``, which is the evidence users see.

Batch classification (``Classifier.score``) skips Doc construction: the cue automaton runs on the
string, and the trained bag-of-ngrams model's linear layer is fed the n-gram keys of a whole batch
at once (the same keys spaCy's ``extract_ngrams`` computes per Doc). That made classification about
5× faster than running the spaCy pipeline text by text; the scores are the same (tested).

Rules and model are combined per domain (``combine``). Everything runs on the matching form of the
text (Simplified, width-folded, no whitespace), so Traditional input gets the same answer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from planparse.classify.taxonomy import OTHER, cue_lexicon, domain_ids
from planparse.text.normalize import match_forms

CUES_PIPE = "planparse_cues"
TEXTCAT_PIPE = "textcat_multilabel"

# Rule scores: one strong cue is decisive on its own; weak cues only add up.
STRONG_CUE = 0.8
WEAK_CUE = 0.3
# Rule score of `other` when no cue at all fired.
NO_CUE_OTHER = 0.6
# Combined score = MODEL_WEIGHT * model + (1 - MODEL_WEIGHT) * rules. MODEL_WEIGHT, ASSIGN and FALLBACK
# were tuned on a grouped dev split of the train lines (never on the test split).
MODEL_WEIGHT = 0.6
# A domain is assigned when its score reaches ASSIGN; if none does, the best one is kept when it
# reaches FALLBACK, otherwise the text is `other`.
ASSIGN = 0.4
FALLBACK = 0.2
MAX_DOMAINS = 3
# Cache of scored texts (by matching form). Plans repeat lines a lot (template sites), and a section
# title is often repeated in the intro.
CACHE_SIZE = 100_000


def default_model_dir() -> Path:
    return Path(str(resources.files("planparse.data").joinpath("textcat")))


def blank_nlp() -> Language:
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


class CharTokenizer:
    """One token per character of a whitespace-free string: what spaCy's zh "char" segmenter yields
    on matching-form text, without its per-character Python bookkeeping (~2× faster). Used only at
    inference; the saved model keeps spaCy's own tokenizer."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = list(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


class CueRules:
    """The cue lexicon in an Aho-Corasick automaton (ahocorasick-rs), leftmost-longest.

    On the matching-form string it finds what a PhraseMatcher over one-character tokens finds,
    without building a Doc; where cues overlap the longest wins ("技能比赛" hides "比赛"). Both the
    spaCy component below and the batch path in ``Classifier.score`` use it.
    """

    def __init__(self) -> None:
        import ahocorasick_rs

        lexicon = cue_lexicon()  # phrase -> (domain, strong)
        self.phrases = list(lexicon)
        self.labels = [lexicon[p] for p in self.phrases]
        self.automaton = ahocorasick_rs.AhoCorasick(self.phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def find(self, text: str) -> list[tuple[int, int, str, bool]]:
        """(start, end, domain, strong) for every cue in ``text``, left to right, not overlapping."""
        labels = self.labels
        return [(start, end, *labels[k]) for k, start, end in self.automaton.find_matches_as_indexes(text)]


@lru_cache(maxsize=1)
def cue_rules() -> CueRules:
    return CueRules()


@Language.factory(CUES_PIPE)
def make_cue_matcher(nlp: Language, name: str) -> "CueMatcher":
    return CueMatcher()


class CueMatcher:
    """spaCy component: marks cue phrases in ``doc.spans["cues"]`` (label "domain|strong|weak")."""

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for start, end, domain, strong in cue_rules().find(doc.text):
            span = doc.char_span(start, end, label=f"{domain}|{'strong' if strong else 'weak'}", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["cues"] = spans
        return doc


_NO_CUES: dict[str, tuple[str, ...]] = {}  # shared by every text without cues; never written to


@dataclass(slots=True)
class TextScores:
    """Scores of one text, as vectors over ``domain_ids()``.

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


@lru_cache(maxsize=4)
def _index_of(ids: tuple[str, ...]) -> dict[str, int]:
    return {d: i for i, d in enumerate(ids)}


def combine(model: np.ndarray, rules: np.ndarray, has_model: bool = True) -> np.ndarray:
    if not has_model:
        return rules
    return MODEL_WEIGHT * model + (1.0 - MODEL_WEIGHT) * rules


def decide(scores: np.ndarray, ids: tuple[str, ...]) -> list[tuple[str, float]]:
    """Domains to assign, primary first: every non-other domain ≥ ASSIGN, else the best ≥ FALLBACK, else other."""
    values = scores.tolist()  # plain floats: much faster than numpy for 15 values
    other = ids.index(OTHER)
    order = sorted((i for i in range(len(values)) if i != other), key=lambda i: -values[i])
    chosen = [i for i in order if values[i] >= ASSIGN][:MAX_DOMAINS]
    if not chosen and order and values[order[0]] >= FALLBACK and values[order[0]] >= values[other]:
        chosen = [order[0]]
    if not chosen:
        best = values[order[0]] if order else 0.0
        return [(OTHER, max(values[other], 1.0 - best))]
    return [(ids[i], values[i]) for i in chosen]


class Classifier:
    """Scores texts with rules + model. Build once (``planparse.classify.get_classifier``), reuse."""

    def __init__(self, model_dir: Path | str | None = None, use_model: bool = True):
        self.ids = domain_ids()
        path = Path(model_dir) if model_dir else default_model_dir()
        if use_model and (path / "config.cfg").exists():
            self.nlp = spacy.load(path)
            labels = tuple(self.nlp.get_pipe(TEXTCAT_PIPE).labels)
            missing = set(self.ids) - set(labels)
            if missing:
                raise ValueError(f"model at {path} lacks taxonomy labels: {sorted(missing)}; run `planparse train`")
            self.has_model = True
        else:
            self.nlp = blank_nlp()
            self.has_model = False
        if CUES_PIPE not in self.nlp.pipe_names:
            self.nlp.add_pipe(CUES_PIPE, last=True)
        # Texts reach the pipeline in matching form (no whitespace), where this is exact.
        self.nlp.tokenizer = CharTokenizer(self.nlp.vocab)
        self._rules = cue_rules()
        self._orth: dict[int, int] = {}  # code point -> ORTH id
        if self.has_model:
            self._textcat = self.nlp.get_pipe(TEXTCAT_PIPE)
            # The BOW model is extract_ngrams >> sparse_linear >> logistic; inference feeds the linear
            # layer directly from _bag_of_ngrams (verified equal to the spaCy pipeline in the tests).
            self._sparse_linear = self._find_layer("sparse_linear")
            self._ngram_size = self._find_layer("extract_ngrams").attrs["ngram_size"]
            labels = list(self._textcat.labels)
            self._label_order = [labels.index(d) for d in self.ids]
        self._cache: dict[str, TextScores] = {}  # matching form -> scores
        other = np.zeros(len(self.ids))
        other[self.ids.index(OTHER)] = 1.0
        self._empty = TextScores(model=other, rules=other, combined=other, confidence=0.0,
                                 values=tuple(other.tolist()), model_values=tuple(other.tolist()))

    def _find_layer(self, name: str):
        return next(layer for layer in self._textcat.model.walk() if layer.name == name)

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

    def _predict(self, forms: list[str]) -> np.ndarray | None:
        """Model scores (texts × labels in ``self.ids`` order) straight from the trained thinc model."""
        if not self.has_model:
            return None
        # Map every character of the batch to its ORTH id (the hash spaCy stores for the string) at once.
        codes = np.frombuffer("".join(forms).encode("utf-32-le"), dtype=np.uint32)
        unique, inverse = np.unique(codes, return_inverse=True)
        strings = self.nlp.vocab.strings
        orth = self._orth
        table = np.array([orth.get(c) or orth.setdefault(c, strings[chr(c)]) for c in unique.tolist()], dtype=np.uint64)
        ids = np.ascontiguousarray(table[inverse.reshape(-1)])
        keys, counts, lengths = self._bag_of_ngrams(ids, np.array([len(f) for f in forms]))
        linear = self._sparse_linear.predict((keys, counts, lengths))
        scores = 1.0 / (1.0 + np.exp(-np.asarray(linear, dtype=np.float64)))  # the model's logistic output
        return scores[:, self._label_order]

    def _bag_of_ngrams(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """spaCy's ``extract_ngrams`` for a whole batch at once: each text's 1..n-gram keys (thinc's
        ngram hashes of ORTH ids), grouped by text. extract_ngrams merges repeated keys into counts;
        the linear layer sums weight × count, so listing a repeated key once per occurrence with
        count 1 gives the same score and saves a sort."""
        ops = self._textcat.model.ops
        doc_of = np.repeat(np.arange(len(lengths)), lengths)
        docs, keys = [doc_of], [ids]
        for n in range(2, self._ngram_size + 1):
            if len(ids) < n:
                break
            grams = np.asarray(ops.ngrams(n, ids))
            starts = doc_of[: len(grams)]
            inside = starts == doc_of[n - 1 :]  # the window does not cross into the next text
            docs.append(starts[inside])
            keys.append(grams[inside])
        doc_col = np.concatenate(docs)
        order = np.argsort(doc_col, kind="stable")  # a few sorted runs: a merge, not a full sort
        key_col = np.ascontiguousarray(np.concatenate(keys)[order])
        per_doc = np.bincount(doc_col, minlength=len(lengths)).astype(np.int32)
        return key_col, np.ones(len(key_col), dtype=np.float32), per_doc

    def _score_batch(self, forms: list[str]) -> list[TextScores]:
        """Rules and model for a batch of matching forms, combined as matrices (texts × domains)."""
        ids = self.ids
        index = _index_of(ids)
        model = self._predict(forms)
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
        combined = combine(model, rules, self.has_model)
        real = np.ones(len(ids), dtype=bool)
        real[index[OTHER]] = False
        confidence = combined[:, real].max(axis=1).tolist()
        values, model_values = combined.tolist(), model.tolist()
        return [
            TextScores(model=model[i], rules=rules[i], combined=combined[i], cues=cues_of[i],
                       confidence=confidence[i], values=tuple(values[i]), model_values=tuple(model_values[i]))
            for i in range(len(forms))
        ]
